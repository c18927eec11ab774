import { Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/event-store';
import { groupByStream, licenceNumberOfStream } from '../licences/licence-rows';
import type { Projection, ReadModelTx } from '../processor/projection';
import { letterChangeOfStream, memoryOfRow, rowOfMemory, type LetterStreamChange } from './letter-rows';
import {
  LETTER_LICENCES_TABLE,
  LETTER_POSTINGS_TABLE,
  LETTERS_TABLE,
  type LetterLicenceRow,
} from './letters-tables';

export const LETTERS_PROJECTION = 'letters';

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
 * What to write is computed by `letterChangeOfStream`, shared with the PostgreSQL projection.
 */
@Injectable()
export class LettersProjection implements Projection {
  readonly name = LETTERS_PROJECTION;
  readonly tables = [LETTERS_TABLE, LETTER_LICENCES_TABLE, LETTER_POSTINGS_TABLE];
  private readonly logger = new Logger('LettersProjection');

  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    for (const [streamId, events] of groupByStream(batch)) {
      const licenceNumber = licenceNumberOfStream(streamId);
      if (licenceNumber === null) continue;
      const change = letterChangeOfStream(streamId, events, this.load(licenceNumber, tx), (message) =>
        this.logger.warn(message),
      );
      if (change) this.write(change, tx);
    }
  }

  private load(licenceNumber: string, tx: ReadModelTx) {
    const row = tx
      .statement<LetterLicenceRow>(`SELECT * FROM ${tx.table('letter_licences')} WHERE licence_number = ?`)
      .get(licenceNumber);
    return row ? memoryOfRow(row) : undefined;
  }

  private write({ memory, isNew, letters, postings }: LetterStreamChange, tx: ReadModelTx): void {
    const insertLetter = tx.statement(
      `INSERT INTO ${tx.table('letters')} (letter_id, licence_number, licence_sequence, reference, channel, issued_on, caused_by_event_id, caused_by_type, content, text, global_position)
       VALUES (@letter_id, @licence_number, @licence_sequence, @reference, @channel, @issued_on, @caused_by_event_id, @caused_by_type, @content, @text, @global_position)
       ON CONFLICT (letter_id) DO NOTHING`,
    );
    for (const letter of letters) insertLetter.run(letter);
    const insertPosting = tx.statement(
      `INSERT INTO ${tx.table('letter_postings')} (letter_id, licence_number, posted_on, global_position)
       VALUES (@letter_id, @licence_number, @posted_on, @global_position) ON CONFLICT (letter_id) DO NOTHING`,
    );
    for (const posting of postings) insertPosting.run(posting);
    tx.statement(
      isNew
        ? `INSERT INTO ${tx.table('letter_licences')} (licence_number, stream_id, holder, facts, movements, letters_issued, last_position)
           VALUES (@licence_number, @stream_id, @holder, @facts, @movements, @letters_issued, @last_position)`
        : `UPDATE ${tx.table('letter_licences')} SET holder = @holder, facts = @facts, movements = @movements,
             letters_issued = @letters_issued, last_position = @last_position WHERE licence_number = @licence_number`,
    ).run(rowOfMemory(memory));
  }
}
