import {
  situationFrom,
  type CalendarDate,
  type LicenceDecision,
  type LicenceFile,
  type LicenceSituation,
} from '@ledger/domain';
import type { InfractionRow, LicenceRow } from './licence-tables';

/** A licence as the read model holds it. */
export interface LicenceReadModel {
  /** Canonical number (RULES §7). */
  licenceNumber: string;
  streamId: string;
  /** Revision of the last event of the stream the row includes, as a decimal string. */
  streamVersion: string;
  file: LicenceFile;
  /** The licence's whole life, dated: past decisions and those to come if nothing else happens. */
  timeline: LicenceDecision[];
  /** Decisions the log holds and has not reversed, sorted. */
  recordedIds: string[];
  /** First date the log lacks a decision of the timeline; null when nothing is left to append. */
  nextDecisionOn: CalendarDate | null;
  /** Global position of the last event the row includes, as a decimal string. */
  lastPosition: string;
}

export function licenceOfRow(row: LicenceRow): LicenceReadModel {
  return {
    licenceNumber: row.licence_number,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    file: JSON.parse(row.file) as LicenceFile,
    timeline: JSON.parse(row.timeline) as LicenceDecision[],
    recordedIds: JSON.parse(row.recorded_ids) as string[],
    nextDecisionOn: row.next_decision_on,
    lastPosition: row.last_position,
  };
}

/**
 * Reads of the licence read model, whichever store holds it: what the API and the daily run's
 * finder depend on (a Nest token too). LicenceQueries reads SQLite, PgLicenceQueries PostgreSQL;
 * both hold the same rows (LicenceRowsComputer), so both answer the same.
 */
export abstract class LicenceReadModelQueries {
  abstract findLicence(canonicalNumber: string): Promise<LicenceReadModel | null>;

  abstract findInfractions(canonicalNumber: string): Promise<InfractionRow[]>;

  /**
   * Licences with a decision dated on or before `asOf` that the log does not hold yet, in
   * (next_decision_on, licence_number) order, through the index on next_decision_on.
   */
  abstract findDue(asOf: CalendarDate): Promise<string[]>;

  /** Balance, status, history and upcoming restorations on `asOf`, read from the stored timeline. */
  async findSituation(canonicalNumber: string, asOf: CalendarDate): Promise<LicenceSituation | null> {
    const licence = await this.findLicence(canonicalNumber);
    return licence ? situationFrom(licence.file, licence.timeline, asOf) : null;
  }
}
