import { Injectable } from '@nestjs/common';
import type { CalendarDate, CivilStatus, LetterChannel } from '@ledger/domain';
import { ReadModelDatabase } from '../sqlite/read-model-database';
import {
  LetterQueries,
  PRINT_ORDER,
  selectLettersFrom,
  storedLetterOfRow,
  type LetterWithPosting,
  type StoredLetter,
} from './letter.queries';

const SELECT = selectLettersFrom('letters', 'letter_postings');

/** Reads of the letters read model in the SQLite read-model database. */
@Injectable()
export class SqliteLetterQueries extends LetterQueries {
  constructor(private readonly database: ReadModelDatabase) {
    super();
  }

  async findLetter(letterId: string): Promise<StoredLetter | null> {
    const row = this.database.statement<LetterWithPosting>(`${SELECT} WHERE l.letter_id = ?`).get(letterId);
    return row ? storedLetterOfRow(row) : null;
  }

  async findLetters(letterIds: readonly string[]): Promise<StoredLetter[]> {
    const found: StoredLetter[] = [];
    for (const id of letterIds) {
      const letter = await this.findLetter(id);
      if (letter) found.push(letter);
    }
    return found;
  }

  async lettersOf(licenceNumber: string): Promise<StoredLetter[]> {
    return this.database
      .statement<LetterWithPosting>(`${SELECT} WHERE l.licence_number = ? ORDER BY l.licence_sequence`)
      .all(licenceNumber)
      .map(storedLetterOfRow);
  }

  async printRun(issuedOn: CalendarDate, channel?: LetterChannel | null): Promise<StoredLetter[]> {
    const rows = channel
      ? this.database
          .statement<LetterWithPosting>(
            `${SELECT} WHERE l.issued_on = ? AND l.channel = ? ORDER BY ${PRINT_ORDER}`,
          )
          .all(issuedOn, channel)
      : this.database
          .statement<LetterWithPosting>(`${SELECT} WHERE l.issued_on = ? ORDER BY ${PRINT_ORDER}`)
          .all(issuedOn);
    return rows.map(storedLetterOfRow);
  }

  async holderOf(licenceNumber: string): Promise<CivilStatus | null> {
    const holder = this.database
      .statement<string>('SELECT holder FROM letter_holders WHERE licence_number = ?')
      .pluck()
      .get(licenceNumber);
    return holder ? (JSON.parse(holder) as CivilStatus) : null;
  }
}
