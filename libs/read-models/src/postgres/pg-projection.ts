import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@ledger/event-store';

/**
 * One table a PostgreSQL projection writes, created by the runner under its live name or under a
 * shadow name while a rebuild replays the log beside it, in the read models' schema.
 */
export interface PgReadModelTable {
  /** The live name (an unquoted identifier). */
  readonly name: string;
  /** Column definitions, without the primary key (the runner names it after the physical table). */
  readonly columns: string;
  /** The primary key's columns: also the order of a dump, so that two dumps compare row for row. */
  readonly primaryKey: readonly string[];
  /** Columns holding large texts (kilobytes): compressed with lz4 where the server has it. */
  readonly largeTexts?: readonly string[];
  /** Secondary indexes by suffix, as for SQLite: `<table>__<suffix>`. A rebuild builds them once its rows are in. */
  readonly indexes?: Readonly<Record<string, string>>;
}

/** What a PostgreSQL projection writes through: the batch's transaction, on one pooled client. */
export interface PgReadModelTx {
  /** The connection the runner opened the transaction on: every statement of the batch goes through it. */
  readonly client: PoolClient;
  /** The schema-qualified physical name of one of the projection's tables: live, or a rebuild's shadow. */
  table(name: string): string;
}

/**
 * A read model in PostgreSQL, fed from the event log only. As with the SQLite `Projection`, the
 * runner (PgCheckpointedProcessor, PgReadModelRebuilder) owns the transaction and the checkpoint,
 * which commit together; the projection only turns events into rows.
 *
 * Asynchronous, unlike the SQLite one, because the driver is: every statement must go through
 * `tx.client` (the client that holds BEGIN … COMMIT) and be awaited before `apply` resolves. A
 * statement sent on another connection, or left un-awaited, would escape the transaction: that is
 * how a checkpoint gets committed without its rows. A rejection rolls the whole batch back.
 */
export interface PgProjection {
  /** Stable: the checkpoint's key (the same as the SQLite projection's, for the same read model). */
  readonly name: string;
  readonly tables: readonly PgReadModelTable[];
  /** Applies events in log order, all strictly after the checkpoint, inside the runner's transaction. */
  apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void>;
  /** Optional, for a rebuild: as `Projection.bulk`; rows after `flush` equal those `apply` gives. */
  bulk?(): PgBulkApply;
}

export interface PgBulkApply {
  add(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void>;
  flush(tx: PgReadModelTx): Promise<void>;
}
