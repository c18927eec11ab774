import type { ReadModelTable } from '../processor/projection';

/**
 * The letters the workflow issued (RULES §6, CONVENTIONS 7), one row per LetterIssued, keyed by the
 * letter id (derived from the event that caused it): a replay or a redelivery writes the same key
 * again, never a second letter. `content` is the composed letter as recorded (its parts, for the
 * PDF); `text` its text; `global_position` the LetterIssued's. A rebuild writes the same bytes.
 */
export const LETTERS_TABLE: ReadModelTable = {
  name: 'letters',
  columns: `
    letter_id          TEXT PRIMARY KEY,
    licence_number     TEXT NOT NULL,
    licence_sequence   INTEGER NOT NULL,
    reference          TEXT NOT NULL CHECK (reference IN ('48', '48M', '48N', '48SI', '46', '46D', '46B', '47', 'CORRECTION')),
    channel            TEXT NOT NULL CHECK (channel IN ('ORDINARY_MAIL', 'REGISTERED', 'REGISTERED_WITH_RECEIPT')),
    issued_on          TEXT NOT NULL,
    caused_by_event_id TEXT NOT NULL,
    caused_by_type     TEXT NOT NULL,
    content            TEXT NOT NULL,
    text               TEXT NOT NULL,
    global_position    TEXT NOT NULL`,
  options: 'STRICT',
  indexes: {
    by_licence: 'licence_number, licence_sequence',
    by_issued_on: 'issued_on, channel, licence_number, licence_sequence',
  },
  primaryKey: ['letter_id'],
};

/** Who holds each licence, from its LicenceIssued: the API shows a holder only their own letters. */
export const LETTER_HOLDERS_TABLE: ReadModelTable = {
  name: 'letter_holders',
  columns: `
    licence_number   TEXT PRIMARY KEY,
    holder           TEXT NOT NULL`,
  options: 'STRICT, WITHOUT ROWID',
  primaryKey: ['licence_number'],
};

/** The first posting of each letter (a fact staff record: LetterPosted). */
export const LETTER_POSTINGS_TABLE: ReadModelTable = {
  name: 'letter_postings',
  columns: `
    letter_id        TEXT PRIMARY KEY,
    licence_number   TEXT NOT NULL,
    posted_on        TEXT NOT NULL,
    global_position  TEXT NOT NULL`,
  options: 'STRICT, WITHOUT ROWID',
  primaryKey: ['letter_id'],
};

export interface LetterRow {
  letter_id: string;
  licence_number: string;
  licence_sequence: number;
  reference: string;
  channel: string;
  issued_on: string;
  caused_by_event_id: string;
  caused_by_type: string;
  content: string;
  text: string;
  global_position: string;
}

export interface LetterHolderRow {
  licence_number: string;
  holder: string;
}

export interface LetterPostingRow {
  letter_id: string;
  licence_number: string;
  posted_on: string;
  global_position: string;
}
