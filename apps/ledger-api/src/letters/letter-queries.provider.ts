import type { Provider } from '@nestjs/common';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';
import { LetterQueries, PgLetterQueries, SqliteLetterQueries } from '@ledger/read-models/letters';

/**
 * The letters are a projection of the read-model database the worker feeds (WorkerModule registers
 * it on either store): read them where they are, SQLite or PostgreSQL.
 */
export const letterQueriesProvider: Provider = {
  provide: LetterQueries,
  useFactory: (sqlite: ReadModelDatabase | undefined, postgres: PgReadModelDatabase | undefined) => {
    if (postgres) return new PgLetterQueries(postgres);
    if (sqlite) return new SqliteLetterQueries(sqlite);
    throw new Error('No read-model database to read the letters from (neither SQLite nor PostgreSQL).');
  },
  inject: [
    { token: ReadModelDatabase, optional: true },
    { token: PgReadModelDatabase, optional: true },
  ],
};
