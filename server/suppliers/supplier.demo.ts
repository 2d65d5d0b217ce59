import type { Queryable } from '../db/types.ts';
import type { DemoOrgs } from '../seed/demo.ts';
import { rfcCheckDigit } from './import/rfc.ts';
import { supplierSearchText } from './search-text.ts';
import { insertSupplier, type SupplierData } from './supplier.queries.ts';
import { insertSite, type SiteData } from './site.queries.ts';
import { insertLink } from './link.queries.ts';
import { resolveCommodities } from '../commodities/commodity.resolve.ts';
import { recomputeBelow } from './supply-graph.service.ts';

/** Fictitious but well-formed RFCs (persona moral), with a correct check digit. */
function rfc(letters: string, yymmdd: string, homoclave: string): string {
  const body = `${letters}${yymmdd}${homoclave}`;
  return body + rfcCheckDigit(body);
}

type DemoSite = Partial<SiteData> & { name: string; territory_code: string };
interface DemoSupplier {
  key: string;
  data: Partial<SupplierData> & { legal_name: string };
  sites: DemoSite[];
  /** Keys of the customers it supplies. */
  supplies?: string[];
}

const wf = (total: number, women: number, seasonal: number, migrant: number, indigenous: number, family: number, subcontracted: number, adolescents = 0) => ({
  workforce_total: total, workforce_women: women, workforce_adolescents: adolescents, workforce_seasonal: seasonal,
  workforce_migrant: migrant, workforce_indigenous: indigenous, workforce_family: family, workforce_subcontracted: subcontracted,
});

// Places checked against data/mx/municipios.json: Soconusco (Chiapas), Culiacán valley
// (Sinaloa), southern Jalisco, central Veracruz coffee and Iztapalapa (Mexico City).
const SUPPLIERS: DemoSupplier[] = [
  { key: 'beneficio', data: { legal_name: 'Beneficio de Café Soconusco, S.A. de C.V.', trade_name: 'Café Soconusco', tax_id: rfc('BCS', '980415', 'K7'), sector_code: '311', commodities: ['café'], tags: ['café', 'exportación'], contact_name: 'Rosa Velázquez', contact_email: 'compras@cafesoconusco.example' },
    sites: [{ name: 'Beneficio húmedo Tapachula', territory_code: '07089', address: 'Carretera Tapachula–Puerto Madero km 4', latitude: 14.8794, longitude: -92.2911, ...wf(85, 30, 40, 25, 10, 0, 12), activities: ['processing', 'packing'] }] },
  { key: 'mango', data: { legal_name: 'Empacadora de Mango del Soconusco, S.A. de C.V.', tax_id: rfc('EMS', '050822', 'QA'), sector_code: '111', commodities: ['mango', 'plátano'] },
    sites: [{ name: 'Empaque Huixtla', territory_code: '07040', ...wf(140, 70, 110, 60, 20, 0, 35), activities: ['packing'] }] },
  { key: 'culiacan', data: { legal_name: 'Hortalizas del Valle de Culiacán, S.A. de C.V.', tax_id: rfc('HVC', '921103', 'M2'), sector_code: '111', commodities: ['tomate', 'chile', 'pepino'], tags: ['agroexportación'] },
    sites: [
      { name: 'Campo agrícola El Diez', territory_code: '25006', latitude: 24.7267, longitude: -107.4303, ...wf(420, 160, 380, 300, 150, 40, 120), activities: ['harvest', 'planting'] },
      { name: 'Empaque Navolato', territory_code: '25018', ...wf(210, 120, 150, 90, 30, 0, 20), activities: ['packing'] },
    ] },
  { key: 'confecciones', data: { legal_name: 'Confecciones Iztapalapa, S.A. de C.V.', tax_id: rfc('CIZ', '110630', 'P5'), sector_code: '315', commodities: ['prendas de vestir'] },
    sites: [{ name: 'Planta de confección', territory_code: '09007', ...wf(60, 48, 0, 5, 2, 0, 0), activities: ['manufacturing'] }] },
  { key: 'berries', data: { legal_name: 'Berries de Jalisco, S.P.R. de R.L.', tax_id: rfc('BJA', '150210', 'H3'), sector_code: '111', commodities: ['fresa', 'zarzamora'] },
    sites: [{ name: 'Rancho Los Pinos', territory_code: '14082', ...wf(300, 140, 260, 180, 90, 25, 60), activities: ['harvest'] }] },
  { key: 'santarita', data: { legal_name: 'Finca Santa Rita, S.P.R. de R.L.', tax_id: rfc('FSR', '870517', 'B1'), sector_code: '111', commodities: ['café'] },
    sites: [{ name: 'Finca Santa Rita', territory_code: '07015', ...wf(45, 15, 35, 30, 20, 12, 0), activities: ['harvest'] }], supplies: ['beneficio'] },
  { key: 'huatusco', data: { legal_name: 'Cooperativa de Cafeticultores de Huatusco, S.C. de R.L.', tax_id: rfc('CCH', '010912', 'T8'), sector_code: '111', commodities: ['café'], tags: ['cooperativa'] },
    sites: [
      { name: 'Centro de acopio Huatusco', territory_code: '30071', ...wf(25, 9, 10, 0, 3, 8, 0), activities: ['harvest', 'warehousing'] },
      { name: 'Parcelas Coatepec', territory_code: '30038', ...wf(40, 12, 30, 5, 6, 15, 0), activities: ['harvest'] },
    ], supplies: ['beneficio'] },
  { key: 'contratista', data: { legal_name: 'Contratista Agrícola Los Altos, S. de R.L. de C.V.', tax_id: rfc('CAL', '130404', 'D6'), sector_code: '561', commodities: ['mano de obra agrícola'], notes: 'Recluta jornaleros en la Montaña de Guerrero y Oaxaca para campos de Sinaloa y Jalisco.' },
    sites: [{ name: 'Oficina de enganche Culiacán', territory_code: '25006', ...wf(15, 4, 0, 0, 0, 0, 0), activities: ['services', 'transport'] }], supplies: ['culiacan', 'berries'] },
  { key: 'taller', data: { legal_name: 'Taller de Costura Santa Martha', sector_code: '315', commodities: ['costura'] },
    sites: [{ name: 'Taller Santa Martha', territory_code: '09007', ...wf(12, 10, 0, 0, 2, 6, 0), activities: ['manufacturing', 'home_based_work'] }], supplies: ['confecciones'] },
  { key: 'aguacatal', data: { legal_name: 'Rancho El Aguacatal', sector_code: '111', commodities: ['mango'] },
    sites: [{ name: 'Rancho El Aguacatal', territory_code: '07102', ...wf(30, 8, 25, 20, 5, 10, 0), activities: ['harvest'] }], supplies: ['mango'] },
  { key: 'cuadrilla', data: { legal_name: 'Cuadrilla de cosecha Hermanos Gómez', sector_code: '561', commodities: ['corte de café'] },
    sites: [{ name: 'Cuadrilla Cacahoatán', territory_code: '07015', ...wf(18, 6, 18, 14, 8, 10, 18, 2), activities: ['harvest'] }], supplies: ['santarita'] },
  { key: 'domicilio', data: { legal_name: 'Maquila a domicilio Colonia Xalpa', sector_code: '315', commodities: ['deshebrado', 'empaque de prendas'] },
    sites: [{ name: 'Hogares de la colonia Xalpa', territory_code: '09007', ...wf(20, 18, 0, 0, 0, 20, 0, 3), activities: ['home_based_work'] }], supplies: ['taller'] },
];

const EMPTY_SITE: Omit<SiteData, 'name' | 'territory_code' | 'state_code'> = {
  external_id: null, address: null, latitude: null, longitude: null, workforce_total: null, workforce_women: null,
  workforce_adolescents: null, workforce_seasonal: null, workforce_migrant: null, workforce_indigenous: null,
  workforce_family: null, workforce_subcontracted: null, activities: [],
};

/**
 * Demo step: twelve suppliers of the demo company with their sites in three tiers, one of
 * them (a labour contractor) supplying two customers. Runs as the owner; the tenant is set
 * for the transaction so the same queries as the app write it.
 */
export async function demoSuppliers(q: Queryable, orgs: DemoOrgs): Promise<void> {
  await q.query(`SELECT set_config('app.org_id', $1, true)`, [orgs.companyId]);
  const ids = new Map<string, string>();
  for (const s of SUPPLIERS) {
    const data: SupplierData = {
      trade_name: null, tax_id: null, external_id: null, sector_code: null, commodities: [], tags: [], contact_name: null,
      contact_email: null, contact_phone: null, notes: null, tier: 1, status: 'active', ...s.data,
    };
    // The same resolution as the form: ids for known goods, unknown text kept as written.
    data.commodities = resolveCommodities(data.commodities).stored;
    const id = await insertSupplier(q, data, supplierSearchText({ legalName: data.legal_name, tradeName: data.trade_name, taxId: data.tax_id }));
    ids.set(s.key, id);
    for (const site of s.sites) {
      await insertSite(q, id, { ...EMPTY_SITE, ...site, state_code: site.territory_code.slice(0, 2) });
    }
  }
  // In list order, so each customer's tier is settled before its suppliers are linked.
  for (const s of SUPPLIERS) {
    for (const parent of s.supplies ?? []) {
      await insertLink(q, ids.get(parent)!, ids.get(s.key)!);
      await recomputeBelow(q, ids.get(s.key)!);
    }
  }
}
