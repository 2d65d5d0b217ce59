import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORED_NAME = /^[0-9a-f]{48}$/;

/**
 * Evidence files on disk under STORAGE_DIR/evidence/<orgId>/<random name>: outside
 * public/, never served statically, and named by the server so a client-chosen name
 * can neither traverse paths nor collide. (Object storage would replace this module.)
 */
export function createEvidenceStorage(storageDir: string) {
  const root = path.resolve(storageDir, 'evidence');

  function filePath(orgId: string, storedName: string): string {
    if (!UUID.test(orgId) || !STORED_NAME.test(storedName)) throw new Error('invalid evidence location');
    return path.join(root, orgId, storedName);
  }

  async function save(orgId: string, content: Buffer): Promise<string> {
    const storedName = randomBytes(24).toString('hex');
    const target = filePath(orgId, storedName);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, content, { flag: 'wx', mode: 0o600 });
    return storedName;
  }

  return { save, filePath, root };
}

export type EvidenceStorage = ReturnType<typeof createEvidenceStorage>;
