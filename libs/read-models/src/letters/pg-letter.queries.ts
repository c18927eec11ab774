import { Injectable } from '@nestjs/common';
import type { CalendarDate, CivilStatus, LetterChannel } from '@ledger/domain';
import { PgReadModelDatabase } from '../postgres/pg-read-model-database';
import {
  LetterQueries,
  PRINT_ORDER,
  selectLettersFrom,
  storedLetterOfRow,
  type LetterWithPosting,
  type StoredLetter,
} from './letter.queries';

/** Reads of the letters read model in PostgreSQL: the same answers, in the same order, as on SQLite. */
@Injectable()
export class PgLetterQueries extends LetterQueries {
  private readonly select: string;

  constructor(private readonly database: PgReadModelDatabase) {
    super();
    this.select = selectLettersFrom(database.qualified('letters'), database.qualified('letter_postings'));
  }

  async findLetter(letterId: string): Promise<StoredLetter | null> {
    const [letter] = await this.findLetters([letterId]);
    return letter ?? null;
  }

  async findLetters(letterIds: readonly string[]): Promise<StoredLetter[]> {
    if (letterIds.length === 0) return [];
    const { rows } = await this.database.pool.query<LetterWithPosting>(
      `${this.select} WHERE l.letter_id = ANY($1::text[])`,
      [letterIds],
    );
    const byId = new Map(rows.map((row) => [row.letter_id, storedLetterOfRow(row)]));
    return letterIds.flatMap((id) => byId.get(id) ?? []);
  }

  async lettersOf(licenceNumber: string): Promise<StoredLetter[]> {
    const { rows } = await this.database.pool.query<LetterWithPosting>(
      `${this.select} WHERE l.licence_number = $1 ORDER BY l.licence_sequence`,
      [licenceNumber],
    );
    return rows.map(storedLetterOfRow);
  }

  async printRun(issuedOn: CalendarDate, channel?: LetterChannel | null): Promise<StoredLetter[]> {
    const { rows } = channel
      ? await this.database.pool.query<LetterWithPosting>(
          `${this.select} WHERE l.issued_on = $1 AND l.channel = $2 ORDER BY ${PRINT_ORDER}`,
          [issuedOn, channel],
        )
      : await this.database.pool.query<LetterWithPosting>(
          `${this.select} WHERE l.issued_on = $1 ORDER BY ${PRINT_ORDER}`,
          [issuedOn],
        );
    return rows.map(storedLetterOfRow);
  }

  async holderOf(licenceNumber: string): Promise<CivilStatus | null> {
    const { rows } = await this.database.pool.query<{ holder: string }>(
      `SELECT holder FROM ${this.database.qualified('letter_holders')} WHERE licence_number = $1`,
      [licenceNumber],
    );
    return rows.length > 0 ? (JSON.parse(rows[0].holder) as CivilStatus) : null;
  }
}
