import type { EventStore } from '@ledger/event-store';
import {
  dumpPgProjection,
  PgCheckpointedProcessor,
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  type PgProjection,
  type ProcessorOptions,
} from '@ledger/read-models';
import { freshSchema, PgCountingProjection, quietLogger } from '../pg-read-model-test-bed';
import { createThrowAwayDatabase, type ThrowAwayDatabase } from '../pg-test-database';
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
function pgProjection({ licence, failWith }: TestProjectionOptions = {}): PgProjection {
  const projection = new PgLicenceProjection(licence);
  if (failWith === undefined) return projection;
  return {
    name: projection.name,
    tables: projection.tables,
    apply: async (batch, tx) => {
      await projection.apply(batch, tx);
      throw new Error(failWith);
    },
  };
}

/**
 * The runner contract's harness on PostgreSQL: one throw-away database per test file (created
 * before its tests, dropped after them), a fresh schema per read model.
 */
export class PgRunnerHarness extends RunnerHarnessBase implements RunnerHarness {
  readonly storeName = 'PostgreSQL';
  /** The schema's tables and indexes (relkind r and i): primary keys are named after their table. */
  readonly liveCatalog = [
    'checkpoints',
    'checkpoints_pkey',
    'infractions',
    'infractions_pkey',
    'licences',
    'licences__by_next_decision_on',
    'licences_pkey',
  ];
  private throwAway: ThrowAwayDatabase | undefined;

  override registerHooks(): void {
    beforeAll(async () => {
      this.throwAway = await createThrowAwayDatabase();
    });
    super.registerHooks();
    afterAll(() => this.throwAway?.drop());
  }

  /** The throw-away database's URL. */
  get url(): string {
    if (!this.throwAway) throw new Error('The throw-away database is only available inside a test.');
    return this.throwAway.url;
  }

  readModel(): Promise<PgTestReadModel> {
    return this.open();
  }

  /**
   * A read model in `schema` of the throw-away database, on a pool of its own: opened on the schema
   * of another, it is another process's view of the same read model.
   */
  async open(schema = freshSchema(), applicationName?: string): Promise<PgTestReadModel> {
    const database = await PgReadModelDatabase.open(this.url, [new PgLicenceProjection()], {
      schema,
      poolSize: 4,
      applicationName,
      logger: quietLogger,
    });
    this.closeAfterTest(() => database.close());
    return new PgTestReadModel(this, database);
  }
}

export class PgTestReadModel implements TestReadModel {
  private readonly projection = new PgLicenceProjection();

  constructor(
    private readonly harness: PgRunnerHarness,
    readonly database: PgReadModelDatabase,
  ) {}

  get schema(): string {
    return this.database.schema;
  }

  dump() {
    return dumpPgProjection(this.database, this.projection);
  }

  checkpoint(): Promise<bigint> {
    return this.database.checkpoint(LICENCES);
  }

  async checkpointRows(): Promise<Record<string, unknown>[]> {
    return (await this.database.pool.query(`SELECT * FROM ${this.database.checkpoints}`)).rows;
  }

  async writeCheckpoint(position: bigint): Promise<void> {
    await this.database.transaction(async (client) => {
      await this.database.lockCheckpoint(client, LICENCES);
      await this.database.writeCheckpoint(client, LICENCES, position);
    });
  }

  async reset(): Promise<void> {
    await this.database.transaction(async (client) => {
      for (const table of this.projection.tables)
        await client.query(`DELETE FROM ${this.database.qualified(table.name)}`);
      await this.database.lockCheckpoint(client, LICENCES);
      await this.database.writeCheckpoint(client, LICENCES, 0n);
    });
  }

  /**
   * On UPDATE only: the row exists from the opening on, and the processor's `ensureTables` (before
   * each subscription) INSERTs it ON CONFLICT DO NOTHING, which a BEFORE INSERT trigger would fail
   * too: the processor would then never get as far as a batch.
   */
  async failCheckpointWrites(message: string): Promise<() => Promise<void>> {
    const { schema, checkpoints } = this.database;
    await this.database.pool.query(`
      CREATE FUNCTION "${schema}".fail_checkpoint_write() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION '${message.replaceAll("'", "''")}'; END $$;
      CREATE TRIGGER fail_checkpoint_write BEFORE UPDATE ON ${checkpoints}
        FOR EACH ROW EXECUTE FUNCTION "${schema}".fail_checkpoint_write();
    `);
    return async () =>
      void (await this.database.pool.query(`DROP TRIGGER fail_checkpoint_write ON ${checkpoints}`));
  }

  async catalog(): Promise<string[]> {
    const { rows } = await this.database.pool.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'i')`,
      [this.schema],
    );
    return rows.map((row) => row.name).sort();
  }

  processor({ source, projection, ...options }: TestProcessorOptions = {}) {
    const counting = new PgCountingProjection(pgProjection(projection));
    return { runner: this.processorOf(counting, options, source), applied: counting.applied };
  }

  /** A processor of any PostgreSQL projection on this read model, stopped after the test. */
  processorOf(
    projection: PgProjection,
    options: ProcessorOptions = {},
    source: EventStore = this.harness.log,
  ): PgCheckpointedProcessor {
    return this.harness.track(
      new PgCheckpointedProcessor(source, this.database, projection, { ...fast, ...options }),
    );
  }

  rebuilder({ projection, source }: { projection?: TestProjectionOptions; source?: EventStore } = {}) {
    return new PgReadModelRebuilder(source ?? this.harness.log, this.database, [pgProjection(projection)]);
  }
}

/** Call inside a describeWithPostgres block: registers the harness's hooks there. */
export function usePgRunnerHarness(): PgRunnerHarness {
  const harness = new PgRunnerHarness();
  harness.registerHooks();
  return harness;
}
