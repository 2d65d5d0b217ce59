import { describeCommodities } from './commodity.resolve.ts';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** What a page shows for a supplier's stored commodities: name, DOL listing, unknown flag. */
export function commodityItems(t: Translate, locale: string, stored: readonly string[]) {
  return describeCommodities(stored, locale).map((c) => ({
    name: c.name,
    unknown: c.unknown,
    dolGood: c.dol?.good ?? null,
    forcedLabour: c.dol?.forcedLabour ?? false,
    dolLabel: c.dol ? t(c.dol.forcedLabour ? 'commodities.dol.childAndForcedLabour' : 'commodities.dol.childLabour') : null,
  }));
}

/** The form's text: localised names, which the resolver reads back to the same ids. */
export function commodityFormText(locale: string, stored: readonly string[]): string {
  return describeCommodities(stored, locale).map((c) => c.name).join('; ');
}
