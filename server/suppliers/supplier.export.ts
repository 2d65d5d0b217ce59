import { Router } from 'express';
import { toCsv, toXlsx, type ExportColumn, type Translate } from '../exports/index.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import type { SupplierService } from './supplier.service.ts';
import { listQuerySchema } from './supplier.schema.ts';
import type { ExportRow } from './site.queries.ts';
import { activityList, sectorLabel } from './supplier.view.ts';
import { commodityFormText } from '../commodities/commodity.view.ts';

const H = 'suppliers.export.columns.';
const num = (v: string | null) => (v === null ? null : Number(v));

/** One row per site with its supplier's columns; headers and words in the user's language. */
export function exportColumns(t: Translate, locale = 'es-MX'): ExportColumn<ExportRow>[] {
  return [
    { header: `${H}supplierId`, value: (r) => r.supplier_id, width: 38 },
    { header: `${H}legalName`, value: (r) => r.legal_name, width: 36 },
    { header: `${H}tradeName`, value: (r) => r.trade_name, width: 24 },
    { header: `${H}taxId`, value: (r) => r.tax_id, width: 16 },
    { header: `${H}externalId`, value: (r) => r.external_id },
    { header: `${H}sectorCode`, value: (r) => r.sector_code, width: 10 },
    { header: `${H}sector`, value: (r) => sectorLabel(t, r.sector_code), width: 30 },
    { header: `${H}commodities`, value: (r) => commodityFormText(locale, r.commodities), width: 24 },
    { header: `${H}tier`, value: (r) => r.tier, width: 8 },
    { header: `${H}status`, value: (r) => t(`suppliers.status.${r.status}`), width: 12 },
    { header: `${H}tags`, value: (r) => r.tags.join('; ') },
    { header: `${H}contactName`, value: (r) => r.contact_name, width: 24 },
    { header: `${H}contactEmail`, value: (r) => r.contact_email, width: 26 },
    { header: `${H}contactPhone`, value: (r) => r.contact_phone, width: 16 },
    { header: `${H}updatedAt`, value: (r) => r.updated_at, dateFormat: 'datetime' },
    { header: `${H}siteId`, value: (r) => r.site_id, width: 38 },
    { header: `${H}siteName`, value: (r) => r.site_name, width: 28 },
    { header: `${H}siteExternalId`, value: (r) => r.site_external_id },
    { header: `${H}address`, value: (r) => r.address, width: 36 },
    { header: `${H}stateCode`, value: (r) => r.state_code, width: 8 },
    { header: `${H}state`, value: (r) => r.state_name, width: 20 },
    { header: `${H}territoryCode`, value: (r) => r.territory_code, width: 10 },
    { header: `${H}municipality`, value: (r) => (r.territory_code?.length === 5 ? r.territory_name : null), width: 24 },
    { header: `${H}latitude`, value: (r) => num(r.latitude), width: 11 },
    { header: `${H}longitude`, value: (r) => num(r.longitude), width: 11 },
    { header: `${H}workforceTotal`, value: (r) => r.workforce_total, width: 10 },
    { header: `${H}workforceWomen`, value: (r) => r.workforce_women, width: 10 },
    { header: `${H}workforceAdolescents`, value: (r) => r.workforce_adolescents, width: 10 },
    { header: `${H}workforceSeasonal`, value: (r) => r.workforce_seasonal, width: 10 },
    { header: `${H}workforceMigrant`, value: (r) => r.workforce_migrant, width: 10 },
    { header: `${H}workforceIndigenous`, value: (r) => r.workforce_indigenous, width: 10 },
    { header: `${H}workforceFamily`, value: (r) => r.workforce_family, width: 10 },
    { header: `${H}workforceSubcontracted`, value: (r) => r.workforce_subcontracted, width: 10 },
    { header: `${H}activities`, value: (r) => activityList(t, r.activities), width: 28 },
  ];
}

function fileName(t: Translate, ext: string): string {
  return `${t('suppliers.export.fileName')}-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

/** GET /suppliers/export.csv|.xlsx with the list's filters; the service audit-logs it. */
export function supplierExportRoutes(deps: { suppliers: SupplierService }): Router {
  const r = Router();
  const read = [requireActor, requirePermission('suppliers.read')];

  r.get('/suppliers/export.csv', ...read, async (req, res) => {
    const rows = await deps.suppliers.exportRows(actorOf(req), listQuerySchema.parse(req.query), 'csv');
    const body = toCsv(rows, exportColumns(req.t, req.locale), req.t, { delimiter: req.query.delimiter === 'semicolon' ? ';' : ',' });
    res.type('text/csv; charset=utf-8').attachment(fileName(req.t, 'csv')).send(body);
  });

  r.get('/suppliers/export.xlsx', ...read, async (req, res) => {
    const rows = await deps.suppliers.exportRows(actorOf(req), listQuerySchema.parse(req.query), 'xlsx');
    const body = await toXlsx(rows, exportColumns(req.t, req.locale), req.t, { sheetName: 'suppliers.export.sheet' });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(fileName(req.t, 'xlsx')).send(body);
  });

  return r;
}
