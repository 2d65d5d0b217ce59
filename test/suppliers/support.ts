import { expect } from 'chai';
import type { Database } from '../../server/db/types.ts';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { parseForm, supplierSchema } from '../../server/suppliers/supplier.schema.ts';
import { siteSchema } from '../../server/suppliers/site.schema.ts';

/** The app with reference data (territories, the demo risk dataset) loaded by buildTestApp. */
export function supplierTestApp(): Promise<TestApp> {
  return buildTestApp();
}

export async function signedIn(t: TestApp, org: TestOrg, role: keyof TestOrg['users'] = 'analyst'): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(org.users[role].email, PASSWORD)).status).to.equal(302);
  await b.get('/suppliers');
  return b;
}

export function supplierForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { legalName: 'Agrícola Ejemplo, S.A. de C.V.', status: 'active', tier: '1', ...overrides };
}

/** Posts the supplier form and returns the new id from the redirect. */
export async function createSupplier(b: Browser, form: Record<string, string>): Promise<string> {
  const res = await b.post('/suppliers', supplierForm(form));
  expect(res.status, res.text.slice(0, 2000)).to.equal(302);
  const m = /^\/suppliers\/([0-9a-f-]{36})$/.exec(res.headers.location);
  expect(m, res.headers.location).to.not.equal(null);
  return m![1];
}

export async function createSite(b: Browser, supplierId: string, form: Record<string, string | string[]>): Promise<string> {
  await b.get(`/suppliers/${supplierId}/sites/new`);
  const res = await postForm(b, `/suppliers/${supplierId}/sites`, { name: 'Sitio', ...form });
  expect(res.status, res.text.slice(0, 2000)).to.equal(302);
  const m = /#site-([0-9a-f-]{36})$/.exec(res.headers.location);
  expect(m, res.headers.location).to.not.equal(null);
  return m![1];
}

/** A form post whose repeated fields (checkboxes) are sent as the browser does: name=a&name=b. */
export async function postForm(b: Browser, url: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  body.append('_csrf', b.csrf);
  for (const [k, v] of Object.entries(form)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  return b.agent.post(url).type('form').send(body.toString());
}

export async function auditOf(db: Database, org: TestOrg, action: string) {
  const r = await db.tx({ orgId: org.id, userId: null }, (q) =>
    q.query<{ target_id: string; details: Record<string, any> }>(
      `SELECT target_id, details FROM audit_log WHERE organization_id = $1 AND action = $2 ORDER BY id`,
      [org.id, action],
    ),
  );
  return r.rows;
}

export async function tierOf(db: Database, org: TestOrg, id: string): Promise<number> {
  const r = await db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ tier: number }>(`SELECT tier FROM suppliers WHERE id = $1`, [id]));
  return Number(r.rows[0].tier);
}

/** Two suppliers of one organisation with same-named sites, and another tenant's look-alike, for the type-ahead pickers. */
export interface PickerWorld {
  t: TestApp;
  org: TestOrg;
  analyst: Browser;
  admin: Browser;
  esperanza: string;
  sur: string;
  /** "Beneficio Central" of Finca La Esperanza and of Finca del Sur: one name, two suppliers. */
  esperanzaCentral: string;
  surCentral: string;
  huerto: string;
}

/** `moreEsperanzaSites`: names of further Finca La Esperanza sites in Chiapas, created after its Beneficio Central. */
export async function pickerWorld(opts: { moreEsperanzaSites?: string[] } = {}): Promise<PickerWorld> {
  const t = await supplierTestApp();
  const org = await createOrg(t.db);
  const analyst = await signedIn(t, org, 'analyst');
  const admin = await signedIn(t, org, 'admin');
  const esperanza = await createSupplier(analyst, { legalName: 'Finca La Esperanza', taxId: 'FLE010101AB1' });
  const sur = await createSupplier(analyst, { legalName: 'Finca del Sur', taxId: 'FSU020202CD2' });
  const esperanzaCentral = await createSite(analyst, esperanza, { name: 'Beneficio Central', territoryCode: '07089' });
  for (const name of opts.moreEsperanzaSites ?? []) await createSite(analyst, esperanza, { name, territoryCode: '07089' });
  const huerto = await createSite(analyst, esperanza, { name: 'Huerto Único', territoryCode: '07089' });
  const surCentral = await createSite(analyst, sur, { name: 'Beneficio Central', territoryCode: '14094' });
  const other = await createOrg(t.db);
  const stranger = await signedIn(t, other, 'analyst');
  const foreign = await createSupplier(stranger, { legalName: 'Finca Ajena', taxId: 'FAJ030303EF3' });
  await createSite(stranger, foreign, { name: 'Beneficio Ajeno', territoryCode: '07089' });
  return { t, org, analyst, admin, esperanza, sur, esperanzaCentral, surCentral, huerto };
}

/** A supplier and its sites built through the services, as a user would create them; returns the supplier's id. */
export async function seedSupplier(t: TestApp, org: TestOrg, form: Record<string, string>, sites: Record<string, string | string[]>[] = []): Promise<string> {
  const actor = org.actor('analyst');
  const { id } = await t.services.suppliers.create(actor, parseForm(supplierSchema, { status: 'active', tier: '1', ...form }));
  for (const s of sites) await t.services.sites.create(actor, id, parseForm(siteSchema, s));
  return id;
}

export interface SeededOrg {
  readonly t: TestApp;
  readonly org: TestOrg;
  /** The organisation's viewer, signed in. */
  readonly b: Browser;
}

/**
 * Call once at the top of a describe whose tests read the same suppliers: one app and one
 * organisation, filled by `seed`. Read the fields inside hooks and tests only.
 */
export function useSeededOrg(seed: (t: TestApp, org: TestOrg) => Promise<void>): SeededOrg {
  let world: { t: TestApp; org: TestOrg; b: Browser } | undefined;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    const t = await supplierTestApp();
    const org = await createOrg(t.db);
    await seed(t, org);
    world = { t, org, b: await signedIn(t, org, 'viewer') };
  });
  const ready = () => {
    if (!world) throw new Error('useSeededOrg: read before its before() hook ran');
    return world;
  };
  return {
    get t() { return ready().t; },
    get org() { return ready().org; },
    get b() { return ready().b; },
  };
}

export { createOrg, PASSWORD };
