import type { CalendarDate, CivilStatus, LetterChannel, LetterReference } from '@ledger/domain';
import type { ComposedLetter } from '@ledger/letters';
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

/** A letters row joined with its first posting: what both stores' queries select. */
export type LetterWithPosting = LetterRow & { posted_on: string | null };

/** The letter, then its posting: the same SELECT on SQLite and PostgreSQL (tables named by the caller). */
export const selectLettersFrom = (letters: string, postings: string): string =>
  `SELECT l.*, p.posted_on FROM ${letters} l LEFT JOIN ${postings} p ON p.letter_id = l.letter_id`;

/** The print run's order: registered with receipt first (they go to the counter), then by licence. */
export const PRINT_ORDER = `CASE l.channel WHEN 'REGISTERED_WITH_RECEIPT' THEN 0 WHEN 'REGISTERED' THEN 1 ELSE 2 END, l.licence_number, l.licence_sequence`;

export function storedLetterOfRow(row: LetterWithPosting): StoredLetter {
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

/**
 * Reads of the letters read model, lookups only: the store-independent token the API injects,
 * provided by SqliteLetterQueries or PgLetterQueries (same answers for the same log).
 */
export abstract class LetterQueries {
  abstract findLetter(letterId: string): Promise<StoredLetter | null>;

  /** The letters of these ids that exist, in the order asked. */
  abstract findLetters(letterIds: readonly string[]): Promise<StoredLetter[]>;

  /** A licence's letters, in the order they were issued. */
  abstract lettersOf(licenceNumber: string): Promise<StoredLetter[]>;

  /** The letters issued on a day, of one channel or all, in printing order. */
  abstract printRun(issuedOn: CalendarDate, channel?: LetterChannel | null): Promise<StoredLetter[]>;

  /** The holder's civil status, as the licence was issued (to tell a holder's own letters). */
  abstract holderOf(licenceNumber: string): Promise<CivilStatus | null>;
}
