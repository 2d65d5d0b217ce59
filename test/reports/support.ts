import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Database } from '../../server/db/types.ts';
import { Browser, type TestApp } from '../support/app.ts';
import { PASSWORD, type TestOrg } from '../support/factories.ts';

/** The text of each page of a PDF (pdfjs legacy build, which runs in Node), whitespace folded. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('');
    pages.push(text.replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function signedIn(t: TestApp, org: TestOrg, role: keyof TestOrg['users'] = 'analyst'): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(org.users[role].email, PASSWORD)).status).to.equal(302);
  await b.get('/reports');
  return b;
}

/** Asks for a report through the form, runs the job, and returns the report id. */
export async function generate(t: TestApp, b: Browser, form: Record<string, string>): Promise<string> {
  await b.get('/reports');
  const res = await b.post('/reports', form);
  expect(res.status, res.text?.slice(0, 1500)).to.equal(303);
  const jobId = /^\/jobs\/([0-9a-f-]{36})$/.exec(res.headers.location)?.[1];
  expect(jobId, res.headers.location).to.be.a('string');
  await t.services.jobs.drain();
  const job = await b.get(`/api/v1/jobs/${jobId}`);
  expect(job.body.status, JSON.stringify(job.body)).to.equal('succeeded');
  const href = String(job.body.result.href);
  expect(href).to.match(/^\/reports\/[0-9a-f-]{36}$/);
  return href.slice('/reports/'.length);
}

/** Downloads a report's PDF as bytes. */
export async function download(b: Browser, id: string) {
  return b.agent.get(`/reports/${id}/download`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

export async function reportRow(db: Database, org: TestOrg, id: string) {
  const r = await db.tx({ orgId: org.id, userId: null }, (q) =>
    q.query<{ organization_id: string; status: string; sha256: string; size: number; pages: number; file_path: string; dataset_is_demo: boolean; author_name: string; locale: string }>(
      `SELECT organization_id, status, sha256, size::int AS size, pages, file_path, dataset_is_demo, author_name, locale FROM reports WHERE id = $1`,
      [id],
    ),
  );
  return r.rows[0];
}

export async function auditOf(db: Database, org: TestOrg, action: string) {
  const r = await db.tx({ orgId: org.id, userId: null }, (q) =>
    q.query<{ target_id: string | null; actor_user_id: string | null; details: Record<string, any> }>(
      `SELECT target_id, actor_user_id, details FROM audit_log WHERE organization_id = $1 AND action = $2 ORDER BY id`,
      [org.id, action],
    ),
  );
  return r.rows;
}
