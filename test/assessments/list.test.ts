import { expect } from 'chai';
import { Browser, unique, type TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { analystWithTemplate, importSmallTemplate, sendQuestionnaire } from './helpers.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';

describe('assessments: list, filters and the portal language', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let templateId: string;

  before(async () => {
    ({ t, org, analyst, templateId } = await analystWithTemplate());
  });

  it('filters by status and flags overdue assessments', async () => {
    const late = await addSupplier(t.db, org, 'Proveedor Atrasado', false);
    const onTime = await addSupplier(t.db, org, 'Proveedor Puntual', false);
    const { id: lateId } = await sendQuestionnaire(t, analyst, { supplierId: late.supplierId, templateId, email: `${unique('l')}@x.test` });
    const { id: onTimeId } = await sendQuestionnaire(t, analyst, { supplierId: onTime.supplierId, templateId, email: `${unique('o')}@x.test` });
    await t.db.admin((q) => q.query(`UPDATE assessments SET due_date = $2 WHERE id = $1`, [lateId, addDays(dayOf(), -3)]));
    await t.db.admin((q) => q.query(`UPDATE assessments SET status = 'submitted' WHERE id = $1`, [onTimeId]));

    const all = await analyst.get('/assessments');
    expect(all.text).to.contain('Proveedor Atrasado').and.contain('Proveedor Puntual').and.contain('2 evaluaciones');
    const lateRow = all.text.slice(all.text.indexOf('Proveedor Atrasado'), all.text.indexOf('</tr>', all.text.indexOf('Proveedor Atrasado')));
    expect(lateRow).to.contain('Vencida');
    const overdue = await analyst.get('/assessments?overdue=1');
    expect(overdue.text).to.contain('Proveedor Atrasado').and.not.contain('Proveedor Puntual');
    const submitted = await analyst.get('/assessments?status=submitted');
    expect(submitted.text).to.contain('Proveedor Puntual').and.not.contain('Proveedor Atrasado');
    const bySupplier = await analyst.get(`/assessments?supplierId=${late.supplierId}`);
    expect(bySupplier.text).to.contain('Proveedor Atrasado').and.not.contain('Proveedor Puntual');
    // Junk filters are ignored rather than failing.
    expect((await analyst.get('/assessments?status=nope&page=abc')).status).to.equal(200);
  });

  it('the portal speaks the assessment language, switches on request, and keeps CSRF on', async () => {
    const s = await addSupplier(t.db, org, 'Exportadora del Norte', false);
    const { link } = await sendQuestionnaire(t, analyst, { supplierId: s.supplierId, templateId, email: `${unique('p')}@x.test`, language: 'en' });
    const portal = new Browser(t.app);
    const en = await portal.get(link);
    expect(en.text).to.contain('<html lang="en">').and.contain('Has a policy?').and.contain('Save draft');
    const es = await portal.get(`${link}?lang=es-MX`);
    expect(es.text).to.contain('<html lang="es">').and.contain('¿Tiene política?').and.contain('Guardar borrador');
    const noToken = await portal.agent.post(link).field('has_policy', 'yes').field('action', 'save');
    expect(noToken.status).to.equal(403);
  });
});
