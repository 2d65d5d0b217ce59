import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplierWithSites, auditActions, withTerritories } from './fixtures.ts';

async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, PASSWORD)).status).to.equal(302);
  return b;
}

describe('casework: the monitoring-and-remediation loop', () => {
  let t: TestApp;
  let org: TestOrg;
  let site: string;
  let worker: Browser;
  const newCase = async (fields: Record<string, string> = {}) => {
    await worker.get('/cases/new');
    const res = await worker.post('/cases', { siteId: site, age: '12', sex: 'female', situation: 'under_minimum_age', identifiedOn: '2025-01-10', ...fields });
    expect(res.status, res.text).to.equal(302);
    return /\/cases\/([0-9a-f-]{36})\/workers$/.exec(res.headers.location!)![1];
  };

  before(async () => {
    t = await buildTestApp();
    await withTerritories(t.db);
    org = await createOrg(t.db);
    [site] = (await addSupplierWithSites(t.db, org, { sites: [{ name: 'Finca Tapachula', territory: '07089' }] })).siteIds;
    worker = await signedIn(t, org.users.admin.email);
  });

  it('refuses to close without protection, referral and the 3- and 6-month follow-ups, naming each one', async () => {
    const id = await newCase();
    const res = await worker.post(`/cases/${id}/close`, { reason: 'enrolled_in_school' });
    expect(res.status).to.equal(422);
    for (const text of [
      'Protección inmediata: registre lo que se hizo', 'Canalización: registre al menos una canalización con su resultado',
      'Seguimiento a 3 meses: registre la visita que tocaba el 2025-04-10', 'Seguimiento a 6 meses: registre la visita que tocaba el 2025-07-10',
      'Motivo de cierre: ninguna visita de seguimiento registró que el menor asiste a la escuela',
    ]) expect(res.text).to.contain(text);
    const page = await worker.get(`/cases/${id}`);
    expect(page.text).to.match(/id="case-status">Abierto</);
    // A referral still pending does not count either.
    expect((await worker.post(`/cases/${id}/referrals`, { target: 'ref:mx-07-procuraduria', referredOn: '2025-01-11' })).status).to.equal(302);
    expect((await worker.post(`/cases/${id}/close`, { reason: 'under_protection' })).text).to.contain('Canalización: registre al menos una canalización');
  });

  it('closes once the loop is complete, and records the outcome', async () => {
    const id = await newCase();
    expect((await worker.post(`/cases/${id}/protection`, { protectionOn: '2025-01-09', measure: 'Dejó la tarea' })).text)
      .to.contain('no puede ser anterior al día en que se identificó');
    expect((await worker.post(`/cases/${id}/protection`, { protectionOn: '2025-01-10', measure: 'Dejó la tarea peligrosa ese día; se avisó a la Procuraduría.' })).status).to.equal(302);
    expect((await worker.post(`/cases/${id}/referrals`, { target: 'ref:mx-07-procuraduria', referredOn: '2025-01-11' })).status).to.equal(302);
    const detail = await t.services.remediation.cases.detail(org.actor('admin'), id);
    expect((await worker.post(`/cases/referrals/${detail.referrals[0].id}/outcome`, { outcome: 'attended' })).status).to.equal(302);
    expect((await worker.post(`/cases/${id}/followups`, { visitDate: '2025-04-08', schoolEnrolled: '1', withdrawn: '1' })).status).to.equal(302);
    const half = await worker.post(`/cases/${id}/close`, { reason: 'enrolled_in_school' });
    expect(half.status).to.equal(422);
    expect(half.text).to.contain('Seguimiento a 6 meses: registre');
    expect(half.text).to.not.contain('Seguimiento a 3 meses: registre');
    expect((await worker.post(`/cases/${id}/followups`, { visitDate: '2025-07-10', schoolEnrolled: '1', withdrawn: '1' })).status).to.equal(302);
    expect((await worker.post(`/cases/${id}/close`, { reason: 'enrolled_in_school' })).status).to.equal(302);
    const closed = await worker.get(`/cases/${id}`);
    expect(closed.text).to.match(/id="case-outcome">Fuera del trabajo prohibido y en la escuela/);
    expect(closed.text).to.not.contain('id="referral-form"');
    expect((await worker.post(`/cases/${id}/followups`, { visitDate: '2025-08-01' })).status).to.equal(409);
  });

  it('closes early only with a documented reason; "lost to follow-up" always needs one; permitted work only from 15', async () => {
    const id = await newCase();
    const noNote = await worker.post(`/cases/${id}/close`, { reason: 'lost_to_follow_up' });
    expect(noNote.status).to.equal(422);
    expect(noNote.text).to.contain('Motivo documentado: este resultado necesita un motivo escrito');
    expect((await worker.post(`/cases/${id}/close`, { reason: 'age_appropriate_work', closureNote: 'La familia regresó a su comunidad.' })).text)
      .to.contain('el trabajo permitido aplica solo desde los 15 años');
    const ok = await worker.post(`/cases/${id}/close`, { reason: 'lost_to_follow_up', closureNote: 'Sin contacto desde marzo; tres visitas sin encontrar a la familia.' });
    expect(ok.status).to.equal(302);
    const page = await worker.get(`/cases/${id}`);
    expect(page.text).to.contain('Se perdió el seguimiento (se mudó, sin contacto)');
    expect(page.text).to.contain('Sin contacto desde marzo');
    const audit = (await auditActions(t.db, org)).filter((a) => a.action === 'child_case.closed' && a.target_id === id);
    expect(audit).to.have.length(1);
  });

  it('corrects a follow-up note by amendment: the correction shows, the original stays in the history for case workers', async () => {
    const id = await newCase();
    expect((await worker.post(`/cases/${id}/followups`, { visitDate: '2025-02-01', notes: 'María López asiste a la escuela' })).status).to.equal(302);
    const [visit] = (await t.services.remediation.cases.detail(org.actor('admin'), id)).followups;
    const bad = await worker.post(`/cases/followups/${visit.id}/amend`, { notes: 'La niña asiste a la escuela' });
    expect(bad.status).to.equal(422);
    expect((await worker.post(`/cases/followups/${visit.id}/amend`, { notes: 'La niña asiste a la escuela', reason: 'Se escribió un nombre por error' })).status).to.equal(302);
    const page = await worker.get(`/cases/${id}`);
    expect(page.text).to.match(/class="followup-notes">La niña asiste a la escuela</);
    expect(page.text).to.match(/class="original-notes">María López asiste a la escuela</);
    expect(page.text).to.contain('Se escribió un nombre por error');
    // Someone not assigned, or another tenant, gets 404 and changes nothing.
    const owner = await signedIn(t, org.users.owner.email);
    await owner.get('/cases');
    expect((await owner.post(`/cases/followups/${visit.id}/amend`, { notes: 'x', reason: 'intento' })).status).to.equal(404);
    const other = await createOrg(t.db);
    const stranger = await signedIn(t, other.users.owner.email);
    await stranger.get('/cases');
    expect((await stranger.post(`/cases/followups/${visit.id}/amend`, { notes: 'x', reason: 'intento' })).status).to.equal(404);
    expect((await t.services.remediation.cases.detail(org.actor('admin'), id)).followups[0].amendments).to.have.length(1);
    const audit = (await auditActions(t.db, org)).filter((a) => a.action === 'child_case.followup_amended');
    expect(audit.map((a) => a.target_id)).to.deep.equal([id]);
  });

  it('refuses a situation that does not fit the age, naming the field', async () => {
    await worker.get('/cases/new');
    const older = await worker.post('/cases', { siteId: site, age: '16', sex: 'male', situation: 'under_minimum_age' });
    expect(older.status).to.equal(422);
    expect(older.text).to.contain('Situación: «menor de la edad mínima» aplica solo antes de los 15 años');
    const younger = await worker.post('/cases', { siteId: site, age: '13', sex: 'male', situation: 'permitted_without_protections' });
    expect(younger.text).to.contain('Situación: el trabajo permitido aplica solo desde los 15 años');
    const id = await newCase({ age: '14' });
    expect((await worker.post(`/cases/${id}`, { age: '16', sex: 'female', situation: 'under_minimum_age' })).status).to.equal(422);
  });

  it('records ethnic origin and migration status only with the guardian\'s consent date (LFPDPPP)', async () => {
    await worker.get('/cases/new');
    const refused = await worker.post('/cases', { siteId: site, age: '12', sex: 'male', situation: 'at_risk', indigenous: 'yes' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.contain('Fecha del consentimiento: el origen étnico y la condición migratoria se registran solo con el consentimiento');
    // Afro-descendant identity and household chores (INEGI) follow the same rule, and the message names them, not ethnicity and migration.
    for (const field of ['afroDescendant', 'householdChores']) {
      const more = await worker.post('/cases', { siteId: site, age: '12', sex: 'female', situation: 'at_risk', [field]: 'yes' });
      expect(more.status, field).to.equal(422);
      expect(more.text, field).to.contain('Fecha del consentimiento: la identidad afrodescendiente y los quehaceres domésticos en condiciones no adecuadas se registran solo con el consentimiento expreso y por escrito');
      expect(more.text, field).to.not.contain('el origen étnico y la condición migratoria');
    }
    const all = await worker.post('/cases', { siteId: site, age: '12', sex: 'female', situation: 'at_risk', migrant: 'yes', householdChores: 'yes' });
    expect(all.status).to.equal(422);
    expect(all.text).to.contain('Fecha del consentimiento: el origen étnico, la condición migratoria, la identidad afrodescendiente y los quehaceres domésticos en condiciones no adecuadas se registran solo con el consentimiento');
    const withMore = await newCase({ afroDescendant: 'yes', householdChores: 'no', sensitiveConsentOn: '2025-01-10' });
    const storedMore = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ afro_descendant: boolean | null; household_chores: boolean | null }>(`SELECT afro_descendant, household_chores FROM child_cases WHERE id = $1`, [withMore]));
    expect(storedMore.rows[0]).to.deep.equal({ afro_descendant: true, household_chores: false });
    expect((await worker.get(`/cases/${withMore}`)).text).to.match(/Afrodescendiente<\/dt><dd>Sí/);
    const id = await newCase({ indigenous: 'yes', migrant: 'no', sensitiveConsentOn: '2025-01-10' });
    const page = await worker.get(`/cases/${id}`);
    expect(page.text).to.contain('Fecha del consentimiento por escrito</dt><dd>10 ene 2025');
    const none = await newCase();
    expect((await worker.get(`/cases/${none}`)).text).to.match(/Persona indígena<\/dt><dd>No registrado/);
    const stored = await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ indigenous: boolean | null; migrant: boolean | null }>(`SELECT indigenous, migrant FROM child_cases WHERE id = $1`, [none]));
    expect(stored.rows[0]).to.deep.equal({ indigenous: null, migrant: null });
  });
});
