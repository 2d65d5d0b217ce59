import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD } from '../support/factories.ts';
import { signUpAndConfirm, SIGNUP_PASSWORD } from '../signup/support.ts';
import { createSupplier } from '../suppliers/support.ts';
import { importSmallTemplate, sendQuestionnaire } from '../assessments/helpers.ts';

describe('org-profile: organisation details and the first-run checklist', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  const stepsOf = (html: string) =>
    Object.fromEntries([...html.matchAll(/data-step="(\w+)" data-done="(true|false)"/g)].map((m) => [m[1], m[2] === 'true']));

  it('a new organisation sees four steps, each ticked as it is done, and none once all are', async () => {
    const { form } = await signUpAndConfirm(t);
    const b = new Browser(t.app);
    expect((await b.login(form.email, SIGNUP_PASSWORD)).status).to.equal(302);
    let home = await b.get('/');
    expect(home.text).to.contain('id="first-run-checklist"');
    expect(stepsOf(home.text)).to.deep.equal({ suppliers: false, questionnaire: false, colleagues: false, details: false });
    expect(home.text).to.contain('href="/suppliers/import"').and.contain('href="/settings/organization"');

    const supplierId = await createSupplier(b, { legalName: 'Finca Primera' });
    expect(stepsOf((await b.get('/')).text).suppliers).to.equal(true);

    const templateId = await importSmallTemplate(b);
    await sendQuestionnaire(t, b, { supplierId, templateId, email: 'contacto@finca.example' });
    expect(stepsOf((await b.get('/')).text).questionnaire).to.equal(true);

    await b.get('/settings/members');
    expect((await b.post('/settings/members/invite', { email: 'colega@example.test', role: 'analyst' })).status).to.equal(302);
    expect(stepsOf((await b.get('/')).text).colleagues).to.equal(true);

    await b.get('/settings/organization');
    const bad = await b.post('/settings/organization', { name: form.orgName, legalName: '', taxId: 'NOPE', address: '', contactEmail: 'x' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('El RFC debe tener').and.contain('correo de contacto válido');
    expect(stepsOf((await b.get('/')).text).details).to.equal(false);
    const good = await b.post('/settings/organization', {
      name: form.orgName, legalName: 'Agrícola del Sur, S.A. de C.V.', taxId: 'ASU850101AB1', address: 'Tapachula, Chiapas', contactEmail: 'Contacto@Example.test',
    });
    expect(good.status).to.equal(302);
    home = await b.get('/');
    expect(home.text).to.not.contain('id="first-run-checklist"');
    const page = await b.get('/settings/organization');
    expect(page.text).to.contain('value="ASU850101AB1"').and.contain('value="contacto@example.test"');
  });

  it('only the organisation’s own owners and admins see the checklist or edit the details', async () => {
    const org = await createOrg(t.db);
    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    expect((await analyst.get('/')).text).to.not.contain('id="first-run-checklist"');
    expect((await analyst.get('/settings/organization')).status).to.equal(403);
    const admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    expect((await admin.get('/')).text).to.contain('id="first-run-checklist"');
    expect((await admin.get('/settings/organization')).status).to.equal(200);
  });
});
