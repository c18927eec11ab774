import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';

/**
 * One table a projection writes. The projection names it once; the runner creates it, under its own
 * name for the live read model or under a shadow name while a rebuild replays the log beside it.
 */
export interface ReadModelTable {
  /** The live name. */
  readonly name: string;
  /** What goes between the parentheses of CREATE TABLE: columns and constraints. */
  readonly columns: string;
  /** Table options after the parentheses, e.g. 'STRICT' or 'STRICT, WITHOUT ROWID'. */
  readonly options?: string;
  /**
   * Secondary indexes, by suffix: `{ by_next_decision_on: 'next_decision_on, licence_number' }` is
   * the index `<table>__by_next_decision_on`. A rebuild builds them once its rows are in.
   */
  readonly indexes?: Readonly<Record<string, string>>;
  /** The primary key's columns: the order of a dump, so that two dumps compare row for row. */
  readonly primaryKey: readonly string[];
}

/** What a projection writes through inside the runner's transaction. */
export interface ReadModelTx {
  readonly db: Database.Database;
  /** The physical name of one of the projection's tables here: live, or a rebuild's shadow copy. */
  table(name: string): string;
  /** A statement prepared once per text on this connection (the text names physical tables). */
  statement<Row = unknown>(sql: string): Database.Statement<unknown[], Row>;
}

/**
 * A read model fed from the event log only (never from the in-memory EventBus). The runner
 * (CheckpointedProcessor, ReadModelRebuilder) owns the transaction and the checkpoint; the
 * projection only turns events into rows. Anchor: emmett `src/packages/emmett/src/processors/processors.ts`.
 */
export interface Projection {
  /** Stable: the checkpoint's key. */
  readonly name: string;
  readonly tables: readonly ReadModelTable[];
  /**
   * Applies events in log order, all strictly after the checkpoint, inside the caller's
   * transaction. Synchronous on purpose: a SQLite transaction cannot span an await, and an async
   * apply is how a checkpoint ends up committed without its rows. Events it does not know are
   * ignored; a throw rolls the whole batch back, checkpoint included.
   */
  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void;
  /**
   * Optional, for a rebuild: nobody reads the rebuild's rows before the swap, so they may be written
   * late. A projection that recomputes per entity can then gather an entity's events over many
   * batches and compute it once. Rows after `flush` must be byte-equal to those `apply` gives.
   */
  bulk?(): BulkApply;
}

/** A rebuild's way into a projection: `add` every batch in order, then `flush` before the swap. */
export interface BulkApply {
  /** Takes a batch; may write some rows now (e.g. to bound memory) in `tx`. */
  add(batch: readonly RecordedEvent[], tx: ReadModelTx): void;
  /** Writes everything still held. */
  flush(tx: ReadModelTx): void;
}
