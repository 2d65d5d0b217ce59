import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { createOrg, engage, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';
import { download, generate, pdfPages, signedIn } from '../reports/support.ts';

const year = new Date().getUTCFullYear();
const START = `${year - 1}-01-01`;
const DEADLINE = `${year + 1}-12-31`;
const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);

describe('pledges: a consultancy\'s targets against its clients\' data', function () {
  this.timeout(120_000);
  let t: TestApp;
  let consultancy: TestOrg;
  let client: TestOrg;
  let other: TestOrg;
  let owner: Browser;

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp();
    consultancy = await createOrg(t.db, 'consultancy');
    client = await createOrg(t.db);
    other = await createOrg(t.db, 'consultancy');
    await engage(t.services, client, consultancy);
    owner = new Browser(t.app);
    await owner.login(consultancy.users.owner.email, PASSWORD);

    const farm = await addSupplier(t.db, client, { name: 'Finca', sectorCode: '111', sites: [
      { name: 'Tapachula 1', territoryCode: '07089' }, { name: 'Tapachula 2', territoryCode: '07089' }, { name: 'Sin revisar', territoryCode: '07101' },
    ] });
    await addReviewedAssessment(t.db, client, { supplierId: farm.supplierId, siteId: farm.siteIds[0], reviewedAt: `${yesterday}T12:00:00Z`, controlsScore: 0.5 });
    await addReviewedAssessment(t.db, client, { supplierId: farm.supplierId, siteId: farm.siteIds[1], reviewedAt: `${yesterday}T12:00:00Z`, controlsScore: 0.5 });
    await t.services.scores.rescoreOrganization(client.actor('admin'));
    // Child cases as counts only: one closed in school, one at-risk case still open, one lost to follow-up.
    await t.db.tx({ orgId: client.id, userId: null }, async (q) => {
      const add = (status: string, reason: string | null) => q.query(
        `INSERT INTO child_cases (organization_id, site_id, age, sex, situation, status, closure_reason, closed_at, identified_on)
         VALUES (app_org(), $1, 14, 'female', 'at_risk', $2, $3, $4, $5)`,
        [farm.siteIds[0], status, reason, reason ? `${yesterday}T12:00:00Z` : null, yesterday]);
      await add('closed', 'enrolled_in_school');
      await add('open', null);
      await add('closed', 'lost_to_follow_up');
    });
    await t.services.training.create(client.actor('analyst'), {
      heldOn: yesterday, supplierId: farm.supplierId, siteId: null, topics: ['child_labour_law'], facilitator: 'Centro', notes: '',
      attendeesWomen: 7, attendeesMen: 5, attendeesOther: 0, managers: 2, supervisors: 4, workers: 6, recruiters: 0,
    });
    await t.services.training.create(consultancy.actor('analyst'), {
      heldOn: yesterday, supplierId: null, siteId: null, topics: ['stps_distintivos'], facilitator: 'Centro', notes: '',
      attendeesWomen: 2, attendeesMen: 1, attendeesOther: 0, managers: 3, supervisors: 0, workers: 0, recruiters: 0,
    });
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('names the wrong fields of a target and stores nothing', async () => {
    await owner.get('/portfolio/pledges');
    const res = await owner.post('/portfolio/pledges', { measure: 'smiles', target: '0', startsOn: '2026-02-30', deadline: '2025-01-01' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('Medida: elija una de la lista').and.include('Meta: escriba un número entero').and.include('Inicio: escriba una fecha');
    const order = await owner.post('/portfolio/pledges', { measure: 'enterprises', target: '15', startsOn: DEADLINE, deadline: START });
    expect(order.text).to.include('Fecha límite: debe ser posterior al inicio');
    expect((await owner.get('/portfolio/pledges')).text).to.include('Todavía no hay metas');
  });

  it('shows each target against the progress computed from the clients', async () => {
    for (const [measure, target] of [['enterprises', '15'], ['work_units', '40'], ['children_reached', '1,800'], ['people_trained', '100']]) {
      expect((await owner.post('/portfolio/pledges', { measure, target, startsOn: START, deadline: DEADLINE })).status).to.equal(302);
    }
    const dup = await owner.post('/portfolio/pledges', { measure: 'enterprises', target: '5', startsOn: START, deadline: DEADLINE });
    expect(dup.status).to.equal(409);
    const data = await t.services.pledges.portfolio(consultancy.actor('owner'));
    const actual = Object.fromEntries(data.targets.map((r) => [r.measure, r.actual]));
    // 1 client; 2 of 3 sites reviewed in the period; 1 child in school (lost and open cases do not count); 12 + 3 attendances.
    expect(actual).to.deep.equal({ enterprises: 1, work_units: 2, children_reached: 1, people_trained: 15 });
    const page = await owner.get('/portfolio/pledges');
    expect(page.text).to.include('Niñas y niños alcanzados').and.include('1,800').and.include(client.name);
    expect(page.text).to.include('<svg').and.include('id="heat07').and.include('Tapachula');
    expect(page.text).not.to.include('female');
  });

  it('the portfolio report carries the targets against progress and the heat-map', async () => {
    const b = await signedIn(t, consultancy, 'analyst');
    const id = await generate(t, b, { kind: 'portfolio', locale: 'es-MX' });
    const text = (await pdfPages((await download(b, id)).body as Buffer)).join(' ');
    expect(text).to.include('Avance de los compromisos').and.include('Niñas y niños alcanzados').and.include('Personas capacitadas');
    expect(text).to.include('Centros de los clientes por municipio');
  });

  it('only the consultancy\'s owners and admins set targets; companies and other consultancies see none of it', async () => {
    const analyst = new Browser(t.app);
    await analyst.login(consultancy.users.analyst.email, PASSWORD);
    expect((await analyst.get('/portfolio/pledges')).status).to.equal(200);
    expect((await analyst.post('/portfolio/pledges', { measure: 'work_units', target: '3', startsOn: START, deadline: `${year + 2}-01-01` })).status).to.equal(403);
    const company = new Browser(t.app);
    await company.login(client.users.owner.email, PASSWORD);
    expect((await company.get('/portfolio/pledges')).status).to.equal(403);
    const stranger = new Browser(t.app);
    await stranger.login(other.users.owner.email, PASSWORD);
    const theirs = await stranger.get('/portfolio/pledges');
    expect(theirs.text).not.to.include(client.name);
    const [target] = await t.services.pledges.portfolio(consultancy.actor('owner')).then((d) => d.targets);
    expect((await stranger.post(`/portfolio/pledges/${target.id}`, { measure: target.measure, target: '1', startsOn: START, deadline: DEADLINE })).status).to.equal(404);
    expect((await analyst.post(`/portfolio/pledges/${target.id}`, { measure: target.measure, target: '1', startsOn: START, deadline: DEADLINE })).status).to.equal(403);
    await owner.get('/portfolio/pledges');
    const bad = await owner.post(`/portfolio/pledges/${target.id}`, { measure: target.measure, target: 'muchos', startsOn: START, deadline: DEADLINE });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('Meta: escriba un número entero');
    expect((await owner.post(`/portfolio/pledges/${target.id}`, { measure: target.measure, target: '20', startsOn: START, deadline: DEADLINE })).status).to.equal(302);
    const changed = await t.services.pledges.portfolio(consultancy.actor('owner')).then((d) => d.targets.find((x) => x.id === target.id)!);
    expect(changed.target).to.equal(20);
    expect((await stranger.post(`/portfolio/pledges/${target.id}/delete`)).status).to.equal(404);
    expect((await owner.post(`/portfolio/pledges/${target.id}/delete`)).status).to.equal(302);
  });
});
