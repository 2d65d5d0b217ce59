import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { ValidationFailed, type FieldIssue } from '../../errors.ts';
import { lockGraph } from '../link.queries.ts';
import { supplierSearchText } from '../search-text.ts';
import type { ImportField } from './columns.ts';
import type { ImportIssue } from './issues.ts';
import { headerLookup, lookupKeys, matchSuppliers, type SupplierPlan } from './import.match.ts';
import { territoryOf, type Place, type PlaceChoice } from './import.places.ts';
import { markCommitted, selectSitesOfSuppliers, selectSuppliersByKeys, type CommitCounts } from './import.queries.ts';
import { planSites, type SitePlan } from './import.sites.ts';
import { copyToStaging, pgTextArray } from './import.staging.ts';
import { orderedUuid } from './import.ids.ts';
import { recomputeImportTiers } from './import.tiers.ts';
import type { ImportResult } from './types.ts';

export interface CommitInput {
  importId: string;
  fileName: string;
  sha256: string;
  result: ImportResult;
  places: Place[];
}

export interface CommitOptions {
  /** Share of the work done (0–1), reported between batches. */
  progress?: (fraction: number) => Promise<void>;
  batchSize?: number;
}

export interface CommitOutcome {
  counts: CommitCounts;
  supplierIds: string[];
}

export const COMMIT_ERR = {
  notCommittable: 'imports.commit.notCommittable',
  unresolvedPlaces: 'imports.commit.unresolvedPlaces',
} as const;

/** Row issues in the shape the job page lists: the column as the user wrote it. */
export function toFieldIssues(issues: ImportIssue[]): FieldIssue[] {
  return issues.map((i) => ({ row: i.row ?? undefined, field: i.column ?? undefined, key: i.code, params: i.params }));
}

const SUPPLIER_COLUMNS = [
  'id', 'is_new', 'legal_name', 'trade_name', 'tax_id', 'external_id', 'sector_code', 'commodities', 'tier',
  'contact_name', 'contact_email', 'contact_phone', 'search_text',
] as const;
/** Supplier columns an update writes only when the file has the column (absent = keep). */
const SUPPLIER_OPTIONAL: ImportField[] = ['trade_name', 'sector_code', 'commodities', 'contact_name', 'contact_email', 'contact_phone'];

const WORKFORCE = ['total', 'women', 'adolescents', 'seasonal', 'migrant', 'indigenous', 'family', 'subcontracted'] as const;
const SITE_COLUMNS = [
  'id', 'is_new', 'supplier_id', 'name', 'address', 'territory_code', 'state_code', 'latitude', 'longitude',
  ...WORKFORCE.map((w) => `workforce_${w}`), 'activities',
] as const;
const SITE_OPTIONAL: ImportField[] = ['address', 'latitude', 'longitude', ...WORKFORCE.map((w) => `workforce_${w}` as ImportField), 'activities'];

/**
 * Writes a previewed import in the caller's tenant transaction: everything or nothing.
 * Set-based: rows are COPYed into temporary staging tables, then reach suppliers, sites and
 * links with one INSERT … SELECT and one UPDATE … FROM each. Updates only rows that change,
 * so a re-import of the same file writes nothing but its audit entry.
 */
export async function commitImport(db: Database, q: Queryable, actor: Actor, input: CommitInput, opts: CommitOptions = {}): Promise<CommitOutcome> {
  authorize(actor, 'suppliers.write');
  const { result } = input;
  const progress = opts.progress ?? (async () => undefined);
  const territories = new Map<string, PlaceChoice>();
  for (const p of input.places) {
    const t = territoryOf(p);
    if (!t) throw new ValidationFailed([{ row: p.firstRow, key: COMMIT_ERR.unresolvedPlaces, params: { count: 1 } }]);
    territories.set(p.key, t);
  }
  const present = new Set(result.columns.map((c) => c.field));
  // On PostgreSQL the server can work on one statement while this process builds the next
  // rows; PGlite runs in this thread, so there each statement is simply awaited.
  const overlap = db.kind === 'postgres';

  await lockGraph(q);
  const keys = lookupKeys(result.suppliers);
  const existing = await selectSuppliersByKeys(q, keys.taxIds, keys.externalIds);
  const match = matchSuppliers(result.suppliers, existing, headerLookup(result.columns), orderedUuid);
  if (match.issues.length > 0) throw new ValidationFailed(toFieldIssues(match.issues));
  const matched = match.suppliers.filter((p) => p.existing).map((p) => p.id);
  const storedSites = await selectSitesOfSuppliers(q, matched);
  await progress(0.1);

  await q.exec(STAGING_TABLES);
  await copyToStaging(db, q, 'import_suppliers', SUPPLIER_COLUMNS, match.suppliers.map((p) => supplierRow(p, match.tiers)), { batchSize: opts.batchSize });
  const suppliersWritten = writeSuppliers(q, present, matched.length);
  if (!overlap) await suppliersWritten;

  const sites = planSites(match.suppliers, territories, storedSites, orderedUuid);
  const sitesStaged = copyToStaging(db, q, 'import_sites', SITE_COLUMNS, sites.map(siteRow), {
    batchSize: opts.batchSize,
    afterBatch: (done) => progress(0.35 + 0.35 * (done / Math.max(1, sites.length))),
  });
  const [supplierCounts] = await settleInOrder(suppliersWritten, sitesStaged);
  const siteCounts = await writeSites(q, present, sites.filter((s) => !s.isNew).length);
  await progress(0.8);

  let linksAdded = 0;
  if (match.links.length > 0) {
    await copyToStaging(db, q, 'import_links', ['parent_id', 'child_id'], match.links.map((l) => [l.parentId, l.childId]), { batchSize: opts.batchSize });
    const r = await q.query(
      `INSERT INTO supplier_links (organization_id, parent_id, child_id)
       SELECT DISTINCT app_org(), parent_id, child_id FROM import_links ON CONFLICT DO NOTHING`,
    );
    linksAdded = r.rowCount;
  }
  // New suppliers were written with their final tiers (they have no stored suppliers below
  // them). Stored ones may move with links the file does not show, and move those below them.
  const tiersTouched = match.suppliers.some((p) => p.existing && p.supplier.tier !== null && p.supplier.tier !== p.existing.tier);
  const tiersChanged = matched.length > 0 && (linksAdded > 0 || tiersTouched) ? await recomputeImportTiers(q, match) : 0;
  await progress(0.95);

  const counts: CommitCounts = { ...supplierCounts, ...siteCounts, linksAdded, tiersChanged };
  await recordAudit(q, actor, {
    action: 'supplier.imported',
    targetType: 'supplier_import',
    targetId: input.importId,
    details: { file: input.fileName, sha256: input.sha256, rows: result.stats.rows, ...counts },
  });
  await markCommitted(q, input.importId, counts);
  return { counts, supplierIds: match.suppliers.map((p) => p.id) };
}

/** Awaits every promise, then fails with the first failure in argument order (a later one is its consequence). */
async function settleInOrder<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

const STAGING_TABLES = `
  CREATE TEMP TABLE import_suppliers (
    id uuid PRIMARY KEY, is_new boolean NOT NULL, legal_name text NOT NULL, trade_name text, tax_id text, external_id text,
    sector_code text, commodities text[], tier int, contact_name text, contact_email text, contact_phone text, search_text text NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE import_sites (
    id uuid PRIMARY KEY, is_new boolean NOT NULL, supplier_id uuid NOT NULL, name text NOT NULL, address text,
    territory_code text NOT NULL, state_code text NOT NULL, latitude numeric(9,6), longitude numeric(9,6),
    ${WORKFORCE.map((w) => `workforce_${w} int`).join(', ')}, activities text[] NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE import_links (parent_id uuid NOT NULL, child_id uuid NOT NULL) ON COMMIT DROP;`;

/** New suppliers take their tier from the file's graph; stored ones the declared tier (the UPDATE decides). */
function supplierRow(p: SupplierPlan, tiers: ReadonlyMap<string, number>): unknown[] {
  const s = p.supplier;
  const e = p.existing;
  const taxId = s.taxId ?? e?.tax_id ?? null;
  const externalId = s.externalId ?? e?.external_id ?? null;
  const tradeName = s.tradeName ?? (e ? e.trade_name : null);
  return [
    p.id, !e, s.legalName, s.tradeName, s.taxId, s.externalId, s.sectorCode, pgTextArray(s.commodities), e ? s.tier : tiers.get(p.id),
    s.contactName, s.contactEmail, s.contactPhone,
    supplierSearchText({ legalName: s.legalName, tradeName, taxId, externalId }),
  ];
}

/** Present column → always written; absent → kept. Identity keys are never cleared by a blank. */
function assignments(columns: Record<string, string>): { set: string; changed: string } {
  const names = Object.keys(columns);
  return {
    set: names.map((c) => `${c} = ${columns[c]}`).join(', '),
    changed: `(${names.map((c) => `x.${c}`).join(', ')}) IS DISTINCT FROM (${names.map((c) => columns[c]).join(', ')})`,
  };
}

async function writeSuppliers(q: Queryable, present: Set<ImportField>, matched: number) {
  const inserted = await q.query(
    `INSERT INTO suppliers (organization_id, id, legal_name, trade_name, tax_id, external_id, sector_code, commodities, tier,
       contact_name, contact_email, contact_phone, search_text)
     SELECT app_org(), id, legal_name, trade_name, tax_id, external_id, sector_code, commodities, coalesce(tier, 1),
            contact_name, contact_email, contact_phone, search_text
       FROM import_suppliers WHERE is_new`,
  );
  const columns: Record<string, string> = {
    legal_name: 's.legal_name',
    tax_id: 'coalesce(s.tax_id, x.tax_id)',
    external_id: 'coalesce(s.external_id, x.external_id)',
    search_text: 's.search_text',
    tier: `CASE WHEN s.tier IS NULL OR EXISTS (SELECT 1 FROM supplier_links l
             WHERE l.organization_id = x.organization_id AND l.child_id = x.id) THEN x.tier ELSE s.tier END`,
  };
  for (const f of SUPPLIER_OPTIONAL) if (present.has(f)) columns[f] = f === 'commodities' ? 's.commodities' : `s.${f}`;
  const { set, changed } = assignments(columns);
  const updated = matched === 0 ? { rowCount: 0 } : await q.query(
    `UPDATE suppliers x SET ${set}, updated_at = now() FROM import_suppliers s
      WHERE x.organization_id = app_org() AND x.id = s.id AND NOT s.is_new AND ${changed}`,
  );
  return { suppliersCreated: inserted.rowCount, suppliersUpdated: updated.rowCount, suppliersUnchanged: matched - updated.rowCount };
}

function siteRow(p: SitePlan): unknown[] {
  const s = p.site;
  return [
    p.id, p.isNew, p.supplierId, p.name, s.address, p.territory.code, p.territory.stateCode, s.latitude, s.longitude,
    ...WORKFORCE.map((w) => s.workforce[w]), pgTextArray(s.activities),
  ];
}

async function writeSites(q: Queryable, present: Set<ImportField>, matched: number) {
  const data = SITE_COLUMNS.filter((c) => c !== 'id' && c !== 'is_new' && c !== 'supplier_id');
  const inserted = await q.query(
    `INSERT INTO sites (organization_id, id, supplier_id, ${data.join(', ')})
     SELECT app_org(), id, supplier_id, ${data.join(', ')} FROM import_sites WHERE is_new`,
  );
  const columns: Record<string, string> = { name: 's.name', territory_code: 's.territory_code', state_code: 's.state_code' };
  for (const f of SITE_OPTIONAL) if (present.has(f)) columns[f] = `s.${f}`;
  const { set, changed } = assignments(columns);
  const updated = matched === 0 ? { rowCount: 0 } : await q.query(
    `UPDATE sites x SET ${set}, updated_at = now() FROM import_sites s
      WHERE x.organization_id = app_org() AND x.id = s.id AND NOT s.is_new AND ${changed}`,
  );
  return { sitesCreated: inserted.rowCount, sitesUpdated: updated.rowCount, sitesUnchanged: matched - updated.rowCount };
}
