import type { EventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpProjection,
  LicenceProjection,
  ReadModelDatabase,
  ReadModelRebuilder,
  type ProcessorOptions,
  type Projection,
} from '@ledger/read-models';
import { CountingProjection } from '../read-model-test-bed';
import {
  fast,
  RunnerHarnessBase,
  type RunnerHarness,
  type TestProcessorOptions,
  type TestProjectionOptions,
  type TestReadModel,
} from './runner-harness';

const LICENCES = 'licences';

/** The licence projection, or one that applies each batch and then throws. */
function sqliteProjection({ licence, failWith }: TestProjectionOptions = {}): Projection {
  const projection = new LicenceProjection(licence);
  if (failWith === undefined) return projection;
  return {
    name: projection.name,
    tables: projection.tables,
    apply: (batch, tx) => {
      projection.apply(batch, tx);
      throw new Error(failWith);
    },
  };
}

/** The runner contract's harness on SQLite: each read model an in-memory database of its own. */
export class SqliteRunnerHarness extends RunnerHarnessBase implements RunnerHarness {
  readonly storeName = 'SQLite';
  /** sqlite_master: the tables, the secondary index, and the primary keys' automatic indexes. */
  readonly liveCatalog = [
    'checkpoints',
    'infractions',
    'licences',
    'licences__by_next_decision_on',
    'sqlite_autoindex_checkpoints_1',
    'sqlite_autoindex_licences_1',
  ];

  async readModel(): Promise<SqliteTestReadModel> {
    const database = ReadModelDatabase.open(':memory:', [new LicenceProjection()]);
    this.closeAfterTest(() => database.close());
    return new SqliteTestReadModel(this, database);
  }
}

export class SqliteTestReadModel implements TestReadModel {
  private readonly projection = new LicenceProjection();

  constructor(
    private readonly harness: SqliteRunnerHarness,
    readonly database: ReadModelDatabase,
  ) {}

  async dump() {
    return dumpProjection(this.database, this.projection);
  }

  async checkpoint(): Promise<bigint> {
    return this.database.checkpoint(LICENCES);
  }

  async checkpointRows(): Promise<Record<string, unknown>[]> {
    return this.database.db.prepare('SELECT * FROM checkpoints').all() as Record<string, unknown>[];
  }

  async writeCheckpoint(position: bigint): Promise<void> {
    this.database.transaction(() => this.database.writeCheckpoint(LICENCES, position));
  }

  async reset(): Promise<void> {
    this.database.transaction(() => {
      for (const table of this.projection.tables) this.database.db.exec(`DELETE FROM ${table.name}`);
      this.database.writeCheckpoint(LICENCES, 0n);
    });
  }

  async failCheckpointWrites(message: string): Promise<() => Promise<void>> {
    const raise = `SELECT RAISE(ABORT, '${message.replaceAll("'", "''")}')`;
    this.database.db.exec(`
      CREATE TRIGGER fail_insert BEFORE INSERT ON checkpoints BEGIN ${raise}; END;
      CREATE TRIGGER fail_update BEFORE UPDATE ON checkpoints BEGIN ${raise}; END;
    `);
    return async () => void this.database.db.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update;');
  }

  async catalog(): Promise<string[]> {
    const names = this.database.db.prepare('SELECT name FROM sqlite_master').pluck().all() as string[];
    return names.sort();
  }

  processor({ source, projection, ...options }: TestProcessorOptions = {}) {
    const counting = new CountingProjection(sqliteProjection(projection));
    return { runner: this.processorOf(counting, options, source), applied: counting.applied };
  }

  /** A processor of any SQLite projection on this read model, stopped after the test. */
  processorOf(
    projection: Projection,
    options: ProcessorOptions = {},
    source: EventStore = this.harness.log,
  ): CheckpointedProcessor {
    return this.harness.track(
      new CheckpointedProcessor(source, this.database, projection, { ...fast, ...options }),
    );
  }

  rebuilder({ projection, source }: { projection?: TestProjectionOptions; source?: EventStore } = {}) {
    return new ReadModelRebuilder(source ?? this.harness.log, this.database, [sqliteProjection(projection)]);
  }
}

/** Call inside a describe block: registers the harness's hooks there. */
export function useSqliteRunnerHarness(): SqliteRunnerHarness {
  const harness = new SqliteRunnerHarness();
  harness.registerHooks();
  return harness;
}
