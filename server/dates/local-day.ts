/**
 * One date rule: calendar days (due dates, report periods, "today", overdue, reminders)
 * are days in the organisation's time zone, never UTC days. Formatters are cached
 * because building an Intl.DateTimeFormat costs far more than using one.
 */
export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

let zones: Set<string> | undefined;

/** The zones an organisation may choose: Intl's list (IANA names), plus UTC. */
export function timeZones(): string[] {
  zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return [...zones];
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  timeZones();
  return zones!.has(value);
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(zone: string, instant: Date = new Date()): string {
  return formatter(`day|${zone}`, 'en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** "Today" in a zone, by the given clock. */
export const todayIn = (zone: string, now: Date = new Date()): string => dayIn(zone, now);

export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(zone: string, instant: number): number {
  const parts = formatter(`parts|${zone}`, 'en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a local day starts (local midnight) in a zone, for timestamptz comparisons. */
export function startOfDay(day: string, zone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  let guess = wall - offsetAt(zone, wall);
  // Second pass: the offset at the guess may differ (a DST change on that day).
  guess = wall - offsetAt(zone, guess);
  return new Date(guess);
}

/** The instant the local day ends (exclusive: the next day's local midnight). */
export function endOfDay(day: string, zone: string): Date {
  return startOfDay(addDays(day, 1), zone);
}

/** A period of local days, both ends inclusive, as a half-open range of instants. */
export function periodBounds(period: { from: string; to: string }, zone: string): { start: Date; end: Date } {
  return { start: startOfDay(period.from, zone), end: endOfDay(period.to, zone) };
}

export interface FormatOptions {
  time?: boolean;
  style?: 'medium' | 'long';
}

/**
 * A date for people, in their locale. A calendar day (YYYY-MM-DD, or a DATE column read as
 * a string) is shown as that day wherever the reader is; an instant is shown in the zone.
 */
export function formatDate(value: unknown, locale: string, zone: string = DEFAULT_TIME_ZONE, options: FormatOptions = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const style = options.style ?? 'medium';
  if (typeof value === 'string' && ISO_DAY.test(value)) {
    return formatter(`fmt|${locale}|UTC|${style}`, locale, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${value}T12:00:00Z`));
  }
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return '—';
  const time = options.time ? 'short' : undefined;
  return formatter(`fmt|${locale}|${zone}|${style}|${time ?? ''}`, locale, { dateStyle: style, ...(time ? { timeStyle: time } : {}), timeZone: zone }).format(d);
}

/** A calendar day (YYYY-MM-DD) for people. */
export function formatDay(day: string, locale: string, style: 'medium' | 'long' = 'medium'): string {
  return formatDate(day, locale, 'UTC', { style });
}

/** "Today" for someone acting in an organisation (its zone; the default when unknown). */
export function actorToday(actor: { timeZone?: string }, now: Date = new Date()): string {
  return todayIn(actor.timeZone ?? DEFAULT_TIME_ZONE, now);
}
