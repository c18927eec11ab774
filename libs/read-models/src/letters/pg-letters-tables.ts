import type { PgReadModelTable } from '../postgres/pg-projection';

// The letters read model's tables in PostgreSQL: the same columns, names and values as on SQLite
// (letters-tables.ts), so that a dump of either compares equal row for row. TEXT, not jsonb, for
// the JSON columns (a rebuild must write the same bytes); COLLATE "C" where rows are compared or
// sorted (keys, the print run's order), i.e. byte order as SQLite's BINARY whatever the locale.

export const PG_LETTERS_TABLE: PgReadModelTable = {
  name: 'letters',
  columns: `
    letter_id          TEXT COLLATE "C" NOT NULL,
    licence_number     TEXT COLLATE "C" NOT NULL,
    licence_sequence   INTEGER NOT NULL,
    reference          TEXT NOT NULL CHECK (reference IN ('48', '48M', '48N', '48SI', '46', '46D', '46B', '47', 'CORRECTION')),
    channel            TEXT COLLATE "C" NOT NULL CHECK (channel IN ('ORDINARY_MAIL', 'REGISTERED', 'REGISTERED_WITH_RECEIPT')),
    issued_on          TEXT COLLATE "C" NOT NULL,
    caused_by_event_id TEXT NOT NULL,
    caused_by_type     TEXT NOT NULL,
    content            TEXT NOT NULL,
    text               TEXT NOT NULL,
    global_position    TEXT NOT NULL`,
  primaryKey: ['letter_id'],
  largeTexts: ['content', 'text'],
  indexes: {
    by_licence: 'licence_number, licence_sequence',
    by_issued_on: 'issued_on, channel, licence_number, licence_sequence',
  },
};

export const PG_LETTER_HOLDERS_TABLE: PgReadModelTable = {
  name: 'letter_holders',
  columns: `
    licence_number   TEXT COLLATE "C" NOT NULL,
    holder           TEXT NOT NULL`,
  primaryKey: ['licence_number'],
};

export const PG_LETTER_POSTINGS_TABLE: PgReadModelTable = {
  name: 'letter_postings',
  columns: `
    letter_id        TEXT COLLATE "C" NOT NULL,
    licence_number   TEXT NOT NULL,
    posted_on        TEXT NOT NULL,
    global_position  TEXT NOT NULL`,
  primaryKey: ['letter_id'],
};
