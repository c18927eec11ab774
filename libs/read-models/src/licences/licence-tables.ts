import type { ReadModelTable } from '../processor/projection';

/**
 * One row per licence: its facts (to recompute from), the file and the whole timeline computed from
 * them (so a balance on any date, the history and the upcoming restorations are read, not
 * recomputed on each request), the decisions the log holds, and the date of the next decision the
 * log does not hold yet: the daily run's index.
 *
 * Every column is a function of the licence's events alone (no clock, no batch boundary): a rebuild
 * from zero writes the same bytes. Versions and positions are decimal strings (CONVENTIONS 4).
 */
export const LICENCES_TABLE: ReadModelTable = {
  name: 'licences',
  columns: `
    licence_number   TEXT PRIMARY KEY,
    stream_id        TEXT NOT NULL,
    stream_version   TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    holder           TEXT NOT NULL,
    facts            TEXT NOT NULL,
    file             TEXT NOT NULL,
    timeline         TEXT NOT NULL,
    recorded_ids     TEXT NOT NULL,
    next_decision_on TEXT,
    last_position    TEXT NOT NULL`,
  options: 'STRICT',
  // Covering: the daily run's range scan never touches the (large) rows.
  indexes: { by_next_decision_on: 'next_decision_on, licence_number' },
  primaryKey: ['licence_number'],
};

export type InfractionStatus = 'RECORDED' | 'ESTABLISHED' | 'CANCELLED';

/** One row per infraction of a licence, as the file assesses it. */
export const INFRACTIONS_TABLE: ReadModelTable = {
  name: 'infractions',
  columns: `
    licence_number   TEXT NOT NULL,
    infraction_id    TEXT NOT NULL,
    offence_code     TEXT NOT NULL,
    offence_class    TEXT NOT NULL,
    committed_on     TEXT NOT NULL,
    check_id         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('RECORDED', 'ESTABLISHED', 'CANCELLED')),
    established_on   TEXT,
    established_by   TEXT,
    points_withdrawn INTEGER NOT NULL,
    PRIMARY KEY (licence_number, infraction_id)`,
  options: 'STRICT, WITHOUT ROWID',
  primaryKey: ['licence_number', 'infraction_id'],
};

export interface LicenceRow {
  licence_number: string;
  stream_id: string;
  stream_version: string;
  issued_on: string;
  holder: string;
  facts: string;
  file: string;
  timeline: string;
  recorded_ids: string;
  next_decision_on: string | null;
  last_position: string;
}

export interface InfractionRow {
  licence_number: string;
  infraction_id: string;
  offence_code: string;
  /** '1' to '5', or 'DELIT'. */
  offence_class: string;
  committed_on: string;
  check_id: string | null;
  status: InfractionStatus;
  established_on: string | null;
  established_by: string | null;
  points_withdrawn: number;
}
