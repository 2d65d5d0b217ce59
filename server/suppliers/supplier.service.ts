import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed, type FieldIssue } from '../errors.ts';
import { checkRfc } from './import/rfc.ts';
import { supplierSearchText } from './search-text.ts';
import * as suppliers from './supplier.queries.ts';
import * as links from './link.queries.ts';
import { selectExportRows, selectSitesOf, type ExportRow } from './site.queries.ts';
import { addLink, recomputeBelow, removeLink } from './supply-graph.service.ts';
import type { ListQuery, SupplierInput } from './supplier.schema.ts';
import { COMMODITY_IDS } from '../commodities/commodity.resolve.ts';

export const PAGE_SIZE = 50;
export const EXPORT_MAX_ROWS = 50_000;
// Pan and zoom keep a drawing of this size usable; beyond it the list below the drawing still has everyone.
export const GRAPH_MAX_NODES = 2000;

export interface Warning {
  key: string;
  params?: Record<string, unknown>;
}

function toData(input: SupplierInput): suppliers.SupplierData {
  return {
    legal_name: input.legalName,
    trade_name: input.tradeName,
    tax_id: input.taxId,
    external_id: input.externalId,
    sector_code: input.sectorCode,
    commodities: input.commodities,
    tags: input.tags,
    contact_name: input.contactName,
    contact_email: input.contactEmail,
    contact_phone: input.contactPhone,
    notes: input.notes,
    tier: input.tier,
    status: input.status,
  };
}

/** Changed fields only, as { field: { from, to } }: what the audit entry keeps. */
export function diff<T extends object>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { from: a, to: b };
  }
  return out;
}

/** Commodities the vocabulary does not know are saved as written; the user is told which. */
function commodityWarnings(commodities: readonly string[]): Warning[] {
  const unknown = commodities.filter((c) => !COMMODITY_IDS.has(c));
  return unknown.length ? [{ key: 'commodities.warningUnknown', params: { items: unknown.join('; ') } }] : [];
}

/** A check digit that does not match is a warning: about 1.5 % of real RFCs fail it. */
function rfcWarnings(taxId: string | null): Warning[] {
  if (!taxId) return [];
  const c = checkRfc(taxId);
  return c.ok && !c.checkDigitOk ? [{ key: 'suppliers.warnings.rfcCheckDigit', params: { value: c.rfc, expected: c.expectedCheckDigit } }] : [];
}

async function assertUnique(q: Queryable, d: suppliers.SupplierData, exceptId: string | null) {
  const issues: FieldIssue[] = [];
  if (d.tax_id) {
    const other = await suppliers.selectSupplierIdBy(q, 'tax_id', d.tax_id);
    if (other && other.id !== exceptId) issues.push({ field: 'taxId', key: 'suppliers.errors.rfcTaken', params: { value: d.tax_id, name: other.legal_name } });
  }
  if (d.external_id) {
    const other = await suppliers.selectSupplierIdBy(q, 'external_id', d.external_id);
    if (other && other.id !== exceptId) issues.push({ field: 'externalId', key: 'suppliers.errors.externalIdTaken', params: { value: d.external_id, name: other.legal_name } });
  }
  if (issues.length) throw new ValidationFailed(issues);
}

export function createSupplierService(db: Database) {
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);

  async function list(actor: Actor, query: ListQuery) {
    authorize(actor, 'suppliers.read');
    const filters = filtersOf(query);
    return tx(actor, async (q) => {
      const total = await suppliers.countSuppliers(q, actor.orgId, filters);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(query.page, pages);
      const rows = await suppliers.listSuppliers(q, actor.orgId, filters, { sort: query.sort ?? 'name', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return { rows, total, page, pages, pageSize: PAGE_SIZE };
    });
  }

  /** The same filters for the API, read by window (limit + offset) instead of numbered pages. */
  async function listWindow(actor: Actor, query: ListQuery, window: { limit: number; offset: number }) {
    authorize(actor, 'suppliers.read');
    const filters = filtersOf(query);
    return tx(actor, (q) => suppliers.listSuppliers(q, actor.orgId, filters, { sort: query.sort ?? 'name', limit: window.limit, offset: window.offset }));
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'suppliers.read');
    return tx(actor, async (q) => {
      const supplier = await suppliers.selectSupplier(q, id);
      if (!supplier) throw new NotFound();
      const [sites, parents, children] = [await selectSitesOf(q, id, true), await links.selectParents(q, id), await links.selectChildren(q, id)];
      return { supplier, sites, parents, children };
    });
  }

  async function create(actor: Actor, input: SupplierInput) {
    authorize(actor, 'suppliers.write');
    const data = toData(input);
    const id = await tx(actor, async (q) => {
      await assertUnique(q, data, null);
      const newId = await suppliers.insertSupplier(q, data, supplierSearchText({ legalName: data.legal_name, tradeName: data.trade_name, taxId: data.tax_id, externalId: data.external_id }));
      await recordAudit(q, actor, { action: 'supplier.created', targetType: 'supplier', targetId: newId, details: { changes: diff({} as suppliers.SupplierData, data) } });
      return newId;
    });
    return { id, warnings: [...rfcWarnings(data.tax_id), ...commodityWarnings(data.commodities)] };
  }

  async function update(actor: Actor, id: string, input: SupplierInput) {
    authorize(actor, 'suppliers.write');
    return tx(actor, async (q) => {
      const before = await suppliers.selectSupplier(q, id, { lock: true });
      if (!before) throw new NotFound();
      if (before.status === 'archived') throw new Conflict('suppliers.errors.archived', { name: before.legal_name });
      const data = toData(input);
      // A supplier with customers in the graph has a derived tier; the form's applies only without them.
      const hasParents = (await links.selectParents(q, id)).length > 0;
      if (hasParents) data.tier = before.tier;
      await assertUnique(q, data, id);
      const changes = diff(pick(before, data), data);
      if (Object.keys(changes).length === 0) return { warnings: [] as Warning[] };
      await suppliers.updateSupplier(q, id, data, supplierSearchText({ legalName: data.legal_name, tradeName: data.trade_name, taxId: data.tax_id, externalId: data.external_id }));
      const tiers = changes.tier ? await recomputeBelow(q, id) : {};
      await recordAudit(q, actor, { action: 'supplier.updated', targetType: 'supplier', targetId: id, details: { changes, ...(Object.keys(tiers).length ? { tiers } : {}) } });
      return { warnings: [...(changes.tax_id ? rfcWarnings(data.tax_id) : []), ...(changes.commodities ? commodityWarnings(data.commodities) : [])] };
    });
  }

  async function setArchived(actor: Actor, id: string, archived: boolean) {
    authorize(actor, 'suppliers.write');
    await tx(actor, async (q) => {
      const before = await suppliers.selectSupplier(q, id, { lock: true });
      if (!before) throw new NotFound();
      const status = archived ? 'archived' : 'active';
      if (before.status === status || (!archived && before.status !== 'archived')) return;
      await suppliers.setSupplierStatus(q, id, status);
      await recordAudit(q, actor, {
        action: archived ? 'supplier.archived' : 'supplier.restored', targetType: 'supplier', targetId: id,
        details: { changes: { status: { from: before.status, to: status } }, name: before.legal_name },
      });
    });
  }

  async function link(actor: Actor, childId: string, parentId: string) {
    authorize(actor, 'suppliers.write');
    await tx(actor, async (q) => {
      const r = await addLink(q, childId, parentId);
      if (!r.added) return;
      await recordAudit(q, actor, {
        action: 'supplier.linked', targetType: 'supplier', targetId: childId,
        details: { parentId, parent: r.parent.legal_name, child: r.child.legal_name, tiers: r.tiers },
      });
    });
  }

  async function unlink(actor: Actor, childId: string, parentId: string) {
    authorize(actor, 'suppliers.write');
    await tx(actor, async (q) => {
      const r = await removeLink(q, childId, parentId);
      await recordAudit(q, actor, {
        action: 'supplier.unlinked', targetType: 'supplier', targetId: childId,
        details: { parentId, parent: r.parent.legal_name, child: r.child.legal_name, tiers: r.tiers },
      });
    });
  }

  /** Candidates for "supplies to…" on a supplier's page. */
  async function linkCandidates(actor: Actor, id: string, text: string) {
    authorize(actor, 'suppliers.write');
    if (text.trim().length < 2) return [];
    return tx(actor, (q) => suppliers.searchSupplierNames(q, text, id));
  }

  async function graph(actor: Actor, focusId: string | null) {
    authorize(actor, 'suppliers.read');
    return tx(actor, async (q) => {
      if (focusId && !(await suppliers.selectSupplier(q, focusId))) throw new NotFound();
      return links.selectGraph(q, focusId, GRAPH_MAX_NODES);
    });
  }

  /** Rows for CSV/XLSX, audit-logged with the filters; refused beyond EXPORT_MAX_ROWS. */
  async function exportRows(actor: Actor, query: ListQuery, format: 'csv' | 'xlsx'): Promise<ExportRow[]> {
    authorize(actor, 'suppliers.read');
    const filters = filtersOf(query);
    return tx(actor, async (q) => {
      const rows = await selectExportRows(q, actor.orgId, filters, EXPORT_MAX_ROWS + 1);
      if (rows.length > EXPORT_MAX_ROWS) throw new Conflict('suppliers.errors.exportTooLarge', { max: EXPORT_MAX_ROWS });
      await recordAudit(q, actor, { action: 'supplier.exported', targetType: 'supplier', details: { format, filters, rows: rows.length } });
      return rows;
    });
  }

  return { list, listWindow, get, create, update, archive: (a: Actor, id: string) => setArchived(a, id, true), restore: (a: Actor, id: string) => setArchived(a, id, false), link, unlink, linkCandidates, graph, exportRows };
}

export function filtersOf(query: ListQuery): suppliers.ListFilters {
  const { q, state, municipality, sector, tier, status, risk } = query;
  return Object.fromEntries(Object.entries({ q, state, municipality, sector, tier, status, risk }).filter(([, v]) => v !== undefined));
}

function pick(row: suppliers.SupplierRow, like: suppliers.SupplierData): suppliers.SupplierData {
  return Object.fromEntries(Object.keys(like).map((k) => [k, row[k as keyof suppliers.SupplierRow]])) as unknown as suppliers.SupplierData;
}

export type SupplierService = ReturnType<typeof createSupplierService>;
