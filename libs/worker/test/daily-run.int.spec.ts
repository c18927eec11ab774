import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  ApplyDueChangesCommand,
  EstablishInfractionCommand,
  FixedClock,
  IssueLicenceCommand,
  LogScanDueLicenceFinder,
  RecordInfractionCommand,
} from '@ledger/application';
import { licenceStreamId } from '@ledger/domain';
import { EVENT_STORE, SqliteEventStore } from '@ledger/event-store';
import { LicenceQueries, ReadModelDatabase, ReadModelProcessors } from '@ledger/read-models';
import { clerk, holder, tempStoreFile } from '../../application/test/application-test-bed';
import { DailyRunScheduler, type DailyRunOptions } from '../src/daily-run/daily-run.scheduler';
import { workerApplicationModule } from '../src/worker-application.module';
import { WorkerModule } from '../src/worker.module';

// The daily run through the real CommandBus, on a real SQLite event store, finding due licences
// through the read model's index (RULES §1: applyDueChanges).

interface Worker {
  moduleRef: TestingModule;
  store: SqliteEventStore;
  clock: FixedClock;
  commandBus: CommandBus;
  scheduler: DailyRunScheduler;
  processors: ReadModelProcessors;
  queries: LicenceQueries;
  database: ReadModelDatabase;
  application: DynamicModule;
  /** Stops the worker (processors, daily run) and closes the context; the files stay. */
  close(): Promise<void>;
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The WorkerModule on a SQLite event store file and a read-model file, on a fixed day. */
async function startWorker(options: {
  eventStoreFile: string;
  readModelFile: string;
  today: string;
  dailyRun?: DailyRunOptions;
  /** Extra modules beside the worker, sharing its application module (the API when run in one process). */
  beside?: (application: DynamicModule) => DynamicModule['imports'];
}): Promise<Worker> {
  const store = new SqliteEventStore(options.eventStoreFile, { pollIntervalMs: 10 });
  const clock = new FixedClock(options.today);
  const application = workerApplicationModule({ eventStore: store, clock });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(options.beside?.(application) ?? []),
      WorkerModule.forRoot({
        application,
        readModels: {
          path: options.readModelFile,
          catchUpTimeoutMs: 5000,
          processor: { pollIntervalMs: 5, logger: quiet },
        },
        dailyRun: { enabled: false, ...options.dailyRun },
      }),
    ],
  }).compile();
  await moduleRef.init();
  return {
    moduleRef,
    store,
    clock,
    application,
    commandBus: moduleRef.get(CommandBus),
    scheduler: moduleRef.get(DailyRunScheduler),
    processors: moduleRef.get(ReadModelProcessors),
    queries: moduleRef.get(LicenceQueries),
    database: moduleRef.get(ReadModelDatabase),
    close: async () => {
      await moduleRef.close();
      await store.close();
    },
  };
}

function tempFiles() {
  const temp = tempStoreFile();
  return {
    eventStoreFile: temp.file,
    readModelFile: temp.file.replace(/events\.sqlite$/, 'read-model.sqlite'),
    remove: temp.remove,
  };
}

const ONE_POINT = '901004310016';
const NOTHING_DUE = '901004310017';

/** Recorded the day after the establishment: the withdrawal comes with the fact (RULES §1). */
async function issueAndWithdrawOnePoint(worker: Worker): Promise<void> {
  worker.clock.set('2024-06-02');
  const bus = worker.commandBus;
  await bus.execute(
    new IssueLicenceCommand(
      ONE_POINT,
      { issuedOn: '2015-01-10', holder, probationary: false },
      clerk('issue-1'),
    ),
  );
  await bus.execute(
    new IssueLicenceCommand(
      NOTHING_DUE,
      { issuedOn: '2015-01-10', holder, probationary: false },
      clerk('issue-2'),
    ),
  );
  await bus.execute(
    new RecordInfractionCommand(
      ONE_POINT,
      {
        infractionId: 'i1',
        offenceCode: 'SPEEDING',
        committedOn: '2024-05-20',
        retainedExcessKmh: 12,
        speedLimitKmh: 110,
      },
      clerk('record-i1'),
    ),
  );
  await bus.execute(
    new EstablishInfractionCommand(
      ONE_POINT,
      { infractionId: 'i1', mode: 'FINE_PAID', establishedOn: '2024-06-01' },
      clerk('establish-i1'),
    ),
  );
}

const typesIn = async (worker: Worker, number: string) =>
  (await worker.store.readStream(licenceStreamId(number))).events.map((event) => event.type);

describe('the daily run of the worker', () => {
  let files: ReturnType<typeof tempFiles>;
  let worker: Worker | undefined;
  beforeEach(() => {
    files = tempFiles();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    files.remove();
    jest.restoreAllMocks();
  });

  it('appends the decisions whose day has come, finding the licences through the index, and is idempotent', async () => {
    worker = await startWorker({ ...files, today: '2024-06-02' });
    await issueAndWithdrawOnePoint(worker);
    const scan = jest.spyOn(LogScanDueLicenceFinder.prototype, 'findDue');
    const index = jest.spyOn(LicenceQueries.prototype, 'findDue');

    worker.clock.set('2024-11-30');
    await expect(worker.scheduler.runIfDue()).resolves.toEqual({
      asOf: '2024-11-30',
      licencesChanged: 0,
      eventsAppended: 0,
      licencesFailed: 0,
    });

    worker.clock.set('2024-12-01');
    await expect(worker.scheduler.runIfDue()).resolves.toEqual({
      asOf: '2024-12-01',
      licencesChanged: 1,
      eventsAppended: 1,
      licencesFailed: 0,
    });
    expect((await typesIn(worker, ONE_POINT)).at(-1)).toBe('PointsRestored');
    expect(await typesIn(worker, NOTHING_DUE)).toEqual(['LicenceIssued']);
    expect(scan).not.toHaveBeenCalled();
    expect(index).toHaveBeenCalledWith('2024-12-01');

    // Today's run is done: not again. And the same run sent again appends nothing twice.
    await expect(worker.scheduler.runIfDue()).resolves.toBeNull();
    const again = await worker.commandBus.execute(
      new ApplyDueChangesCommand('2024-12-01', { commandId: 'again', actor: 'system:test' }),
    );
    expect(again).toMatchObject({ eventsAppended: 0 });
    expect(await worker.scheduler.lastCompleted()).toBe('2024-12-01');

    // The read model follows: nothing is left to append on that licence.
    await worker.processors.waitForPosition(await worker.store.headPosition());
    await expect(worker.queries.findLicence(ONE_POINT)).resolves.toMatchObject({ nextDecisionOn: null });
    await expect(worker.queries.findSituation(ONE_POINT, '2024-12-01')).resolves.toMatchObject({
      points: 12,
    });
  });

  it('a fact recorded on its own day leaves its decision to the next run, which finds it through the index', async () => {
    worker = await startWorker({ ...files, today: '2024-06-01' });
    const bus = worker.commandBus;
    await bus.execute(
      new IssueLicenceCommand(
        ONE_POINT,
        { issuedOn: '2015-01-10', holder, probationary: false },
        clerk('issue-1'),
      ),
    );
    await bus.execute(
      new RecordInfractionCommand(
        ONE_POINT,
        { infractionId: 'i1', offenceCode: 'RED_LIGHT', committedOn: '2024-05-20' },
        clerk('record-i1'),
      ),
    );
    await bus.execute(
      new EstablishInfractionCommand(
        ONE_POINT,
        { infractionId: 'i1', mode: 'FINE_PAID', establishedOn: '2024-06-01' },
        clerk('establish-i1'),
      ),
    );
    expect(await typesIn(worker, ONE_POINT)).not.toContain('PointsWithdrawn');

    worker.clock.set('2024-06-02');
    await expect(worker.scheduler.runIfDue()).resolves.toMatchObject({
      licencesChanged: 1,
      eventsAppended: 1,
    });
    expect((await typesIn(worker, ONE_POINT)).at(-1)).toBe('PointsWithdrawn');
  });

  it('at start-up, catches up every missed day with one run for today, then records it', async () => {
    worker = await startWorker({ ...files, today: '2024-06-02' });
    await issueAndWithdrawOnePoint(worker);
    await worker.close();

    // Started again months later: the run for today covers the days missed meanwhile.
    worker = await startWorker({ ...files, today: '2025-01-15', dailyRun: { enabled: true } });
    await worker.scheduler.idle();
    await new Promise((resolve) => setImmediate(resolve));
    await worker.scheduler.idle();
    expect((await typesIn(worker, ONE_POINT)).at(-1)).toBe('PointsRestored');
    expect(
      worker.database.db.prepare('SELECT run_on, licences_changed, events_appended FROM daily_runs').all(),
    ).toEqual([{ run_on: '2025-01-15', licences_changed: 1, events_appended: 1 }]);
  });

  it('with a fixed today (LEDGER_TODAY), a restart does not run the same day again', async () => {
    worker = await startWorker({ ...files, today: '2024-12-01', dailyRun: { enabled: true } });
    await worker.scheduler.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await worker.scheduler.lastCompleted()).toBe('2024-12-01');
    await worker.close();

    worker = await startWorker({ ...files, today: '2024-12-01' });
    const execute = jest.spyOn(CommandBus.prototype, 'execute');
    await expect(worker.scheduler.runIfDue()).resolves.toBeNull();
    expect(execute).not.toHaveBeenCalled();
  });

  it('runs inside the API process too: one store and one CommandBus shared with the API module', async () => {
    @Controller()
    class PingController {
      @Get() ping() {
        return 'pong';
      }
    }
    let apiApplication: DynamicModule | undefined;
    worker = await startWorker({
      ...files,
      today: '2024-06-01',
      beside: (application) => {
        apiApplication = application;
        @Module({ imports: [application], controllers: [PingController] })
        class ApiModule {}
        return [ApiModule];
      },
    });
    expect(apiApplication).toBe(worker.application);
    expect(worker.moduleRef.get(EVENT_STORE, { strict: false })).toBe(worker.store);
    await issueAndWithdrawOnePoint(worker);
    await worker.processors.waitForPosition(await worker.store.headPosition());
    await expect(worker.queries.findLicence(ONE_POINT)).resolves.toMatchObject({
      nextDecisionOn: '2024-12-01',
    });
  });
});
