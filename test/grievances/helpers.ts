import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import type { Database } from '../../server/db/types.ts';
import type { TestOrg } from '../support/factories.ts';

export interface Submitted {
  receipt: string;
  secret: string;
  id: string;
}

export const ACCOUNT = 'Vi a dos niñas de unos 11 años cortando café en la parcela 4 durante la mañana.';

/** Sends the public form as a phone would (multipart, no cookie), returning receipt, secret and the stored id. */
export async function submitReport(
  app: Express, db: Database, org: TestOrg,
  fields: Record<string, string> = {}, files: { name: string; content: Buffer }[] = [], headers: Record<string, string> = {},
): Promise<Submitted> {
  const res = await postReport(app, org.slug, { category: 'child_labour', description: ACCOUNT, ...fields }, files, headers);
  expect(res.status, res.text.slice(0, 2000)).to.equal(200);
  const receipt = /id="receipt-number">([^<]+)</.exec(res.text)![1];
  const secret = /id="receipt-secret">([^<]+)</.exec(res.text)![1];
  const id = (await db.admin((q) => q.query<{ id: string }>(`SELECT id FROM grievance_reports WHERE organization_id = $1 AND receipt = $2`, [org.id, receipt]))).rows[0].id;
  return { receipt, secret, id };
}

export function postReport(app: Express, slug: string, fields: Record<string, string>, files: { name: string; content: Buffer }[] = [], headers: Record<string, string> = {}) {
  let req = supertest(app).post(`/g/${slug}`);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('photos', f.content, f.name);
  return req;
}

export function follow(app: Express, slug: string, receipt: string, secret: string) {
  return supertest(app).post(`/g/${slug}/follow`).type('form').send({ receipt, secret });
}
