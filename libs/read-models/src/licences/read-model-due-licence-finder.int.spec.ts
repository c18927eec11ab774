import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DueLicenceFinder } from '@ledger/application';
import { EVENT_STORE, type SqliteEventStore } from '@ledger/event-store';
import {
  LICENCE_PROCESSOR,
  LicenceQueries,
  ReadModelDueLicenceFinder,
  ReadModelProcessors,
  ReadModelsModule,
  type CheckpointedProcessor,
} from '@ledger/read-models';
import { all, appendTo, memoryStore, scenarioFor } from '../../test/read-model-test-bed';

const ONE_POINT = '901004310016';
const NOTHING_DUE = '901004310017';

describe('the read-model due-licence finder, through ReadModelsModule', () => {
  let store: SqliteEventStore;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    store = memoryStore();
    @Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
    class StoreModule {}
    moduleRef = await Test.createTestingModule({
      imports: [
        ReadModelsModule.forRoot({
          path: ':memory:',
          imports: [StoreModule],
          catchUpTimeoutMs: 200,
          processor: {
            pollIntervalMs: 5,
            logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
          },
        }),
      ],
    }).compile();
    await moduleRef.init();
  });
  afterEach(async () => {
    await moduleRef.get(ReadModelProcessors).stop();
    await moduleRef.close();
    await store.close();
  });

  const startProcessors = () => moduleRef.get(ReadModelProcessors).start();

  it('provides itself as the application DueLicenceFinder', () => {
    expect(moduleRef.get(DueLicenceFinder)).toBe(moduleRef.get(ReadModelDueLicenceFinder));
    expect(moduleRef.get<CheckpointedProcessor>(LICENCE_PROCESSOR).name).toBe('licences');
  });

  it('a licence whose six-month restoration is due appears on that date, not before; one with nothing due never', async () => {
    await appendTo(
      store,
      ONE_POINT,
      scenarioFor(ONE_POINT, '2015-01-10').paid('i1', 'SPEEDING', '2024-05-20', '2024-06-01', {
        retainedExcessKmh: 12,
        speedLimitKmh: 110,
      }).events,
    );
    await appendTo(store, NOTHING_DUE, scenarioFor(NOTHING_DUE, '2015-01-10').events);
    await startProcessors();
    const finder = moduleRef.get(DueLicenceFinder);

    await expect(all(finder.findDue('2024-11-30'))).resolves.toEqual([]);
    await expect(all(finder.findDue('2024-12-01'))).resolves.toEqual([ONE_POINT]);
    await expect(all(finder.findDue('2099-12-31'))).resolves.toEqual([ONE_POINT]);
  });

  it('waits until the read model holds every event appended before the run, so a new licence is not missed', async () => {
    await startProcessors();
    const queries = moduleRef.get(LicenceQueries);
    // Appended a moment ago: the processor may not have seen it yet when the run starts.
    await appendTo(store, ONE_POINT, scenarioFor(ONE_POINT, '2024-01-01', true).events);
    await expect(all(moduleRef.get(DueLicenceFinder).findDue('2025-01-01'))).resolves.toEqual([ONE_POINT]);
    await expect(queries.findLicence(ONE_POINT)).resolves.toMatchObject({ nextDecisionOn: '2025-01-01' });
  });

  it('fails the run, rather than miss a licence, when the read model does not catch up in time', async () => {
    await appendTo(store, ONE_POINT, scenarioFor(ONE_POINT, '2024-01-01', true).events);
    // No processor runs anywhere.
    await expect(all(moduleRef.get(DueLicenceFinder).findDue('2025-01-01'))).rejects.toThrow(
      /did not reach position 1 within 200 ms/,
    );
  });
});
