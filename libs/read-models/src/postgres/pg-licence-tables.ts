import type { PgReadModelTable } from './pg-projection';

// The licence read model's tables in PostgreSQL: the same columns, names and values as on SQLite
// (licences/licence-tables.ts), so that a dump of either compares equal row for row.
//
// TEXT, not jsonb, for the JSON columns: jsonb would reorder keys and drop the canonical bytes the
// computer writes (a rebuild must write the same bytes). COLLATE "C" on the columns that are
// compared or sorted: byte order, as SQLite's BINARY, whatever the database's locale, so that
// findDue and dumps come out in the same order on both stores and the index serves `<=` and ORDER BY.

export const PG_LICENCES_TABLE: PgReadModelTable = {
  name: 'licences',
  columns: `
    licence_number   TEXT COLLATE "C" NOT NULL,
    stream_id        TEXT NOT NULL,
    stream_version   TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    holder           TEXT NOT NULL,
    facts            TEXT NOT NULL,
    file             TEXT NOT NULL,
    timeline         TEXT NOT NULL,
    recorded_ids     TEXT NOT NULL,
    next_decision_on TEXT COLLATE "C",
    last_position    TEXT NOT NULL`,
  primaryKey: ['licence_number'],
  largeTexts: ['facts', 'file', 'timeline'],
  // The daily run's range scan; INCLUDE-free like SQLite's covering index (both columns are keys).
  indexes: { by_next_decision_on: 'next_decision_on, licence_number' },
};

export const PG_INFRACTIONS_TABLE: PgReadModelTable = {
  name: 'infractions',
  columns: `
    licence_number   TEXT COLLATE "C" NOT NULL,
    infraction_id    TEXT COLLATE "C" NOT NULL,
    offence_code     TEXT NOT NULL,
    offence_class    TEXT NOT NULL,
    committed_on     TEXT COLLATE "C" NOT NULL,
    check_id         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('RECORDED', 'ESTABLISHED', 'CANCELLED')),
    established_on   TEXT,
    established_by   TEXT,
    points_withdrawn INTEGER NOT NULL`,
  primaryKey: ['licence_number', 'infraction_id'],
};
