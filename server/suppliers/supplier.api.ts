import { Router } from 'express';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { isId } from './id-guard.ts';
import { uuidParam } from '../http/params.ts';
import type { SupplierService } from './supplier.service.ts';
import { listQuerySchema } from './supplier.schema.ts';
import type { ListedSupplier, SupplierRow } from './supplier.queries.ts';
import type { SiteRow } from './site.queries.ts';
import type { LinkedSupplier } from './link.queries.ts';
import { WORKFORCE_PARTS } from './site.schema.ts';

function listed(r: ListedSupplier) {
  return {
    id: r.id, legalName: r.legal_name, tradeName: r.trade_name, taxId: r.tax_id, externalId: r.external_id,
    sectorCode: r.sector_code, tier: r.tier, status: r.status, siteCount: r.site_count, updatedAt: r.updated_at,
  };
}

function supplier(r: SupplierRow) {
  return {
    id: r.id, legalName: r.legal_name, tradeName: r.trade_name, taxId: r.tax_id, externalId: r.external_id,
    sectorCode: r.sector_code, commodities: r.commodities, tier: r.tier, status: r.status, tags: r.tags, notes: r.notes,
    contact: { name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
    createdAt: r.created_at, updatedAt: r.updated_at, archivedAt: r.archived_at,
  };
}

function site(r: SiteRow) {
  return {
    id: r.id, name: r.name, externalId: r.external_id, address: r.address, status: r.status,
    territoryCode: r.territory_code, territoryName: r.territory_name, stateCode: r.state_code, stateName: r.state_name,
    latitude: r.latitude === null ? null : Number(r.latitude), longitude: r.longitude === null ? null : Number(r.longitude),
    workforce: Object.fromEntries(['total', ...WORKFORCE_PARTS].map((p) => [p, r[`workforce_${p}` as keyof SiteRow] ?? null])),
    activities: r.activities, updatedAt: r.updated_at,
  };
}

const linked = (r: LinkedSupplier) => ({ id: r.id, legalName: r.legal_name, taxId: r.tax_id, tier: r.tier, status: r.status });

/** Read-only JSON for API keys (and signed-in browsers): the list's filters and pages. */
export function supplierApiRoutes(deps: { suppliers: SupplierService }): Router {
  const r = Router();
  const read = [requireActor, requirePermission('suppliers.read')];

  r.get('/api/v1/suppliers', ...read, async (req, res) => {
    const query = listQuerySchema.parse(req.query);
    const data = await deps.suppliers.list(actorOf(req), query);
    res.json({ data: data.rows.map(listed), page: data.page, pages: data.pages, pageSize: data.pageSize, total: data.total });
  });

  r.get('/api/v1/suppliers/:id', isId, ...read, async (req, res) => {
    const data = await deps.suppliers.get(actorOf(req), uuidParam(req.params.id));
    res.json({
      ...supplier(data.supplier),
      sites: data.sites.map(site),
      suppliesTo: data.parents.map(linked),
      suppliedBy: data.children.map(linked),
    });
  });

  return r;
}
