import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import type { Row } from '../db/types.ts';
import { toCsv } from '../exports/csv.ts';
import type { ExportColumn } from '../exports/types.ts';

export interface ArchiveEntry {
  path: string;
  content: Buffer;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

// Secrets are never exported: hashes of passwords, tokens and keys, and any second-factor
// or single-sign-on secret another feature stores. Content hashes (sha256, audit chain) stay.
const SECRET_COLUMN = /(password|secret|totp|recovery|token_hash|key_hash|_encrypted$)/;

export function exportableColumns(rows: Row[]): string[] {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return columns.filter((c) => !SECRET_COLUMN.test(c));
}

function cell(v: unknown): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v);
}

/** One entity as CSV (spreadsheet-safe, same writer as the other exports) and JSON. */
export function entityFiles(name: string, rows: Row[]): ArchiveEntry[] {
  const columns = exportableColumns(rows);
  const clean = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] instanceof Uint8Array ? Buffer.from(r[c] as Uint8Array).toString('base64') : r[c]])));
  const csvColumns: ExportColumn<Row>[] = columns.map((c) => ({ header: c, value: (r) => cell(r[c]), dateFormat: 'datetime' }));
  return [
    { path: `data/${name}.json`, content: Buffer.from(JSON.stringify(clean, null, 2), 'utf8') },
    { path: `data/${name}.csv`, content: toCsv(clean, csvColumns, (k) => k) },
  ];
}

/** Files kept on disk for the organisation: STORAGE_DIR/<area>/<orgId>/… (evidence, reports, imports). */
export async function storedFiles(storageDir: string, orgId: string, skipAreas: string[]): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  const areas = await readdir(storageDir, { withFileTypes: true }).catch(() => []);
  for (const area of areas) {
    if (!area.isDirectory() || skipAreas.includes(area.name)) continue;
    const base = path.join(storageDir, area.name, orgId);
    const files = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const f of files) {
      if (!f.isFile()) continue;
      const full = path.join(f.parentPath, f.name);
      out.push({ path: `files/${area.name}/${path.relative(base, full).split(path.sep).join('/')}`, content: await readFile(full) });
    }
  }
  return out;
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes the ZIP with a manifest that lists every other file with its size and SHA-256. */
export async function writeArchive(target: string, entries: ArchiveEntry[], header: Record<string, unknown>): Promise<{ bytes: number; sha256: string; files: number }> {
  const files: ManifestFile[] = entries.map((e) => ({ path: e.path, bytes: e.content.length, sha256: sha256(e.content) }));
  const manifest = Buffer.from(JSON.stringify({ ...header, files }, null, 2), 'utf8');
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(target, { mode: 0o600 });
  const closed = once(out, 'close');
  zip.pipe(out);
  for (const e of entries) zip.append(e.content, { name: e.path });
  zip.append(manifest, { name: 'manifest.json' });
  await zip.finalize();
  await closed;
  const written = await readFile(target);
  return { bytes: written.length, sha256: sha256(written), files: files.length + 1 };
}
