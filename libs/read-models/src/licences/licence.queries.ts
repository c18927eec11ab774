import { Injectable } from '@nestjs/common';
import type { CalendarDate } from '@ledger/domain';
import { ReadModelDatabase } from '../sqlite/read-model-database';
import { LicenceReadModelQueries, licenceOfRow, type LicenceReadModel } from './licence-read-model';
import type { InfractionRow, LicenceRow } from './licence-tables';

/** Reads of the SQLite licence read model: lookups, never a recomputation from the stream. */
@Injectable()
export class LicenceQueries extends LicenceReadModelQueries {
  constructor(private readonly database: ReadModelDatabase) {
    super();
  }

  async findLicence(canonicalNumber: string): Promise<LicenceReadModel | null> {
    const row = this.database
      .statement<LicenceRow>('SELECT * FROM licences WHERE licence_number = ?')
      .get(canonicalNumber);
    return row ? licenceOfRow(row) : null;
  }

  async findInfractions(canonicalNumber: string): Promise<InfractionRow[]> {
    return this.database
      .statement<InfractionRow>(
        'SELECT * FROM infractions WHERE licence_number = ? ORDER BY committed_on, infraction_id',
      )
      .all(canonicalNumber);
  }

  /**
   * A list, not a cursor: the daily run appends while it goes through them, and the processor
   * rewrites these rows on this same connection meanwhile.
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
