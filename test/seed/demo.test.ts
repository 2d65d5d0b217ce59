import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../../server/db/index.ts';
import { prepareReferenceData, demoSteps } from '../../server/startup.ts';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo.ts';
import { verifyPassword } from '../../server/auth/password.ts';

/** What `npm start` does on a fresh machine: every feature's demo step on an empty database. */
describe('demo seed on a fresh embedded database', () => {
  let db: Database;
  let logins: Awaited<ReturnType<typeof seedDemo>>;
  before(async function () {
    this.timeout(120_000);
    db = await openDatabase({});
    await prepareReferenceData(db);
    logins = await seedDemo(db, demoSteps());
  });
  after(() => db?.close());

  it('leaves the planner statistics of the seeded tables and the reference data behind', async () => {
    // Never-analysed tables made the planner scan every municipality per site (issue 12's throughput bench).
    const r = await db.admin((q) => q.query<{ relname: string; reltuples: number }>(
      `SELECT relname, reltuples FROM pg_class WHERE relname IN ('territories', 'risk_values', 'suppliers', 'sites', 'supplier_scores') ORDER BY relname`,
    ));
    expect(r.rows.map((x) => x.relname)).to.deep.equal(['risk_values', 'sites', 'supplier_scores', 'suppliers', 'territories']);
    // -1: never analysed. The scores come from the first re-scoring job, after the seed: analysed while empty.
    for (const x of r.rows) expect(Number(x.reltuples), x.relname).to.be.at.least(x.relname === 'supplier_scores' ? 0 : 1);
  });

  it('prints one login per kind of user, all with the demo password', async () => {
    expect(logins!.map((l) => l.role)).to.include.members(['owner', 'analyst', 'auditor']);
    const hash = await db.admin((q) => q.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = $1`, ['auditor@demo.vigia.mx']));
    expect(await verifyPassword(hash.rows[0].password_hash, DEMO_PASSWORD)).to.equal(true);
  });

  it('fills every feature with demo data for the company', async () => {
    const counts = await db.admin((q) =>
      q.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM suppliers) AS suppliers, (SELECT count(*)::int FROM sites) AS sites,
                (SELECT count(*)::int FROM supplier_links) AS links, (SELECT count(*)::int FROM assessments) AS assessments,
                (SELECT count(*)::int FROM findings) AS findings, (SELECT count(*)::int FROM child_cases) AS cases,
                (SELECT count(*)::int FROM engagements) AS engagements`,
      ),
    );
    const c = counts.rows[0];
    expect(c.suppliers).to.be.at.least(10);
    expect(c.sites).to.be.at.least(10);
    expect(c.links).to.be.greaterThan(0);
    expect(c.assessments).to.be.at.least(3);
    expect(c.findings).to.be.at.least(2);
    expect(c.cases).to.be.at.least(2);
    expect(c.engagements).to.equal(1);
  });

  it('uses organisation and service names that belong to no real organisation, as the README lists them', async () => {
    const orgs = (await db.admin((q) => q.query<{ name: string }>(`SELECT name FROM organizations ORDER BY name`))).rows.map((r) => r.name);
    expect(orgs).to.deep.equal(['Agroexportadora del Soconusco (demo)', 'Consultoría Niñez Segura (demo)']);
    // The real NGO of seed 004 is "Centro de Derechos de la Niñez y Empresas"; real public offices stay out of demo entries.
    const services = (await db.admin((q) => q.query<{ name: string }>(`SELECT name FROM service_directory`))).rows.map((r) => r.name);
    for (const name of [...orgs, ...services]) expect(name).not.to.match(/Centro de Derechos|DIF Municipal de|Servicio Nacional de Empleo/);
    const readme = readFileSync('README.md', 'utf8');
    for (const name of orgs) expect(readme).to.contain(name);
    expect(readme).not.to.contain('Centro de Derechos de la Niñez (demo)');
  });

  it('runs only once', async () => {
    expect(await seedDemo(db, demoSteps())).to.equal(null);
  });
});
