import {
  FACT_TYPES,
  rawPointsChange,
  type CalendarDate,
  type CivilStatus,
  type DecisionReversed,
  type DecisionType,
  type LicenceDecision,
  type LicenceFact,
  type RestorationKind,
} from '@ledger/domain';

/** A recorded decision that moved the balance, as long as no correction reversed it. */
export interface Movement {
  decisionId: string;
  type: DecisionType;
  restorationKind?: RestorationKind;
  effectiveOn: CalendarDate;
  /** Signed change of the raw balance. */
  change: number;
  infractionIds: string[];
}

/** What the letter workflow knows of one licence after the events it has applied. */
export interface LetterLicenceMemory {
  licenceNumber: string;
  streamId: string;
  holder: CivilStatus;
  /** Every fact of the stream but the postings (which the letters never need), in stream order. */
  facts: LicenceFact[];
  movements: Movement[];
  lettersIssued: number;
  lastPosition: string;
}

const FACTS: ReadonlySet<string> = new Set(FACT_TYPES);

export const isFactType = (type: string): boolean => FACTS.has(type);

/** The decision as a movement of the balance, or null when it moves nothing (invalidation, a nil probation end). */
export function movementOf(decision: LicenceDecision): Movement | null {
  const change = rawPointsChange(decision);
  if (change === 0) return null;
  return {
    decisionId: decision.data.decisionId,
    type: decision.type,
    ...(decision.type === 'PointsRestored' ? { restorationKind: decision.data.kind } : {}),
    effectiveOn: decision.data.effectiveOn,
    change,
    infractionIds:
      decision.type === 'PointsWithdrawn'
        ? [...decision.data.infractionIds]
        : decision.type === 'PointsRestored' && decision.data.infractionId !== undefined
          ? [decision.data.infractionId]
          : [],
  };
}

/** Folds one event of the licence's stream into the memory (a fact, a decision, a correction). */
export function remember(memory: LetterLicenceMemory, type: string, data: unknown): Movement | undefined {
  if (type === 'LetterPosted') return undefined;
  if (isFactType(type)) {
    memory.facts.push({ type, data } as LicenceFact);
    return undefined;
  }
  if (type === 'DecisionReversed') {
    const { reversedDecisionId } = data as DecisionReversed['data'];
    const index = memory.movements.findIndex((m) => m.decisionId === reversedDecisionId);
    if (index < 0) return undefined;
    return memory.movements.splice(index, 1)[0];
  }
  const movement = movementOf({ type, data } as LicenceDecision);
  if (movement) memory.movements.push(movement);
  return undefined;
}

/** The last full restoration still recorded: where a 48SI recap and the 3-year test start (L223-6). */
export function lastFullRestoration(
  memory: LetterLicenceMemory,
  onOrBefore: CalendarDate,
): Movement | undefined {
  let last: Movement | undefined;
  for (const movement of memory.movements) {
    if (movement.restorationKind === 'FULL' && movement.effectiveOn <= onOrBefore) {
      if (!last || movement.effectiveOn >= last.effectiveOn) last = movement;
    }
  }
  return last;
}
