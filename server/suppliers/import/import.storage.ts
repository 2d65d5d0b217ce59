import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORED_NAME = /^[0-9a-f]{48}$/;

/**
 * Uploaded import files as received, under STORAGE_DIR/imports/<orgId>/<random name>:
 * outside public/, named by the server so a client-chosen name can neither traverse
 * paths nor collide. The commit reads the same bytes the preview parsed.
 */
export function createImportStorage(storageDir: string) {
  const root = path.resolve(storageDir, 'imports');

  function filePath(orgId: string, storedName: string): string {
    if (!UUID.test(orgId) || !STORED_NAME.test(storedName)) throw new Error('invalid import file location');
    return path.join(root, orgId, storedName);
  }

  async function save(orgId: string, content: Uint8Array): Promise<string> {
    const storedName = randomBytes(24).toString('hex');
    const target = filePath(orgId, storedName);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, content, { flag: 'wx', mode: 0o600 });
    return storedName;
  }

  function read(orgId: string, storedName: string): Promise<Buffer> {
    return readFile(filePath(orgId, storedName));
  }

  return { save, read, root };
}

export type ImportStorage = ReturnType<typeof createImportStorage>;
