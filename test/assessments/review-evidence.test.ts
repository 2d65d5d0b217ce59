import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addReviewedAssessment, addSupplier } from '../scores/fixtures.ts';
import { latestReviewedEvaluations } from '../../server/assessments/assessment.evaluation.ts';

/** The analyst records how far the controls were checked when marking an assessment reviewed. */
describe('assessments: evidence level recorded at review (HTTP)', () => {
  let t: TestApp;
  let org: TestOrg;
  let analyst: Browser;
  let supplierId: string;

  const submitted = () => addReviewedAssessment(t.db, org, { supplierId, siteId: null, reviewedAt: '', controlsScore: 0, status: 'submitted' });
  const row = (id: string) =>
    t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<Record<string, any>>(
        `SELECT status, evidence_level, verified_by, to_char(verified_on, 'YYYY-MM-DD') AS verified_on, verified_in_harvest, conditions
           FROM assessments WHERE id = $1`, [id],
      ),
    ).then((r) => r.rows[0]);

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
    ({ supplierId } = await addSupplier(t.db, org, { name: 'Finca Santa Rita', sectorCode: '111', sites: [] }));
    analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
  });

  it('shows the evidence fields on the review form', async () => {
    const id = await submitted();
    const page = (await analyst.get(`/assessments/${id}`)).text;
    expect(page).to.contain('Nivel de evidencia de los controles');
    expect(page).to.contain('value="verified_on_site"');
    expect(page).to.contain('name="verifiedBy"').and.contain('name="verifiedOn"').and.contain('name="verifiedInHarvest"');
  });

  it('refuses an on-site verification without who and when, naming each field, and saves nothing', async () => {
    const id = await submitted();
    await analyst.get(`/assessments/${id}`);
    const res = await analyst.post(`/assessments/${id}/review`, { decision: 'review', evidenceLevel: 'verified_on_site', verifiedOn: '2026-13-40' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Indique quién hizo la verificación en sitio.');
    expect(res.text).to.contain('Indique la fecha de la visita como AAAA-MM-DD.');
    expect(res.text).to.contain('Indique si la visita fue durante la temporada de cosecha.');
    expect((await row(id)).status).to.equal('submitted');

    const future = await analyst.post(`/assessments/${id}/review`, {
      decision: 'review', evidenceLevel: 'verified_on_site', verifiedBy: 'Equipo de campo', verifiedOn: '2999-01-01', verifiedInHarvest: 'yes',
    });
    expect(future.status).to.equal(422);
    expect(future.text).to.contain('La fecha de la visita no puede ser posterior a hoy.');
    const unknown = await analyst.post(`/assessments/${id}/review`, { decision: 'review', evidenceLevel: 'audited' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('Elija un nivel de evidencia válido.');
    expect((await row(id)).status).to.equal('submitted');
  });

  it('stores who verified on site and when, shows it, and passes it to scoring', async () => {
    const id = await submitted();
    await analyst.get(`/assessments/${id}`);
    const res = await analyst.post(`/assessments/${id}/review`, {
      decision: 'review', evidenceLevel: 'verified_on_site', verifiedBy: 'Equipo de campo Soconusco', verifiedOn: '2026-11-20', verifiedInHarvest: 'yes',
    });
    expect(res.status).to.equal(302);
    const r = await row(id);
    expect(r).to.include({ status: 'reviewed', evidence_level: 'verified_on_site', verified_by: 'Equipo de campo Soconusco', verified_on: '2026-11-20', verified_in_harvest: true });
    // No answers: every workforce condition is unknown, never "no risk".
    expect(r.conditions).to.deep.equal({
      adolescentProtections: 'unknown', familiesWithoutChildcare: null, campHousing: null, contractors: null, pieceRate: null,
    });
    const page = (await analyst.get(`/assessments/${id}`)).text;
    expect(page).to.match(/id="evidence-level">Verificado en sitio con entrevistas a personas trabajadoras · Equipo de campo Soconusco, 2026-11-20 \(durante la cosecha\)/);
    const e = await t.db.tx({ orgId: org.id, userId: null }, (q) => latestReviewedEvaluations(q, { ids: [supplierId] }));
    expect(e.get(`supplier:${supplierId}`)).to.include({ evidenceLevel: 'verified_on_site', verifiedOn: '2026-11-20', verifiedInHarvest: true });
  });

  it('defaults to "declared" and drops on-site details for other levels', async () => {
    const id = await submitted();
    await analyst.get(`/assessments/${id}`);
    const res = await analyst.post(`/assessments/${id}/review`, { decision: 'review', evidenceLevel: 'documents_reviewed', verifiedBy: 'X' });
    expect(res.status).to.equal(302);
    expect(await row(id)).to.include({ evidence_level: 'documents_reviewed', verified_by: null, verified_on: null });
    const plain = await submitted();
    await analyst.get(`/assessments/${plain}`);
    expect((await analyst.post(`/assessments/${plain}/review`, { decision: 'review' })).status).to.equal(302);
    expect((await row(plain)).evidence_level).to.equal('declared');
  });
});
