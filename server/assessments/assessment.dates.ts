import { DEFAULT_TIME_ZONE, addDays, dayIn, daysBetween, endOfDay } from '../dates/local-day.ts';

/**
 * Due dates are calendar days in the organisation's time zone (server/dates), not UTC days.
 * The default zone is the product's first market's.
 */
export const BUSINESS_TIME_ZONE = DEFAULT_TIME_ZONE;

export { addDays, daysBetween };

/** The calendar day (YYYY-MM-DD) of an instant in a zone (default Mexico City). */
export function dayOf(instant: Date = new Date(), zone: string = BUSINESS_TIME_ZONE): string {
  return dayIn(zone, instant);
}

/** How long a portal link stays valid: 30 days after the due date (or after today, if later). */
export const PORTAL_GRACE_DAYS = 30;

export function portalExpiry(dueDate: string, today: string = dayOf(), zone: string = BUSINESS_TIME_ZONE): Date {
  const base = dueDate > today ? dueDate : today;
  // End of that local day, then the grace period.
  return endOfDay(addDays(base, PORTAL_GRACE_DAYS), zone);
}

export function isOverdue(dueDate: string | null, status: string, today: string = dayOf()): boolean {
  return dueDate !== null && dueDate < today && ['sent', 'in_progress', 'returned'].includes(status);
}
