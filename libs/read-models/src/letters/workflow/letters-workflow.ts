import type { CalendarDate } from '@ledger/domain';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EVENT_ID_NAMESPACE,
  uuidV5,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import {
  LETTER_ISSUED,
  LETTER_ISSUED_SCHEMA_VERSION,
  lettersStreamId,
  type LetterIssuedData,
} from '@ledger/letters';
import { licenceNumberOfStream } from '../../licences/licence-rows';
import { issuedOnOf } from '../issued-on';
import { lettersOfStream, mayCallForLetter, type ComposeLetter } from './letters-of-stream';
import type { WorkflowCheckpoints } from './workflow-checkpoints';

export const LETTERS_WORKFLOW = 'letters-workflow';

/** Who the ledger records as the author of the letters (metadata.actor). */
export const LETTERS_WORKFLOW_ACTOR = 'system:letters-workflow';

/** The id of the LetterIssued a causing event calls for: the same on every run, every worker. */
export const letterIssuedEventId = (causingEventId: string): string =>
  uuidV5(`${LETTER_ISSUED}/${causingEventId.toLowerCase()}`, EVENT_ID_NAMESPACE);

export interface LettersWorkflowOptions {
  /** The business day today (the Clock's): only the days before it are over. */
  today: () => CalendarDate;
  /** Events read from the log at a time. Default 1,000. */
  batchSize?: number;
  /** The templates. Default: this code's (`composeLetter`, LETTER_TEMPLATE_VERSION). */
  compose?: ComposeLetter;
}

export interface LettersWorkflowPass {
  /** LetterIssued events this pass appended. */
  issued: number;
  /** Letters found already appended (another worker, or a pass that died before its checkpoint). */
  alreadyIssued: number;
  /** Decisions reversed on their own business day: no letter (RULES §6). */
  withdrawnSameDay: number;
  /** The checkpoint after the pass: every event of a finished day up to it has its letter. */
  checkpoint: bigint;
}

const APPEND_ATTEMPTS = 5;

/**
 * The letters workflow (RULES §6, CONVENTIONS 7): the decisions the law says must be notified in,
 * one `LetterIssued` per letter appended to the licence's letters stream out.
 *
 * - Once a day: a decision's letter is written only once its business day is over (the Clock's
 *   today is later), judged on the whole day, so that one reversed the same day sends nothing.
 * - Exactly once: the LetterIssued id derives from the causing event; an append that finds it
 *   already there counts as done. A redelivery, a crash between the append and the checkpoint, or
 *   two workers at once therefore append it once.
 * - Never silent: a letter that cannot be written stops the workflow at its causing event (the
 *   checkpoint stays before it) with a LetterWorkflowHaltedError, logged by the caller.
 */
export class LettersWorkflow {
  private readonly batchSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: WorkflowCheckpoints,
    private readonly options: LettersWorkflowOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
  }

  /** Reads the log from the checkpoint up to the first event of a day not over, issuing its letters. */
  async runOnce(): Promise<LettersWorkflowPass> {
    const today = this.options.today();
    const pass = { issued: 0, alreadyIssued: 0, withdrawnSameDay: 0 };
    let after = await this.checkpoints.load(LETTERS_WORKFLOW);
    for (;;) {
      const batch = await this.store.readAll({ after, maxCount: this.batchSize });
      const open = batch.findIndex((event) => isLicenceEvent(event) && issuedOnOf(event.metadata) >= today);
      const finished = open < 0 ? batch : batch.slice(0, open);
      if (finished.length > 0) {
        await this.issueLettersOf(finished, pass);
        after = finished[finished.length - 1].globalPosition;
        await this.checkpoints.save(LETTERS_WORKFLOW, after);
      }
      if (open >= 0 || batch.length < this.batchSize) return { ...pass, checkpoint: after };
    }
  }

  private async issueLettersOf(
    events: readonly RecordedEvent[],
    pass: Omit<LettersWorkflowPass, 'checkpoint'>,
  ): Promise<void> {
    const byStream = new Map<string, Set<string>>();
    for (const event of events) {
      if (!isLicenceEvent(event) || !mayCallForLetter(event.type)) continue;
      const ids = byStream.get(event.streamId) ?? new Set<string>();
      byStream.set(event.streamId, ids.add(event.eventId));
    }
    // Stream by stream in the order of their first decision; within a stream, in stream order.
    for (const [streamId, ids] of byStream) {
      const { events: stream } = await this.store.readStream(streamId);
      const called = lettersOfStream(stream, (event) => ids.has(event.eventId), this.options.compose);
      const letters: NewEvent[] = [];
      let licenceNumber: string | undefined;
      for (const { event, verdict } of called) {
        if (verdict.kind === 'WITHDRAWN_SAME_DAY') pass.withdrawnSameDay++;
        if (verdict.kind !== 'ISSUE') continue;
        licenceNumber = verdict.data.licenceNumber;
        letters.push(this.letterIssued(verdict.data, event));
      }
      if (licenceNumber === undefined) continue;
      const { appended, found } = await this.appendAll(lettersStreamId(licenceNumber), letters);
      pass.issued += appended;
      pass.alreadyIssued += found;
    }
  }

  /**
   * One licence's letters of the pass in one durable append (one commit for all of them); when
   * some were already there (another worker, a pass that died before its checkpoint), one by one:
   * each found or appended.
   */
  private async appendAll(
    streamId: string,
    letters: NewEvent[],
  ): Promise<{ appended: number; found: number }> {
    if (letters.length > 1) {
      try {
        const expected = (await this.store.readStream(streamId)).currentVersion;
        const { appended } = await this.store.appendToStream(streamId, expected, letters);
        return appended ? { appended: letters.length, found: 0 } : { appended: 0, found: letters.length };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) && !(error instanceof DuplicateEventIdError)) throw error;
      }
    }
    const outcome = { appended: 0, found: 0 };
    for (const letter of letters) {
      if (await this.append(streamId, letter)) outcome.appended++;
      else outcome.found++;
    }
    return outcome;
  }

  private letterIssued(data: LetterIssuedData, cause: RecordedEvent): NewEvent {
    return {
      eventId: letterIssuedEventId(cause.eventId),
      type: LETTER_ISSUED,
      data,
      metadata: {
        actor: LETTERS_WORKFLOW_ACTOR,
        commandId: `${LETTERS_WORKFLOW}:${cause.eventId}`,
        correlationId: cause.metadata.correlationId,
        causationId: cause.eventId,
        schemaVersion: LETTER_ISSUED_SCHEMA_VERSION,
        recordedOn: this.options.today(),
      },
    };
  }

  /** Appends one letter; false when it was already there. Retries when another letter got in first. */
  private async append(streamId: string, event: NewEvent): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const expected: ExpectedVersion = (await this.store.readStream(streamId)).currentVersion;
      try {
        return (await this.store.appendToStream(streamId, expected, [event])).appended;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= APPEND_ATTEMPTS) throw error;
      }
    }
  }
}

const isLicenceEvent = (event: RecordedEvent): boolean => licenceNumberOfStream(event.streamId) !== null;
