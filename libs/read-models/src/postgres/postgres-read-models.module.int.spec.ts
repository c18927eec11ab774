import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DueLicenceFinder } from '@ledger/application';
import { EVENT_STORE, type SqliteEventStore } from '@ledger/event-store';
import {
  LICENCE_PROCESSOR,
  LicenceReadModelQueries,
  PgCheckpointedProcessor,
  PgLicenceQueries,
  PgReadModelDatabase,
  PostgresReadModelsModule,
  ReadModelDueLicenceFinder,
  ReadModelProcessors,
} from '@ledger/read-models';
import { all, appendTo, memoryStore, scenarioFor } from '../../test/read-model-test-bed';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  withDatabase,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { freshSchema, quietLogger } from '../../test/pg-read-model-test-bed';

const ONE_POINT = '901004310016';
const NOTHING_DUE = '901004310017';

describeWithPostgres('the read models in PostgreSQL, through PostgresReadModelsModule', () => {
  let throwAway: ThrowAwayDatabase;
  let store: SqliteEventStore;
  let moduleRef: TestingModule;
  let schema: string;

  const compile = (url: string) => {
    @Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
    class StoreModule {}
    return Test.createTestingModule({
      imports: [
        PostgresReadModelsModule.forRoot({
          url,
          schema,
          imports: [StoreModule],
          catchUpTimeoutMs: 300,
          processor: { pollIntervalMs: 5, logger: quietLogger },
        }),
      ],
    }).compile();
  };

  beforeAll(async () => {
    throwAway = await createThrowAwayDatabase();
  });
  afterAll(() => throwAway.drop());
  beforeEach(async () => {
    store = memoryStore();
    schema = freshSchema('module');
    moduleRef = await compile(throwAway.url);
    await moduleRef.init();
  });
  afterEach(async () => {
    await moduleRef.get(ReadModelProcessors).stop();
    await moduleRef.close();
    await store.close();
  });

  it('provides the tokens the API and the worker inject, on PostgreSQL, and creates its schema at start-up', async () => {
    expect(moduleRef.get(DueLicenceFinder)).toBe(moduleRef.get(ReadModelDueLicenceFinder));
    expect(moduleRef.get(LicenceReadModelQueries)).toBe(moduleRef.get(PgLicenceQueries));
    expect(moduleRef.get(LICENCE_PROCESSOR)).toBeInstanceOf(PgCheckpointedProcessor);
    expect(moduleRef.get(ReadModelProcessors).all.map((p) => p.name)).toEqual(['licences']);
    const database = moduleRef.get(PgReadModelDatabase);
    const { rows } = await database.pool.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(rows.map((row) => row.table_name)).toEqual(['checkpoints', 'infractions', 'licences']);
  });

  it('the daily run finds a licence whose restoration is due on that date, not before, once the read model caught up', async () => {
    await appendTo(
      store,
      ONE_POINT,
      scenarioFor(ONE_POINT, '2015-01-10').paid('i1', 'SPEEDING', '2024-05-20', '2024-06-01', {
        retainedExcessKmh: 12,
        speedLimitKmh: 110,
      }).events,
    );
    await appendTo(store, NOTHING_DUE, scenarioFor(NOTHING_DUE, '2015-01-10').events);
    await moduleRef.get(ReadModelProcessors).start();
    const finder = moduleRef.get(DueLicenceFinder);
    await expect(all(finder.findDue('2024-11-30'))).resolves.toEqual([]);
    await expect(all(finder.findDue('2024-12-01'))).resolves.toEqual([ONE_POINT]);
    await expect(moduleRef.get(LicenceReadModelQueries).findLicence(ONE_POINT)).resolves.toMatchObject({
      nextDecisionOn: '2024-12-01',
    });
  });

  it('fails the run, rather than miss a licence, when the read model does not catch up in time', async () => {
    await appendTo(store, ONE_POINT, scenarioFor(ONE_POINT, '2024-01-01', true).events);
    await expect(all(moduleRef.get(DueLicenceFinder).findDue('2025-01-01'))).rejects.toThrow(
      /did not reach position 1 within 300 ms/,
    );
  });

  it('refuses to start, naming the server (password masked), when the database cannot be reached', async () => {
    const missing = withDatabase(
      throwAway.url.replace('//', '//postgres:secret@'),
      `${throwAway.name}_missing`,
    );
    await expect(compile(missing)).rejects.toThrow(
      /Cannot open the PostgreSQL read models at postgres:\/\/postgres:\*\*\*@.*_missing \(schema module_\d+_\d+\): database ".*_missing" does not exist/,
    );
  });
});
