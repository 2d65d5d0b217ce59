import type { HelperOptions } from 'handlebars';
import { DEFAULT_TIME_ZONE, formatDate } from '../../dates/local-day.ts';

/**
 * {{date value}} or {{date value time=true}} in the request's locale. Instants are shown in
 * the organisation's time zone; a calendar day (YYYY-MM-DD) is shown as that very day.
 */
export function date(value: unknown, options: HelperOptions): string {
  const root = options.data?.root ?? {};
  const locale = root.locale ?? 'es-MX';
  const zone = root.timeZone ?? root.actor?.timeZone ?? DEFAULT_TIME_ZONE;
  return formatDate(value, locale, zone, { time: Boolean(options.hash?.time), style: options.hash?.style === 'long' ? 'long' : 'medium' });
}
