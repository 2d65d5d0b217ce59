import { z } from 'zod';
import type { SupplierService } from './supplier.service.ts';
import type { SiteService } from './site.service.ts';
import { listQuerySchema, supplierSchema, parseForm, SORTS } from './supplier.schema.ts';
import type { ListedSupplier, SupplierRow } from './supplier.queries.ts';
import type { SiteRow } from './site.queries.ts';
import type { LinkedSupplier } from './link.queries.ts';
import { WORKFORCE_PARTS, siteSchema } from './site.schema.ts';
import { SITE_ACTIVITIES } from './import/activities.ts';
import { apiRouter, uuidParams, type ApiKit } from '../api/api.kit.ts';
import { pageQuery, pageOf, windowOf, nextPage } from '../api/api.pagination.ts';

const date = z.iso.datetime({ offset: true });
const SUPPLIER_STATUS = z.enum(['active', 'inactive', 'archived']);

export const listedSupplierSchema = z.strictObject({
  id: z.uuid(), legalName: z.string(), tradeName: z.string().nullable(), taxId: z.string().nullable(), externalId: z.string().nullable(),
  sectorCode: z.string().nullable(), tier: z.number().int(), status: SUPPLIER_STATUS, siteCount: z.number().int(),
  riskLevel: z.string().nullable(), updatedAt: date,
});

const linkedSchema = z.strictObject({ id: z.uuid(), legalName: z.string(), taxId: z.string().nullable(), tier: z.number().int(), status: z.string() });

export const siteSchemaOut = z.strictObject({
  id: z.uuid(), supplierId: z.uuid(), name: z.string(), externalId: z.string().nullable(), address: z.string().nullable(), status: z.enum(['active', 'archived']),
  territoryCode: z.string().nullable(), territoryName: z.string().nullable(), stateCode: z.string().nullable(), stateName: z.string().nullable(),
  latitude: z.number().nullable(), longitude: z.number().nullable(),
  workforce: z.strictObject(Object.fromEntries(['total', ...WORKFORCE_PARTS].map((p) => [p, z.number().int().nullable()]))),
  activities: z.array(z.string()), updatedAt: date,
});

export const supplierOut = z.strictObject({
  id: z.uuid(), legalName: z.string(), tradeName: z.string().nullable(), taxId: z.string().nullable(), externalId: z.string().nullable(),
  sectorCode: z.string().nullable(), commodities: z.array(z.string()), tier: z.number().int(), status: SUPPLIER_STATUS,
  tags: z.array(z.string()), notes: z.string().nullable(),
  contact: z.strictObject({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
  createdAt: date, updatedAt: date, archivedAt: date.nullable(),
  sites: z.array(siteSchemaOut), suppliesTo: z.array(linkedSchema), suppliedBy: z.array(linkedSchema),
});

/** The list page's filters, typed: a malformed filter is a 422 here (the page ignores it). */
const listQuery = z.object({
  q: z.string().max(100).optional().describe('Name, trade name, RFC or external id contains.'),
  state: z.string().regex(/^\d{2}$/).optional().describe('INEGI state code (CVE_ENT) of a site.'),
  municipality: z.string().regex(/^\d{5}$/).optional().describe('INEGI municipality code of a site.'),
  sector: z.string().regex(/^\d{2}(-\d{2})?$/).optional().describe('SCIAN sector code or range.'),
  tier: z.coerce.number().int().min(1).max(20).optional(),
  status: z.enum(['active', 'inactive', 'archived', 'all']).optional(),
  risk: z.enum(['low', 'medium', 'high', 'critical', 'unscored']).optional(),
  sort: z.enum(SORTS).optional(),
  ...pageQuery,
});

/** JSON body of a new supplier; the same domain rules as the form (RFC check, sector, lengths). */
const supplierBody = z.strictObject({
  legalName: z.string().max(300),
  tradeName: z.string().max(300).optional(),
  taxId: z.string().max(20).optional().describe('RFC; checked like on the form.'),
  externalId: z.string().max(100).optional(),
  sectorCode: z.string().max(6).optional(),
  commodities: z.array(z.string().max(100)).max(50).optional(),
  tags: z.array(z.string().max(50)).max(30).optional(),
  contactName: z.string().max(200).optional(),
  contactEmail: z.string().max(254).optional(),
  contactPhone: z.string().max(30).optional(),
  notes: z.string().max(5000).optional(),
  tier: z.number().int().min(1).max(20).optional(),
  status: z.enum(['active', 'inactive']).optional(),
});

const count = z.number().int().min(0).max(10_000_000).optional();

/** JSON body of a new site; the form's rules too (coordinates inside Mexico, parts ≤ total). */
const siteBody = z.strictObject({
  name: z.string().max(200),
  externalId: z.string().max(100).optional(),
  address: z.string().max(500).optional(),
  territoryCode: z.string().regex(/^(\d{2}|\d{5})$/).optional().describe('INEGI municipality (5 digits) or state (2 digits).'),
  territoryLabel: z.string().max(300).optional().describe('Or the place as text ("Tapachula, Chiapas"), resolved when unambiguous.'),
  latitude: z.number().optional(), longitude: z.number().optional(),
  workforce: z.strictObject(Object.fromEntries(['total', ...WORKFORCE_PARTS].map((p) => [p, count]))).optional().describe('Counts only, never names.'),
  activities: z.array(z.enum(SITE_ACTIVITIES)).optional(),
});

const listed = (r: ListedSupplier): z.input<typeof listedSupplierSchema> => ({
  id: r.id, legalName: r.legal_name, tradeName: r.trade_name, taxId: r.tax_id, externalId: r.external_id,
  sectorCode: r.sector_code, tier: r.tier, status: r.status, siteCount: Number(r.site_count), riskLevel: r.risk_level, updatedAt: r.updated_at.toISOString(),
});

export function siteOut(r: SiteRow) {
  return {
    id: r.id, supplierId: r.supplier_id, name: r.name, externalId: r.external_id, address: r.address, status: r.status,
    territoryCode: r.territory_code, territoryName: r.territory_name, stateCode: r.state_code, stateName: r.state_name,
    latitude: r.latitude === null ? null : Number(r.latitude), longitude: r.longitude === null ? null : Number(r.longitude),
    workforce: Object.fromEntries(['total', ...WORKFORCE_PARTS].map((p) => [p, (r[`workforce_${p}` as keyof SiteRow] as number | null) ?? null])),
    activities: r.activities, updatedAt: r.updated_at.toISOString(),
  };
}

const linked = (r: LinkedSupplier) => ({ id: r.id, legalName: r.legal_name, taxId: r.tax_id, tier: r.tier, status: r.status });

function supplierJson(r: SupplierRow, sites: SiteRow[], parents: LinkedSupplier[], children: LinkedSupplier[]) {
  return {
    id: r.id, legalName: r.legal_name, tradeName: r.trade_name, taxId: r.tax_id, externalId: r.external_id,
    sectorCode: r.sector_code, commodities: r.commodities, tier: r.tier, status: r.status, tags: r.tags, notes: r.notes,
    contact: { name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), archivedAt: r.archived_at?.toISOString() ?? null,
    sites: sites.map(siteOut), suppliesTo: parents.map(linked), suppliedBy: children.map(linked),
  };
}

/** Suppliers, their sites and supply links. */
export function supplierApiRoutes(deps: { suppliers: SupplierService; sites: SiteService }, kit: ApiKit) {
  const api = apiRouter(kit);
  const read = ['suppliers', 'read'] as ['suppliers', 'read'];
  const write = ['suppliers', 'write'] as ['suppliers', 'write'];

  api.add({
    method: 'get', path: '/api/v1/suppliers', operationId: 'listSuppliers', tag: 'suppliers', scope: read,
    summary: 'List suppliers with the filters of the suppliers page.', query: listQuery,
    responses: { 200: { description: 'A page of suppliers.', schema: pageOf(listedSupplierSchema) } },
  }, async ({ actor, query }) => {
    const { cursor: _c, limit: _l, ...filters } = query;
    const window = windowOf(query, filters);
    const pageFilters = listQuerySchema.parse(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])));
    const rows = await deps.suppliers.listWindow(actor, pageFilters, { limit: window.limit + 1, offset: window.offset });
    const page = nextPage(rows, window, filters);
    return { status: 200, body: { data: page.data.map(listed), nextCursor: page.nextCursor } };
  });

  api.add({
    method: 'get', path: '/api/v1/suppliers/:id', operationId: 'getSupplier', tag: 'suppliers', scope: read, params: uuidParams,
    summary: 'A supplier with its sites and the suppliers it supplies to and is supplied by.',
    responses: { 200: { description: 'The supplier.', schema: supplierOut } },
  }, async ({ actor, params }) => {
    const d = await deps.suppliers.get(actor, params.id);
    return { status: 200, body: supplierJson(d.supplier, d.sites, d.parents, d.children) };
  });

  api.add({
    method: 'post', path: '/api/v1/suppliers', operationId: 'createSupplier', tag: 'suppliers', scope: write, body: supplierBody,
    summary: 'Create a supplier (same checks as the form: RFC, sector, duplicates).',
    responses: { 201: { description: 'Created; `warnings` lists advice that did not block it.', schema: z.strictObject({ supplier: supplierOut, warnings: z.array(z.unknown()) }) } },
  }, async ({ actor, body }) => {
    const form = { ...body, commodities: body.commodities?.join(';'), tags: body.tags?.join(';'), tier: body.tier?.toString() };
    const created = await deps.suppliers.create(actor, parseForm(supplierSchema, form));
    const d = await deps.suppliers.get(actor, created.id);
    return { status: 201, body: { supplier: supplierJson(d.supplier, d.sites, d.parents, d.children), warnings: created.warnings } };
  });

  api.add({
    method: 'get', path: '/api/v1/sites/:id', operationId: 'getSite', tag: 'sites', scope: read, params: uuidParams,
    summary: 'A site (work unit): territory, coordinates and workforce composition.',
    responses: { 200: { description: 'The site.', schema: siteSchemaOut } },
  }, async ({ actor, params }) => ({ status: 200, body: siteOut((await deps.sites.get(actor, params.id)).site) }));

  api.add({
    method: 'post', path: '/api/v1/suppliers/:id/sites', operationId: 'createSite', tag: 'sites', scope: write, params: uuidParams, body: siteBody,
    summary: 'Add a site (work unit) to a supplier: territory, coordinates, workforce counts.',
    responses: { 201: { description: 'Created.', schema: siteSchemaOut } },
  }, async ({ actor, params, body }) => {
    const { workforce, ...rest } = body;
    const form: Record<string, unknown> = { ...rest, latitude: body.latitude?.toString(), longitude: body.longitude?.toString() };
    for (const [part, n] of Object.entries(workforce ?? {})) form[`workforce${part[0].toUpperCase()}${part.slice(1)}`] = n?.toString();
    const id = await deps.sites.create(actor, params.id, parseForm(siteSchema, form));
    return { status: 201, body: siteOut((await deps.sites.get(actor, id)).site) };
  });

  api.add({
    method: 'post', path: '/api/v1/suppliers/:id/links', operationId: 'linkSupplier', tag: 'supplier links', scope: write, params: uuidParams,
    body: z.strictObject({ parentId: z.uuid().describe('The customer this supplier supplies to.') }),
    summary: 'Record that the supplier supplies to another supplier of the organisation (the supply graph).',
    responses: { 201: { description: 'The supplier with its links.', schema: supplierOut } },
  }, async ({ actor, params, body }) => {
    await deps.suppliers.link(actor, params.id, body.parentId);
    const d = await deps.suppliers.get(actor, params.id);
    return { status: 201, body: supplierJson(d.supplier, d.sites, d.parents, d.children) };
  });

  return api.router;
}

