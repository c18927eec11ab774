import type { RecordedEvent } from '@ledger/event-store';
import {
  dumpPgProjection,
  PgLicenceProjection,
  PgLicenceQueries,
  PgReadModelDatabase,
  type LicenceProjectionOptions,
  type PgProjection,
  type PgReadModelTx,
} from '@ledger/read-models';

export const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

let schemas = 0;
/** A fresh schema name per read model, so that the tests of one file share one throw-away database. */
export const freshSchema = (prefix = 't'): string => `${prefix}_${process.pid}_${++schemas}`;

/** A PostgreSQL projection that counts what it is given, to prove nothing is applied twice or skipped. */
export class PgCountingProjection implements PgProjection {
  readonly applied: bigint[] = [];
  constructor(readonly inner: PgProjection) {}
  get name() {
    return this.inner.name;
  }
  get tables() {
    return this.inner.tables;
  }
  async apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void> {
    await this.inner.apply(batch, tx);
    this.applied.push(...batch.map((event) => event.globalPosition));
  }
}

/** A licence read model in a fresh schema of `url`: given(events) applies batches, each in its own transaction. */
export async function pgLicenceReadModel(
  url: string,
  options: LicenceProjectionOptions = {},
  schema = freshSchema(),
) {
  const projection = new PgLicenceProjection(options);
  const database = await PgReadModelDatabase.open(url, [projection], {
    schema,
    poolSize: 4,
    logger: quietLogger,
  });
  const queries = new PgLicenceQueries(database);
  const dump = () => dumpPgProjection(database, projection);
  const given = async (events: readonly RecordedEvent[], batchSize = events.length) => {
    const size = Math.max(1, batchSize);
    for (let i = 0; i < events.length; i += size) {
      const batch = events.slice(i, i + size);
      await database.transaction((client) => projection.apply(batch, database.tx(projection, client)));
    }
  };
  return { projection, database, queries, dump, given, close: () => database.close() };
}
