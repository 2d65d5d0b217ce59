import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { buildTestApp, type Browser, type TestApp } from '../support/app.ts';
import type { TestOrg } from '../support/factories.ts';
import { A_COMMENT, SUPPLIER_NOTE, analystBrowser, share, sharingWorld, signInSupplier, type SharingWorld } from './fixtures.ts';
import { PDF } from '../assessments/helpers.ts';

/**
 * The sharing matrix: for consent given (B), given then revoked (C) and never given (D),
 * what each receiving organisation can read of the supplier's answers to A, through SQL
 * under its own row-level security and through HTTP. Runs on PGlite and, with
 * DATABASE_URL, on PostgreSQL.
 */
describe('sharing: consent matrix (given, revoked, never given)', () => {
  let t: TestApp;
  let w: SharingWorld;
  let supplier: Browser;
  let shareB: string;
  let shareC: string;

  const asOrg = <T>(org: TestOrg, fn: Parameters<TestApp['db']['tx']>[1]) => t.db.tx({ orgId: org.id, userId: null }, fn) as Promise<T>;
  const count = async (org: TestOrg, sql: string, params: unknown[] = []) =>
    (await t.db.tx({ orgId: org.id, userId: null }, (q) => q.query(sql, params))).rows.length;

  before(async () => {
    t = await buildTestApp();
    w = await sharingWorld(t);
    supplier = await signInSupplier(t, w.rfc, w.email);
    shareB = await share(t, supplier, w.a, w.b);
    shareC = await share(t, supplier, w.a, w.c);
    const revoked = await supplier.post(`/supplier/shares/${shareC}/revoke`);
    expect(revoked.status, revoked.text).to.equal(303);
  });

  it('the supplier’s consent and its withdrawal are in the receiver’s audit log, not the source’s', async () => {
    const actions = async (org: TestOrg) =>
      (await asOrg<{ rows: { action: string; actor_label: string }[] }>(org, (q) =>
        q.query(`SELECT action, actor_label FROM audit_log WHERE action LIKE 'assessment.share%' ORDER BY id`))).rows;
    expect(await actions(w.b.org)).to.deep.equal([{ action: 'assessment.share_offered', actor_label: 'supplier (account)' }]);
    expect((await actions(w.c.org)).map((r) => r.action)).to.deep.equal(['assessment.share_offered', 'assessment.share_revoked']);
    expect(await actions(w.a.org)).to.deep.equal([]);
    expect(await actions(w.d.org)).to.deep.equal([]);
  });

  it('each organisation sees only the shares addressed to it', async () => {
    const seen = async (org: TestOrg) =>
      (await asOrg<{ rows: { id: string; status: string }[] }>(org, (q) => q.query(`SELECT id, status FROM submission_shares`))).rows;
    expect(await seen(w.b.org)).to.deep.equal([{ id: shareB, status: 'offered' }]);
    expect(await seen(w.c.org)).to.deep.equal([{ id: shareC, status: 'revoked' }]);
    expect(await seen(w.d.org)).to.deep.equal([]);
    expect(await seen(w.a.org)).to.deep.equal([]);
  });

  it('the consent functions return the supplier’s answers only for consent given, to the organisation it was given to', async () => {
    const answers = (org: TestOrg, id: string) => count(org, `SELECT * FROM shared_submission_answers($1)`, [id]);
    const evidence = (org: TestOrg, id: string) => count(org, `SELECT * FROM shared_submission_evidence($1)`, [id]);
    const meta = (org: TestOrg, id: string) => count(org, `SELECT * FROM shared_submission($1)`, [id]);
    // Given:
    expect(await answers(w.b.org, shareB)).to.be.greaterThan(5);
    expect(await evidence(w.b.org, shareB)).to.equal(1);
    expect(await meta(w.b.org, shareB)).to.equal(1);
    // Revoked:
    for (const fn of [answers, evidence, meta]) expect(await fn(w.c.org, shareC)).to.equal(0);
    // Never given (D tries the ids it could guess), and the source organisation itself:
    for (const org of [w.d.org, w.a.org]) {
      for (const id of [shareB, shareC]) for (const fn of [answers, evidence, meta]) expect(await fn(org, id)).to.equal(0);
    }
  });

  it('what the functions return is the supplier’s material only: no reviewer comments, scores or buyer name', async () => {
    const cols = await asOrg<{ rows: Record<string, unknown>[] }>(w.b.org, (q) => q.query(`SELECT * FROM shared_submission_answers($1)`, [shareB]));
    expect(Object.keys(cols.rows[0]).sort()).to.deep.equal(['answer', 'question_id']);
    expect(JSON.stringify(cols.rows)).to.not.contain(A_COMMENT);
    const meta = await asOrg<{ rows: Record<string, unknown>[] }>(w.b.org, (q) => q.query(`SELECT * FROM shared_submission($1)`, [shareB]));
    expect(meta.rows[0].source_name).to.equal(null);
    expect(Object.keys(meta.rows[0]).sort()).to.deep.equal(['reviewed_at', 'source_name', 'submitted_at', 'template_key', 'template_version']);
  });

  it('no receiving organisation reads A’s own tables, or the owner-only sharing tables', async () => {
    for (const org of [w.b.org, w.c.org, w.d.org]) {
      for (const table of ['assessments', 'assessment_answers', 'assessment_events', 'evidence_files', 'findings', 'audit_log']) {
        expect(await count(org, `SELECT 1 FROM ${table} WHERE organization_id = $1`, [w.a.org.id]), table).to.equal(0);
      }
      for (const table of ['submission_share_sources', 'supplier_accounts', 'supplier_account_tokens']) {
        const err = await asOrg(org, (q) => q.query(`SELECT 1 FROM ${table}`)).catch((e: Error) => e);
        expect((err as Error).message, table).to.match(/permission denied/);
      }
      const write = await asOrg(org, (q) => q.query(`INSERT INTO submission_shares (organization_id, target_assessment_id, template_key, template_version) VALUES (app_org(), gen_random_uuid(), 'k', 1)`))
        .catch((e: Error) => e);
      expect((write as Error).message).to.match(/permission denied/);
    }
  });

  it('consent given: B previews, accepts; answers and evidence are copied, recorded as shared, with none of A’s data', async () => {
    const b = await analystBrowser(t, w.b.org);
    const show = await b.get(`/assessments/${w.b.id}`);
    expect(show.text).to.contain('id="shared-offers"').and.contain('El proveedor compartió respuestas');
    const preview = await b.get(`/assessments/${w.b.id}/shares/${shareB}`);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.contain(SUPPLIER_NOTE).and.contain('procedimiento.pdf');
    expect(preview.text).to.not.contain(A_COMMENT).and.not.contain(w.a.org.name);
    expect(await count(w.b.org, `SELECT 1 FROM audit_log WHERE action = 'assessment.share_viewed' AND target_id = $1`, [w.b.id])).to.equal(1);

    const accepted = await b.post(`/assessments/${w.b.id}/shares/${shareB}/accept`);
    expect(accepted.status, accepted.text).to.equal(303);
    const after = await b.get(`/assessments/${w.b.id}`);
    expect(after.text).to.contain('Respuestas compartidas aceptadas').and.contain(SUPPLIER_NOTE);
    expect(after.text).to.not.contain(A_COMMENT).and.not.contain(w.a.org.name);
    expect(after.text).to.not.contain('id="shared-offers"');

    const copied = await asOrg<{ rows: { status: string; comments: number; files: number; sha: string | null; ev: string | null }[] }>(w.b.org, (q) => q.query(
      `SELECT a.status,
              (SELECT count(*)::int FROM assessment_answers x WHERE x.assessment_id = a.id AND x.reviewer_comment IS NOT NULL) AS comments,
              (SELECT count(*)::int FROM evidence_files e WHERE e.assessment_id = a.id) AS files,
              (SELECT sha256 FROM evidence_files e WHERE e.assessment_id = a.id LIMIT 1) AS sha,
              (SELECT answer->>0 FROM assessment_answers x WHERE x.assessment_id = a.id AND x.question_id = 'evidence') AS ev
         FROM assessments a WHERE a.id = $1`, [w.b.id]));
    const row = copied.rows[0];
    expect(row).to.include({ status: 'submitted', comments: 0, files: 1, sha: createHash('sha256').update(PDF).digest('hex') });
    // The file answer names B's own copy, which B may download.
    const own = await b.get(`/evidence/${row.ev}/download`);
    expect(own.status).to.equal(200);
    expect(Buffer.from(own.body as Buffer).equals(PDF) || own.text === PDF.toString()).to.equal(true);
    expect(await count(w.b.org, `SELECT 1 FROM findings WHERE assessment_id = $1`, [w.b.id])).to.equal(0);
    expect(await count(w.b.org, `SELECT 1 FROM audit_log WHERE action = 'assessment.share_accepted' AND target_id = $1`, [w.b.id])).to.equal(1);
    // Used up: the functions no longer answer for this share, and B cannot reopen it.
    expect(await count(w.b.org, `SELECT * FROM shared_submission_answers($1)`, [shareB])).to.equal(0);
    const reopen = await asOrg(w.b.org, (q) => q.query(`UPDATE submission_shares SET status = 'offered'`)).catch((e: Error) => e);
    expect((reopen as Error).message).to.match(/cannot change/);
  });

  it('consent revoked: C sees no offer, and previewing or accepting is refused', async () => {
    const c = await analystBrowser(t, w.c.org);
    const show = await c.get(`/assessments/${w.c.id}`);
    expect(show.text).to.not.contain('id="shared-offers"').and.not.contain(SUPPLIER_NOTE);
    expect(show.text).to.contain('El proveedor retiró su consentimiento');
    const preview = await c.get(`/assessments/${w.c.id}/shares/${shareC}`);
    expect(preview.status).to.equal(409);
    expect(preview.text).to.not.contain(SUPPLIER_NOTE);
    expect((await c.post(`/assessments/${w.c.id}/shares/${shareC}/accept`)).status).to.equal(409);
    expect(await count(w.c.org, `SELECT 1 FROM assessment_answers WHERE assessment_id = $1`, [w.c.id])).to.equal(0);
    // Nor can C undo the revocation in SQL.
    for (const sql of [`UPDATE submission_shares SET status = 'offered'`, `UPDATE submission_shares SET revoked_at = NULL`]) {
      const err = await asOrg(w.c.org, (q) => q.query(sql)).catch((e: Error) => e);
      expect((err as Error).message, sql).to.match(/cannot change|permission denied/);
    }
    expect(await count(w.c.org, `SELECT * FROM shared_submission_answers($1)`, [shareC])).to.equal(0);
  });

  it('never given: D gets "not found" for the other organisations’ shares, through its own request or theirs', async () => {
    const d = await analystBrowser(t, w.d.org);
    for (const path of [`/assessments/${w.d.id}/shares/${shareB}`, `/assessments/${w.b.id}/shares/${shareB}`, `/assessments/${w.d.id}/shares/${shareC}`]) {
      expect((await d.get(path)).status, path).to.equal(404);
    }
    expect((await d.post(`/assessments/${w.d.id}/shares/${shareB}/accept`)).status).to.equal(404);
    expect((await d.get(`/assessments/${w.d.id}`)).text).to.not.contain('id="shared-offers"');
    expect(await count(w.d.org, `SELECT 1 FROM assessment_answers WHERE assessment_id = $1`, [w.d.id])).to.equal(0);
  });

  it('the way back is closed too: B’s review of the copy never reaches A', async () => {
    await t.services.assessments.review(w.b.org.actor('analyst'), w.b.id, 'review', { youngest_age: 'COMENTARIO-DE-B' });
    const a = await analystBrowser(t, w.a.org);
    const page = await a.get(`/assessments/${w.a.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(A_COMMENT).and.not.contain('COMENTARIO-DE-B').and.not.contain(w.b.org.name);
    expect(await count(w.a.org, `SELECT 1 FROM submission_shares`)).to.equal(0);
  });
});
