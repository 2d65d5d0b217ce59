import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/types.ts';
import { dbContext, type Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { Conflict, NotFound, ValidationFailed, type FieldIssue } from '../../errors.ts';
import type { JobService } from '../../jobs/job.service.ts';
import { createParseThread } from './parse.thread.ts';
import { resolveLimits, type ImportLimits } from './limits.ts';
import type { ImportIssue } from './issues.ts';
import { COMMIT_ERR, commitImport, toFieldIssues, type CommitOutcome } from './import.commit.ts';
import { headerLookup, lookupKeys, matchSuppliers } from './import.match.ts';
import { applyEarlierChoices, placeKey, resolvePlaces, searchPlaces, territoryByCode, unresolvedPlaces, type Place } from './import.places.ts';
import * as imports from './import.queries.ts';
import { createImportStorage } from './import.storage.ts';

/** Issues kept per kind for the preview page; the counts keep the true totals. */
export const STORED_ISSUES = 500;
export const JOB_KIND = 'supplierImport';

export const IMPORT_ERR = {
  hasErrors: 'imports.commit.hasErrors',
  fileChanged: 'imports.commit.fileChanged',
  codeUnknown: 'imports.places.codeUnknown',
  notCandidate: 'imports.places.notCandidate',
} as const;

export interface ImportServiceDeps {
  db: Database;
  jobs: JobService;
  storageDir: string;
}

export type UploadOutcome = { ok: true; id: string } | { ok: false; errors: ImportIssue[] };

/** A choice posted from the preview: a candidate's code and/or a typed INEGI code (typed wins). */
export interface PlaceChoiceInput {
  index: number;
  candidate?: string;
  typed?: string;
}

/** Suppliers written by one import above which PGlite is vacuumed afterwards (a few seconds at 100,000). */
const PGLITE_VACUUM_AFTER = 1_000;

export function createSupplierImportService(deps: ImportServiceDeps, options: { limits?: Partial<ImportLimits> } = {}) {
  const { db, jobs } = deps;
  const storage = createImportStorage(deps.storageDir);
  /** Read at each upload, so a test can narrow it on a running app. */
  const limits: ImportLimits = resolveLimits(options.limits);
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);
  // Off the event loop: a large file would otherwise stall every request of this process.
  const parser = createParseThread();
  const parseSupplierImport = parser.parse;

  async function load(q: Queryable, id: string, lock = false): Promise<imports.SupplierImportRow> {
    const row = await imports.selectImport(q, id, { lock });
    if (!row) throw new NotFound();
    return row;
  }

  /**
   * Parses and previews an upload. File-level problems (size, rows, format, columns) are
   * answered at once and nothing is kept; otherwise the file and its preview are stored,
   * row errors included, so the user sees every problem before fixing the file.
   */
  async function upload(actor: Actor, file: { name: string; bytes: Uint8Array }): Promise<UploadOutcome> {
    authorize(actor, 'suppliers.write');
    const result = await parseSupplierImport(file.bytes, { limits });
    const fileErrors = result.errors.filter((e) => e.row === null);
    if (fileErrors.length > 0 || result.columns.length === 0) return { ok: false, errors: fileErrors };

    const resolved = await resolvePlaces(db, result.suppliers);
    const storedName = await storage.save(actor.orgId, file.bytes);
    const id = await tx(actor, async (q) => {
      const unsettled = resolved.filter((p) => p.status !== 'exact').map((p) => p.key);
      const places = applyEarlierChoices(resolved, await imports.selectEarlierChoices(q, unsettled));
      const keys = lookupKeys(result.suppliers);
      const existing = await imports.selectSuppliersByKeys(q, keys.taxIds, keys.externalIds);
      let n = 0;
      const match = matchSuppliers(result.suppliers, existing, headerLookup(result.columns), () => `new:${n++}`);
      const errors = [...result.errors, ...match.issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      return imports.insertImport(q, {
        fileName: file.name.slice(0, 255),
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        size: file.bytes.length,
        storedName,
        format: result.format,
        encoding: result.encoding,
        stats: {
          ...result.stats,
          suppliersNew: match.created,
          suppliersExisting: match.updated,
          links: match.links.length,
          errors: errors.length,
          warnings: result.warnings.length,
          places: resolved.length,
          delimiter: result.delimiter,
          sheetName: result.sheetName,
          columns: result.columns,
        },
        issues: { errors: errors.slice(0, STORED_ISSUES), warnings: result.warnings.slice(0, STORED_ISSUES) },
        places,
        createdBy: actor.userId,
      });
    });
    return { ok: true, id };
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'suppliers.write');
    return tx(actor, (q) => load(q, id));
  }

  async function recent(actor: Actor, limit = 10) {
    authorize(actor, 'suppliers.write');
    return tx(actor, (q) => imports.listRecentImports(q, limit));
  }

  /** Territories matching a typed text, beyond the candidates the matcher offered (the user then types the code). */
  async function findPlaces(actor: Actor, text: string) {
    authorize(actor, 'suppliers.write');
    return searchPlaces(db, text);
  }

  /** Saves the user's territory choices for unsettled places; returns what could not be used. */
  async function choosePlaces(actor: Actor, id: string, choices: PlaceChoiceInput[]): Promise<FieldIssue[]> {
    authorize(actor, 'suppliers.write');
    const typed = new Map<number, Awaited<ReturnType<typeof territoryByCode>>>();
    for (const c of choices) if (c.typed?.trim()) typed.set(c.index, await territoryByCode(db, c.typed));
    return tx(actor, async (q) => {
      const row = await load(q, id, true);
      if (row.status !== 'previewed' && row.status !== 'failed') throw new Conflict(COMMIT_ERR.notCommittable);
      const issues: FieldIssue[] = [];
      const places = row.places;
      for (const c of choices) {
        const place = places[c.index];
        if (!place || place.status === 'exact') continue;
        const label = [place.municipality, place.state, place.code].filter(Boolean).join(', ');
        if (typed.has(c.index)) {
          const t = typed.get(c.index);
          if (t) Object.assign(place, { chosen: t, confirmedEarlier: false });
          else issues.push({ field: `code_${c.index}`, key: IMPORT_ERR.codeUnknown, params: { value: c.typed!.trim().slice(0, 20), place: label } });
        } else if (c.candidate) {
          const t = place.candidates.find((x) => x.code === c.candidate);
          if (t) Object.assign(place, { chosen: t, confirmedEarlier: false });
          else issues.push({ field: `place_${c.index}`, key: IMPORT_ERR.notCandidate, params: { place: label } });
        }
      }
      await imports.updatePlaces(q, id, places);
      return issues;
    });
  }

  /** Queues the commit; refused while the file has errors or a place is unsettled. */
  async function commit(actor: Actor, id: string): Promise<string> {
    authorize(actor, 'suppliers.write');
    await tx(actor, async (q) => {
      const row = await load(q, id, true);
      if (row.stats.errors > 0) throw new Conflict(IMPORT_ERR.hasErrors, { count: row.stats.errors });
      const pending = unresolvedPlaces(row.places).length;
      if (pending > 0) throw new Conflict(COMMIT_ERR.unresolvedPlaces, { count: pending });
      if (!(await imports.markCommitting(q, id))) throw new Conflict(COMMIT_ERR.notCommittable);
    });
    try {
      const jobId = await jobs.enqueue(actor, JOB_KIND, { importId: id });
      await tx(actor, (q) => imports.setStatus(q, id, 'committing', jobId));
      return jobId;
    } catch (err) {
      await tx(actor, (q) => imports.setStatus(q, id, 'previewed'));
      throw err;
    }
  }

  /**
   * The job's work: re-reads the stored file (same SHA-256), re-parses it and writes it in
   * one transaction. On failure nothing is written and the import is marked failed, so the
   * user can retry or upload a corrected file.
   */
  async function runCommit(actor: Actor, id: string, progress: (fraction: number) => Promise<void> = async () => undefined): Promise<CommitOutcome & { id: string }> {
    const row = await tx(actor, (q) => load(q, id));
    if (row.status !== 'committing') throw new Conflict(COMMIT_ERR.notCommittable);
    try {
      const bytes = await storage.read(actor.orgId, row.stored_name);
      if (createHash('sha256').update(bytes).digest('hex') !== row.file_sha256) throw new Conflict(IMPORT_ERR.fileChanged);
      const result = await parseSupplierImport(bytes, { limits: { ...limits, maxRows: Math.max(limits.maxRows, row.stats.rows) } });
      if (!result.ok) throw new ValidationFailed(toFieldIssues(result.errors.slice(0, STORED_ISSUES)));
      await progress(0.3);
      const byKey = new Map(row.places.map((p) => [p.key, p]));
      const places: Place[] = [...new Set(result.suppliers.flatMap((s) => s.sites.map((x) => placeKey(x.territory))))].map(
        (key) => byKey.get(key) ?? { key, state: null, municipality: null, code: null, sites: 0, firstRow: 0, status: 'none', match: null, candidates: [], chosen: null },
      );
      // Progress from inside the transaction needs a second connection; PGlite has one.
      const inTx = db.kind === 'postgres' ? (f: number) => progress(0.3 + 0.7 * f) : async () => undefined;
      const outcome = await tx(actor, (q) => commitImport(db, q, actor, { importId: id, fileName: row.file_name, sha256: row.file_sha256, result, places }, { progress: inTx }));
      // PGlite has no autovacuum: without this the supplier list's far pages check every row's
      // visibility in the table instead of reading the index alone. PostgreSQL's own does it.
      if (db.kind === 'pglite' && outcome.supplierIds.length >= PGLITE_VACUUM_AFTER) await db.vacuum(['suppliers', 'sites']);
      return { ...outcome, id };
    } catch (err) {
      await tx(actor, (q) => imports.setStatus(q, id, 'failed'));
      throw err;
    }
  }

  async function markFailed(actor: Actor, id: string): Promise<void> {
    await tx(actor, (q) => imports.setStatus(q, id, 'failed'));
  }

  /** A failed commit's job is being retried by hand: the import goes back to committing. */
  async function markCommittingAgain(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'suppliers.write');
    const ok = await tx(actor, (q) => imports.markCommitting(q, id));
    if (!ok) throw new Conflict(COMMIT_ERR.notCommittable);
  }

  return { upload, get, recent, findPlaces, choosePlaces, commit, runCommit, markFailed, markCommittingAgain, limits, storage, close: parser.close };
}

export type SupplierImportService = ReturnType<typeof createSupplierImportService>;
