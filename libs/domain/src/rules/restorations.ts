import type { OffenceClass } from '../offences/offence-code';
import { addMonths, addYears, type CalendarDate } from '../values/calendar-date';

/**
 * A délit or a 4th- or 5th-class contravention lengthens the full-restoration period to 3 years
 * (L223-6 ¶1–2; CE 21 Nov 2016, n° 392555).
 */
export function lengthensFullRestoration(offenceClass: OffenceClass): boolean {
  return offenceClass === 'DELIT' || offenceClass === 4 || offenceClass === 5;
}

/**
 * Full restoration: 2 years after the last establishment, 3 if any withdrawal since the issue or
 * the last full restoration was for a délit or a 4th/5th-class contravention (L223-6 ¶1–2).
 */
export function fullRestorationDate(lastEstablishedOn: CalendarDate, severe: boolean): CalendarDate {
  return addYears(lastEstablishedOn, severe ? 3 : 2);
}

/**
 * The full restoration happens unless an infraction that led to a withdrawal was committed within
 * the period, i.e. from the last establishment to the day before the restoration (L223-6 ¶1).
 */
export function fullRestorationBlocked(
  lastEstablishedOn: CalendarDate,
  restorationOn: CalendarDate,
  withdrawalCommissionDates: readonly CalendarDate[],
): boolean {
  return withdrawalCommissionDates.some((c) => c >= lastEstablishedOn && c < restorationOn);
}

/** One point withdrawn comes back six months after its establishment (L223-6 ¶3). */
export function sixMonthRestorationDate(establishedOn: CalendarDate): CalendarDate {
  return addMonths(establishedOn, 6);
}

/**
 * …unless an infraction that led to a withdrawal was committed within those six months; one
 * committed before them but established during them does not block (CE 4 Dec 2017, n° 402423).
 */
export function sixMonthRestorationBlocked(
  establishedOn: CalendarDate,
  restorationOn: CalendarDate,
  otherWithdrawalCommissionDates: readonly CalendarDate[],
): boolean {
  return otherWithdrawalCommissionDates.some((c) => c >= establishedOn && c < restorationOn);
}

/** Points of a contravention of the first four classes come back after ten years (L223-6 ¶5). */
export function tenYearRestorationApplies(offenceClass: OffenceClass): boolean {
  return offenceClass === 1 || offenceClass === 2 || offenceClass === 3 || offenceClass === 4;
}

export function tenYearRestorationDate(establishedOn: CalendarDate): CalendarDate {
  return addYears(establishedOn, 10);
}

/** A restoration never lifts the balance above the ceiling (L223-6, R223-1 II). */
export function restorationWithinCeiling(rawBalance: number, ceiling: number, points: number): number {
  return Math.max(0, Math.min(points, ceiling - rawBalance));
}

