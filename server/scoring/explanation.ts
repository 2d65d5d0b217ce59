import type { ExplanationComponent } from './types.ts';

/** Any i18next-style translator, e.g. translator(locale) from server/i18n. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface RenderedLine {
  component: ExplanationComponent['component'];
  text: string;
  details?: RenderedLine[];
}

/** The params a reason text interpolates: the stored params plus the line's arithmetic. */
export function reasonParams(e: ExplanationComponent): Record<string, unknown> {
  return { ...e.params, value: e.value, weight: e.weight, contribution: e.contribution };
}

/** Turns a stored explanation into sentences in the translator's language, keeping its nesting. */
export function renderExplanation(lines: readonly ExplanationComponent[], t: Translate): RenderedLine[] {
  return lines.map((e) => {
    const out: RenderedLine = { component: e.component, text: t(e.reasonKey, reasonParams(e)) };
    if (e.details) out.details = renderExplanation(e.details, t);
    return out;
  });
}
