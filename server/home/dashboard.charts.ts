import type { RiskLevel } from '../scoring/types.ts';
import { SCORE_LEVEL_COLORS, UNSCORED_COLOR } from '../maps/palette.ts';

/**
 * Chart.js configurations for client/charts.ts (<canvas data-chart="…">). Plain JSON:
 * every label is already translated, the browser only draws.
 */

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export const RISK_LEVEL_ORDER: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
/** The one risk scale (server/maps/palette.ts), as the .level-* badges use it. */
export const LEVEL_COLORS: Readonly<Record<RiskLevel, string>> = SCORE_LEVEL_COLORS;
export { UNSCORED_COLOR };

export const ASSESSMENT_STATUSES = ['draft', 'sent', 'in_progress', 'submitted', 'returned', 'reviewed'] as const;

export function riskDistributionChart(t: Translate, counts: ReadonlyMap<RiskLevel, number>, unscored: number) {
  const labels = RISK_LEVEL_ORDER.map((l) => t(`scoring.levels.${l}`));
  const data = RISK_LEVEL_ORDER.map((l) => counts.get(l) ?? 0);
  const colors = RISK_LEVEL_ORDER.map((l) => LEVEL_COLORS[l]);
  if (unscored > 0) {
    labels.push(t('scores.unscored'));
    data.push(unscored);
    colors.push(UNSCORED_COLOR);
  }
  return {
    type: 'doughnut',
    data: { labels, datasets: [{ label: t('dashboard.risk.suppliers'), data, backgroundColor: colors }] },
    options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
  };
}

export function assessmentStatusChart(t: Translate, counts: ReadonlyMap<string, number>) {
  return {
    type: 'bar',
    data: {
      labels: ASSESSMENT_STATUSES.map((s) => t(`dashboard.assessments.status.${s}`)),
      datasets: [{ label: t('dashboard.assessments.count'), data: ASSESSMENT_STATUSES.map((s) => counts.get(s) ?? 0), backgroundColor: '#0b6e4f' }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}
