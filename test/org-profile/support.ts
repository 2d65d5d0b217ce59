import { expect } from 'chai';
import { Browser, type TestApp } from '../support/app.ts';
import { PASSWORD, type TestOrg } from '../support/factories.ts';

export const POLICY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function signedIn(t: TestApp, org: TestOrg, role: keyof TestOrg['users']): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(org.users[role].email, PASSWORD)).status).to.equal(302);
  await b.get('/');
  return b;
}

/** Posts the due-diligence form (multipart, CSRF token in the query as the page's form does). */
export function postDueDiligence(b: Browser, fields: Record<string, string>, file?: { bytes: Buffer; name: string }) {
  let req = b.agent.post(`/settings/organization/due-diligence?_csrf=${encodeURIComponent(b.csrf)}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('policyFile', file.bytes, file.name);
  return req;
}

