import { expect } from 'chai';
import { Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { exportTemplate } from '../../server/questionnaires/template.json.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';
import { PDF } from '../assessments/helpers.ts';

/** Text that only organisation A's reviewer wrote: it must never reach another buyer. */
export const A_COMMENT = 'COMENTARIO-PRIVADO-DE-A';
export const SUPPLIER_NOTE = 'nota-proveedor';

/** A supplier record with an RFC (tax_id), as the supplier feature stores it (upper-case). */
export async function addSupplierWithRfc(t: TestApp, org: TestOrg, rfc: string | null, name = 'Empacadora Los Altos'): Promise<string> {
  return t.db.tx({ orgId: org.id, userId: org.users.owner.id }, async (q) =>
    (await q.query<{ id: string }>(
      `INSERT INTO suppliers (organization_id, legal_name, tax_id, contact_email) VALUES (app_org(), $1, $2, 'x@proveedor.test') RETURNING id`,
      [name, rfc],
    )).rows[0].id);
}

export interface Request {
  org: TestOrg;
  id: string;
  token: string;
}

/** The organisation imports the small template (key small-test, v3) and sends it to `email`. */
export async function sendRequest(t: TestApp, org: TestOrg, rfc: string | null, email: string, template = smallTemplate()): Promise<Request> {
  const analyst = org.actor('analyst');
  const { id: templateId } = await t.services.templates.importJson(analyst, exportTemplate(template));
  const supplierId = await addSupplierWithRfc(t, org, rfc);
  const id = await t.services.assessments.create(analyst, {
    supplierId, siteId: null, templateId, dueDate: addDays(dayOf(), 20), contactEmail: email, language: 'es-MX', action: 'send',
  });
  const token = t.mailer.linkIn(t.mailer.lastTo(email)).split('/').pop()!;
  return { org, id, token };
}

/** The supplier answers through the portal (with one evidence file) and A's analyst reviews with a private comment. */
export async function answerAndReview(t: TestApp, r: Request): Promise<void> {
  const form = { has_policy: 'yes', policy_channels: ['a'], workers_count: '25', youngest_age: '14', checks_age: 'yes', docs: 'curp', notes: SUPPLIER_NOTE };
  const saved = await t.services.portal.save(r.token, form, [{ questionId: 'evidence', originalName: 'procedimiento.pdf', content: PDF }], 'submit');
  expect(saved.outcome).to.equal('submitted');
  await t.services.assessments.review(r.org.actor('analyst'), r.id, 'review', { youngest_age: A_COMMENT });
}

export interface SharingWorld {
  rfc: string;
  email: string;
  /** A reviewed the supplier's answers; B, C, D sent the same questionnaire version. */
  a: Request;
  b: Request;
  c: Request;
  d: Request;
  /** Same RFC, another e-mail; and same e-mail, another RFC: neither belongs in the inbox. */
  otherEmail: Request;
  otherRfc: Request;
}

export async function sharingWorld(t: TestApp): Promise<SharingWorld> {
  const rfc = 'EMP010203AB1';
  const email = `${unique('ventas')}@empacadora.test`;
  const [oa, ob, oc, od, oe, of] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createOrg(t.db)));
  // A stored the RFC as typed (lower case, hyphen): matching normalises it.
  const a = await sendRequest(t, oa, 'emp-010203-ab1', email.toUpperCase());
  await answerAndReview(t, a);
  return {
    rfc, email, a,
    b: await sendRequest(t, ob, rfc, email),
    c: await sendRequest(t, oc, rfc, email),
    d: await sendRequest(t, od, rfc, email),
    otherEmail: await sendRequest(t, oe, rfc, `${unique('otro')}@empacadora.test`),
    otherRfc: await sendRequest(t, of, 'OTR010203AB1', email),
  };
}

/** Claims the account through HTTP and follows the confirmation link; returns the signed-in browser. */
export async function signInSupplier(t: TestApp, rfc: string, email: string): Promise<Browser> {
  const b = new Browser(t.app);
  await b.get('/supplier/claim');
  const sent = await b.post('/supplier/claim', { rfc, email });
  expect(sent.status, sent.text).to.equal(200);
  const link = t.mailer.linkIn(t.mailer.lastTo(email));
  expect((await b.get(link)).status).to.equal(200);
  const verified = await b.post('/supplier/verify', { token: link.split('/').pop()! });
  expect(verified.status, verified.text).to.equal(303);
  expect(verified.headers.location).to.equal('/supplier/inbox');
  return b;
}

export async function analystBrowser(t: TestApp, org: TestOrg, role: 'analyst' | 'viewer' = 'analyst'): Promise<Browser> {
  const b = new Browser(t.app);
  await b.login(org.users[role].email, PASSWORD);
  await b.get('/assessments'); // signing in starts a new session: pick up its CSRF token
  return b;
}

/** Shares A's reviewed answers with the request `target` through the inbox form; returns the share id. */
export async function share(t: TestApp, supplier: Browser, source: Request, target: Request, showSourceName = false): Promise<string> {
  await supplier.get('/supplier/inbox');
  const res = await supplier.post('/supplier/shares', { source: source.id, target: target.id, consent: '1', ...(showSourceName ? { showSourceName: '1' } : {}) });
  expect(res.status, res.text).to.equal(303);
  const row = await t.db.tx({ orgId: target.org.id, userId: null }, (q) =>
    q.query<{ id: string }>(`SELECT id FROM submission_shares WHERE target_assessment_id = $1 AND status = 'offered'`, [target.id]));
  return row.rows[0].id;
}
