import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { NotFound } from '../errors.ts';
import { templateDefinition } from '../questionnaires/template.queries.ts';
import type { QuestionnaireTemplate } from '../questionnaires/template.schema.ts';
import { localToday } from '../remediation/action.workflow.ts';
import { windowStart } from '../training/coverage.ts';
import { readinessFor, type Readiness } from './readiness.ts';
import { schemeFor, type Scheme } from './requirements.ts';
import * as sql from './distintivo.queries.ts';

export interface SiteReadiness {
  site: sql.SiteHeader;
  /** The scheme that applies by sector; null when the supplier has no sector. */
  scheme: Scheme | null;
  readiness: Readiness[];
  /** What the site declared in the questionnaire's distintivo section, if asked. */
  declared: { status: string; year: number | null } | null;
  template: QuestionnaireTemplate | undefined;
}

/** STPS distintivo readiness per site (docs/distintivos.md): computed, nothing stored. */
export function createDistintivoService(db: Database) {
  async function forSite(actor: Actor, siteId: string, today: string = localToday()): Promise<SiteReadiness> {
    authorize(actor, 'distintivos.read');
    return db.tx(dbContext(actor), async (q) => {
      const site = await sql.selectSite(q, siteId);
      if (!site) throw new NotFound();
      return build(q, site, today);
    });
  }

  async function build(q: Parameters<typeof sql.siteFacts>[0], site: sql.SiteHeader, today: string): Promise<SiteReadiness> {
    const assessment = await sql.latestAssessment(q, site);
    const facts = await sql.siteFacts(q, site, assessment, windowStart(today));
    const scheme = schemeFor(site.sector_code);
    // Without a sector, both schemes are shown: the applicant knows which one it seeks.
    const schemes: Scheme[] = scheme ? [scheme] : ['dealti', 'mexsti'];
    const answers = facts.assessment?.answers ?? {};
    const status = answers.stps_distintivo;
    return {
      site, scheme,
      readiness: schemes.map((s) => readinessFor(s, facts)),
      declared: typeof status === 'string' ? { status, year: typeof answers.distintivo_year === 'number' ? answers.distintivo_year : null } : null,
      template: assessment ? await templateDefinition(q, assessment.template_id) : undefined,
    };
  }

  return {
    forSite,

    /** Active sites (the first 1,000 by supplier and name) with their readiness: the list page and the CSV export. Six reads per site. */
    async all(actor: Actor, today: string = localToday()): Promise<SiteReadiness[]> {
      authorize(actor, 'distintivos.read');
      return db.tx(dbContext(actor), async (q) => {
        const out: SiteReadiness[] = [];
        for (const site of await sql.listSites(q)) out.push(await build(q, site, today));
        return out;
      });
    },
  };
}

export type DistintivoService = ReturnType<typeof createDistintivoService>;
