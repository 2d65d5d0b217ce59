import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from '../scores/fixtures.ts';

/** The figure shown in a client's portfolio row, read from the rendered page. */
function figure(html: string, clientId: string, name: string): string {
  const row = new RegExp(`<tr data-client="${clientId}">([\\s\\S]*?)</tr>`).exec(html);
  expect(row, `row of ${clientId}`).to.not.equal(null);
  const cell = new RegExp(`data-figure="${name}">([^<]*)<`).exec(row![1]);
  expect(cell, name).to.not.equal(null);
  return cell![1].trim();
}

describe('organizations: the consultancy portfolio and its menu', function () {
  this.timeout(120_000);
  let t: TestApp;
  let consultancy: TestOrg;
  let client: TestOrg;
  let quiet: TestOrg;
  let stranger: TestOrg;
  let owner: Browser;

  async function seedWork(org: TestOrg, overdue: number, openCases: number) {
    const farm = await addSupplier(t.db, org, { name: `Finca ${org.slug}`, sectorCode: '111', sites: [{ name: 'Tapachula', territoryCode: '07089' }] });
    await addSupplier(t.db, org, { name: `Empaque ${org.slug}`, sectorCode: '111', sites: [{ name: 'Ensenada', territoryCode: '02001' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    await t.db.tx({ orgId: org.id, userId: null }, async (q) => {
      const plan = await q.query<{ id: string }>(
        `INSERT INTO remediation_plans (organization_id, supplier_id, title) VALUES (app_org(), $1, 'Plan') RETURNING id`, [farm.supplierId]);
      for (let i = 0; i < overdue; i++) {
        await q.query(`INSERT INTO remediation_actions (organization_id, plan_id, title, owner_kind, due_date) VALUES (app_org(), $1, 'Vencida', 'supplier', '2025-02-01')`, [plan.rows[0].id]);
      }
      // Not overdue: due far ahead, and one past due but already done.
      await q.query(`INSERT INTO remediation_actions (organization_id, plan_id, title, owner_kind, due_date) VALUES (app_org(), $1, 'Futura', 'supplier', '2099-01-01')`, [plan.rows[0].id]);
      await q.query(`INSERT INTO remediation_actions (organization_id, plan_id, title, owner_kind, due_date, status, completed_at) VALUES (app_org(), $1, 'Hecha', 'supplier', '2025-02-01', 'done', now())`, [plan.rows[0].id]);
      for (let i = 0; i < openCases; i++) {
        await q.query(`INSERT INTO child_cases (organization_id, site_id, age, sex, situation) VALUES (app_org(), $1, 14, 'female', 'at_risk')`, [farm.siteIds[0]]);
      }
      await q.query(`INSERT INTO child_cases (organization_id, site_id, age, sex, situation, status, closure_reason, closed_at)
                     VALUES (app_org(), $1, 15, 'male', 'at_risk', 'closed', 'enrolled_in_school', now())`, [farm.siteIds[0]]);
    });
  }

  async function highAndCritical(org: TestOrg): Promise<number> {
    const r = await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supplier_score_current WHERE level IN ('high', 'critical')`));
    return r.rows[0].n;
  }

  before(async () => {
    t = await buildTestApp();
    consultancy = await createOrg(t.db, 'consultancy');
    client = await createOrg(t.db);
    quiet = await createOrg(t.db);
    stranger = await createOrg(t.db);
    await engage(t.services, client, consultancy);
    await engage(t.services, quiet, consultancy);
    await seedWork(client, 2, 3);
    // Another tenant, not a client: its work must show nowhere in the portfolio.
    await seedWork(stranger, 5, 4);
    await t.db.tx({ orgId: client.id, userId: null }, (q) => q.query(
      `INSERT INTO reports (organization_id, kind, title, locale, status, file_path, sha256, size, pages, author_name, generated_at)
       VALUES (app_org(), 'company', 'Informe', 'es-MX', 'ready', 'reports/x.pdf', $1, 10, 1, 'Analista', '2026-03-14T18:00:00Z')`, ['a'.repeat(64)]));
    owner = new Browser(t.app);
    expect((await owner.login(consultancy.users.owner.email, PASSWORD)).status).to.equal(302);
  });

  it('shows per client suppliers, high and critical, overdue actions, open cases and the last report, from that client only', async () => {
    const res = await owner.get('/portfolio');
    expect(res.status).to.equal(200);
    expect(figure(res.text, client.id, 'suppliers')).to.equal('2');
    expect(figure(res.text, client.id, 'highAndCritical')).to.equal(String(await highAndCritical(client)));
    expect(figure(res.text, client.id, 'overdueActions')).to.equal('2');
    expect(figure(res.text, client.id, 'openCases')).to.equal('3');
    expect(figure(res.text, client.id, 'lastReport')).to.include('14 mar 2026').and.include('Informe de debida diligencia');
    expect(figure(res.text, quiet.id, 'suppliers')).to.equal('0');
    expect(figure(res.text, quiet.id, 'overdueActions')).to.equal('0');
    expect(figure(res.text, quiet.id, 'openCases')).to.equal('0');
    expect(figure(res.text, quiet.id, 'lastReport')).to.equal('Ninguno todavía');
    expect(res.text).to.not.include(`data-client="${stranger.id}"`);
    expect(res.text).to.not.include(`Finca ${stranger.slug}`);
  });

  it('gives the consultancy its own menu: portfolio, pledges and settings, not the company pages', async () => {
    const res = await owner.get('/portfolio');
    const nav = /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(res.text)![0];
    expect(nav).to.include('href="/portfolio"').and.include('href="/portfolio/pledges"').and.include('href="/settings/members"');
    for (const companyOnly of ['href="/suppliers"', 'href="/scores"', 'href="/assessments"', 'href="/findings"', 'href="/cases"']) {
      expect(nav, companyOnly).to.not.include(companyOnly);
    }
    expect(res.text).to.not.include('id="back-to-portfolio"');
  });

  it('from inside a client offers the way back to the portfolio, and it works', async () => {
    const b = new Browser(t.app);
    await b.login(consultancy.users.analyst.email, PASSWORD);
    await b.get('/portfolio');
    expect((await b.post('/orgs/switch', { orgId: client.id })).status).to.equal(302);
    const inside = await b.get('/suppliers');
    expect(inside.status).to.equal(200);
    const nav = /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(inside.text)![0];
    expect(nav).to.include('href="/suppliers"');
    const back = /<form class="backto"[\s\S]*?<\/form>/.exec(inside.text);
    expect(back, 'back-to-portfolio form').to.not.equal(null);
    expect(back![0]).to.include(`value="${consultancy.id}"`).and.include('value="/portfolio"').and.include('Volver a la cartera de clientes');
    const res = await b.post('/orgs/switch', { orgId: consultancy.id, next: '/portfolio' });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/portfolio');
    const page = await b.get('/portfolio');
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`data-client="${client.id}"`);
  });
});
