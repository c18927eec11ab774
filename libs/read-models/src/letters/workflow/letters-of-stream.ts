import {
  DECISION_TYPES,
  letterFor,
  type CalendarDate,
  type DecisionReversed,
  type LicenceDecision,
  type LicenceIssued,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import {
  composeLetter,
  letterIdFor,
  LETTER_TEMPLATE_VERSION,
  type ComposedLetter,
  type LetterInput,
  type LetterIssuedData,
} from '@ledger/letters';
import { messageOf } from '../../processor/error-text';
import { canonicalize } from '../../sqlite/canonical-json';
import { issuedOnOf } from '../issued-on';
import { letterInputFor } from '../letter-input';
import { remember, type LetterLicenceMemory } from '../letter-licence-memory';

const DECISIONS: ReadonlySet<string> = new Set(DECISION_TYPES);

/** A letter the workflow cannot write: it stops there, loudly, until someone fixes the cause. */
export class LetterWorkflowHaltedError extends Error {
  constructor(
    readonly causingEvent: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'globalPosition'>,
    cause: unknown,
  ) {
    super(
      `The letters workflow stopped at ${causingEvent.type} ${causingEvent.eventId} (position ` +
        `${causingEvent.globalPosition.toString()}, stream ${causingEvent.streamId}): its letter cannot be ` +
        `written (${messageOf(cause)}). No letter after it is issued until this is fixed and the worker restarted.`,
      { cause },
    );
    this.name = 'LetterWorkflowHaltedError';
  }
}

/** Whether an event of a licence's stream is one the letters workflow must look at (RULES §6). */
export const mayCallForLetter = (type: string): boolean => DECISIONS.has(type) || type === 'DecisionReversed';

/** What the workflow does with one decision (or correction) once its business day has ended. */
export type LetterVerdict =
  | { kind: 'NO_LETTER' }
  /** Reversed on its own business day (or the correction of such a decision): nothing is sent. */
  | { kind: 'WITHDRAWN_SAME_DAY'; day: CalendarDate }
  | { kind: 'ISSUE'; data: LetterIssuedData };

export interface CalledFor {
  event: RecordedEvent;
  verdict: LetterVerdict;
}

/** The templates: the current ones (`composeLetter`), or others a test puts in their place. */
export type ComposeLetter = (input: LetterInput) => ComposedLetter;

type Reversal = DecisionReversed['data'];
type Decision = LicenceDecision['data'];

/**
 * "One coherent mail per day" (RULES §6): a decision recorded and reversed on the same business
 * day issues neither its letter nor the correction's; one reversed on a later day keeps its letter
 * and the correction gets one. Judged on the whole stream, which holds the rest of that day.
 */
function withdrawnSameDay(stream: readonly RecordedEvent[], index: number): CalendarDate | null {
  const event = stream[index];
  const day = issuedOnOf(event.metadata);
  if (event.type === 'DecisionReversed') {
    const { reversedDecisionId } = event.data as Reversal;
    const reversed = stream
      .slice(0, index)
      .find((e) => DECISIONS.has(e.type) && (e.data as Decision).decisionId === reversedDecisionId);
    return reversed && issuedOnOf(reversed.metadata) === day ? day : null;
  }
  const { decisionId } = event.data as Decision;
  const reversedThatDay = stream
    .slice(index + 1)
    .some(
      (e) =>
        e.type === 'DecisionReversed' &&
        (e.data as Reversal).reversedDecisionId === decisionId &&
        issuedOnOf(e.metadata) === day,
    );
  return reversedThatDay ? day : null;
}

/**
 * The letters the `wanted` events of one licence's whole stream call for, in stream order. Each
 * letter says only what the stream held up to its causing event, and is dated by the business day
 * that event was recorded on: the same whenever, and however often, the workflow computes it.
 * Throws LetterWorkflowHaltedError when a letter cannot be written (a reference the templates do
 * not know): the caller stops there.
 */
export function lettersOfStream(
  stream: readonly RecordedEvent[],
  wanted: (event: RecordedEvent) => boolean,
  compose: ComposeLetter = composeLetter,
): CalledFor[] {
  let memory: LetterLicenceMemory | undefined;
  const called: CalledFor[] = [];
  stream.forEach((event, index) => {
    if (!memory) {
      if (event.type !== 'LicenceIssued') return; // nothing happens to a licence not issued
      const issued = event.data as LicenceIssued['data'];
      memory = {
        licenceNumber: issued.licenceNumber,
        streamId: event.streamId,
        holder: issued.holder,
        facts: [],
        movements: [],
        lettersIssued: 0,
        lastPosition: '0',
      };
    }
    const data = canonicalize(event.data);
    const reversed = remember(memory, event.type, data);
    if (!wanted(event) || !mayCallForLetter(event.type)) return;
    const decision = { type: event.type, data } as LicenceDecision | DecisionReversed;
    if (letterFor(decision) === null) return void called.push({ event, verdict: { kind: 'NO_LETTER' } });
    const day = withdrawnSameDay(stream, index);
    if (day !== null) return void called.push({ event, verdict: { kind: 'WITHDRAWN_SAME_DAY', day } });
    try {
      called.push({ event, verdict: issueVerdict(event, decision, memory, reversed, compose) });
    } catch (error) {
      throw new LetterWorkflowHaltedError(event, error);
    }
  });
  return called;
}

function issueVerdict(
  event: RecordedEvent,
  decision: LicenceDecision | DecisionReversed,
  memory: LetterLicenceMemory,
  reversed: ReturnType<typeof remember>,
  compose: ComposeLetter,
): LetterVerdict {
  const letterId = letterIdFor(event.eventId);
  const issuedOn = issuedOnOf(event.metadata);
  const input = letterInputFor(decision, memory, { letterId, issuedOn, reversed });
  if (input === null) return { kind: 'NO_LETTER' };
  return {
    kind: 'ISSUE',
    data: {
      letterId,
      licenceNumber: memory.licenceNumber,
      issuedOn,
      causedBy: { eventId: event.eventId, type: event.type, streamId: event.streamId },
      templateVersion: LETTER_TEMPLATE_VERSION,
      letter: compose(input),
    },
  };
}
