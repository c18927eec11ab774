import type { DecisionReversed, LicenceDecision } from '../events/decisions';
import type { CalendarDate } from '../values/calendar-date';

/** The signed change of the raw balance a decision makes. */
export function rawPointsChange(decision: LicenceDecision): number {
  switch (decision.type) {
    case 'PointsWithdrawn':
      return -decision.data.points;
    case 'PointsRestored':
    case 'TrainingCourseCredited':
    case 'ProbationIncrementGranted':
    case 'ProbationEnded':
      return decision.data.points;
    case 'LicenceInvalidated':
      return 0;
    default: {
      const exhaustive: never = decision;
      return exhaustive;
    }
  }
}

/**
 * What the ledger must append so that, up to asOf, it holds exactly the timeline (RULES §1): the
 * decisions it lacks, and a correction for each recorded decision the timeline no longer contains.
 * Nothing recorded is edited or deleted.
 */
export function ledgerDifference(
  expected: readonly LicenceDecision[],
  recorded: ReadonlyMap<string, LicenceDecision>,
  asOf: CalendarDate,
  correctedOn: CalendarDate,
): Array<LicenceDecision | DecisionReversed> {
  const expectedIds = new Set(expected.filter((d) => d.data.effectiveOn <= asOf).map((d) => d.data.decisionId));
  const reversals: DecisionReversed[] = [...recorded.values()]
    .filter((d) => d.data.effectiveOn <= asOf && !expectedIds.has(d.data.decisionId))
    .map((d) => ({
      type: 'DecisionReversed',
      data: {
        reversedDecisionId: d.data.decisionId,
        reversedType: d.type,
        effectiveOn: d.data.effectiveOn,
        rawPointsChange: 0 - rawPointsChange(d), // never -0
        correctedOn,
      },
    }));
  const additions = expected.filter((d) => d.data.effectiveOn <= asOf && !recorded.has(d.data.decisionId));
  return [...reversals, ...additions];
}
