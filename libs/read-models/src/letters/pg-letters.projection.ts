import { Injectable, Logger } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/event-store';
import { groupByStream, licenceNumberOfStream } from '../licences/licence-rows';
import type { PgProjection, PgReadModelTx } from '../postgres/pg-projection';
import { letterChangeOfStream, memoryOfRow, rowOfMemory, type LetterStreamChange } from './letter-rows';
import { LETTERS_PROJECTION } from './letters.projection';
import type { LetterLicenceRow, LetterPostingRow, LetterRow } from './letters-tables';
import { PG_LETTER_LICENCES_TABLE, PG_LETTER_POSTINGS_TABLE, PG_LETTERS_TABLE } from './pg-letters-tables';

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

const POSTING_COLUMNS = ['letter_id', 'licence_number', 'posted_on', 'global_position'] as const satisfies readonly (keyof LetterPostingRow)[];

const MEMORY_COLUMNS = [
  'licence_number',
  'stream_id',
  'holder',
  'facts',
  'movements',
  'letters_issued',
  'last_position',
] as const satisfies readonly (keyof LetterLicenceRow)[];

const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['licence_sequence', 'letters_issued']);

/**
 * The letter workflow on PostgreSQL read models: the same letters as the SQLite LettersProjection
 * (both write what `letterChangeOfStream` computes), inserted in the runner's transaction with the
 * checkpoint, so a letter is issued exactly once (CONVENTIONS 6 and 7). A batch costs a fixed
 * number of round trips whatever its size: one read of the licences' memories, then one multi-row
 * statement (unnest) per table.
 */
@Injectable()
export class PgLettersProjection implements PgProjection {
  readonly name = LETTERS_PROJECTION;
  readonly tables = [PG_LETTERS_TABLE, PG_LETTER_LICENCES_TABLE, PG_LETTER_POSTINGS_TABLE];
  private readonly logger = new Logger('LettersProjection');

  async apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void> {
    const byStream = groupByStream(batch);
    const numbers: string[] = [];
    for (const streamId of byStream.keys()) {
      const licenceNumber = licenceNumberOfStream(streamId);
      if (licenceNumber !== null) numbers.push(licenceNumber);
    }
    if (numbers.length === 0) return;
    const { rows } = await tx.client.query<LetterLicenceRow>(
      `SELECT * FROM ${tx.table('letter_licences')} WHERE licence_number = ANY($1::text[])`,
      [numbers],
    );
    const stored = new Map(rows.map((row) => [row.licence_number, row]));
    const changes: LetterStreamChange[] = [];
    for (const [streamId, events] of byStream) {
      const licenceNumber = licenceNumberOfStream(streamId);
      if (licenceNumber === null) continue;
      const row = stored.get(licenceNumber);
      const change = letterChangeOfStream(streamId, events, row && memoryOfRow(row), (message) =>
        this.logger.warn(message),
      );
      if (change) changes.push(change);
    }
    await this.write(changes, tx);
  }

  private async write(changes: readonly LetterStreamChange[], tx: PgReadModelTx): Promise<void> {
    await insertRows(
      tx,
      'letters',
      LETTER_COLUMNS,
      changes.flatMap((change) => change.letters),
      'ON CONFLICT (letter_id) DO NOTHING',
    );
    await insertRows(
      tx,
      'letter_postings',
      POSTING_COLUMNS,
      firstPerLetter(changes.flatMap((change) => change.postings)),
      'ON CONFLICT (letter_id) DO NOTHING',
    );
    await insertRows(
      tx,
      'letter_licences',
      MEMORY_COLUMNS,
      changes.map((change) => rowOfMemory(change.memory)),
      `ON CONFLICT (licence_number) DO UPDATE SET ${MEMORY_COLUMNS.slice(1)
        .map((column) => `${column} = excluded.${column}`)
        .join(', ')}`,
    );
  }
}

/** One INSERT … SELECT FROM unnest(…) for all the rows: one round trip whatever their number. */
async function insertRows<Row extends object>(
  tx: PgReadModelTx,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  onConflict: string,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.client.query(
    `INSERT INTO ${tx.table(table)} (${columns.join(', ')})
     SELECT * FROM unnest(${columns.map((column, i) => `$${i + 1}::${INTEGER_COLUMNS.has(column) ? 'int' : 'text'}[]`).join(', ')})
     ${onConflict}`,
    columns.map((column) => rows.map((row) => row[column])),
  );
}

/** As on SQLite, where each posting is inserted in turn with DO NOTHING: the first one of a letter stands. */
function firstPerLetter(postings: readonly LetterPostingRow[]): LetterPostingRow[] {
  const seen = new Set<string>();
  return postings.filter(({ letter_id }) => !seen.has(letter_id) && (seen.add(letter_id), true));
}
