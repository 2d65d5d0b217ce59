import type { Queryable } from '../db/types.ts';
import type { DetailsInput } from './org-profile.schema.ts';
import type { DueDiligenceInput } from './due-diligence.schema.ts';

export interface OrgDetailsRow {
  id: string;
  kind: 'company' | 'consultancy';
  name: string;
  slug: string;
  legal_name: string | null;
  tax_id: string | null;
  address: string | null;
  contact_email: string | null;
  details_updated_at: Date | null;
  delete_after: Date | null;
  deletion_requested_at: Date | null;
  responsible_name: string | null;
  responsible_position: string | null;
  policy_title: string | null;
  policy_date: string | null;
  policy_approved_by: string | null;
  policy_file_path: string | null;
  policy_sha256: string | null;
}

export async function getDetails(q: Queryable): Promise<OrgDetailsRow | undefined> {
  const r = await q.query<OrgDetailsRow>(
    `SELECT id, kind, name, slug, legal_name, tax_id, address, contact_email, details_updated_at, delete_after, deletion_requested_at,
            responsible_name, responsible_position, policy_title, to_char(policy_date, 'YYYY-MM-DD') AS policy_date,
            policy_approved_by, policy_file_path, policy_sha256
       FROM organizations WHERE id = app_org()`,
  );
  return r.rows[0];
}

export async function updateDetails(q: Queryable, d: DetailsInput): Promise<void> {
  await q.query(
    `UPDATE organizations SET name = $1, legal_name = $2, tax_id = $3, address = $4, contact_email = $5, details_updated_at = now()
      WHERE id = app_org()`,
    [d.name, d.legalName, d.taxId, d.address, d.contactEmail],
  );
}

/** The LkSG particulars; the file's path and hash only change when a new file comes. */
export async function updateDueDiligence(q: Queryable, d: DueDiligenceInput, file: { path: string; sha256: string } | null): Promise<void> {
  await q.query(
    `UPDATE organizations SET responsible_name = $1, responsible_position = $2, policy_title = $3, policy_date = $4,
            policy_approved_by = $5, policy_file_path = coalesce($6, policy_file_path), policy_sha256 = coalesce($7, policy_sha256)
      WHERE id = app_org()`,
    [d.responsibleName, d.responsiblePosition, d.policyTitle, d.policyDate, d.policyApprovedBy, file?.path ?? null, file?.sha256 ?? null],
  );
}

export interface ChecklistCounts {
  suppliers: number;
  sent_assessments: number;
  colleagues: number;
  details: boolean;
}

/** What a new organisation has done so far; each count stops at 1 (only "any?" matters). */
export async function checklistCounts(q: Queryable): Promise<ChecklistCounts> {
  const r = await q.query<ChecklistCounts>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM suppliers WHERE organization_id = app_org() LIMIT 1) s)::int AS suppliers,
            (SELECT count(*) FROM (SELECT 1 FROM assessments WHERE organization_id = app_org() AND status <> 'draft' LIMIT 1) a)::int AS sent_assessments,
            ((SELECT count(*) FROM (SELECT 1 FROM invitations WHERE organization_id = app_org() LIMIT 1) i)
             + (SELECT count(*) FROM (SELECT 1 FROM memberships WHERE organization_id = app_org() LIMIT 2) m) - 1)::int AS colleagues,
            (SELECT details_updated_at IS NOT NULL FROM organizations WHERE id = app_org()) AS details`,
  );
  return r.rows[0];
}
