import { expect } from 'chai';
import { Browser, buildTestApp, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { ensureClientBuild } from '../support/client-build.ts';
import { addSupplier } from '../assessments/fixtures.ts';
import { importSmallTemplate, sendQuestionnaire } from '../assessments/helpers.ts';
import { dayIn, endOfDay } from '../../server/dates/local-day.ts';
import { download, generate, pdfPages } from './support.ts';

const MX = 'America/Mexico_City';
// Today in Mexico, and the report clock at 23:50 that day (05:50 UTC the next day).
const DAY = dayIn(MX, new Date());
const NOW = new Date(endOfDay(DAY, MX).getTime() - 10 * 60_000);
// The organisation's activity happened at 23:30 Mexico time: after UTC midnight, before local midnight.
const EVENING = new Date(NOW.getTime() - 20 * 60_000);


describe('reports: the company report cuts its period at the organisation\'s local midnight', function () {
  this.timeout(120_000);
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;

  before(async () => {
    ensureClientBuild();
    t = await buildTestApp({ clock: () => NOW });
    org = await createOrg(t.db);
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    const templateId = await importSmallTemplate(analyst);
    const suppliers = [];
    for (const name of ['Hortalizas del Norte', 'Empaque La Paz']) {
      const s = await addSupplier(t.db, org, name, false);
      suppliers.push(s.supplierId);
      await sendQuestionnaire(t, analyst, { supplierId: s.supplierId, templateId, email: `${unique('c')}@x.test` });
    }
    await analyst.get('/findings/new');
    for (const [severity, supplierId] of [['high', suppliers[0]], ['high', suppliers[1]], ['critical', suppliers[0]]] as const) {
      const res = await analyst.post('/findings', {
        supplierId, source: 'audit', category: 'child_labour_under_15', severity, title: `Hallazgo ${severity} ${unique()}`,
      });
      expect(res.status, res.text).to.equal(302);
    }
    // Moving the timestamps is the only way to place the activity at 23:30 local time;
    // the database clock cannot be injected.
    await t.db.admin(async (q) => {
      await q.query(`UPDATE findings SET created_at = $2 WHERE organization_id = $1`, [org.id, EVENING]);
      await q.query(`UPDATE assessments SET sent_at = $2 WHERE organization_id = $1`, [org.id, EVENING]);
    });
  });

  after(async () => {
    await t?.services.reports.close();
  });

  it('at 23:50 Mexico time, the totals equal those the app\'s own pages show', async () => {
    const highPage = await analyst.get('/findings?severity=high&status=open');
    const criticalPage = await analyst.get('/findings?severity=critical&status=open');
    const sentPage = await analyst.get('/assessments?status=sent');
    const high = Number(/id="finding-count">\s*(\d+)/.exec(highPage.text)?.[1]);
    const critical = Number(/id="finding-count">\s*(\d+)/.exec(criticalPage.text)?.[1]);
    const sent = Number(/(\d+) evaluaciones/.exec(sentPage.text)?.[1]);
    expect([high, critical, sent]).to.deep.equal([2, 1, 2]);

    // Default period: 1 January to "today" in the organisation's zone, by the report's clock.
    const reportsPage = await analyst.get('/reports');
    expect(reportsPage.text).to.include(`value="${DAY}"`);
    const id = await generate(t, analyst, { kind: 'company', locale: 'es-MX', periodFrom: '', periodTo: '' });
    const text = (await pdfPages((await download(analyst, id)).body as Buffer)).join(' ');
    expect(text).to.include(`Alta ${high} 0`);
    expect(text).to.include(`Crítica ${critical} 0`);
    expect(text).to.include(`${sent} cuestionarios enviados en el periodo`);
    expect(text).to.include(`Proveedores a los que se envió el cuestionario ${sent}`);
  });
});
