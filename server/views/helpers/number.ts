import type { HelperOptions } from 'handlebars';

/** {{number value digits=1}} with the locale's grouping. */
export function number(value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  const digits = options.hash?.digits ?? 0;
  return new Intl.NumberFormat(options.data?.root?.locale ?? 'es-MX', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}
