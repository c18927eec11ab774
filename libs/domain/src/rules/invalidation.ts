import { addMonths, addYears, type CalendarDate } from '../values/calendar-date';

/** A raw balance at or below zero invalidates the licence for a nil balance (L223-1, R223-3). */
export function nilBalance(rawBalance: number): boolean {
  return rawBalance <= 0;
}

/**
 * After the hand-in, no new licence for 6 months, or 1 year if another nil-balance invalidation
 * happened within the previous 5 years, counted from the hand-in date (L223-5 II).
 */
export function newLicenceAllowedFrom(
  surrenderedOn: CalendarDate,
  invalidatedOn: CalendarDate,
  earlierInvalidations: readonly CalendarDate[],
): CalendarDate {
  const fiveYearsBefore = addYears(invalidatedOn, -5);
  const repeated = earlierInvalidations.some((d) => d < invalidatedOn && d >= fiveYearsBefore);
  return addMonths(surrenderedOn, repeated ? 12 : 6);
}
