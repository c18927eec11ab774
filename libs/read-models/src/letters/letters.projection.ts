import { Injectable, Logger } from '@nestjs/common';
import {
  DECISION_TYPES,
  type CivilStatus,
  type DecisionReversed,
  type LetterPosted,
  type LicenceDecision,
  type LicenceFact,
  type LicenceIssued,
} from '@ledger/domain';
import { parsePosition, positionToString, type RecordedEvent } from '@ledger/event-store';
import { composeLetter, letterIdFor } from '@ledger/letters';
import { licenceNumberOfStream } from '../licences/licence-rows';
import type { Projection, ReadModelTx } from '../processor/projection';
import { canonicalize } from '../sqlite/canonical-json';
import { issuedOnOf } from './issued-on';
import { letterInputFor } from './letter-input';
import { remember, type LetterLicenceMemory, type Movement } from './letter-licence-memory';
import {
  LETTER_LICENCES_TABLE,
  LETTER_POSTINGS_TABLE,
  LETTERS_TABLE,
  type LetterLicenceRow,
  type LetterRow,
} from './letters-tables';

export const LETTERS_PROJECTION = 'letters';

const DECISIONS: ReadonlySet<string> = new Set(DECISION_TYPES);

/**
 * The letter workflow (CONVENTIONS 7, RULES §6): decision events in, letters out. It runs as a
 * projection of the checkpointed processor, so each letter is inserted in the same SQLite
 * transaction as the checkpoint that covers its causing event:
 *
 * - a letter's id derives from the causing event's id, and its row is inserted keyed by it, so a
 *   redelivered batch, a replay from zero or a rebuild writes the same letter, never a second one;
 * - a crash between the insert and the checkpoint cannot leave a letter without its checkpoint (or
 *   the reverse): they commit or roll back together, and the restarted processor writes it again;
 * - a letter says only what the stream held up to its causing event (and is dated by the day that
 *   event was recorded), so its text is the same whichever batches brought the events.
 *
 * Events at or below a licence's own last position are skipped as well, so even a batch applied
 * twice outside the runner issues nothing twice.
 */
@Injectable()
export class LettersProjection implements Projection {
  readonly name = LETTERS_PROJECTION;
  readonly tables = [LETTERS_TABLE, LETTER_LICENCES_TABLE, LETTER_POSTINGS_TABLE];
  private readonly logger = new Logger('LettersProjection');

  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of batch) {
      const events = byStream.get(event.streamId);
      if (events) events.push(event);
      else byStream.set(event.streamId, [event]);
    }
    for (const [streamId, events] of byStream) this.applyStream(streamId, events, tx);
  }

  private applyStream(streamId: string, events: readonly RecordedEvent[], tx: ReadModelTx): void {
    const licenceNumber = licenceNumberOfStream(streamId);
    if (licenceNumber === null) return;
    let memory = this.load(licenceNumber, tx);
    const appliedUpTo = memory ? parsePosition(memory.lastPosition) : 0n;
    const isNew = memory === undefined;
    let touched = false;

    for (const event of events) {
      if (event.globalPosition <= appliedUpTo) continue;
      if (!memory) {
        if (event.type !== 'LicenceIssued') continue; // nothing happens to a licence not issued
        const issued = event.data as LicenceIssued['data'];
        if (issued.licenceNumber !== licenceNumber) {
          this.logger.warn(
            `${streamId}: LicenceIssued for ${String(issued.licenceNumber)} ignored (not this stream's licence).`,
          );
          return;
        }
        memory = {
          licenceNumber,
          streamId,
          holder: issued.holder,
          facts: [],
          movements: [],
          lettersIssued: 0,
          lastPosition: '0',
        };
      }
      touched = true;
      memory.lastPosition = positionToString(event.globalPosition);
      const data = canonicalize(event.data);
      const reversed = remember(memory, event.type, data);
      if (event.type === 'LetterPosted') this.recordPosting(event, licenceNumber, tx);
      else if (DECISIONS.has(event.type) || event.type === 'DecisionReversed')
        this.issueLetter(event, data, memory, reversed, tx);
    }
    if (memory && touched) this.save(memory, isNew, tx);
  }

  /** Writes the letter the event calls for, if any, keyed by the id derived from the event. */
  private issueLetter(
    event: RecordedEvent,
    data: unknown,
    memory: LetterLicenceMemory,
    reversed: Movement | undefined,
    tx: ReadModelTx,
  ): void {
    const letterId = letterIdFor(event.eventId);
    const input = letterInputFor({ type: event.type, data } as LicenceDecision | DecisionReversed, memory, {
      letterId,
      issuedOn: issuedOnOf(event.metadata),
      reversed,
    });
    if (input === null) return;
    const letter = composeLetter(input);
    memory.lettersIssued += 1;
    const row: LetterRow = {
      letter_id: letterId,
      licence_number: memory.licenceNumber,
      licence_sequence: memory.lettersIssued,
      reference: letter.reference,
      channel: letter.channel,
      issued_on: letter.issuedOn,
      caused_by_event_id: event.eventId,
      caused_by_type: event.type,
      content: JSON.stringify(letter),
      text: letter.lines.join('\n'),
      global_position: positionToString(event.globalPosition),
    };
    tx.statement(
      `INSERT INTO ${tx.table('letters')} (letter_id, licence_number, licence_sequence, reference, channel, issued_on, caused_by_event_id, caused_by_type, content, text, global_position)
       VALUES (@letter_id, @licence_number, @licence_sequence, @reference, @channel, @issued_on, @caused_by_event_id, @caused_by_type, @content, @text, @global_position)
       ON CONFLICT (letter_id) DO NOTHING`,
    ).run(row);
  }

  /** The first posting is the fact; a second one (the decider records none) would change nothing. */
  private recordPosting(event: RecordedEvent, licenceNumber: string, tx: ReadModelTx): void {
    const { letterId, postedOn } = event.data as LetterPosted['data'];
    tx.statement(
      `INSERT INTO ${tx.table('letter_postings')} (letter_id, licence_number, posted_on, global_position)
       VALUES (?, ?, ?, ?) ON CONFLICT (letter_id) DO NOTHING`,
    ).run(letterId, licenceNumber, postedOn, positionToString(event.globalPosition));
  }

  private load(licenceNumber: string, tx: ReadModelTx): LetterLicenceMemory | undefined {
    const row = tx
      .statement<LetterLicenceRow>(`SELECT * FROM ${tx.table('letter_licences')} WHERE licence_number = ?`)
      .get(licenceNumber);
    if (!row) return undefined;
    return {
      licenceNumber: row.licence_number,
      streamId: row.stream_id,
      holder: JSON.parse(row.holder) as CivilStatus,
      facts: JSON.parse(row.facts) as LicenceFact[],
      movements: JSON.parse(row.movements) as Movement[],
      lettersIssued: row.letters_issued,
      lastPosition: row.last_position,
    };
  }

  private save(memory: LetterLicenceMemory, isNew: boolean, tx: ReadModelTx): void {
    const row: LetterLicenceRow = {
      licence_number: memory.licenceNumber,
      stream_id: memory.streamId,
      holder: JSON.stringify(canonicalize(memory.holder)),
      facts: JSON.stringify(memory.facts),
      movements: JSON.stringify(memory.movements),
      letters_issued: memory.lettersIssued,
      last_position: memory.lastPosition,
    };
    tx.statement(
      isNew
        ? `INSERT INTO ${tx.table('letter_licences')} (licence_number, stream_id, holder, facts, movements, letters_issued, last_position)
           VALUES (@licence_number, @stream_id, @holder, @facts, @movements, @letters_issued, @last_position)`
        : `UPDATE ${tx.table('letter_licences')} SET holder = @holder, facts = @facts, movements = @movements,
             letters_issued = @letters_issued, last_position = @last_position WHERE licence_number = @licence_number`,
    ).run(row);
  }
}
