import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { getTerritory, searchTerritories } from '../territories/territory.service.ts';
import { selectSupplier } from './supplier.queries.ts';
import * as sites from './site.queries.ts';
import { diff } from './supplier.service.ts';
import { sitePoints } from './site-points.ts';
import type { MapFilters } from './site.queries.ts';
import { createSupplierLookupService } from './supplier-lookup.service.ts';
import type { SiteInput } from './site.schema.ts';

/**
 * The picker's code, checked against the territories table; without one (no script, or text
 * typed and not picked) the text is searched and must name exactly one place.
 */
async function resolveTerritoryCode(db: Database, input: SiteInput): Promise<string> {
  if (input.territoryCode) return input.territoryCode;
  const label = input.territoryLabel ?? '';
  const found = await searchTerritories(db, label, { limit: 5 });
  if (found.status === 'exact' && found.match) return found.match.code;
  const options = found.candidates.map((c) => (c.level === 'state' ? c.name : `${c.name}, ${c.stateName}`)).join('; ');
  throw new ValidationFailed([{
    field: 'territoryCode',
    key: options ? 'suppliers.errors.territoryAmbiguous' : 'suppliers.errors.territoryNotFound',
    params: { value: label.slice(0, 100), options },
  }]);
}

async function toData(q: Queryable, input: SiteInput, code: string): Promise<sites.SiteData> {
  const territory = await getTerritory(q, code);
  if (!territory) {
    throw new ValidationFailed([{ field: 'territoryCode', key: 'suppliers.errors.territoryUnknown', params: { code } }]);
  }
  return {
    name: input.name,
    external_id: input.externalId,
    address: input.address,
    territory_code: territory.code,
    state_code: territory.stateCode,
    latitude: input.latitude,
    longitude: input.longitude,
    workforce_total: input.workforceTotal,
    workforce_women: input.workforceWomen,
    workforce_adolescents: input.workforceAdolescents,
    workforce_seasonal: input.workforceSeasonal,
    workforce_migrant: input.workforceMigrant,
    workforce_indigenous: input.workforceIndigenous,
    workforce_family: input.workforceFamily,
    workforce_subcontracted: input.workforceSubcontracted,
    activities: input.activities,
  };
}

function stored(row: sites.SiteRow): sites.SiteData {
  return {
    ...(Object.fromEntries(sites.SITE_DATA_COLUMNS.map((c) => [c, row[c as keyof sites.SiteRow]])) as unknown as sites.SiteData),
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
  };
}

export function createSiteService(db: Database) {
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);
  const supplierLookup = createSupplierLookupService(db);

  async function openSupplier(q: Queryable, supplierId: string) {
    const supplier = await selectSupplier(q, supplierId);
    if (!supplier) throw new NotFound();
    if (supplier.status === 'archived') throw new Conflict('suppliers.errors.archived', { name: supplier.legal_name });
    return supplier;
  }

  async function assertNameFree(q: Queryable, supplierId: string, name: string, exceptId: string | null, externalId: string | null = null) {
    if (await sites.siteNameTaken(q, supplierId, name, exceptId)) {
      throw new ValidationFailed([{ field: 'name', key: 'suppliers.errors.siteNameTaken', params: { name } }]);
    }
    if (externalId && (await sites.siteExternalIdTaken(q, supplierId, externalId, exceptId))) {
      throw new ValidationFailed([{ field: 'externalId', key: 'suppliers.errors.siteExternalIdTaken', params: { value: externalId } }]);
    }
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'suppliers.read');
    return tx(actor, async (q) => {
      const site = await sites.selectSite(q, id);
      if (!site) throw new NotFound();
      const supplier = (await selectSupplier(q, site.supplier_id))!;
      return { site, supplier };
    });
  }

  /** The supplier a new site would belong to (for the empty form). */
  async function supplierForNewSite(actor: Actor, supplierId: string) {
    authorize(actor, 'suppliers.write');
    return tx(actor, (q) => openSupplier(q, supplierId));
  }

  async function create(actor: Actor, supplierId: string, input: SiteInput): Promise<string> {
    authorize(actor, 'suppliers.write');
    const code = await resolveTerritoryCode(db, input);
    return tx(actor, async (q) => {
      await openSupplier(q, supplierId);
      const data = await toData(q, input, code);
      await assertNameFree(q, supplierId, data.name, null, data.external_id);
      const id = await sites.insertSite(q, supplierId, data);
      await recordAudit(q, actor, {
        action: 'site.created', targetType: 'site', targetId: id,
        details: { supplierId, changes: diff({} as sites.SiteData, data) },
      });
      return id;
    });
  }

  async function update(actor: Actor, id: string, input: SiteInput): Promise<string> {
    authorize(actor, 'suppliers.write');
    const code = await resolveTerritoryCode(db, input);
    return tx(actor, async (q) => {
      const before = await sites.selectSite(q, id);
      if (!before) throw new NotFound();
      await openSupplier(q, before.supplier_id);
      if (before.status === 'archived') throw new Conflict('suppliers.errors.siteArchived', { name: before.name });
      const data = await toData(q, input, code);
      await assertNameFree(q, before.supplier_id, data.name, id, data.external_id);
      const changes = diff(stored(before), data);
      if (Object.keys(changes).length > 0) {
        await sites.updateSite(q, id, data);
        await recordAudit(q, actor, { action: 'site.updated', targetType: 'site', targetId: id, details: { supplierId: before.supplier_id, changes } });
      }
      return before.supplier_id;
    });
  }

  async function setArchived(actor: Actor, id: string, archived: boolean): Promise<string> {
    authorize(actor, 'suppliers.write');
    return tx(actor, async (q) => {
      const before = await sites.selectSite(q, id);
      if (!before) throw new NotFound();
      const status = archived ? 'archived' : 'active';
      if (before.status === status) return before.supplier_id;
      if (!archived) await assertNameFree(q, before.supplier_id, before.name, id);
      await sites.setSiteStatus(q, id, status);
      await recordAudit(q, actor, {
        action: archived ? 'site.archived' : 'site.restored', targetType: 'site', targetId: id,
        details: { supplierId: before.supplier_id, name: before.name, changes: { status: { from: before.status, to: status } } },
      });
      return before.supplier_id;
    });
  }

  return {
    get, supplierForNewSite, create, update,
    mapPoints: (actor: Actor, t: (key: string, params?: Record<string, unknown>) => string, filters?: MapFilters) => sitePoints(db, actor, t, filters),
    /** The map's supplier filter is a type-ahead: a typed name or RFC resolved to one supplier (errors on `supplier`). */
    mapSupplier: (actor: Actor, typed: string) => supplierLookup.resolve(actor, typed, 'supplier'),
    mapSupplierLabel: (actor: Actor, id: string) => supplierLookup.label(actor, id),
    archive: (a: Actor, id: string) => setArchived(a, id, true),
    restore: (a: Actor, id: string) => setArchived(a, id, false),
  };
}

export type SiteService = ReturnType<typeof createSiteService>;
