import type { Database } from '../../server/db/types.ts';
import type { TestOrg } from '../support/factories.ts';
import { smallTemplate } from '../questionnaires/small-template.ts';
import { insertTemplateIfAbsent } from '../../server/questionnaires/template.queries.ts';

/** Rows for the scoring tests, written in the tenant's own transaction (RLS applies). */

export interface SiteSpec {
  name: string;
  territoryCode: string | null;
  workforce?: Partial<Record<'total' | 'women' | 'adolescents' | 'seasonal' | 'migrant' | 'indigenous' | 'family' | 'subcontracted', number | null>>;
  latitude?: number;
  longitude?: number;
}

/**
 * The coffee farm in Tapachula (Chiapas) the scoring tests share: 200 people, 4 of them adolescents,
 * 100 seasonal, 50 migrant, 20 indigenous, no family labour, none subcontracted, 80 women.
 */
export const TAPACHULA_WORKFORCE: NonNullable<SiteSpec['workforce']> = Object.freeze({
  total: 200, adolescents: 4, family: 0, seasonal: 100, migrant: 50, subcontracted: 0, indigenous: 20, women: 80,
});

export async function addSupplier(
  db: Database,
  org: TestOrg,
  s: { name: string; sectorCode: string | null; commodities?: string[]; sites: SiteSpec[] },
): Promise<{ supplierId: string; siteIds: string[] }> {
  return db.tx({ orgId: org.id, userId: null }, async (q) => {
    const r = await q.query<{ id: string }>(
      `INSERT INTO suppliers (organization_id, legal_name, sector_code, commodities) VALUES (app_org(), $1, $2, $3) RETURNING id`,
      [s.name, s.sectorCode, s.commodities ?? []],
    );
    const supplierId = r.rows[0].id;
    const siteIds: string[] = [];
    for (const site of s.sites) {
      const w = site.workforce ?? {};
      const x = await q.query<{ id: string }>(
        `INSERT INTO sites (organization_id, supplier_id, name, territory_code, state_code, latitude, longitude,
                            workforce_total, workforce_women, workforce_adolescents, workforce_seasonal, workforce_migrant,
                            workforce_indigenous, workforce_family, workforce_subcontracted)
         VALUES (app_org(), $1, $2, $3, left($3, 2), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [supplierId, site.name, site.territoryCode, site.latitude ?? null, site.longitude ?? null, w.total ?? null, w.women ?? null,
          w.adolescents ?? null, w.seasonal ?? null, w.migrant ?? null, w.indigenous ?? null, w.family ?? null, w.subcontracted ?? null],
      );
      siteIds.push(x.rows[0].id);
    }
    return { supplierId, siteIds };
  });
}

/** A reviewed assessment with its evaluation snapshot (what the review stores for scoring). */
/**
 * The scoring tests' coffee farm: a supplier in SCIAN 111 with the Tapachula farm (07089, the workforce
 * above) and a warehouse in Aguascalientes of which only the state is known, without workforce data.
 */
export function addCoffeeFarm(db: Database, org: TestOrg): Promise<{ supplierId: string; siteIds: string[] }> {
  return addSupplier(db, org, {
    name: 'Finca Cafetalera del Soconusco',
    sectorCode: '111',
    sites: [
      { name: 'Finca Tapachula', territoryCode: '07089', workforce: TAPACHULA_WORKFORCE },
      { name: 'Bodega Aguascalientes', territoryCode: '01' },
    ],
  });
}

export async function addReviewedAssessment(
  db: Database,
  org: TestOrg,
  a: {
    supplierId: string; siteId: string | null; reviewedAt: string; controlsScore: number; redFlags?: { code: string; severity: 'critical' | 'high' }[];
    status?: string; dueDate?: string;
    /** An on-site verification with worker interviews on this day (the review's day by default). */
    verifiedOnSite?: { on?: string; inHarvest?: boolean };
  },
): Promise<string> {
  return db.tx({ orgId: org.id, userId: null }, async (q) => {
    const { id: templateId } = await insertTemplateIfAbsent(q, { definition: smallTemplate(), source: 'imported', createdBy: null });
    const r = await q.query<{ id: string }>(
      `INSERT INTO assessments (organization_id, supplier_id, site_id, template_id, template_key, template_version, status,
                                reviewed_at, controls_score, red_flags, due_date, evidence_level, verified_by, verified_on, verified_in_harvest)
       VALUES (app_org(), $1, $2, $3, 'small-test', 3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [a.supplierId, a.siteId, templateId, a.status ?? 'reviewed', a.status && a.status !== 'reviewed' ? null : a.reviewedAt,
        a.status && a.status !== 'reviewed' ? null : a.controlsScore, JSON.stringify(a.redFlags ?? []), a.dueDate ?? null,
        a.verifiedOnSite ? 'verified_on_site' : null, a.verifiedOnSite ? 'Equipo de verificación' : null,
        a.verifiedOnSite ? (a.verifiedOnSite.on ?? a.reviewedAt.slice(0, 10)) : null, a.verifiedOnSite ? (a.verifiedOnSite.inHarvest ?? false) : null],
    );
    return r.rows[0].id;
  });
}

/** An ISO timestamp `days` before now: reviews in tests stay inside the 12 months of full credit. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

/**
 * What breaks the chains of an organisation's history: a row naming another site's row, two rows
 * naming the same one (a fork), or a site (supplier) whose rows do not form exactly one chain that
 * starts at its pointer or at where it ended.
 */
export async function brokenChains(db: Database, orgId: string): Promise<string[]> {
  const r = await db.admin((q) => q.query<{ problem: string }>(
    `WITH h AS (SELECT 'site' AS kind, site_id AS owner, id, previous_id FROM site_scores WHERE organization_id = $1
                UNION ALL SELECT 'supplier', supplier_id, id, previous_id FROM supplier_scores WHERE organization_id = $1),
          heads AS (SELECT 'site' AS kind, site_id AS owner, score_id FROM site_score_current WHERE organization_id = $1
                    UNION ALL SELECT 'site', site_id, score_id FROM site_score_ended e WHERE organization_id = $1
                      AND NOT EXISTS (SELECT 1 FROM site_score_current p WHERE p.organization_id = e.organization_id AND p.site_id = e.site_id)
                    UNION ALL SELECT 'supplier', supplier_id, score_id FROM supplier_score_current WHERE organization_id = $1
                    UNION ALL SELECT 'supplier', supplier_id, score_id FROM supplier_score_ended e WHERE organization_id = $1
                      AND NOT EXISTS (SELECT 1 FROM supplier_score_current p WHERE p.organization_id = e.organization_id AND p.supplier_id = e.supplier_id))
     SELECT 'other owner ' || a.id AS problem FROM h a JOIN h b ON b.id = a.previous_id WHERE b.owner <> a.owner
     UNION ALL SELECT 'fork at ' || previous_id FROM h WHERE previous_id IS NOT NULL GROUP BY previous_id HAVING count(*) > 1
     UNION ALL SELECT 'tails ' || owner FROM h GROUP BY kind, owner HAVING count(*) FILTER (WHERE previous_id IS NULL) <> 1
     UNION ALL SELECT 'no head ' || h.owner FROM (SELECT DISTINCT kind, owner FROM h) h
       WHERE NOT EXISTS (SELECT 1 FROM heads x WHERE x.kind = h.kind AND x.owner = h.owner)
     UNION ALL SELECT 'head not newest ' || x.owner FROM heads x
       WHERE EXISTS (SELECT 1 FROM h WHERE h.previous_id = x.score_id)`,
    [orgId],
  ));
  return r.rows.map((x) => x.problem);
}
