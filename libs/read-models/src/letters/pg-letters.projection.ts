import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/event-store';
import { insertRows } from '../postgres/pg-insert-rows';
import type { PgProjection, PgReadModelTx } from '../postgres/pg-projection';
import { letterRowsOfBatch } from './letter-rows';
import { LETTERS_PROJECTION } from './letters.projection';
import type { LetterHolderRow, LetterPostingRow, LetterRow } from './letters-tables';
import { PG_LETTER_HOLDERS_TABLE, PG_LETTER_POSTINGS_TABLE, PG_LETTERS_TABLE } from './pg-letters-tables';

const LETTER_COLUMNS = [
  'letter_id',
  'licence_number',
  'licence_sequence',
  'reference',
  'channel',
  'issued_on',
  'caused_by_event_id',
  'caused_by_type',
  'content',
  'text',
  'global_position',
] as const satisfies readonly (keyof LetterRow)[];

const POSTING_COLUMNS = [
  'letter_id',
  'licence_number',
  'posted_on',
  'global_position',
] as const satisfies readonly (keyof LetterPostingRow)[];

const HOLDER_COLUMNS = ['licence_number', 'holder'] as const satisfies readonly (keyof LetterHolderRow)[];

/**
 * The letters read model on PostgreSQL: the same rows as the SQLite LettersProjection (both write
 * what `letterRowsOfBatch` gives), in the runner's transaction with the checkpoint. A batch costs
 * one multi-row statement (insertRows) per table whatever its size.
 */
@Injectable()
export class PgLettersProjection implements PgProjection {
  readonly name = LETTERS_PROJECTION;
  readonly tables = [PG_LETTERS_TABLE, PG_LETTER_HOLDERS_TABLE, PG_LETTER_POSTINGS_TABLE];

  async apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void> {
    const { letters, postings, holders } = letterRowsOfBatch(batch);
    const doNothing = (key: string) => `ON CONFLICT (${key}) DO NOTHING`;
    await insertRows(tx, 'letters', LETTER_COLUMNS, firstPer('letter_id', letters), doNothing('letter_id'));
    await insertRows(
      tx,
      'letter_postings',
      POSTING_COLUMNS,
      firstPer('letter_id', postings),
      doNothing('letter_id'),
    );
    await insertRows(
      tx,
      'letter_holders',
      HOLDER_COLUMNS,
      firstPer('licence_number', holders),
      doNothing('licence_number'),
    );
  }
}

/**
 * As on SQLite, where each row is inserted in turn with DO NOTHING: the first one of a key stands
 * (PostgreSQL refuses one statement that would touch a key twice).
 */
function firstPer<Row, Key extends keyof Row>(key: Key, rows: readonly Row[]): Row[] {
  const seen = new Set<Row[Key]>();
  return rows.filter((row) => !seen.has(row[key]) && (seen.add(row[key]), true));
}
