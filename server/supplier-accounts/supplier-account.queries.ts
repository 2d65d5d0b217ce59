import type { Queryable } from '../db/types.ts';

/**
 * Owner-connection queries for supplier accounts. A supplier spans organisations, so
 * these run through `db.admin`; every one is bounded by the verified (RFC, e-mail) pair
 * of the account, never by anything the request names alone.
 */

export interface SupplierAccountRow {
  id: string;
  rfc: string;
  email: string;
  verified_at: Date | null;
}

export interface InboxRow {
  id: string;
  organization_id: string;
  org_name: string;
  supplier_name: string;
  template_key: string;
  template_version: number;
  title_es: string;
  title_en: string;
  status: string;
  due_date: string | null;
  sent_at: Date | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  /** md5 of the template definition (jsonb text is canonical): equal keys must also mean equal questions. */
  definition_hash: string;
}

/** Strips the same separators as `normalizeRfc`, for records saved before normalisation. */
const RFC_SQL = `upper(regexp_replace(s.tax_id, '[[:space:]._-]', '', 'g'))`;

/**
 * The matching rule: a request belongs in the inbox only when it was sent to the
 * account's verified e-mail AND its supplier record carries the account's RFC.
 * Drafts were never sent, so they are not "received".
 */
const INBOX = `
  SELECT a.id, a.organization_id, o.name AS org_name, s.legal_name AS supplier_name, a.template_key, a.template_version,
         t.title_es, t.title_en, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.sent_at, a.submitted_at, a.reviewed_at,
         md5(t.definition::text) AS definition_hash
    FROM assessments a
    JOIN suppliers s ON s.organization_id = a.organization_id AND s.id = a.supplier_id
    JOIN organizations o ON o.id = a.organization_id
    JOIN questionnaire_templates t ON t.organization_id = a.organization_id AND t.id = a.template_id
   WHERE lower(a.contact_email) = $1 AND ${RFC_SQL} = $2 AND a.status <> 'draft'`;

export async function hasRequests(q: Queryable, email: string, rfc: string): Promise<boolean> {
  const r = await q.query(`${INBOX} LIMIT 1`, [email, rfc]);
  return r.rows.length > 0;
}

export async function inbox(q: Queryable, account: SupplierAccountRow): Promise<InboxRow[]> {
  const r = await q.query<InboxRow>(`${INBOX} ORDER BY coalesce(a.sent_at, a.created_at) DESC, a.id`, [account.email, account.rfc]);
  return r.rows;
}

export async function inboxItem(q: Queryable, account: SupplierAccountRow, assessmentId: string): Promise<InboxRow | undefined> {
  const r = await q.query<InboxRow>(`${INBOX} AND a.id = $3`, [account.email, account.rfc, assessmentId]);
  return r.rows[0];
}

export async function upsertAccount(q: Queryable, rfc: string, email: string): Promise<SupplierAccountRow> {
  const r = await q.query<SupplierAccountRow>(
    `INSERT INTO supplier_accounts (rfc, email) VALUES ($1, $2)
     ON CONFLICT (rfc, email) DO UPDATE SET rfc = EXCLUDED.rfc RETURNING id, rfc, email, verified_at`,
    [rfc, email],
  );
  return r.rows[0];
}

export async function getAccount(q: Queryable, id: string): Promise<SupplierAccountRow | undefined> {
  const r = await q.query<SupplierAccountRow>(`SELECT id, rfc, email, verified_at FROM supplier_accounts WHERE id = $1`, [id]);
  return r.rows[0];
}

export async function recentTokenCount(q: Queryable, accountId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM supplier_account_tokens WHERE account_id = $1 AND created_at > now() - interval '1 hour'`,
    [accountId],
  );
  return r.rows[0].n;
}

export async function insertToken(q: Queryable, accountId: string, tokenHash: string, expiresAt: Date) {
  await q.query(`INSERT INTO supplier_account_tokens (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, accountId, expiresAt]);
}

/** Uses the token up in the same statement that checks it, so it works once. */
export async function consumeToken(q: Queryable, tokenHash: string): Promise<string | undefined> {
  const r = await q.query<{ account_id: string }>(
    `UPDATE supplier_account_tokens SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING account_id`,
    [tokenHash],
  );
  return r.rows[0]?.account_id;
}

export async function tokenUsable(q: Queryable, tokenHash: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM supplier_account_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, [tokenHash]);
  return r.rows.length > 0;
}

export async function markVerified(q: Queryable, accountId: string) {
  await q.query(`UPDATE supplier_accounts SET verified_at = coalesce(verified_at, now()), last_sign_in_at = now() WHERE id = $1`, [accountId]);
}
