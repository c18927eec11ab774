import { Injectable } from '@nestjs/common';
import { LicenceQueries, ReadModelProcessors } from '@ledger/read-models';
import { LicenceReader } from './licence-reader';
import type { StoredLicence } from './licence-presenter';

/** The API's reads go to the SQLite read model, never to the event stream. */
@Injectable()
export class ReadModelLicenceReader extends LicenceReader {
  constructor(
    private readonly queries: LicenceQueries,
    private readonly processors: ReadModelProcessors,
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
