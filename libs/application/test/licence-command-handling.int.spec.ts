import { licenceStreamId } from '@ledger/domain';
import { ConcurrencyError, SqliteEventStore, type EventStore } from '@ledger/event-store';
import {
  ApplicationError,
  EstablishInfractionCommand,
  IssueLicenceCommand,
  RecordInfractionCommand,
} from '@ledger/application';
import {
  clerk,
  holder,
  startApplication,
  startOnTempStore,
  tempStoreFile,
  typesOf,
} from './application-test-bed';

// The read → decide → append loop (CONVENTIONS 5): metadata, idempotent retries, refusals that
// append nothing, optimistic concurrency with a bounded retry.

const NUMBER = '901004310016';
const STREAM = licenceStreamId(NUMBER);
const issue = (commandId = 'issue-1') =>
  new IssueLicenceCommand(NUMBER, { issuedOn: '2024-01-01', holder, probationary: false }, clerk(commandId));
const recordInfraction = (infractionId: string, commandId = `record-${infractionId}`) =>
  new RecordInfractionCommand(
    NUMBER,
    { infractionId, offenceCode: 'RED_LIGHT', committedOn: '2024-01-10' },
    clerk(commandId),
  );
const establish = (infractionId: string, establishedOn: string, commandId = `establish-${infractionId}`) =>
  new EstablishInfractionCommand(
    NUMBER,
    { infractionId, mode: 'FINE_PAID', establishedOn },
    clerk(commandId),
  );

describe('handling a licence command', () => {
  let app: Awaited<ReturnType<typeof startOnTempStore>>;
  beforeEach(async () => {
    app = await startOnTempStore('2024-02-01');
  });
  afterEach(() => app.close());

  it('stores who did it, in answer to what, and the schema version, apart from the data', async () => {
    await app.commandBus.execute(issue());
    await app.commandBus.execute(
      new RecordInfractionCommand(
        NUMBER,
        { infractionId: 'inf-1', offenceCode: 'RED_LIGHT', committedOn: '2024-01-10' },
        clerk('record-1', { correlationId: 'request-7', causationId: 'message-3' }),
      ),
    );
    const [issued, recorded] = (await app.store.readStream(STREAM)).events;
    expect(issued.metadata).toEqual({
      actor: 'clerk-42 (Camille Martin)',
      commandId: 'issue-1',
      correlationId: 'issue-1',
      causationId: 'issue-1',
      // LicenceIssued is at v2 (firstLicence, previousLicence); InfractionRecorded still at v1
      schemaVersion: 2,
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      // the business day of the command (the clock's today), by which letters are dated
      recordedOn: '2024-02-01',
    });
    expect(recorded.metadata).toMatchObject({
      commandId: 'record-1',
      correlationId: 'request-7',
      causationId: 'message-3',
      schemaVersion: 1,
    });
    expect(recorded.data).not.toHaveProperty('actor');
  });

  it('the same command sent again appends nothing and answers as the first time', async () => {
    const first = await app.commandBus.execute(issue());
    const head = await app.store.headPosition();

    const again = await app.commandBus.execute(issue());

    expect(again).toEqual(first);
    expect(await app.store.headPosition()).toBe(head);
  });

  it('a retry is answered from the first time even after other commands, without deciding again', async () => {
    await app.commandBus.execute(issue());
    await app.commandBus.execute(recordInfraction('inf-1'));
    const first = await app.commandBus.execute(establish('inf-1', '2024-01-20'));
    await app.commandBus.execute(recordInfraction('inf-2'));
    const head = await app.store.headPosition();

    // Deciding again would answer differently: the very same facts are already there, so nothing
    // to append (eventsAppended 0, and the stream's current version).
    const reissued = await app.commandBus.execute(issue());
    const again = await app.commandBus.execute(establish('inf-1', '2024-01-20'));

    expect(reissued).toMatchObject({ licenceNumber: NUMBER, streamVersion: '0', eventsAppended: 1 });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ licenceNumber: NUMBER, streamVersion: '3', eventsAppended: 2 });
    expect(await app.store.headPosition()).toBe(head);
  });

  it('a refusal of the law appends nothing', async () => {
    await app.commandBus.execute(issue());
    const head = await app.store.headPosition();

    await expect(app.commandBus.execute(establish('no-such-infraction', '2024-01-20'))).rejects.toMatchObject(
      {
        code: 'INFRACTION.NOT_FOUND',
        category: 'NOT_FOUND',
      },
    );
    await expect(
      app.commandBus.execute(
        new IssueLicenceCommand(
          NUMBER,
          { issuedOn: '2024-01-02', holder, probationary: false },
          clerk('issue-2'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'LICENCE.ALREADY_ISSUED', category: 'CONFLICT' });
    expect(await app.store.headPosition()).toBe(head);
  });

  it('a malformed licence number is refused before anything is read', async () => {
    await expect(
      app.commandBus.execute(
        new RecordInfractionCommand('9010 0431 0016', recordInfraction('x').data, clerk('bad')),
      ),
    ).rejects.toMatchObject({ code: 'LICENCE.MALFORMED_NUMBER', category: 'VALIDATION' });
  });

  it('a command id reused for another licence is refused, not taken for a retry', async () => {
    await app.commandBus.execute(issue('shared-id'));
    await expect(
      app.commandBus.execute(
        new IssueLicenceCommand(
          '207348 74 18',
          { issuedOn: '2024-01-01', holder, probationary: false },
          clerk('shared-id'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'COMMAND.ID_REUSED', category: 'CONFLICT' });
    expect((await app.store.readStream(licenceStreamId('207348 74 18'))).events).toEqual([]);
  });

  it('the CommandBus keeps dispatching to a handler after it threw', async () => {
    await expect(app.commandBus.execute(recordInfraction('inf-1'))).rejects.toMatchObject({
      code: 'LICENCE.NOT_FOUND',
    });
    await app.commandBus.execute(issue());
    await expect(app.commandBus.execute(recordInfraction('inf-1'))).resolves.toMatchObject({
      eventsAppended: 1,
    });
  });
});

describe('concurrent commands on one licence', () => {
  it('ten infractions recorded at once through two store connections are all kept (no lost update)', async () => {
    const temp = tempStoreFile();
    const stores = [new SqliteEventStore(temp.file), new SqliteEventStore(temp.file)];
    let conflicts = 0;
    const counting = stores.map((store) =>
      Object.assign(Object.create(store) as EventStore, {
        appendToStream: (...args: Parameters<EventStore['appendToStream']>) =>
          store.appendToStream(...args).catch((error: unknown) => {
            if (error instanceof ConcurrencyError) conflicts++;
            throw error;
          }),
      }),
    );
    const apps = await Promise.all(
      counting.map((eventStore) => startApplication({ eventStore, today: '2024-02-01' })),
    );
    try {
      await apps[0].commandBus.execute(issue());

      // Ten writers on one licence at once is more contention than the handler's bounded retries
      // are sized for (a busy machine makes it worse): a command refused with CONCURRENT_UPDATE is
      // sent again with its commandId, as the API's clients are told to, which is safe by design.
      const untilStored = async (app: (typeof apps)[number], command: ReturnType<typeof recordInfraction>) => {
        for (;;) {
          try {
            return await app.commandBus.execute(command);
          } catch (error) {
            if ((error as { code?: string }).code !== 'LICENCE.CONCURRENT_UPDATE') throw error;
          }
        }
      };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => untilStored(apps[i % 2], recordInfraction(`inf-${i}`))),
      );

      expect(conflicts).toBeGreaterThan(0); // the race did happen, and the retries won it
      expect(results.every((result) => result.eventsAppended === 1)).toBe(true);
      expect(new Set(results.map((result) => result.streamVersion))).toEqual(
        new Set(Array.from({ length: 10 }, (_, i) => String(i + 1))),
      );
      const { events } = await stores[1].readStream(STREAM);
      expect(typesOf(events)).toEqual(['LicenceIssued', ...Array(10).fill('InfractionRecorded')]);
      expect(
        new Set(events.slice(1).map((event) => (event.data as { infractionId: string }).infractionId)),
      ).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `inf-${i}`)));
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all(stores.map((store) => store.close()));
      temp.remove();
    }
  });

  it('after the bounded number of attempts, the clerk is told to try again', async () => {
    const temp = tempStoreFile();
    const real = new SqliteEventStore(temp.file);
    let appends = 0;
    // Someone else always wins the race.
    const losing: EventStore = Object.assign(Object.create(real) as EventStore, {
      appendToStream: async () => {
        appends++;
        throw new ConcurrencyError(STREAM, 'no_stream', 0n);
      },
    });
    const app = await startApplication({
      eventStore: losing,
      today: '2024-02-01',
      conflictRetry: { maxAttempts: 5 },
    });
    try {
      const refusal = await app.commandBus.execute(issue()).catch((error: unknown) => error);

      expect(refusal).toBeInstanceOf(ApplicationError);
      expect(refusal).toMatchObject({
        code: 'LICENCE.CONCURRENT_UPDATE',
        category: 'CONFLICT',
        message: 'The licence was changed by someone else at the same time; please try again.',
      });
      expect(appends).toBe(5);
      expect(await real.headPosition()).toBe(0n);
    } finally {
      await app.close();
      await real.close();
      temp.remove();
    }
  });
});
