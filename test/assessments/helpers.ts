import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { addSupplier } from './fixtures.ts';
import { exportTemplate } from '../../server/questionnaires/template.json.ts';
import { addDays, dayOf } from '../../server/assessments/assessment.dates.ts';

export interface UploadFile {
  field: string;
  name: string;
  content: Buffer;
}

/** Posts a multipart form the way the portal page does: CSRF token in the query string. */
export async function postMultipart(b: Browser, url: string, fields: Record<string, string | string[]>, files: UploadFile[] = []) {
  const sep = url.includes('?') ? '&' : '?';
  let req = b.agent.post(`${url}${sep}_csrf=${encodeURIComponent(b.csrf)}`);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
  }
  for (const f of files) req = req.attach(f.field, f.content, f.name);
  const res = await req;
  const m = res.text && /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (m) b.csrf = m[1];
  return res;
}

/** Imports the small test template through the HTTP import form; returns its id. */
export async function importSmallTemplate(b: Browser, version = 3): Promise<string> {
  await b.get('/questionnaires');
  const res = await postMultipart(b, '/questionnaires/import', {}, [
    { field: 'file', name: 'small.json', content: Buffer.from(exportTemplate({ ...smallTemplate(), version })) },
  ]);
  expect(res.status, res.text).to.equal(302);
  return res.headers.location.split('/').pop()!;
}

/** Sends a questionnaire through the form and returns the assessment id and the portal path from the e-mail. */
export async function sendQuestionnaire(
  t: TestApp, b: Browser, o: { supplierId: string; siteId?: string | null; templateId: string; email: string; language?: string; dueInDays?: number },
): Promise<{ id: string; link: string }> {
  await b.get(`/assessments/new?supplierId=${o.supplierId}`);
  const res = await b.post('/assessments', {
    supplierId: o.supplierId, siteId: o.siteId ?? '', templateId: o.templateId, dueDate: addDays(dayOf(), o.dueInDays ?? 14),
    contactEmail: o.email, language: o.language ?? 'es-MX', action: 'send',
  });
  expect(res.status, res.text).to.equal(302);
  const id = res.headers.location.split('/').pop()!;
  return { id, link: t.mailer.linkIn(t.mailer.lastTo(o.email)) };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]), Buffer.alloc(256)]);
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d7a90000000049454e44ae426082', 'hex');

export function statusOf(t: TestApp, org: TestOrg, id: string): Promise<string> {
  return t.db.tx({ orgId: org.id, userId: null }, async (q) => (await q.query<{ status: string }>(`SELECT status FROM assessments WHERE id = $1`, [id])).rows[0].status);
}

export interface AnalystSetup {
  t: TestApp;
  org: TestOrg;
  analyst: Browser;
  templateId: string;
}

export interface SupplierSetup extends AnalystSetup {
  supplierId: string;
}

/** As analystWithTemplate, with one supplier (without sites) to send questionnaires to. */
export async function analystWithSupplier(legalName: string): Promise<SupplierSetup> {
  const setup = await analystWithTemplate();
  const { supplierId } = await addSupplier(setup.t.db, setup.org, legalName, false);
  return { ...setup, supplierId };
}

/** A fresh organisation, its analyst signed in, and the small template imported through HTTP. */
export async function analystWithTemplate(): Promise<AnalystSetup> {
  const t = await buildTestApp();
  const org = await createOrg(t.db);
  const analyst = new Browser(t.app);
  await analyst.login(org.users.analyst.email, PASSWORD);
  return { t, org, analyst, templateId: await importSmallTemplate(analyst) };
}
