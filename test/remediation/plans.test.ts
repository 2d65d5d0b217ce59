import { expect } from 'chai';
import { formatDay } from '../../server/dates/local-day.ts';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions, daysFromToday } from './fixtures.ts';
import { overdueActions } from '../../server/remediation/overdue.queries.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';

async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  return b;
}

const idFrom = (location: string | undefined) => /([0-9a-f-]{36})$/.exec(location ?? '')![1];

describe('remediation: findings, plans and actions', () => {
  let t: TestApp;
  let org: TestOrg;
  let supplierId: string;
  let siteId: string;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    ({ supplierId, siteIds: [siteId] } = await addSupplierWithSites(t.db, org));
  });

  /** A finding and a plan through the services, for the tests that are about something else. */
  async function planWithFinding(title = 'Plan de retiro') {
    const findingId = await t.services.remediation.findings.create(org.actor('analyst'), {
      supplierId, siteId, source: 'audit', category: 'child_labour_under_15', severity: 'critical', title: 'Niños cosechando café',
    });
    const planId = await t.services.remediation.plans.create(org.actor('analyst'), { findingId, title });
    return { findingId, planId };
  }

  it('an analyst records a finding, opens a plan for it and adds actions with owners', async () => {
    const analyst = await signedIn(t, org.users.analyst.email);
    const form = await analyst.get('/findings/new');
    expect(form.status).to.equal(200);
    // Supplier and site are type-ahead fields: the form lists neither suppliers nor sites.
    expect(form.text).to.match(/<input id="finding-site" name="site"[^>]*data-site-lookup="#finding-supplier"/);
    expect(form.text).to.not.contain('Café del Soconusco S.A.');
    const created = await analyst.post('/findings', {
      supplierId, siteId, source: 'field_report', category: 'hazardous_under_18', severity: 'critical', title: 'Adolescentes aplicando agroquímicos',
    });
    expect(created.status).to.equal(302);
    const findingId = idFrom(created.headers.location);
    const page = await analyst.get(`/findings/${findingId}`);
    expect(page.text).to.contain('Adolescentes aplicando agroquímicos');
    expect(page.text).to.contain('Trabajo peligroso (menores de 18)');
    expect(page.text).to.contain('Finca La Esperanza');

    const plan = await analyst.post('/remediation/plans', { findingId, title: 'Retirar a adolescentes de la aplicación' });
    expect(plan.status).to.equal(302);
    const planId = idFrom(plan.headers.location);
    expect((await analyst.get(`/findings/${findingId}`)).text).to.contain('En remediación');

    await analyst.get(`/remediation/plans/${planId}`);
    const mine = await analyst.post(`/remediation/plans/${planId}/actions`, {
      title: 'Reasignar tareas', ownerKind: 'company', ownerUserId: org.users.analyst.id, dueDate: daysFromToday(30),
    });
    expect(mine.status).to.equal(302);
    const theirs = await analyst.post(`/remediation/plans/${planId}/actions`, { title: 'Registro de edades', ownerKind: 'supplier', dueDate: daysFromToday(20) });
    expect(theirs.status).to.equal(302);
    const planPage = await analyst.get(`/remediation/plans/${planId}`);
    expect(planPage.text).to.contain('Reasignar tareas');
    expect(planPage.text).to.contain(`analyst ${org.slug}`);
    // A supplier-owned action names the supplier's registered contact.
    expect(planPage.text).to.contain('Proveedor: Rosa Gómez');
    expect(planPage.text).to.contain('0 de 2 acciones verificadas (0 %)');
    const list = await analyst.get('/remediation/plans');
    expect(list.text).to.contain('Retirar a adolescentes de la aplicación').and.contain('Café del Soconusco S.A.');

    const outsider = await createOrg(t.db);
    const wrongOwner = await analyst.post(`/remediation/plans/${planId}/actions`, {
      title: 'Capacitar', ownerKind: 'company', ownerUserId: outsider.users.analyst.id, dueDate: daysFromToday(10),
    });
    expect(wrongOwner.status).to.equal(422);
    expect(wrongOwner.text).to.contain('debe ser miembro de la organización');
    const badDate = await analyst.post(`/remediation/plans/${planId}/actions`, { title: 'Capacitar', ownerKind: 'supplier', dueDate: '2026-02-30' });
    expect(badDate.status).to.equal(422);
    expect(badDate.text).to.contain('fecha límite válida');
  });

  it('open → done → verified, and nobody verifies an action they own or marked done', async () => {
    const { planId } = await planWithFinding();
    const analystActor = org.actor('analyst');
    const plans = t.services.remediation.plans;
    const owned = await plans.addAction(analystActor, planId, { title: 'Constancias de edad', ownerKind: 'company', ownerUserId: org.users.analyst.id, dueDate: daysFromToday(15) });
    const supplierOwned = await plans.addAction(analystActor, planId, { title: 'Guardería', ownerKind: 'supplier', dueDate: daysFromToday(15) });

    const analyst = await signedIn(t, org.users.analyst.email);
    await analyst.get(`/remediation/plans/${planId}`);
    expect((await analyst.post(`/remediation/actions/${owned}/transition`, { transition: 'verify' })).status).to.equal(409);
    expect((await analyst.post(`/remediation/actions/${owned}/transition`, { transition: 'start' })).status).to.equal(302);
    expect((await analyst.post(`/remediation/actions/${owned}/transition`, { transition: 'complete' })).status).to.equal(302);
    const own = await analyst.post(`/remediation/actions/${owned}/transition`, { transition: 'verify' });
    expect(own.status).to.equal(403);
    expect(own.text).to.contain('No puede verificar una acción de la que usted es responsable');

    const admin = await signedIn(t, org.users.admin.email);
    await admin.get(`/remediation/plans/${planId}`);
    expect((await admin.post(`/remediation/actions/${owned}/transition`, { transition: 'verify', note: 'Constancias revisadas en sitio' })).status).to.equal(302);

    // Supplier-owned: the admin marks it done, so the admin may not verify it; the owner may.
    expect((await admin.post(`/remediation/actions/${supplierOwned}/transition`, { transition: 'complete' })).status).to.equal(302);
    const adminPage = await admin.get(`/remediation/plans/${planId}`);
    expect(adminPage.text).to.contain('la verificación debe hacerla alguien distinto');
    const byDoer = await admin.post(`/remediation/actions/${supplierOwned}/transition`, { transition: 'verify' });
    expect(byDoer.status).to.equal(403);
    expect(byDoer.text).to.contain('que usted marcó como hecha');
    const owner = await signedIn(t, org.users.owner.email);
    await owner.get(`/remediation/plans/${planId}`);
    expect((await owner.post(`/remediation/actions/${supplierOwned}/transition`, { transition: 'reopen', note: 'Falta evidencia' })).status).to.equal(302);
    expect((await admin.post(`/remediation/actions/${supplierOwned}/transition`, { transition: 'complete' })).status).to.equal(302);
    expect((await owner.post(`/remediation/actions/${supplierOwned}/transition`, { transition: 'verify' })).status).to.equal(302);

    const page = await owner.get(`/remediation/plans/${planId}`);
    expect(page.text).to.contain('2 de 2 acciones verificadas (100 %)');
    expect(page.text).to.contain(`Verificada por admin ${org.slug}`);
    expect(page.text).to.contain('Constancias revisadas en sitio');
    const audit = (await auditActions(t.db, org)).filter((a) => a.target_id === owned).map((a) => a.action);
    expect(audit).to.deep.equal(['remediation_action.created', 'remediation_action.start', 'remediation_action.complete', 'remediation_action.verify']);
  });

  it('lists overdue actions for the dashboard and e-mails each owner once per overdue period', async () => {
    const o = await createOrg(t.db);
    const { supplierId: sId } = await addSupplierWithSites(t.db, o, { name: 'Hortalizas del Valle' });
    const plans = t.services.remediation.plans;
    const planId = await plans.create(o.actor('admin'), { supplierId: sId, title: 'Plan general del proveedor' });
    const late = await plans.addAction(o.actor('admin'), planId, { title: 'Verificar edades de cuadrilla', ownerKind: 'company', ownerUserId: o.users.analyst.id, dueDate: daysFromToday(-5) });
    const supplierLate = await plans.addAction(o.actor('admin'), planId, { title: 'Entregar padrón de jornaleros', ownerKind: 'supplier', dueDate: daysFromToday(-2) });
    await plans.addAction(o.actor('admin'), planId, { title: 'A tiempo todavía', ownerKind: 'supplier', dueDate: daysFromToday(3) });

    const widget = await t.db.tx({ orgId: o.id, userId: null }, (q) => overdueActions(q, localToday()));
    expect(widget.total).to.equal(2);
    expect(widget.rows.map((r) => [r.title, r.days_overdue, r.supplier_name])).to.deep.equal([
      ['Verificar edades de cuadrilla', 5, 'Hortalizas del Valle'],
      ['Entregar padrón de jornaleros', 2, 'Hortalizas del Valle'],
    ]);

    const before = t.mailer.sent.length;
    await t.services.remediation.overdue.enqueueDue(t.services.jobs);
    await t.services.jobs.drain();
    const toAnalyst = t.mailer.sent.slice(before).filter((m) => m.to === o.users.analyst.email);
    expect(toAnalyst).to.have.length(1);
    expect(toAnalyst[0].subject).to.contain('1 acción de remediación vencida');
    expect(toAnalyst[0].text).to.contain('Verificar edades de cuadrilla');
    // Due dates in words, in the recipient's language: never an ISO date.
    expect(toAnalyst[0].text).to.contain(`vencía el ${formatDay(daysFromToday(-5), 'es-MX', 'long')}`);
    expect(toAnalyst[0].text).to.not.match(/\d{4}-\d{2}-\d{2}/);
    expect(t.mailer.linkIn(toAnalyst[0])).to.equal(`/remediation/plans/${planId}`);
    // The supplier has no account: the plan's author is told instead.
    const toAuthor = t.mailer.sent.slice(before).filter((m) => m.to === o.users.admin.email);
    expect(toAuthor).to.have.length(1);
    expect(toAuthor[0].text).to.contain('Entregar padrón de jornaleros');

    const again = t.mailer.sent.length;
    await t.services.remediation.overdue.enqueueDue(t.services.jobs);
    await t.services.jobs.drain();
    expect(t.mailer.sent.slice(again).filter((m) => [o.users.analyst.email, o.users.admin.email].includes(m.to))).to.have.length(0);

    // As if the notice had gone out in an earlier period, before the due date was moved.
    await t.db.admin((q) => q.query(`UPDATE remediation_actions SET overdue_notified_at = due_date - 3 WHERE id = $1`, [late]));
    const third = t.mailer.sent.length;
    await t.services.remediation.overdue.enqueueDue(t.services.jobs);
    await t.services.jobs.drain();
    const newPeriod = t.mailer.sent.slice(third).filter((m) => [o.users.analyst.email, o.users.admin.email].includes(m.to));
    expect(newPeriod.map((m) => m.to)).to.deep.equal([o.users.analyst.email]);
    expect((await auditActions(t.db, o)).filter((a) => a.action === 'remediation_action.overdue_notified').map((a) => a.target_id))
      .to.have.members([late, supplierLate, late]);
  });

  it('viewers and auditors read plans without changing them', async () => {
    const { findingId, planId } = await planWithFinding('Plan visible');
    const action = await t.services.remediation.plans.addAction(org.actor('analyst'), planId, { title: 'Acción visible', ownerKind: 'supplier', dueDate: daysFromToday(5) });
    const viewer = await signedIn(t, org.users.viewer.email);
    const list = await viewer.get('/findings');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('Niños cosechando café');
    expect(list.text).to.not.contain('id="new-finding"');
    const plan = await viewer.get(`/remediation/plans/${planId}`);
    expect(plan.status).to.equal(200);
    expect(plan.text).to.contain('Acción visible');
    expect(plan.text).to.not.contain('id="new-action-form"');
    expect((await viewer.post('/findings', { supplierId, source: 'audit', category: 'missing_controls', severity: 'low', title: 'No' })).status).to.equal(403);
    expect((await viewer.post(`/remediation/actions/${action}/transition`, { transition: 'start' })).status).to.equal(403);
    expect((await viewer.post(`/findings/${findingId}/status`, { status: 'closed' })).status).to.equal(403);

    const auditor = await signedIn(t, org.users.auditor.email);
    // Auditors read findings and plans (audit-logged, see the role matrix) but change nothing.
    expect((await auditor.get('/findings')).status).to.equal(200);
    const auditedPlan = await auditor.get(`/remediation/plans/${planId}`);
    expect(auditedPlan.status).to.equal(200);
    expect(auditedPlan.text).to.not.contain('id="new-action-form"');
    expect((await auditor.post(`/remediation/actions/${action}/transition`, { transition: 'start' })).status).to.equal(403);
  });

  it('another organisation gets 404 for findings, plans, actions and evidence', async () => {
    const { findingId, planId } = await planWithFinding();
    const action = await t.services.remediation.plans.addAction(org.actor('analyst'), planId, { title: 'Ajena', ownerKind: 'supplier', dueDate: daysFromToday(5) });
    const other = await createOrg(t.db);
    const b = await signedIn(t, other.users.owner.email);
    expect((await b.get(`/findings/${findingId}`)).status).to.equal(404);
    expect((await b.get(`/remediation/plans/${planId}`)).status).to.equal(404);
    await b.get('/findings');
    expect((await b.post(`/remediation/actions/${action}/transition`, { transition: 'start' })).status).to.equal(404);
    expect((await b.post('/remediation/plans', { findingId, title: 'Intruso' })).status).to.equal(404);
    expect((await b.get('/findings')).text).to.not.contain('Niños cosechando café');
  });

  it('stores evidence typed by its content and logs every download', async () => {
    const { planId } = await planWithFinding();
    const action = await t.services.remediation.plans.addAction(org.actor('analyst'), planId, { title: 'Foto de letrero', ownerKind: 'supplier', dueDate: daysFromToday(5) });
    const analyst = await signedIn(t, org.users.analyst.email);
    await analyst.get(`/remediation/plans/${planId}`);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const ok = await analyst.agent.post(`/remediation/actions/${action}/evidence?_csrf=${encodeURIComponent(analyst.csrf)}`).attach('file', png, 'letrero.png');
    expect(ok.status).to.equal(302);
    const disguised = await analyst.agent.post(`/remediation/actions/${action}/evidence?_csrf=${encodeURIComponent(analyst.csrf)}`)
      .attach('file', Buffer.from('MZ\x90\x00 not really a pdf'), 'informe.pdf');
    expect(disguised.status).to.equal(422);

    const page = await analyst.get(`/remediation/plans/${planId}`);
    const link = /href="(\/remediation\/evidence\/[0-9a-f-]{36})">letrero\.png/.exec(page.text)![1];
    const viewer = await signedIn(t, org.users.viewer.email);
    const download = await viewer.agent.get(link).buffer(true);
    expect(download.status).to.equal(200);
    expect(download.headers['content-type']).to.equal('image/png');
    expect(Buffer.compare(download.body as Buffer, png)).to.equal(0);
    const audit = await auditActions(t.db, org);
    expect(audit.filter((a) => a.action === 'remediation_evidence.downloaded').at(-1)!.actor_user_id).to.equal(org.users.viewer.id);
  });
});
