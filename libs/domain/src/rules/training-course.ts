import { addDays, addYears, type CalendarDate } from '../values/calendar-date';
import { restorationWithinCeiling } from './restorations';

/** A completed course credits 4 points (L223-6 ¶4, R223-8). */
export const COURSE_POINTS = 4;

/** A course lasts two consecutive days (R223-5, arrêté du 26 juin 2012). */
export function courseDaysConsecutive(firstDay: CalendarDate, lastDay: CalendarDate): boolean {
  return addDays(firstDay, 1) === lastDay;
}

/** The credit takes effect the day after the course's last day (R223-8). */
export function courseCreditDate(lastDay: CalendarDate): CalendarDate {
  return addDays(lastDay, 1);
}

/**
 * At most one credited course a year (L223-6 ¶4). Our reading: the first day must be at least one
 * year and one day after the last day of the previous credited course.
 */
export function courseAllowedAfter(previousCreditedLastDay: CalendarDate | undefined, firstDay: CalendarDate): boolean {
  return previousCreditedLastDay === undefined || firstDay >= addDays(addYears(previousCreditedLastDay, 1), 1);
}

/** +4 within the ceiling, from the raw balance, which may be zero or negative (CE 29 Sept 2023, n° 461479). */
export function courseCredit(rawBalance: number, ceiling: number): number {
  return restorationWithinCeiling(rawBalance, ceiling, COURSE_POINTS);
}
