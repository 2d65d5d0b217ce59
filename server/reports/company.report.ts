import { dbContext } from '../auth/actor.ts';
import { getActiveDataset } from '../risk-datasets/risk-dataset.service.ts';
import { selectScoreList } from '../scores/score.queries.ts';
import { RISK_LEVELS } from '../scores/score.filters.ts';
import { flagLabels } from '../scores/score.view.ts';
import { remediationIndicators } from '../remediation/indicators.queries.ts';
import { suppressSmallCells, MIN_CELL, type ShownCounts } from '../remediation/indicators.ts';
import { FINDING_SEVERITIES, ACTION_STATUSES } from '../remediation/remediation.types.ts';
import * as agg from './aggregate.queries.ts';
import * as lksg from './lksg.queries.ts';
import { periodBounds } from '../dates/local-day.ts';
import { orgTimeZone } from '../dates/org-zone.queries.ts';
import { grievanceStats } from '../grievances/grievance.stats.ts';
import { SCORE_COLORS, UNSCORED_COLOR, barChart, datasetInfo, doughnutChart, mapPointOf, percent, riskMapSvg } from './report.view.ts';
import type { BuildInput, BuiltReport } from './supplier.report.ts';

export interface ReportPeriod {
  from: string;
  to: string;
}

const TOP_RISKS = 10;
/** How many prioritised risks (open findings, severity × likelihood) the LkSG section lists. */
const TOP_PRIORITIES = 5;
const MAP_POINTS = 2000;

function shown(n: number | null | undefined): string | number {
  return n === null || n === undefined ? `<${MIN_CELL}` : n;
}

function shownRow(c: ShownCounts) {
  return {
    identified: shown(c.identified), withdrawn: shown(c.withdrawnWithAlternative), withdrawnOnly: shown(c.withdrawnOnly),
    enrolled: shown(c.enrolled), lostToFollowUp: shown(c.lostToFollowUp), open: shown(c.open), closed: shown(c.closed),
  };
}

/**
 * The company's due-diligence report, organised by the six OECD steps, with the items an
 * LkSG/CSDDD annual report asks for. Child cases appear as suppressed counts only.
 */
export async function buildCompanyReport(input: BuildInput, period: ReportPeriod): Promise<BuiltReport> {
  const { db, actor, t, locale } = input;
  return db.tx(dbContext(actor), async (q) => {
    const dataset = await getActiveDataset(q, 'MX');
    const totals = await agg.supplierTotals(q);
    const levels = await agg.supplierLevelCounts(q);
    const coverage = await agg.questionnaireCoverage(q);
    // The period's days are the organisation's local days, cut at its local midnight.
    const { start, end } = periodBounds(period, await orgTimeZone(q));
    const activity = await agg.periodActivity(q, start, end);
    const issued = await agg.reportsIssued(q, start, end);
    const indicators = await remediationIndicators(q, input.today, period);
    const children = suppressSmallCells(indicators.children);
    const top = await selectScoreList(q, { levels: ['critical', 'high', 'medium', 'low'], limit: TOP_RISKS, offset: 0 });
    const sites = await agg.sitesForMap(q, MAP_POINTS);
    // The company's own channel (docs/grievances.md): counts and durations of reports received in the period.
    const channel = await grievanceStats(q, input.today, period.from, period.to);
    // The LkSG/CSDDD section (docs/reports.md): settings, ranked risks and effectiveness.
    const settings = await lksg.dueDiligenceSettings(q);
    const priorities = await lksg.prioritisedRisks(q, TOP_PRIORITIES);
    const effect = await lksg.effectiveness(q, start, end);
    const points = sites.places.map((p) => mapPointOf(p)).filter((p) => p !== undefined);

    const mapSvg = dataset
      ? await riskMapSvg({
          q, t, locale, dataset, width: 640, height: 400, extraRight: 160, idPrefix: 'ddmap',
          points: points.map((p) => ({ ...p, level: undefined })),
        })
      : null;

    const levelKeys = [...RISK_LEVELS, 'unscored'] as const;
    const distribution = levelKeys.map((l) => ({
      key: l,
      label: l === 'unscored' ? t('reports.common.unscored') : t(`scoring.levels.${l}`),
      n: levels[l] ?? 0,
      percent: percent(levels[l] ?? 0, totals.suppliers),
    }));
    const highOrCritical = (levels.high ?? 0) + (levels.critical ?? 0);

    const findingsBySeverity = FINDING_SEVERITIES.map((s) => {
      const rows = indicators.findings.filter((f) => f.severity === s);
      return {
        label: t(`reports.severity.${s}`),
        open: rows.filter((f) => f.status !== 'closed').reduce((n, f) => n + f.n, 0),
        closed: rows.filter((f) => f.status === 'closed').reduce((n, f) => n + f.n, 0),
      };
    });
    const actions = ACTION_STATUSES.map((s) => ({ label: t(`reports.actionStatus.${s}`), n: activity.actionsByStatus[s] ?? 0 }));
    const actionsTotal = actions.reduce((n, a) => n + a.n, 0);
    const timeliness = indicators.actions;

    return {
      dataset: datasetInfo(dataset),
      data: {
        period,
        totals,
        policy: {
          ...coverage,
          sentPercent: percent(coverage.sent, totals.suppliers),
          answeredPercent: percent(coverage.answered, totals.suppliers),
          policyPercent: percent(coverage.writtenPolicy, coverage.answered),
          agePercent: percent(coverage.ageVerification, coverage.answered),
          trainingPercent: percent(coverage.supervisorTraining, coverage.answered),
        },
        risk: {
          distribution,
          highOrCritical,
          chart: doughnutChart(distribution.map((d) => d.label), distribution.map((d) => d.n), levelKeys.map((l) => SCORE_COLORS[l] ?? UNSCORED_COLOR)),
          top: top.items.filter((i) => i.score).map((i) => ({
            name: i.legalName,
            level: t(`scoring.levels.${i.score!.level}`),
            residual: i.score!.worstResidual,
            sites: i.score!.siteCount,
            flags: flagLabels(t, i.score!.flags.filter((f) => f !== 'demoDataset')).map((f) => f.label).slice(0, 3).join('; '),
          })),
          mapSvg,
          sitesMapped: points.length,
          sitesApproximate: points.filter((p) => p.approximate).length,
          statesWithSites: sites.byState.length,
        },
        prevention: {
          assessmentsSent: activity.assessmentsSent,
          findingsBySeverity,
          findingsChart: barChart(findingsBySeverity.map((f) => f.label), findingsBySeverity.map((f) => f.open), [SCORE_COLORS.critical, SCORE_COLORS.high, SCORE_COLORS.medium, SCORE_COLORS.low]),
          plansOpen: activity.plansOpen,
          plansClosed: activity.plansClosed,
          actions,
          actionsTotal,
        },
        tracking: {
          timeliness: { ...timeliness, ratePercent: timeliness.rate === null ? null : Math.round(timeliness.rate * 100) },
          workUnits: { ...indicators.workUnits, percent: percent(indicators.workUnits.covered, indicators.workUnits.sites) },
          assessmentsReviewed: activity.assessmentsReviewed,
          findingsRaised: activity.findingsRaised,
          findingsClosed: activity.findingsClosed,
          lastScoredAt: activity.lastScoredAt,
        },
        communication: {
          reports: ['supplier', 'company', 'portfolio'].map((k) => ({ label: t(`reports.kinds.${k}`), n: issued[k] ?? 0 })),
          grievance: coverage.grievanceChannel,
          grievancePercent: percent(coverage.grievanceChannel, coverage.answered),
          grievanceFindings: activity.grievanceFindings,
          channel: {
            ...channel,
            byCategory: channel.byCategory.map((c) => ({ label: t(`grievances.categories.${c.category}`), n: c.count })),
            byOutcome: channel.byOutcome.map((c) => ({ label: t(`grievances.outcomes.${c.outcome}`), n: c.count })),
          },
        },
        remediation: {
          total: shownRow(children.total),
          bySex: children.groups.find((g) => g.dimension === 'sex')!.rows.map((r) => ({ label: t(`reports.sex.${r.group}`), ...shownRow(r.counts) })),
          byAge: children.groups.find((g) => g.dimension === 'ageGroup')!.rows.map((r) => ({ label: t(`reports.ageGroup.${r.group}`), ...shownRow(r.counts) })),
          // Indigenous, Afro-descendant, migrant, household chores (INEGI): same suppression as above.
          byGroup: children.groups.filter((g) => g.dimension !== 'sex' && g.dimension !== 'ageGroup').flatMap((g) =>
            g.rows.map((r) => ({ label: t(`remediation.indicators.groups.${g.dimension}.${r.group}`), ...shownRow(r.counts) }))),
          suppressed: children.suppressedCells > 0,
          minCell: MIN_CELL,
        },
        lksg: {
          highOrCritical,
          answeredPercent: percent(coverage.answered, totals.suppliers),
          ratePercent: timeliness.rate === null ? null : Math.round(timeliness.rate * 100),
          // Who answers for due diligence, as set in the organisation's settings — never the author.
          responsible: settings.responsibleName
            ? [settings.responsibleName, settings.responsiblePosition].filter(Boolean).join(', ')
            : null,
          policy: settings.policyTitle || settings.policySha256 ? settings : null,
          priorities: priorities.map((p, i) => ({
            rank: i + 1, supplier: p.supplier, site: p.site,
            category: t(`remediation.categories.${p.category}`), severity: t(`reports.severity.${p.severity}`),
            likelihood: p.likelihood, priority: p.priority,
          })),
          effectiveness: effect,
        },
      },
    };
  });
}
