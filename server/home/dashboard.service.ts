import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { loadGeoJson, territoryCentroid } from '../maps/geo-data.ts';
import { mapLabels } from '../maps/map-labels.ts';
import type { MapValuesPayload, SitePointProperties } from '../maps/map.types.ts';
import { getActiveDataset } from '../risk-datasets/risk-dataset.service.ts';
import {
  LEVEL_COLORS, RISK_LEVEL_ORDER, assessmentStatusChart, riskDistributionChart, type Translate,
} from './dashboard.charts.ts';
import * as sql from './dashboard.queries.ts';
import { todayIn } from '../dates/local-day.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import { grievanceStats } from '../grievances/grievance.stats.ts';
import { selectOrgCounts, staleSiteScores } from '../summaries/org-counts.queries.ts';

/** Leaflet draws SVG markers; beyond a few thousand the page stops being usable. */
export const MAP_MAX_SITES = 3000;
const OVERDUE_SHOWN = 10;


export function createDashboardService(db: Database) {
  const tx = <T>(actor: Actor, fn: (q: Queryable) => Promise<T>) => db.tx(dbContext(actor), fn);

  return {
    /** Everything the dashboard shows; sections the role may not see are left out (auditor: no assessments). */
    async overview(actor: Actor, t: Translate) {
      authorize(actor, 'scores.read');
      const showAssessments = can(actor, 'assessments.read');
      const showActions = can(actor, 'findings.read');
      return tx(actor, async (q) => {
        // Kept by the database as rows change (server/summaries): no recount of the tenant per view.
        const summary = await selectOrgCounts(q);
        const counts = { suppliers: summary.liveSuppliers, sites: summary.liveSites };
        const levels = summary.levels;
        const scored = [...levels.values()].reduce((a, b) => a + b, 0);
        const dataset = await getActiveDataset(q, 'MX');
        const stale = staleSiteScores(summary, dataset?.id ?? null);
        const lastRun = await sql.selectLastRun(q);
        const assessments = showAssessments ? summary.assessments : null;
        const today = todayIn(await orgTimeZone(q));
        const overdueAssessments = showAssessments ? await sql.selectOverdueAssessments(q, OVERDUE_SHOWN, today) : null;
        const overdueActions = showActions ? await sql.selectOverdueActions(q, OVERDUE_SHOWN, today) : null;
        // Counts only (docs/grievances.md); the reports themselves open to handlers.
        const grievances = can(actor, 'grievances.stats') ? await grievanceStats(q) : null;
        const overdueItems = [
          ...(overdueAssessments?.rows ?? []).map((o) => ({
            kind: 'assessment',
            href: `/assessments/${o.id}`,
            title: o.site_name ? `${o.supplier_name} · ${o.site_name}` : o.supplier_name,
            status: `${t('dashboard.overdue.assessment')} · ${t(`dashboard.assessments.status.${o.status}`)}`,
            dueDate: o.due_date,
          })),
          ...(overdueActions?.rows ?? []).map((o) => ({
            kind: 'action',
            href: `/remediation/plans/${o.plan_id}`,
            title: `${o.supplier_name} · ${o.title}`,
            status: `${t('dashboard.overdue.action')} · ${t(`dashboard.overdue.actionStatus.${o.status}`)}`,
            dueDate: o.due_date,
          })),
        ].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).slice(0, OVERDUE_SHOWN);
        return {
          counts: { ...counts, scored, unscored: Math.max(0, counts.suppliers - scored) },
          levels: RISK_LEVEL_ORDER.map((l) => ({ level: l, label: t(`scoring.levels.${l}`), count: levels.get(l) ?? 0 })),
          riskChart: riskDistributionChart(t, levels, Math.max(0, counts.suppliers - scored)),
          dataset: dataset && { name: dataset.name, version: dataset.version, isDemo: dataset.isDemo, year: dataset.year },
          staleScores: stale,
          lastRun,
          assessments: assessments && {
            total: [...assessments.values()].reduce((a, b) => a + b, 0),
            chart: assessmentStatusChart(t, assessments),
          },
          grievances,
          overdue: showAssessments || showActions
            ? { total: (overdueAssessments?.total ?? 0) + (overdueActions?.total ?? 0), items: overdueItems }
            : null,
        };
      });
    },

    /** States coloured by the worst current site level in them (client/map.ts values payload). */
    async mapValues(actor: Actor, t: Translate): Promise<MapValuesPayload> {
      authorize(actor, 'scores.read');
      return tx(actor, async (q) => {
        const dataset = await getActiveDataset(q, 'MX');
        const states = await sql.selectStateLevels(q);
        const names = new Map(loadGeoJson('state').features.map((f) => [f.properties.CVE_ENT, f.properties.NOM_ENT]));
        const values: MapValuesPayload['values'] = {};
        for (const s of states) {
          if (s.rank === null) continue;
          values[s.state] = { level: RISK_LEVEL_ORDER[s.rank - 1], label: `${names.get(s.state) ?? s.state} · ${t('dashboard.map.sitesIn', { count: s.sites })}` };
        }
        return {
          dataset: dataset ? { name: dataset.name, version: dataset.version, isDemo: dataset.isDemo } : { name: t('dashboard.dataset.none'), isDemo: false },
          levels: RISK_LEVEL_ORDER.map((l) => ({ key: l, label: t(`scoring.levels.${l}`), color: LEVEL_COLORS[l] })),
          values,
          labels: { ...mapLabels(t), legendTitle: t('dashboard.map.legend'), noData: t('dashboard.map.noSites'), sites: t('dashboard.map.sites') },
        };
      });
    },

    /** Active sites as points coloured by residual level; no coordinates → centre of the municipality, said in the label. */
    async mapSites(actor: Actor, t: Translate): Promise<FeatureCollection<Point, SitePointProperties>> {
      authorize(actor, 'scores.read');
      const rows = await tx(actor, (q) => sql.selectMapSites(q, MAP_MAX_SITES));
      const features: Feature<Point, SitePointProperties>[] = [];
      for (const r of rows) {
        const exact = r.latitude !== null && r.longitude !== null;
        const lonLat: [number, number] | undefined = exact
          ? [Number(r.longitude), Number(r.latitude)]
          : r.territory_code ? territoryCentroid(r.territory_code) : undefined;
        if (!lonLat) continue;
        const level = r.level ? t(`scoring.levels.${r.level}`) : t('scores.unscored');
        const name = `${r.name} · ${r.supplier_name} · ${level}${exact ? '' : ` (${t('dashboard.map.approximate')})`}`;
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: lonLat },
          properties: { name, href: `/scores/sites/${r.id}`, ...(r.level ? { level: r.level } : {}) },
        });
      }
      return { type: 'FeatureCollection', features };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
