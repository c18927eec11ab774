import type { EventStore, RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpProjection,
  LicenceProjection,
  ReadModelDatabase,
  type LicenceProjectionOptions,
  type ProcessorLogger,
  type ProcessorOptions,
  type RebuildOptions,
  type RebuildReport,
  type TableDump,
} from '@ledger/read-models';
import { memoryStore } from '../read-model-test-bed';

/**
 * What the runner contract (checkpointed-runner.contract.ts, rebuild-runner.contract.ts) needs of a
 * read-model store, so that the same tests run against SQLite (CheckpointedProcessor,
 * ReadModelRebuilder) and PostgreSQL (PgCheckpointedProcessor, PgReadModelRebuilder). Everything is
 * asynchronous here, whatever the store: a test awaits a SQLite answer as well as a PostgreSQL one
 * (SQLite's synchronous API has a test of its own, in its store's file).
 *
 * Each read model holds the licence projection ('licences': tables licences and infractions).
 */
export interface RunnerHarness {
  /** 'SQLite', 'PostgreSQL': for titles. */
  readonly storeName: string;
  /** The current test's event log: a fresh in-memory SqliteEventStore, closed after the test. */
  readonly log: SqliteEventStore;
  /** A fresh, empty read model (its live tables created); closed after the test. */
  readModel(): Promise<TestReadModel>;
  /** What `catalog()` lists for a read model holding the licence projection and nothing else. */
  readonly liveCatalog: readonly string[];
}

export interface TestReadModel {
  /** Every row of the licence projection's live tables, ordered by primary key. */
  dump(): Promise<Record<string, TableDump>>;
  /** The licence projection's stored checkpoint. */
  checkpoint(): Promise<bigint>;
  /** The checkpoints table as stored, row for row. */
  checkpointRows(): Promise<Record<string, unknown>[]>;
  /** Sets the licence projection's checkpoint, rows untouched (a read model built from another log). */
  writeCheckpoint(position: bigint): Promise<void>;
  /** What an operator's reset does: the rows deleted and the checkpoint set to 0, in one transaction. */
  reset(): Promise<void>;
  /** From now on, a batch's write of its checkpoint fails with `message`; the function returned heals it. */
  failCheckpointWrites(message: string): Promise<() => Promise<void>>;
  /** The names of every table and index of the read model's database (or schema), sorted. */
  catalog(): Promise<string[]>;
  /** A processor of the licence projection on this read model, stopped after the test. */
  processor(options?: TestProcessorOptions): { runner: TestProcessor; applied: readonly bigint[] };
  /** A rebuilder of the licence projection on this read model. */
  rebuilder(options?: { projection?: TestProjectionOptions; source?: EventStore }): TestRebuilder;
}

/** The licence projection a test runs, and how it may be made to fail. */
export interface TestProjectionOptions {
  licence?: LicenceProjectionOptions;
  /** Applies each batch, then throws this message: a bug half-way through the batch's transaction. */
  failWith?: string;
}

export interface TestProcessorOptions extends ProcessorOptions {
  /** Default: the test's event log. */
  source?: EventStore;
  projection?: TestProjectionOptions;
}

/** Either checkpointed processor, as the contract drives it. */
export interface TestProcessor {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  waitForPosition(position: bigint, timeoutMs?: number): Promise<void>;
  checkpoint(): bigint | Promise<bigint>;
  applyBatch(events: readonly RecordedEvent[]): bigint | Promise<bigint>;
}

export interface TestRebuilder {
  rebuild(projectionName: string, options?: RebuildOptions): Promise<RebuildReport>;
}

export const quietLogger: ProcessorLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A logger that keeps what it is told, to check what a processor says. */
export const recordingLogger = (): ProcessorLogger & { messages: string[] } => {
  const messages: string[] = [];
  return {
    messages,
    log: (m) => void messages.push(m),
    warn: (m) => void messages.push(m),
    error: (m) => void messages.push(m),
  };
};

/** The processors' options in tests: short backoffs and polls, and quiet. */
export const fast: ProcessorOptions = {
  backoff: { initialMs: 5, maxMs: 20 },
  pollIntervalMs: 5,
  logger: quietLogger,
};

/** Polls until `condition` holds: a bound against a hang, not a timing assertion. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * What a clean, uninterrupted run from zero gives on SQLite: the reference every processor test
 * compares with (on PostgreSQL too: both stores hold the same values, in the same order).
 */
export async function referenceDump(log: EventStore): Promise<Record<string, TableDump>> {
  const projection = new LicenceProjection();
  const database = ReadModelDatabase.open(':memory:', [projection]);
  try {
    const processor = new CheckpointedProcessor(log, database, projection, fast);
    await processor.start();
    await processor.waitForPosition(await log.headPosition());
    await processor.stop();
    return dumpProjection(database, projection);
  } finally {
    database.close();
  }
}

/** What both harnesses share: the test's event log, and closing what the test opened, in order. */
export abstract class RunnerHarnessBase {
  private currentLog: SqliteEventStore | undefined;
  private readonly running: TestProcessor[] = [];
  private readonly closers: (() => unknown)[] = [];

  get log(): SqliteEventStore {
    if (!this.currentLog) throw new Error('The event log is only available inside a test.');
    return this.currentLog;
  }

  /**
   * Before each test, a fresh event log; after it, its processors stopped (a batch in progress
   * commits), then the log closed, then the read models.
   */
  registerHooks(): void {
    beforeEach(() => {
      this.currentLog = memoryStore();
    });
    afterEach(async () => {
      await Promise.all(this.running.splice(0).map((processor) => processor.stop()));
      await this.currentLog?.close();
      this.currentLog = undefined;
      await Promise.all(this.closers.splice(0).map((close) => close()));
    });
  }

  /** Stopped after the test. */
  track<P extends TestProcessor>(processor: P): P {
    this.running.push(processor);
    return processor;
  }

  /** Run after the test, once its processors are stopped. */
  closeAfterTest(close: () => unknown): void {
    this.closers.push(close);
  }
}
