/** Due dates are calendar days in Mexico (the product's first market), not UTC days. */
export const BUSINESS_TIME_ZONE = 'America/Mexico_City';

const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) of an instant in Mexico City. */
export function dayOf(instant: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How long a portal link stays valid: 30 days after the due date (or after today, if later). */
export const PORTAL_GRACE_DAYS = 30;

export function portalExpiry(dueDate: string, today: string = dayOf()): Date {
  const base = dueDate > today ? dueDate : today;
  // End of that day in Mexico City (UTC-6, no DST since 2022), then the grace period.
  return new Date(Date.parse(`${addDays(base, PORTAL_GRACE_DAYS + 1)}T06:00:00Z`));
}

export function isOverdue(dueDate: string | null, status: string, today: string = dayOf()): boolean {
  return dueDate !== null && dueDate < today && ['sent', 'in_progress', 'returned'].includes(status);
}
