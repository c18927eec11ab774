import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection, ReadModelTx } from '../processor/projection';
import { letterRowsOfBatch } from './letter-rows';
import { LETTER_HOLDERS_TABLE, LETTER_POSTINGS_TABLE, LETTERS_TABLE } from './letters-tables';

export const LETTERS_PROJECTION = 'letters';

/**
 * The letters read model on SQLite: a plain projection of the recorded letters (LetterIssued), their
 * postings (LetterPosted) and the licences' holders, written in the runner's transaction with the
 * checkpoint. The letters themselves are written once, to the log, by the letters workflow
 * (`workflow/`); rows come from `letterRowsOfBatch`, shared with the PostgreSQL projection.
 */
@Injectable()
export class LettersProjection implements Projection {
  readonly name = LETTERS_PROJECTION;
  readonly tables = [LETTERS_TABLE, LETTER_HOLDERS_TABLE, LETTER_POSTINGS_TABLE];

  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    const { letters, postings, holders } = letterRowsOfBatch(batch);
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
    const insertHolder = tx.statement(
      `INSERT INTO ${tx.table('letter_holders')} (licence_number, holder) VALUES (@licence_number, @holder)
       ON CONFLICT (licence_number) DO NOTHING`,
    );
    for (const holder of holders) insertHolder.run(holder);
  }
}
