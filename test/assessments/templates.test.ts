import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from './fixtures.ts';
import { importSmallTemplate, postMultipart, sendQuestionnaire } from './helpers.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { defaultTemplate, shippedTemplate } from '../../server/questionnaires/default-template.ts';
import { exportTemplate } from '../../server/questionnaires/template.json.ts';

describe('questionnaires: template library, JSON import and export (HTTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  it('lists both shipped versions of the child-labour questionnaire and exports each as JSON that reads back unchanged', async () => {
    const list = await analyst.get('/questionnaires');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('Autoevaluación de proveedores: prevención del trabajo infantil').and.contain('Incluido en Vigía');
    // Newest version first.
    const ids = [...list.text.matchAll(/href="\/questionnaires\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(new Set(ids).size).to.equal(2);
    const [v2Id, v1Id] = [...new Set(ids)];
    for (const [id, version, template] of [[v1Id, 1, defaultTemplate()], [v2Id, 2, shippedTemplate(2)]] as const) {
      const exported = await analyst.get(`/questionnaires/${id}/export`);
      expect(exported.status).to.equal(200);
      expect(exported.headers['content-disposition']).to.equal(`attachment; filename="child-labour-supplier-saq-v${version}.json"`);
      expect(exported.headers['content-type']).to.match(/^application\/json/);
      expect(JSON.parse(exported.text)).to.deep.equal(template);
    }
    const view = await analyst.get(`/questionnaires/${v1Id}`);
    expect(view.text).to.contain('¿Qué edad tiene la persona más joven').and.contain('⚑ Trabajan personas menores de 15 años');
    const v2View = await analyst.get(`/questionnaires/${v2Id}`);
    expect(v2View.text).to.contain('¿Cuál de estas opciones describe mejor su centro de trabajo?').and.contain('⚑ Contratistas o enganchadores que no verifican la edad');
    expect(v2View.text).to.contain('«No lo sabemos»: no da puntos y cuenta como desconocido').and.contain('sus puntos siguen contando como no obtenidos');
  });

  it('rejects a bad file and names the path of each problem', async () => {
    await analyst.get('/questionnaires');
    const broken = smallTemplate() as any;
    broken.sections[0].questions[0].type = 'yesno';
    delete broken.sections[1].questions[0].text;
    const res = await postMultipart(analyst, '/questionnaires/import', {}, [{ field: 'file', name: 'broken.json', content: Buffer.from(JSON.stringify(broken)) }]);
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('sections[s1].questions[has_policy].type: valor no permitido');
    expect(res.text).to.contain('sections[s2].questions[checks_age].text: falta este campo obligatorio');
    const notJson = await postMultipart(analyst, '/questionnaires/import', {}, [{ field: 'file', name: 'x.json', content: Buffer.from('{"key": ') }]);
    expect(notJson.status).to.equal(422);
    expect(notJson.text).to.contain('El archivo no es un JSON válido');
    const none = await postMultipart(analyst, '/questionnaires/import', {}, []);
    expect(none.status).to.equal(422);
    expect(none.text).to.contain('Elija un archivo JSON.');
  });

  it('freezes a version once an assessment uses it: the same file is a no-op, a changed one needs a new version', async () => {
    const o = await createOrg(t.db);
    const b = new Browser(t.app);
    await b.login(o.users.analyst.email, PASSWORD);
    const id = await importSmallTemplate(b, 7);
    const { supplierId } = await addSupplier(t.db, o, 'Proveedor congelado', false);
    await sendQuestionnaire(t, b, { supplierId, templateId: id, email: `${unique('c')}@x.test` });

    await b.get('/questionnaires');
    const same = await postMultipart(b, '/questionnaires/import', {}, [{ field: 'file', name: 's.json', content: Buffer.from(exportTemplate({ ...smallTemplate(), version: 7 })) }]);
    expect(same.status).to.equal(302);
    expect((await b.get(same.headers.location)).text).to.contain('Esta versión ya existía sin cambios.');

    const changed = { ...smallTemplate(), version: 7, title: { es: 'Otro título', en: 'Another title' } };
    const refused = await postMultipart(b, '/questionnaires/import', {}, [{ field: 'file', name: 's.json', content: Buffer.from(exportTemplate(changed)) }]);
    expect(refused.status).to.equal(409);
    expect(refused.text).to.contain('La versión 7 de “small-test” ya se usa en 1 evaluación(es)');
    const v8 = await postMultipart(b, '/questionnaires/import', {}, [{ field: 'file', name: 's.json', content: Buffer.from(exportTemplate({ ...changed, version: 8 })) }]);
    expect(v8.status).to.equal(302);
    const stored = await t.db.tx({ orgId: o.id, userId: null }, (q) =>
      q.query<{ version: number; title_es: string }>(`SELECT version, title_es FROM questionnaire_templates WHERE key = 'small-test' ORDER BY version`));
    expect(stored.rows).to.deep.equal([{ version: 7, title_es: 'Cuestionario de prueba' }, { version: 8, title_es: 'Otro título' }]);
    // The database itself refuses to change a used version.
    let error: unknown;
    await t.db.tx({ orgId: o.id, userId: null }, (q) => q.query(`UPDATE questionnaire_templates SET definition = '{}' WHERE version = 7`)).catch((e) => (error = e));
    expect(String(error)).to.contain('is in use and cannot change');
  });

  it('viewers may read the library but not import', async () => {
    const b = new Browser(t.app);
    await b.login(org.users.viewer.email, PASSWORD);
    expect((await b.get('/questionnaires')).status).to.equal(200);
    const res = await postMultipart(b, '/questionnaires/import', {}, [{ field: 'file', name: 's.json', content: Buffer.from(exportTemplate(smallTemplate())) }]);
    expect(res.status).to.equal(403);
    const auditor = new Browser(t.app);
    await auditor.login(org.users.auditor.email, PASSWORD);
    expect((await auditor.get('/questionnaires')).status).to.equal(403);
  });
});
