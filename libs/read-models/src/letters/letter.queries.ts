import { Injectable } from '@nestjs/common';
import type { CalendarDate, CivilStatus, LetterChannel, LetterReference } from '@ledger/domain';
import type { ComposedLetter } from '@ledger/letters';
import { ReadModelDatabase } from '../sqlite/read-model-database';
import type { LetterRow } from './letters-tables';

/** A letter as the read model holds it, with its first posting if any. */
export interface StoredLetter {
  letterId: string;
  licenceNumber: string;
  reference: LetterReference;
  channel: LetterChannel;
  issuedOn: CalendarDate;
  causedByEventId: string;
  text: string;
  /** The composed letter (parts for the PDF). */
  letter: ComposedLetter;
  postedOn: CalendarDate | null;
  globalPosition: string;
}

type LetterWithPosting = LetterRow & { posted_on: string | null };

const SELECT = `SELECT l.*, p.posted_on FROM letters l LEFT JOIN letter_postings p ON p.letter_id = l.letter_id`;

/** The print run's order: registered with receipt first (they go to the counter), then by licence. */
const PRINT_ORDER = `CASE l.channel WHEN 'REGISTERED_WITH_RECEIPT' THEN 0 WHEN 'REGISTERED' THEN 1 ELSE 2 END, l.licence_number, l.licence_sequence`;

function toStored(row: LetterWithPosting): StoredLetter {
  return {
    letterId: row.letter_id,
    licenceNumber: row.licence_number,
    reference: row.reference as LetterReference,
    channel: row.channel as LetterChannel,
    issuedOn: row.issued_on,
    causedByEventId: row.caused_by_event_id,
    text: row.text,
    letter: JSON.parse(row.content) as ComposedLetter,
    postedOn: row.posted_on,
    globalPosition: row.global_position,
  };
}

/** Reads of the letters read model: lookups only. */
@Injectable()
export class LetterQueries {
  constructor(private readonly database: ReadModelDatabase) {}

  /** For read models that hold no letters (PostgreSQL, for now): no letter anywhere. */
  static unavailable(): LetterQueries {
    return new NoLetters();
  }

  async findLetter(letterId: string): Promise<StoredLetter | null> {
    const row = this.database.statement<LetterWithPosting>(`${SELECT} WHERE l.letter_id = ?`).get(letterId);
    return row ? toStored(row) : null;
  }

  async findLetters(letterIds: readonly string[]): Promise<StoredLetter[]> {
    const found: StoredLetter[] = [];
    for (const id of letterIds) {
      const letter = await this.findLetter(id);
      if (letter) found.push(letter);
    }
    return found;
  }

  /** A licence's letters, in the order they were issued. */
  async lettersOf(licenceNumber: string): Promise<StoredLetter[]> {
    return this.database
      .statement<LetterWithPosting>(`${SELECT} WHERE l.licence_number = ? ORDER BY l.licence_sequence`)
      .all(licenceNumber)
      .map(toStored);
  }

  /** The letters issued on a day, of one channel or all, in printing order. */
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
    return rows.map(toStored);
  }

  /** The holder's civil status, as the letter workflow recorded it (to tell a holder's own letters). */
  async holderOf(licenceNumber: string): Promise<CivilStatus | null> {
    const holder = this.database
      .statement<string>('SELECT holder FROM letter_licences WHERE licence_number = ?')
      .pluck()
      .get(licenceNumber);
    return holder ? (JSON.parse(holder) as CivilStatus) : null;
  }
}

class NoLetters extends LetterQueries {
  constructor() {
    super(undefined as unknown as ReadModelDatabase);
  }
  override async findLetter(): Promise<StoredLetter | null> {
    return null;
  }
  override async lettersOf(): Promise<StoredLetter[]> {
    return [];
  }
  override async printRun(): Promise<StoredLetter[]> {
    return [];
  }
  override async holderOf(): Promise<CivilStatus | null> {
    return null;
  }
}
