import { addMonths, addYears, type CalendarDate } from '../values/calendar-date';
import { FULL_CAPITAL, PROBATIONARY_CAPITAL } from './capital';

export interface ProbationStep {
  date: CalendarDate;
  /** The ceiling from that date: 8, 10 (normal route), 9 (early learning), or 12 at the end. */
  ceilingAfter: number;
  isEnd: boolean;
}

export interface ProbationSchedule {
  startedOn: CalendarDate;
  endsOn: CalendarDate;
  steps: ProbationStep[];
}

/**
 * Probation lasts 3 years, 2 after early supervised learning (L223-1); the yearly increments are
 * +2 (6 → 8 → 10 → 12) or +3 (6 → 9 → 12). Complementary training shortens it: 6 → 8 → 12 after two
 * years, or 6 → 9 → 12 after 18 months (R223-1 II).
 */
export function probationSchedule(
  startedOn: CalendarDate,
  earlyLearning: boolean,
  complementaryTrainingEffective: boolean,
): ProbationSchedule {
  const step = (date: CalendarDate, ceilingAfter: number): ProbationStep => ({
    date,
    ceilingAfter,
    isEnd: ceilingAfter === FULL_CAPITAL,
  });
  let steps: ProbationStep[];
  if (earlyLearning && complementaryTrainingEffective) {
    steps = [step(addYears(startedOn, 1), 9), step(addMonths(startedOn, 18), FULL_CAPITAL)];
  } else if (earlyLearning) {
    steps = [step(addYears(startedOn, 1), 9), step(addYears(startedOn, 2), FULL_CAPITAL)];
  } else if (complementaryTrainingEffective) {
    steps = [step(addYears(startedOn, 1), 8), step(addYears(startedOn, 2), FULL_CAPITAL)];
  } else {
    steps = [step(addYears(startedOn, 1), 8), step(addYears(startedOn, 2), 10), step(addYears(startedOn, 3), FULL_CAPITAL)];
  }
  return { startedOn, endsOn: steps[steps.length - 1].date, steps };
}

/** The probation a licence would have without complementary training (L223-1). */
export function standardProbationEnd(startedOn: CalendarDate, earlyLearning: boolean): CalendarDate {
  return probationSchedule(startedOn, earlyLearning, false).endsOn;
}

/**
 * Complementary training counts when completed between the 6th and the 12th month of a first
 * licence (R223-1 II, arrêté du 26 février 2019).
 */
export function complementaryTrainingWindow(startedOn: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  return { from: addMonths(startedOn, 6), to: addMonths(startedOn, 12) };
}

/**
 * An increment, the shortening by complementary training and the end of probation at 12 are
 * earned only if no infraction that led to a withdrawal was committed since probation began
 * (R223-1 II), judged by commission date, up to the day before the step.
 */
export function probationStepEarned(
  startedOn: CalendarDate,
  stepDate: CalendarDate,
  withdrawalCommissionDates: readonly CalendarDate[],
): boolean {
  return !withdrawalCommissionDates.some((committedOn) => committedOn >= startedOn && committedOn < stepDate);
}

export { PROBATIONARY_CAPITAL };
