import { Logger, type Provider } from '@nestjs/common';
import { ReadModelDatabase } from '@ledger/read-models';
import { LetterQueries } from '@ledger/read-models/letters';

/**
 * The letters are a projection of the SQLite read models (the worker registers it). On PostgreSQL
 * read models, which hold no letters yet, the API still starts and says so once: every licence
 * then reads as having no letter, and every letter as unknown.
 */
export const letterQueriesProvider: Provider = {
  provide: LetterQueries,
  useFactory: (database: ReadModelDatabase | undefined) => {
    if (database) return new LetterQueries(database);
    new Logger('Letters').warn(
      'The read models are not on SQLite: letters are not available on this store yet.',
    );
    return LetterQueries.unavailable();
  },
  inject: [{ token: ReadModelDatabase, optional: true }],
};
