import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';

describe('distintivos: STPS readiness per site, with evidence, gaps and CSV', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  let viewer: Browser;
  let farm: { supplierId: string; siteIds: string[] };
  let plant: { supplierId: string; siteIds: string[] };

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    other = await createOrg(t.db);
    viewer = new Browser(t.app);
    await viewer.login(org.users.viewer.email, PASSWORD);
    farm = await addSupplier(t.db, org, { name: 'Finca Café Soconusco', sectorCode: '111', sites: [{ name: 'Finca Tapachula', territoryCode: '07089' }] });
    plant = await addSupplier(t.db, org, { name: 'Empacadora Norte', sectorCode: '311', sites: [{ name: 'Planta Culiacán', territoryCode: '25006' }] });
    const assessmentId = await addReviewedAssessment(t.db, org, { supplierId: farm.supplierId, siteId: farm.siteIds[0], reviewedAt: '2026-11-02T10:00:00Z', controlsScore: 0.5 });
    await t.db.tx({ orgId: org.id, userId: null }, async (q) => {
      const answers: Record<string, unknown> = {
        written_policy: true, hazardous_tasks_identified: true, families_accompany: 'usually', childcare_available: 'no_childcare',
        children_access_control: true, children_schooling: 'all', young_worker_schooling: 'all', children_seen_on_site: 'never',
        age_verification_at_hiring: true, young_worker_hazardous_tasks: false, stps_distintivo: 'applying',
      };
      for (const [question, answer] of Object.entries(answers)) {
        await q.query(`INSERT INTO assessment_answers (organization_id, assessment_id, question_id, answer) VALUES (app_org(), $1, $2, $3)`, [assessmentId, question, JSON.stringify(answer)]);
      }
      await q.query(
        `INSERT INTO evidence_files (organization_id, assessment_id, question_id, original_name, stored_name, mime, size, sha256)
         VALUES (app_org(), $1, 'policy_document', 'politica.pdf', $2, 'application/pdf', 10, $3)`,
        [assessmentId, 'a'.repeat(48), 'b'.repeat(64)],
      );
    });
    await t.services.training.create(org.actor('analyst'), {
      heldOn: new Date(Date.now() - 5 * 86400_000).toISOString().slice(0, 10), supplierId: farm.supplierId, siteId: null,
      topics: ['hazardous_work_minors'], facilitator: 'STPS', notes: '',
      attendeesWomen: 2, attendeesMen: 2, attendeesOther: 0, managers: 0, supervisors: 4, workers: 0, recruiters: 0,
    });
  });

  it('lists each requirement of DEALTI for a farm with the evidence that meets it and the gaps named', async () => {
    const res = await viewer.get(`/distintivos/sites/${farm.siteIds[0]}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Distintivo Empresa Agrícola Libre de Trabajo Infantil (DEALTI)').and.not.include('id="scheme-mexsti"');
    expect(res.text).to.include('El centro declaró que está solicitando un distintivo.');
    expect(res.text).to.match(/id="req-dealti_policy" data-status="met"/);
    expect(res.text).to.include('Documento adjunto: copia de la política escrita');
    expect(res.text).to.match(/id="req-dealti_childcare" data-status="gap"/);
    expect(res.text).to.include('Respuesta «cuidado de las niñas y niños mientras sus familias trabajan»: no_childcare — no cumple el requisito');
    expect(res.text).to.match(/id="req-dealti_schooling" data-status="met"/);
    expect(res.text).to.include('La sesión de capacitación del');
    expect(res.text).to.include('Vigía no tiene evidencia sobre la atención a la salud');
    expect(res.text).to.include('3 de 7 requisitos cumplidos');
  });

  it('uses MEXSTI for other sectors and names the gaps of a site without a reviewed assessment', async () => {
    const res = await viewer.get(`/distintivos/sites/${plant.siteIds[0]}`);
    expect(res.text).to.include('Distintivo México sin Trabajo Infantil (MEXSTI)').and.include('5. Promoción del trabajo digno');
    expect(res.text).to.include('Ninguna evaluación revisada cubre este centro');
    const list = await viewer.get('/distintivos');
    expect(list.text).to.include('Finca Tapachula').and.include('Planta Culiacán');
  });

  it('exports the readiness as CSV, one row per requirement', async () => {
    const res = await viewer.get('/distintivos/export.csv');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    const text = res.text.replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).to.equal('"Proveedor","Centro de trabajo","Distintivo","Requisito","Fundamento","Fuentes","Estado","Evidencia","Lo que falta"');
    expect(lines).to.have.length(1 + 7 + 5);
    expect(text).to.include('Política de cuidado y protección infantil');
    const one = await viewer.get(`/distintivos/sites/${farm.siteIds[0]}/export.csv`);
    expect(one.text.trim().split(/\r?\n/)).to.have.length(8);
  });

  it('another tenant gets 404; signed-out users go to the login', async () => {
    const stranger = new Browser(t.app);
    await stranger.login(other.users.owner.email, PASSWORD);
    expect((await stranger.get(`/distintivos/sites/${farm.siteIds[0]}`)).status).to.equal(404);
    expect((await stranger.get(`/distintivos/sites/${farm.siteIds[0]}/export.csv`)).status).to.equal(404);
    expect((await stranger.get('/distintivos/export.csv')).text).not.to.include('Finca');
    const anonymous = new Browser(t.app);
    expect((await anonymous.get('/distintivos')).status).to.be.oneOf([302, 401]);
  });
});
