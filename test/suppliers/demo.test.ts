import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { demoSuppliers } from '../../server/suppliers/supplier.demo.ts';
import { checkRfc } from '../../server/suppliers/import/rfc.ts';
import { createOrg, supplierTestApp } from './support.ts';

describe('suppliers: demo data', () => {
  let t: TestApp;
  before(async function () {
    this.timeout(120_000); // the first app of a run migrates and loads reference data
    t = await supplierTestApp();
  });

  it('adds twelve suppliers in three tiers with sites in real municipalities', async () => {
    const org = await createOrg(t.db);
    await t.db.admin((q) => demoSuppliers(q, { companyId: org.id, consultancyId: org.id, ownerId: org.users.owner.id }));
    const read = <T>(sql: string) => t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<T>(sql)).then((r) => r.rows);
    const suppliers = await read<{ legal_name: string; tier: number; tax_id: string | null }>(`SELECT legal_name, tier, tax_id FROM suppliers ORDER BY legal_name`);
    expect(suppliers).to.have.length(12);
    const tiers = Object.fromEntries(suppliers.map((s) => [s.legal_name, s.tier]));
    expect(tiers['Beneficio de Café Soconusco, S.A. de C.V.']).to.equal(1);
    expect(tiers['Finca Santa Rita, S.P.R. de R.L.']).to.equal(2);
    expect(tiers['Cuadrilla de cosecha Hermanos Gómez']).to.equal(3);
    expect(tiers['Maquila a domicilio Colonia Xalpa']).to.equal(3);
    expect(suppliers.filter((s) => s.tier === 1)).to.have.length(5);
    for (const s of suppliers.filter((x) => x.tax_id)) {
      const c = checkRfc(s.tax_id!);
      expect(c.ok && c.checkDigitOk, s.tax_id!).to.equal(true);
    }
    // The labour contractor works for two customers.
    const contractor = await read<{ n: number }>(
      `SELECT count(*)::int AS n FROM supplier_links l JOIN suppliers s ON s.id = l.child_id WHERE s.legal_name LIKE 'Contratista%'`);
    expect(contractor[0].n).to.equal(2);
    // Every site points at a territory that exists, its state denormalised.
    const sites = await read<{ territory_code: string; state_code: string; name: string | null }>(
      `SELECT x.territory_code, x.state_code, t.name FROM sites x LEFT JOIN territories t ON t.country = 'MX' AND t.code = x.territory_code`);
    expect(sites).to.have.length(14);
    for (const s of sites) {
      expect(s.name, s.territory_code).to.not.equal(null);
      expect(s.state_code).to.equal(s.territory_code.slice(0, 2));
    }
    expect(sites.map((s) => s.name)).to.include.members(['Tapachula', 'Culiacán', 'Navolato', 'Huatusco', 'Iztapalapa', 'Sayula']);
  });
});
