import type { HelperOptions } from 'handlebars';

/** {{date value}} or {{date value time=true}} in the request's locale, Mexico City time. */
export function date(value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return '—';
  const locale = options.data?.root?.locale ?? 'es-MX';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    ...(options.hash?.time ? { timeStyle: 'short' } : {}),
    timeZone: 'America/Mexico_City',
  }).format(d);
}
