import type { DecisionReversed, LicenceDecision } from '../events/decisions';
import { displayedBalance } from './capital';

export type LetterReference = '48' | '48M' | '48N' | '48SI' | '46' | '46D' | '46B' | '47' | 'CORRECTION';
export type LetterChannel = 'ORDINARY_MAIL' | 'REGISTERED' | 'REGISTERED_WITH_RECEIPT';

export const LETTER_CHANNELS: Record<LetterReference, LetterChannel> = {
  '48': 'ORDINARY_MAIL',
  '48M': 'REGISTERED',
  '48N': 'REGISTERED_WITH_RECEIPT',
  '48SI': 'REGISTERED_WITH_RECEIPT',
  '46': 'ORDINARY_MAIL',
  '46D': 'ORDINARY_MAIL',
  '46B': 'ORDINARY_MAIL',
  '47': 'ORDINARY_MAIL',
  CORRECTION: 'ORDINARY_MAIL',
};

/**
 * The letter a decision calls for (RULES §6, R223-3, R223-4). A withdrawal gets the most specific
 * one: 48SI before 48N before 48M before 48. Increments, a probation end that only lifts the
 * ceiling, and the invalidation itself (announced by the 48SI) call for none.
 */
export function letterFor(decision: LicenceDecision | DecisionReversed): LetterReference | null {
  switch (decision.type) {
    case 'PointsWithdrawn': {
      const { rawBalanceAfter, probationary, pointsByInfraction, committedInProbation, nilBalance } = decision.data;
      if (nilBalance) return '48SI';
      // RULES §6, R223-4: judged on the commission date, even if established after probation ended.
      if (committedInProbation.some((id) => (pointsByInfraction[id] ?? 0) >= 3)) return '48N';
      if (!probationary && displayedBalance(rawBalanceAfter) <= 6) return '48M';
      return '48';
    }
    case 'PointsRestored':
      return decision.data.kind === 'FULL' ? '46' : decision.data.kind === 'SIX_MONTHS' ? '46D' : '46B';
    case 'TrainingCourseCredited':
      return '47';
    case 'ProbationEnded':
      return decision.data.points > 0 ? '46' : null;
    case 'ProbationIncrementGranted':
    case 'LicenceInvalidated':
      return null;
    case 'DecisionReversed':
      return decision.data.rawPointsChange !== 0 ? 'CORRECTION' : null;
    default: {
      const exhaustive: never = decision;
      return exhaustive;
    }
  }
}
