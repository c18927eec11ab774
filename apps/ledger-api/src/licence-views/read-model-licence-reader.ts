import { Injectable } from '@nestjs/common';
import { LicenceReadModelQueries, ReadModelProcessors, type ReadModelProcessor } from '@ledger/read-models';
import { LicenceReader } from './licence-reader';
import type { StoredLicence } from './licence-presenter';

/**
 * The API's reads go to the licence read model (SQLite or PostgreSQL, whichever the read-models
 * module provides), never to the event stream.
 */
@Injectable()
export class ReadModelLicenceReader extends LicenceReader {
  constructor(
    private readonly queries: LicenceReadModelQueries,
    private readonly processors: ReadModelProcessors<ReadModelProcessor>,
  ) {
    super();
  }

  findLicence(canonicalNumber: string): Promise<StoredLicence | null> {
    return this.queries.findLicence(canonicalNumber);
  }

  waitForPosition(position: bigint, timeoutMs: number): Promise<void> {
    return this.processors.waitForPosition(position, timeoutMs);
  }
}
