import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, fieldIssues, NotFound, ValidationFailed } from '../errors.ts';
import { sniffEvidence } from '../assessments/evidence.sniff.ts';
import { createEvidenceStorage } from '../assessments/evidence.storage.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { trainingCoverage, windowStart, type Coverage } from './coverage.ts';
import * as sql from './training.queries.ts';
import { createSupplierLookupService } from '../suppliers/supplier-lookup.service.ts';
import { createSiteLookupService } from '../suppliers/site-lookup.service.ts';
import type { TrainingInput } from './training.schema.ts';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

/** Training sessions: counts of people trained (never names), their materials, and their verification. */
export function createTrainingService(deps: { db: Database; storageDir: string }) {
  const { db } = deps;
  // Materials live beside assessment evidence, in a folder of their own: STORAGE_DIR/training/evidence/<org>/…
  const storage = createEvidenceStorage(path.join(deps.storageDir, 'training'));
  const supplierLookup = createSupplierLookupService(db);
  const siteLookup = createSiteLookupService(db);

  async function checkPlace(q: Parameters<typeof sql.placeExists>[0], input: TrainingInput): Promise<void> {
    if (!input.supplierId) return;
    const found = await sql.placeExists(q, input.supplierId, input.siteId);
    if (!found.supplier) throw new ValidationFailed([{ field: 'supplierId', key: 'training.errors.supplierId', params: { field: 'supplierId' } }]);
    if (!found.site) throw new ValidationFailed([{ field: 'siteId', key: 'training.errors.siteId', params: { field: 'siteId' } }]);
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'training.read');
    return db.tx(dbContext(actor), async (q) => {
      const session = await sql.selectSession(q, id);
      if (!session) throw new NotFound();
      return { session, materials: await sql.listMaterials(q, id) };
    });
  }

  return {
    async list(actor: Actor) {
      authorize(actor, 'training.read');
      return db.tx(dbContext(actor), (q) => sql.listSessions(q));
    },

    get,

    /**
     * The place typed in the form's two type-ahead fields (supplier, site): both empty is the
     * organisation itself; a site alone brings its supplier. Errors name the field.
     */
    async resolvePlace(actor: Actor, supplierText: string, siteText: string): Promise<{ supplierId: string; siteId: string }> {
      authorize(actor, 'training.write');
      const { attempt, throwIfAny } = fieldIssues();
      const supplierId = supplierText.trim() ? await attempt(() => supplierLookup.resolve(actor, supplierText, 'supplier')) : null;
      const site = siteText.trim() && !(supplierText.trim() && !supplierId)
        ? await attempt(() => siteLookup.resolve(actor, siteText, 'site', { supplierId, messages: 'training.errors.siteLookup' }))
        : null;
      throwIfAny();
      return { supplierId: supplierId ?? site?.supplierId ?? '', siteId: site?.id ?? '' };
    },

    /** What the form's place fields show for a stored session. */
    async placeLabels(actor: Actor, supplierId: string | null, siteId: string | null) {
      return {
        supplier: supplierId ? (await supplierLookup.label(actor, supplierId)) ?? '' : '',
        site: siteId ? (await siteLookup.label(actor, siteId)) ?? '' : '',
      };
    },

    async create(actor: Actor, input: TrainingInput): Promise<string> {
      authorize(actor, 'training.write');
      return db.tx(dbContext(actor), async (q) => {
        await checkPlace(q, input);
        const id = await sql.insertSession(q, input, actor.userId);
        await recordAudit(q, actor, { action: 'training.created', targetType: 'training_session', targetId: id, details: { topics: input.topics } });
        return id;
      });
    },

    /** Returns the supplier to re-score when the edit took a verification away. */
    async update(actor: Actor, id: string, input: TrainingInput): Promise<{ rescoreSupplierIds: string[] }> {
      authorize(actor, 'training.write');
      return db.tx(dbContext(actor), async (q) => {
        const before = await sql.selectSession(q, id);
        if (!before) throw new NotFound();
        await checkPlace(q, input);
        await sql.updateSession(q, id, input);
        await recordAudit(q, actor, { action: 'training.updated', targetType: 'training_session', targetId: id });
        const ids = before.verified_at ? [before.supplier_id, input.supplierId] : [];
        return { rescoreSupplierIds: [...new Set(ids.filter((x): x is string => !!x))] };
      });
    },

    async remove(actor: Actor, id: string): Promise<{ rescoreSupplierIds: string[] }> {
      authorize(actor, 'training.write');
      const { result, files } = await db.tx(dbContext(actor), async (q) => {
        const before = await sql.selectSession(q, id);
        if (!before) throw new NotFound();
        const files = (await sql.listMaterials(q, id)).map((m) => m.storage_key);
        await sql.deleteSession(q, id);
        await recordAudit(q, actor, { action: 'training.deleted', targetType: 'training_session', targetId: id });
        return { result: { rescoreSupplierIds: before.verified_at && before.supplier_id ? [before.supplier_id] : [] }, files };
      });
      // After the commit: a file left behind by a failed unlink is harmless, a row without its file is not.
      await Promise.all(files.map((key) => unlink(storage.filePath(actor.orgId, key)).catch(() => undefined)));
      return result;
    },

    /** Verification: a named member checked the counts and materials. A session needs a material to be verified. */
    async verify(actor: Actor, id: string): Promise<{ supplierId: string | null }> {
      authorize(actor, 'training.verify');
      return db.tx(dbContext(actor), async (q) => {
        const session = await sql.selectSession(q, id);
        if (!session) throw new NotFound();
        if (session.verified_at) throw new Conflict('training.errors.alreadyVerified');
        if ((await sql.listMaterials(q, id)).length === 0) {
          throw new ValidationFailed([{ field: 'file', key: 'training.errors.verifyNeedsMaterial', params: { field: 'file' } }]);
        }
        await sql.markVerified(q, id, actor.userId);
        await recordAudit(q, actor, { action: 'training.verified', targetType: 'training_session', targetId: id });
        return { supplierId: session.supplier_id };
      });
    },

    async addMaterial(actor: Actor, sessionId: string, file: UploadedFile | undefined): Promise<string> {
      authorize(actor, 'training.write');
      if (!file) throw new ValidationFailed([{ field: 'file', key: 'training.errors.fileMissing', params: { field: 'file' } }]);
      const name = file.originalname.slice(0, 200) || 'material';
      const sniffed = await sniffEvidence(file.buffer, name);
      if (!sniffed.ok) throw new ValidationFailed([{ field: 'file', key: sniffed.key, params: { field: 'file', ...sniffed.params } }]);
      await get(actor, sessionId); // not found / not yours before anything is written
      const storageKey = await storage.save(actor.orgId, file.buffer);
      return db.tx(dbContext(actor), async (q) => {
        const id = await sql.insertMaterial(q, {
          sessionId, fileName: name, contentType: sniffed.mime, size: file.buffer.length,
          sha256: createHash('sha256').update(file.buffer).digest('hex'), storageKey, userId: actor.userId,
        });
        await recordAudit(q, actor, { action: 'training.material.added', targetType: 'training_session', targetId: sessionId });
        return id;
      });
    },

    async material(actor: Actor, sessionId: string, id: string) {
      authorize(actor, 'training.read');
      // Attendance sheets may carry workers' names and signatures: every download is logged.
      const m = await db.tx(dbContext(actor), async (q) => {
        const found = await sql.selectMaterial(q, sessionId, id);
        if (found) await recordAudit(q, actor, { action: 'training.material.downloaded', targetType: 'training_material', targetId: id });
        return found;
      });
      if (!m) throw new NotFound();
      return { path: storage.filePath(actor.orgId, m.storage_key), name: m.file_name, mime: m.content_type, size: m.size_bytes };
    },

    async coverage(actor: Actor, today: string = localToday()): Promise<Coverage> {
      authorize(actor, 'training.read');
      return db.tx(dbContext(actor), async (q) =>
        trainingCoverage(await sql.sitesWithLevels(q), await sql.sessionsSince(q, windowStart(today)), today),
      );
    },
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
