import { expect } from 'chai';
import { Browser, buildTestApp, unique, type TestApp } from '../support/app.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { analystBrowser, share, sharingWorld, signInSupplier, type SharingWorld } from './fixtures.ts';

/** Posts a form asking for JSON, to read the RFC 9457 problem body with its per-field errors. */
async function postJson(b: Browser, url: string, form: Record<string, string>) {
  const res = await b.agent.post(url).set('Accept', 'application/json').type('form').send({ _csrf: b.csrf, ...form });
  return { status: res.status, body: res.body as { code: string; errors?: { field: string; message: string }[] } };
}

describe('sharing: supplier account, inbox, share, revoke, accept, ask for an update (HTTP)', () => {
  let t: TestApp;
  let w: SharingWorld;

  before(async () => {
    t = await buildTestApp();
    w = await sharingWorld(t);
  });

  describe('claim and verify', () => {
    it('names each wrong field: RFC format, generic RFC, e-mail', async () => {
      const b = new Browser(t.app);
      await b.get('/supplier/claim');
      const bad = await b.post('/supplier/claim', { rfc: 'ABC', email: 'no-es-correo' });
      expect(bad.status).to.equal(422);
      expect(bad.text).to.contain('<li data-field="rfc">El RFC no tiene un formato válido')
        .and.contain('<li data-field="email">El correo electrónico no es válido.')
        .and.contain('value="no-es-correo"');
      const generic = await b.post('/supplier/claim', { rfc: 'XAXX010101000', email: w.email });
      expect(generic.status).to.equal(422);
      expect(generic.text).to.contain('data-field="rfc">El RFC genérico no identifica a una empresa');
      const empty = await b.post('/supplier/claim', {});
      expect(empty.text).to.contain('data-field="rfc">Escriba el RFC.').and.contain('data-field="email">Escriba el correo electrónico.');
    });

    it('answers the same for an RFC and e-mail nobody sent a questionnaire to, and sends nothing', async () => {
      const b = new Browser(t.app);
      await b.get('/supplier/claim');
      const stranger = `${unique('nadie')}@x.test`;
      const res = await b.post('/supplier/claim', { rfc: w.rfc, email: stranger });
      expect(res.status).to.equal(200);
      expect(res.text).to.contain(`Si alguna organización le envió un cuestionario a ${stranger}`);
      expect(t.mailer.lastTo(stranger)).to.equal(undefined);
    });

    it('stores only the hash of a single-use link; opening it does not use it, confirming does, once', async () => {
      const b = new Browser(t.app);
      await b.get('/supplier/claim');
      await b.post('/supplier/claim', { rfc: ' emp 010203 ab1 ', email: w.email.toUpperCase() });
      const link = t.mailer.linkIn(t.mailer.lastTo(w.email));
      const token = link.split('/').pop()!;
      const stored = await t.db.admin((q) => q.query<{ n: number }>(`SELECT count(*)::int AS n FROM supplier_account_tokens WHERE token_hash = $1`, [hashToken(token)]));
      expect(stored.rows[0].n).to.equal(1);
      // Opening twice (a mail scanner, then the person) leaves it usable.
      expect((await b.get(link)).status).to.equal(200);
      expect((await b.get(link)).text).to.contain('Confirmar y entrar');
      const ok = await b.post('/supplier/verify', { token });
      expect(ok.status).to.equal(303);
      await b.get('/supplier/inbox');
      const again = await b.post('/supplier/verify', { token });
      expect(again.status).to.equal(410);
      expect(again.text).to.contain('ya se usó o venció');
      expect((await new Browser(t.app).get(link)).status).to.equal(410);
    });

    it('an expired link is refused; a malformed one names the token field', async () => {
      const b = new Browser(t.app);
      await b.get('/supplier/claim');
      await b.post('/supplier/claim', { rfc: w.rfc, email: w.email });
      const token = t.mailer.linkIn(t.mailer.lastTo(w.email)).split('/').pop()!;
      await t.db.admin((q) => q.query(`UPDATE supplier_account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(token)]));
      const expired = await b.post('/supplier/verify', { token });
      expect(expired.status, expired.text).to.equal(410);
      const bad = await postJson(b, '/supplier/verify', { token: 'x' });
      expect(bad.status).to.equal(422);
      expect(bad.body.errors?.[0].field).to.equal('token');
    });

    it('sends at most five links an hour per account, then says so', async () => {
      const other = await sharingWorld(t);
      const b = new Browser(t.app);
      await b.get('/supplier/claim');
      for (let i = 0; i < 5; i++) expect((await b.post('/supplier/claim', { rfc: other.rfc, email: other.email })).status).to.equal(200);
      const sixth = await b.post('/supplier/claim', { rfc: other.rfc, email: other.email });
      expect(sixth.status).to.equal(429);
      expect(sixth.text).to.contain('Ya pidió varios enlaces en la última hora');
      expect(t.mailer.sent.filter((m) => m.to === other.email && /RFC/.test(m.text))).to.have.length(5);
    });

    it('the portal’s thank-you page points the supplier to the account', async () => {
      const res = await new Browser(t.app).get(`/portal/${w.a.token}?submitted=1`);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('<a href="/supplier/claim">¿Varias organizaciones le piden el mismo cuestionario?');
    });

    it('the inbox needs a confirmed account', async () => {
      const res = await new Browser(t.app).get('/supplier/inbox');
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/supplier/claim');
    });
  });

  describe('inbox and sharing', () => {
    let supplier: Browser;
    before(async () => {
      supplier = await signInSupplier(t, w.rfc, w.email);
    });

    it('lists every request sent to the verified e-mail for this RFC, from every organisation, and nothing else', async () => {
      const res = await supplier.get('/supplier/inbox');
      expect(res.status).to.equal(200);
      for (const r of [w.a, w.b, w.c, w.d]) expect(res.text, r.org.name).to.contain(`data-request="${r.id}"`).and.contain(r.org.name);
      for (const r of [w.otherEmail, w.otherRfc]) expect(res.text).to.not.contain(r.id).and.not.contain(r.org.name);
      // Each open request of the same version offers A's reviewed answers.
      expect(res.text).to.contain(`data-target="${w.b.id}"`).and.contain(`<option value="${w.a.id}">`);
      expect(res.text).to.not.contain(`data-target="${w.a.id}"`);
    });

    it('refuses a share without consent, from an unreviewed source, into a request not in the inbox, naming the field', async () => {
      const noConsent = await postJson(supplier, '/supplier/shares', { source: w.a.id, target: w.b.id });
      expect(noConsent.status).to.equal(422);
      expect(noConsent.body.errors).to.deep.include({ field: 'consent', message: 'Marque la casilla de consentimiento para compartir.' });
      const unreviewed = await postJson(supplier, '/supplier/shares', { source: w.b.id, target: w.d.id, consent: '1' });
      expect(unreviewed.status).to.equal(422);
      expect(unreviewed.body.errors?.map((e) => e.field)).to.deep.equal(['source']);
      const foreign = await postJson(supplier, '/supplier/shares', { source: w.a.id, target: w.otherEmail.id, consent: '1' });
      expect(foreign.body.errors?.map((e) => e.field)).to.deep.equal(['target']);
      const malformed = await postJson(supplier, '/supplier/shares', { source: 'x', target: 'y', consent: '1' });
      expect(malformed.body.errors?.map((e) => e.field)).to.deep.equal(['source', 'target']);
      const shares = await t.db.admin((q) => q.query(`SELECT 1 FROM submission_share_sources src JOIN supplier_accounts a ON a.id = src.supplier_account_id WHERE a.email = $1`, [w.email]));
      expect(shares.rows).to.have.length(0);
    });

    it('does not offer a template that reuses the key and version with other questions', async () => {
      const other = await sharingWorld(t);
      const { sendRequest } = await import('./fixtures.ts');
      const { smallTemplate } = await import('../questionnaires/small-template.ts');
      const { createOrg } = await import('../support/factories.ts');
      const changed = smallTemplate();
      changed.sections[1].questions = changed.sections[1].questions.filter((q) => q.id !== 'general');
      const lookalike = await sendRequest(t, await createOrg(t.db), other.rfc, other.email, changed);
      const s = await signInSupplier(t, other.rfc, other.email);
      expect((await s.get('/supplier/inbox')).text).to.contain(`data-request="${lookalike.id}"`).and.not.contain(`data-target="${lookalike.id}"`);
      const res = await postJson(s, '/supplier/shares', { source: other.a.id, target: lookalike.id, consent: '1' });
      expect(res.body.errors?.map((e) => e.field)).to.deep.equal(['target']);
    });

    it('refuses a different questionnaire version', async () => {
      const other = await sharingWorld(t);
      // Same key, another version in a new organisation: not "the same questionnaire".
      const { sendRequest } = await import('./fixtures.ts');
      const { smallTemplate } = await import('../questionnaires/small-template.ts');
      const { createOrg } = await import('../support/factories.ts');
      const v4 = await sendRequest(t, await createOrg(t.db), other.rfc, other.email, { ...smallTemplate(), version: 4 });
      const s = await signInSupplier(t, other.rfc, other.email);
      await s.get('/supplier/inbox');
      const res = await postJson(s, '/supplier/shares', { source: other.a.id, target: v4.id, consent: '1' });
      expect(res.status).to.equal(422);
      expect(res.body.errors).to.deep.equal([{ field: 'target', message: 'Solo se pueden compartir respuestas del mismo cuestionario y la misma versión.' }]);
    });

    it('shares with consent, shows the source name only when allowed, refuses a second offer, and revokes', async () => {
      const id = await share(t, supplier, w.a, w.b, true);
      const again = await postJson(supplier, '/supplier/shares', { source: w.a.id, target: w.b.id, consent: '1' });
      expect(again.status).to.equal(409);
      const inbox = await supplier.get('/supplier/inbox');
      expect(inbox.text).to.contain(`data-share="${id}"`).and.contain('Compartido, en espera');
      const b = await analystBrowser(t, w.b.org);
      expect((await b.get(`/assessments/${w.b.id}`)).text).to.contain(`por ${w.a.org.name}`);

      expect((await supplier.post(`/supplier/shares/${id}/revoke`)).status).to.equal(303);
      expect((await supplier.get('/supplier/inbox')).text).to.contain('Consentimiento retirado');
      expect((await b.get(`/assessments/${w.b.id}`)).text).to.not.contain('id="shared-offers"').and.not.contain(w.a.org.name);
      expect((await supplier.post(`/supplier/shares/${id}/revoke`)).status).to.equal(409);
    });

    it('another supplier account cannot revoke the share', async () => {
      const id = await share(t, supplier, w.a, w.b);
      const other = await sharingWorld(t);
      const stranger = await signInSupplier(t, other.rfc, other.email);
      await stranger.get('/supplier/inbox');
      expect((await stranger.post(`/supplier/shares/${id}/revoke`)).status).to.equal(404);
      expect((await supplier.post(`/supplier/shares/${id}/revoke`)).status).to.equal(303);
    });

    it('the receiver asks for an update: the offer closes, the supplier sees it, and it can no longer be accepted', async () => {
      const id = await share(t, supplier, w.a, w.d);
      const viewer = await analystBrowser(t, w.d.org, 'viewer');
      expect((await viewer.get(`/assessments/${w.d.id}/shares/${id}`)).status).to.equal(200);
      expect((await viewer.post(`/assessments/${w.d.id}/shares/${id}/accept`)).status).to.equal(403);
      const d = await analystBrowser(t, w.d.org);
      const asked = await d.post(`/assessments/${w.d.id}/shares/${id}/ask-update`);
      expect(asked.status).to.equal(303);
      const page = await d.get(`/assessments/${w.d.id}`);
      expect(page.text).to.contain('Se pidió al proveedor una actualización');
      expect(page.text).to.not.contain('id="shared-offers"');
      expect((await supplier.get('/supplier/inbox')).text).to.contain('Pidieron una actualización');
      const accept = await postJson(d, `/assessments/${w.d.id}/shares/${id}/accept`, {});
      expect(accept.status).to.equal(409);
      expect(accept.body.code).to.equal('sharing.errors.share_update_requested');
      expect((await supplier.post(`/supplier/shares/${id}/revoke`)).status).to.equal(409);
      // The request stays open for a fresh answer, and a new offer may be made.
      expect((await supplier.get('/supplier/inbox')).text).to.contain(`data-target="${w.d.id}"`);
    });

    it('accepting needs the request still open; after acceptance consent can no longer be withdrawn', async () => {
      const id = await share(t, supplier, w.a, w.c);
      const c = await analystBrowser(t, w.c.org);
      expect((await c.post(`/assessments/${w.c.id}/shares/${id}/accept`)).status).to.equal(303);
      expect((await supplier.post(`/supplier/shares/${id}/revoke`)).status).to.equal(409);
      const inbox = await supplier.get('/supplier/inbox');
      expect(inbox.text).to.contain('Aceptado').and.not.contain(`data-target="${w.c.id}"`);
    });

    it('signing out ends the supplier session', async () => {
      const s = await signInSupplier(t, w.rfc, w.email);
      await s.get('/supplier/inbox');
      expect((await s.post('/supplier/sign-out')).status).to.equal(303);
      expect((await s.get('/supplier/inbox')).status).to.equal(303);
    });
  });
});
