import { Injectable } from '@nestjs/common';
import {
  situationFrom,
  type CalendarDate,
  type LicenceDecision,
  type LicenceFile,
  type LicenceSituation,
} from '@ledger/domain';
import { ReadModelDatabase } from '../sqlite/read-model-database';
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

/** Reads of the licence read model: lookups, never a recomputation from the stream. */
@Injectable()
export class LicenceQueries {
  constructor(private readonly database: ReadModelDatabase) {}

  async findLicence(canonicalNumber: string): Promise<LicenceReadModel | null> {
    const row = this.database
      .statement<LicenceRow>('SELECT * FROM licences WHERE licence_number = ?')
      .get(canonicalNumber);
    if (!row) return null;
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

  /** Balance, status, history and upcoming restorations on `asOf`, read from the stored timeline. */
  async findSituation(canonicalNumber: string, asOf: CalendarDate): Promise<LicenceSituation | null> {
    const licence = await this.findLicence(canonicalNumber);
    return licence ? situationFrom(licence.file, licence.timeline, asOf) : null;
  }

  async findInfractions(canonicalNumber: string): Promise<InfractionRow[]> {
    return this.database
      .statement<InfractionRow>(
        'SELECT * FROM infractions WHERE licence_number = ? ORDER BY committed_on, infraction_id',
      )
      .all(canonicalNumber);
  }

  /**
   * Licences with a decision dated on or before `asOf` that the log does not hold yet, through the
   * index on next_decision_on. A list, not a cursor: the daily run appends while it goes through
   * them, and the processor rewrites these rows on this same connection meanwhile.
   */
  async findDue(asOf: CalendarDate): Promise<string[]> {
    return this.database
      .statement<string>(
        'SELECT licence_number FROM licences WHERE next_decision_on <= ? ORDER BY next_decision_on, licence_number',
      )
      .pluck()
      .all(asOf);
  }
}
