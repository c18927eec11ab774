/**
 * The read models' database, whichever it is (SQLite's ReadModelDatabase, PostgreSQL's
 * PgReadModelDatabase): what a health probe needs. Both read-model modules provide it as a token.
 */
export abstract class ReadModelStore {
  /** 'sqlite' or 'postgres'. */
  abstract readonly kind: string;
  abstract readonly isClosed: boolean;
  /** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
  abstract ping(): Promise<void>;
  /** Closes the connection(s): once the processors have stopped. */
  abstract close(): void | Promise<void>;
}
