import type { Database } from '../../server/db/types.ts';
import type { TestOrg } from '../support/factories.ts';
import { loadTerritories } from '../../server/territories/territory.service.ts';
import { localToday } from '../../server/remediation/action.workflow.ts';

/**
 * Suppliers and sites for remediation tests, written with plain SQL in the tenant's own
 * transaction: remediation only reads them, and this keeps the tests independent of the
 * supplier forms. Each call makes new rows, so tests never share data.
 */
export async function addSupplierWithSites(
  db: Database, org: TestOrg, opts: { name?: string; contact?: string; sites?: { name: string; territory: string | null }[] } = {},
): Promise<{ supplierId: string; siteIds: string[] }> {
  const sites = opts.sites ?? [{ name: 'Finca La Esperanza', territory: '07089' }];
  return db.tx({ orgId: org.id, userId: org.users.owner.id }, async (q) => {
    const s = await q.query<{ id: string }>(
      `INSERT INTO suppliers (organization_id, legal_name, contact_name) VALUES (app_org(), $1, $2) RETURNING id`,
      [opts.name ?? 'Café del Soconusco S.A.', opts.contact ?? 'Rosa Gómez'],
    );
    const supplierId = s.rows[0].id;
    const siteIds: string[] = [];
    for (const site of sites) {
      const r = await q.query<{ id: string }>(
        `INSERT INTO sites (organization_id, supplier_id, name, territory_code, state_code) VALUES (app_org(), $1, $2, $3, $4) RETURNING id`,
        [supplierId, site.name, site.territory, site.territory?.slice(0, 2) ?? null],
      );
      siteIds.push(r.rows[0].id);
    }
    return { supplierId, siteIds };
  });
}

/** A reviewed assessment of the site (template row included), for red-flag and coverage tests. */
export async function addReviewedAssessment(db: Database, org: TestOrg, supplierId: string, siteId: string | null): Promise<string> {
  return db.tx({ orgId: org.id, userId: org.users.owner.id }, async (q) => {
    const key = `t-${Math.random().toString(36).slice(2, 8)}`;
    const t = await q.query<{ id: string }>(
      `INSERT INTO questionnaire_templates (organization_id, key, version, title_es, title_en, definition, source)
       VALUES (app_org(), $1, 1, 'Prueba', 'Test', '{}', 'imported') RETURNING id`,
      [key],
    );
    const a = await q.query<{ id: string }>(
      `INSERT INTO assessments (organization_id, supplier_id, site_id, template_id, template_key, template_version, status, reviewed_at)
       VALUES (app_org(), $1, $2, $3, $4, 1, 'reviewed', now()) RETURNING id`,
      [supplierId, siteId, t.rows[0].id, key],
    );
    return a.rows[0].id;
  });
}

let territories: Promise<unknown> | undefined;
/** The INEGI catalogue, which service-directory validation reads. Loaded once per run. */
export function withTerritories(db: Database): Promise<unknown> {
  territories ??= loadTerritories(db);
  return territories;
}

export async function auditActions(db: Database, org: TestOrg): Promise<{ action: string; target_id: string | null; actor_user_id: string | null }[]> {
  const r = await db.tx({ orgId: org.id, userId: null }, (q) =>
    q.query<{ action: string; target_id: string | null; actor_user_id: string | null }>(`SELECT action, target_id, actor_user_id FROM audit_log ORDER BY id`));
  return r.rows;
}

/** A day relative to today in Mexico City (the app's notion of "today" for due dates). */
export const daysFromToday = (n: number): string =>
  new Date(Date.parse(`${localToday()}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
