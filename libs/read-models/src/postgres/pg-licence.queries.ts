import { Injectable } from '@nestjs/common';
import type { CalendarDate } from '@ledger/domain';
import { LicenceReadModelQueries, licenceOfRow, type LicenceReadModel } from '../licences/licence-read-model';
import type { InfractionRow, LicenceRow } from '../licences/licence-tables';
import { PgReadModelDatabase } from './pg-read-model-database';

/** Reads of the PostgreSQL licence read model: the same answers as LicenceQueries on SQLite. */
@Injectable()
export class PgLicenceQueries extends LicenceReadModelQueries {
  constructor(private readonly database: PgReadModelDatabase) {
    super();
  }

  async findLicence(canonicalNumber: string): Promise<LicenceReadModel | null> {
    // Named: each connection parses and plans it once (every balance query runs it).
    const { rows } = await this.database.pool.query<LicenceRow>({
      name: `find-licence:${this.database.schema}`,
      text: `SELECT * FROM ${this.database.qualified('licences')} WHERE licence_number = $1`,
      values: [canonicalNumber],
    });
    return rows.length > 0 ? licenceOfRow(rows[0]) : null;
  }

  async findInfractions(canonicalNumber: string): Promise<InfractionRow[]> {
    const { rows } = await this.database.pool.query<InfractionRow>(
      `SELECT * FROM ${this.database.qualified('infractions')} WHERE licence_number = $1 ORDER BY committed_on, infraction_id`,
      [canonicalNumber],
    );
    return rows;
  }

  /** Through the index on (next_decision_on, licence_number), byte order (COLLATE "C") as on SQLite. */
  async findDue(asOf: CalendarDate): Promise<string[]> {
    const { rows } = await this.database.pool.query<{ licence_number: string }>(
      `SELECT licence_number FROM ${this.database.qualified('licences')}
       WHERE next_decision_on <= $1 ORDER BY next_decision_on, licence_number`,
      [asOf],
    );
    return rows.map((row) => row.licence_number);
  }
}
