import { expect } from 'chai';
import { Browser, unique } from '../support/app.ts';
import { analystWithSupplier, importSmallTemplate, postMultipart, sendQuestionnaire, statusOf, type SupplierSetup } from './helpers.ts';
import { hashToken } from '../../server/auth/tokens.ts';

describe('assessments: portal links (expiry, revocation, re-issue, after submission)', () => {
  let w: SupplierSetup;

  before(async () => {
    w = await analystWithSupplier('Empacadora Los Altos');
  });

  it('stores only the SHA-256 of a 32-byte token, valid until 30 days after the due date', async () => {
    const email = `${unique('c')}@x.test`;
    const { id, link } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email, dueInDays: 10 });
    const token = link.split('/').pop()!;
    expect(Buffer.from(token, 'base64url')).to.have.length(32);
    const row = await w.t.db.tx({ orgId: w.org.id, userId: null }, async (q) =>
      (await q.query<{ portal_token_hash: string; days: number }>(
        `SELECT portal_token_hash, round(extract(epoch FROM token_expires_at - due_date::timestamp) / 86400)::int AS days FROM assessments WHERE id = $1`, [id])).rows[0]);
    expect(row.portal_token_hash).to.equal(hashToken(token));
    expect(row.portal_token_hash).to.not.contain(token);
    // End of the due day in Mexico City (06:00 UTC next day) + 30 days ≈ 31 days after its midnight.
    expect(row.days).to.equal(31);
  });

  it('an expired link is refused with a clear page, for reading and for saving', async () => {
    const { id, link } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email: `${unique('c')}@x.test` });
    await w.t.db.admin((q) => q.query(`UPDATE assessments SET token_expires_at = now() - interval '1 minute' WHERE id = $1`, [id]));
    const portal = new Browser(w.t.app);
    const page = await portal.get(link);
    expect(page.status).to.equal(410);
    expect(page.text).to.contain('El enlace venció.').and.contain('pida un enlace nuevo');
    await portal.get('/login');
    const save = await postMultipart(portal, link, { has_policy: 'yes', action: 'save' });
    expect(save.status).to.equal(410);
    expect(await statusOf(w.t, w.org, id)).to.equal('sent');
  });

  it('a revoked link stops at once; a re-issued link works and the old one no longer does', async () => {
    const email = `${unique('c')}@x.test`;
    const { id, link } = await sendQuestionnaire(w.t, w.analyst, { supplierId: w.supplierId, templateId: w.templateId, email });
    const portal = new Browser(w.t.app);
    expect((await portal.get(link)).status).to.equal(200);
    await w.analyst.get(`/assessments/${id}`);
    expect((await w.analyst.post(`/assessments/${id}/revoke`)).status).to.equal(302);
    const revoked = await portal.get(link);
    expect(revoked.status).to.equal(410);
    expect(revoked.text).to.contain('El enlace fue revocado');
    const save = await postMultipart(portal, link, { has_policy: 'yes', action: 'save' });
    expect(save.status).to.equal(410);

    await w.analyst.get(`/assessments/${id}`);
    expect((await w.analyst.post(`/assessments/${id}/send`, { dueDate: '', contactEmail: '' })).status).to.equal(302);
    const fresh = w.t.mailer.linkIn(w.t.mailer.lastTo(email));
    expect(fresh).to.not.equal(link);
    expect((await portal.get(fresh)).status).to.equal(200);
    const old = await portal.get(link);
    expect(old.status).to.equal(404);
    expect(old.text).to.contain('El enlace no es válido o fue sustituido');
    const history = (await w.analyst.get(`/assessments/${id}`)).text;
    expect(history).to.contain('Enlace revocado').and.contain('Enlace nuevo enviado');
  });

  it('unknown or malformed tokens get the same "not valid" page', async () => {
    for (const path of ['/portal/not-a-token', `/portal/${'A'.repeat(43)}`]) {
      const res = await new Browser(w.t.app).get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text).to.contain('El enlace no es válido');
    }
  });

  it('a draft sends nothing until the analyst sends it; a past due date is refused', async () => {
    await w.analyst.get(`/assessments/new?supplierId=${w.supplierId}`);
    const email = `${unique('draft')}@x.test`;
    const past = await w.analyst.post('/assessments', { supplierId: w.supplierId, templateId: w.templateId, dueDate: '2020-01-01', contactEmail: email, language: 'es-MX', action: 'send' });
    expect(past.status).to.equal(422);
    expect(past.text).to.contain('La fecha límite no puede ser anterior a hoy.');
    const res = await w.analyst.post('/assessments', { supplierId: w.supplierId, templateId: w.templateId, dueDate: '2099-12-31', contactEmail: email, language: 'es-MX', action: 'draft' });
    expect(res.status).to.equal(302);
    const id = res.headers.location.split('/').pop()!;
    expect(w.t.mailer.lastTo(email)).to.equal(undefined);
    expect(await statusOf(w.t, w.org, id)).to.equal('draft');
    await w.analyst.get(`/assessments/${id}`);
    expect((await w.analyst.post(`/assessments/${id}/send`)).status).to.equal(302);
    expect(await statusOf(w.t, w.org, id)).to.equal('sent');
    const mail = w.t.mailer.lastTo(email)!;
    expect(mail.subject).to.equal(`${w.org.name} le solicita responder: Cuestionario de prueba`);
    expect(mail.text).to.contain('a más tardar el 31 de diciembre de 2099');
  });
});
