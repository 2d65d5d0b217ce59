import { renderExplanation, type RenderedLine, type Translate } from '../scoring/explanation.ts';
import type { ExplanationComponent } from '../scoring/types.ts';
import type { ScoringWeights } from '../scoring/weights.ts';
import { NO_ACTIVE_SITES } from './rescore.compute.ts';
import { WEIGHT_GROUPS, weightAt } from './weights.form.ts';

/** View models for the score pages and the API: everything translated here, templates only lay out. */

export function flagLabels(t: Translate, flags: readonly string[]): { key: string; label: string }[] {
  return flags.map((f) => ({ key: f, label: f === NO_ACTIVE_SITES ? t('scores.flags.noActiveSites') : t(`scoring.flags.${f}`) }));
}

export const levelLabel = (t: Translate, level: string | null | undefined): string | null =>
  level ? t(`scoring.levels.${level}`) : null;

export interface ExplainedComponent extends RenderedLine {
  value: number;
  weight: number;
  contribution: number;
}

/** Each line with its sentence in the request's language, keeping the numbers for tables. */
export function explain(t: Translate, lines: readonly ExplanationComponent[]): ExplainedComponent[] {
  const rendered = renderExplanation(lines, t);
  return lines.map((l, i) => ({
    ...rendered[i],
    value: l.value,
    weight: l.weight,
    contribution: l.contribution,
    details: l.details ? explain(t, l.details) : undefined,
  }));
}

export function weightRows(t: Translate, used: ScoringWeights | Record<string, any> | null, defaults: ScoringWeights) {
  if (!used) return [];
  return WEIGHT_GROUPS.map((g) => ({
    group: g.group,
    title: t(`scores.weights.groups.${g.group}`),
    fields: g.fields.map((field) => {
      const value = weightAt(used as ScoringWeights, field);
      const dflt = weightAt(defaults, field);
      return { field, label: t(`scores.weights.fields.${field}.label`), value, default: dflt, changed: value !== dflt };
    }),
  }));
}

/** Reasons a run was queued ("weights,supplier") as words. */
export function reasonLabel(t: Translate, reason: string | null): string {
  if (!reason) return '';
  return reason
    .split(',')
    .map((r) => (['weights', 'dataset', 'supplier', 'assessment', 'import', 'manual', 'demo', 'bench', 'finding', 'case'].includes(r) ? t(`scores.reasons.${r}`) : r))
    .join(', ');
}
