import type { CalendarDate } from '../values/calendar-date';

/**
 * Decisions: what the law derives from the facts (RULES §1), appended once their date has come.
 * Every decision carries a `decisionId` that names it by what it decides (kind, date, subject,
 * points), so the same facts always give the same ids and the difference between the timeline
 * and the ledger is a set difference.
 */

export type RestorationKind = 'FULL' | 'SIX_MONTHS' | 'TEN_YEARS';

interface DecisionBase {
  decisionId: string;
  effectiveOn: CalendarDate;
  /** Raw balance after this decision: may be negative (RULES §3). */
  rawBalanceAfter: number;
  /** The ceiling after this decision: 6, 8, 9 or 10 during probation, else 12 (RULES §2). */
  capitalAfter: number;
}

export interface PointsWithdrawn {
  type: 'PointsWithdrawn';
  data: DecisionBase & {
    /** One infraction, or those of one check established on the same date (R223-2). */
    infractionIds: string[];
    /** What each infraction withdrew, after the simultaneous cap: decides the 48N and 46D rules. */
    pointsByInfraction: Record<string, number>;
    /** Points taken from the raw balance, positive. */
    points: number;
    /** Whether the licence was probationary on that date (decides the 48M letter). */
    probationary: boolean;
    /**
     * Since v2. The infractions of this withdrawal committed during probation, even if established
     * after it ended: they decide the 48N letter (RULES §6, R223-4).
     */
    committedInProbation: string[];
    /**
     * Since v2. The withdrawal brought the raw balance to 0 or below and the day ended there: the
     * licence is invalidated for a nil balance, the 48SI letter (RULES §1: the invalidation test
     * reads the day's final raw balance; §5).
     */
    nilBalance: boolean;
  };
}

export interface PointsRestored {
  type: 'PointsRestored';
  data: DecisionBase & {
    kind: RestorationKind;
    points: number;
    /** The infraction whose points come back (six months, ten years). */
    infractionId?: string;
    /** The establishment the waiting period ran from. */
    sinceEstablishedOn: CalendarDate;
    /** The waiting period, in months: 6, 24, 36 or 120. */
    periodMonths: number;
  };
}

export interface TrainingCourseCredited {
  type: 'TrainingCourseCredited';
  data: DecisionBase & { courseId: string; points: number };
}

export interface ProbationIncrementGranted {
  type: 'ProbationIncrementGranted';
  data: DecisionBase & { points: number };
}

export interface ProbationEnded {
  type: 'ProbationEnded';
  /** `points` is what the end of probation adds to the balance (0 when it only lifts the ceiling). */
  data: DecisionBase & { points: number };
}

export interface LicenceInvalidated {
  type: 'LicenceInvalidated';
  /** Takes effect on the delivery of the 48SI letter (L223-5, R223-3). */
  data: DecisionBase;
}

export interface DecisionReversed {
  type: 'DecisionReversed';
  data: {
    /** The recorded decision the timeline no longer contains. */
    reversedDecisionId: string;
    reversedType: DecisionType;
    /** The date of the decision being reversed: the correction undoes it from then on. */
    effectiveOn: CalendarDate;
    /** Signed change of the raw balance that this reversal makes (the opposite of the original). */
    rawPointsChange: number;
    /** The day the correction was decided. */
    correctedOn: CalendarDate;
  };
}

export type LicenceDecision =
  | PointsWithdrawn
  | PointsRestored
  | TrainingCourseCredited
  | ProbationIncrementGranted
  | ProbationEnded
  | LicenceInvalidated;

export type DecisionType = LicenceDecision['type'];

export const DECISION_TYPES: readonly DecisionType[] = [
  'PointsWithdrawn',
  'PointsRestored',
  'TrainingCourseCredited',
  'ProbationIncrementGranted',
  'ProbationEnded',
  'LicenceInvalidated',
];
