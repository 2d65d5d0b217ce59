import type { ExportColumn, Translate } from '../exports/index.ts';
import type { FindingRow } from './finding.queries.ts';
import type { ExportActionRow } from './export.queries.ts';
import { CHILD_MEASURES, type ShownIndicatorTable } from './indicators.ts';
import type { RemediationIndicators } from './indicators.queries.ts';

const H = 'remediation.export.columns.';

/** Enum values are written in words of the reader's language, never as codes. */
export function findingColumns(t: Translate): ExportColumn<FindingRow>[] {
  return [
    { header: H + 'supplier', value: (r) => r.supplier_name, width: 32 },
    { header: H + 'site', value: (r) => r.site_name },
    { header: H + 'title', value: (r) => r.title, width: 40 },
    { header: H + 'category', value: (r) => t(`remediation.categories.${r.category}`), width: 30 },
    { header: H + 'severity', value: (r) => t(`remediation.severities.${r.severity}`) },
    { header: H + 'source', value: (r) => t(`remediation.sources.${r.source}`) },
    { header: H + 'status', value: (r) => t(`remediation.findingStatuses.${r.status}`) },
    { header: H + 'description', value: (r) => r.description, width: 50 },
    { header: H + 'createdAt', value: (r) => r.created_at, dateFormat: 'datetime' },
    { header: H + 'closedAt', value: (r) => r.closed_at, dateFormat: 'datetime' },
    { header: H + 'id', value: (r) => r.id, width: 38 },
  ];
}

export function actionColumns(t: Translate): ExportColumn<ExportActionRow>[] {
  return [
    { header: H + 'supplier', value: (r) => r.supplier_name, width: 32 },
    { header: H + 'plan', value: (r) => r.plan_title, width: 32 },
    { header: H + 'finding', value: (r) => r.finding_title, width: 32 },
    { header: H + 'action', value: (r) => r.title, width: 40 },
    { header: H + 'ownerKind', value: (r) => t(`remediation.ownerKinds.${r.owner_kind}`) },
    { header: H + 'owner', value: (r) => r.owner_name ?? r.owner_label },
    { header: H + 'dueDate', value: (r) => new Date(`${r.due_date}T00:00:00Z`) },
    { header: H + 'status', value: (r) => t(`remediation.actionStatuses.${r.status}`) },
    { header: H + 'completedAt', value: (r) => r.completed_at, dateFormat: 'datetime' },
    { header: H + 'verifiedBy', value: (r) => r.verified_by_name },
    { header: H + 'verifiedAt', value: (r) => r.verified_at, dateFormat: 'datetime' },
    { header: H + 'evidence', value: (r) => r.evidence_count },
    { header: H + 'id', value: (r) => r.id, width: 38 },
  ];
}

export interface IndicatorLine {
  indicator: string;
  breakdown: string;
  group: string;
  /** A number, or the suppression marker. */
  value: number | string | null;
}

/** Indicators in long form (one value per line), so every indicator fits one sheet. */
export function indicatorLines(t: Translate, shown: ShownIndicatorTable, rest: Omit<RemediationIndicators, 'children'>): IndicatorLine[] {
  const hidden = t('remediation.indicators.suppressedMark');
  const all = t('remediation.indicators.breakdowns.total');
  const lines: IndicatorLine[] = [];
  for (const m of CHILD_MEASURES) {
    const indicator = t(`remediation.indicators.measures.${m}`);
    lines.push({ indicator, breakdown: all, group: all, value: shown.total[m] ?? hidden });
    for (const g of shown.groups) {
      for (const row of g.rows) {
        lines.push({
          indicator, breakdown: t(`remediation.indicators.breakdowns.${g.dimension}`),
          group: t(`remediation.indicators.groups.${g.dimension}.${row.group}`), value: row.counts[m] ?? hidden,
        });
      }
    }
  }
  const w = rest.workUnits;
  for (const [key, value] of [['sites', w.sites], ['covered', w.covered], ['withReviewedAssessment', w.withReviewedAssessment], ['withOpenPlan', w.withOpenPlan]] as const) {
    lines.push({ indicator: t(`remediation.indicators.workUnits.${key}`), breakdown: all, group: all, value });
  }
  const a = rest.actions;
  for (const [key, value] of [['counted', a.counted], ['onTime', a.onTime], ['late', a.late], ['overdue', a.overdue]] as const) {
    lines.push({ indicator: t(`remediation.indicators.actions.${key}`), breakdown: all, group: all, value });
  }
  lines.push({ indicator: t('remediation.indicators.actions.rate'), breakdown: all, group: all, value: a.rate === null ? null : Math.round(a.rate * 1000) / 10 });
  for (const f of rest.findings) {
    lines.push({
      indicator: t('remediation.indicators.findings.count'),
      breakdown: `${t(`remediation.categories.${f.category}`)} · ${t(`remediation.severities.${f.severity}`)}`,
      group: t(`remediation.findingStatuses.${f.status}`), value: f.n,
    });
  }
  return lines;
}

export function indicatorColumns(): ExportColumn<IndicatorLine>[] {
  return [
    { header: H + 'indicator', value: (r) => r.indicator, width: 40 },
    { header: H + 'breakdown', value: (r) => r.breakdown, width: 32 },
    { header: H + 'group', value: (r) => r.group, width: 24 },
    { header: H + 'value', value: (r) => r.value },
  ];
}
