import type { HelperOptions } from 'handlebars';

// Building an Intl.NumberFormat costs far more than formatting with one: pages format
// hundreds of numbers, so one formatter per locale and digits serves them all.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f;
}

/** {{number value digits=1}} with the locale's grouping. */
export function number(value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  const digits = Number(options.hash?.digits ?? 0);
  return formatter(options.data?.root?.locale ?? 'es-MX', digits).format(n);
}
