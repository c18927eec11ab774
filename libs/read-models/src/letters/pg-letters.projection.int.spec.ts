import fc from 'fast-check';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  dumpProjection,
  dumpPgProjection,
  PgCheckpointedProcessor,
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  ReadModelDatabase,
  type PgProjection,
} from '@ledger/read-models';
import {
  LettersProjection,
  PgLetterQueries,
  PgLettersProjection,
  SqliteLetterQueries,
  type LetterQueries,
} from '@ledger/read-models/letters';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from '../../../../test/replay/licence-histories';
import { freshSchema, quietLogger } from '../../test/pg-read-model-test-bed';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { issueLetters, logWithLetters } from '../../test/letters/issued-letters-log';
import { LETTER_STORIES } from '../../test/letters/letter-stories';

// The letters read model on PostgreSQL holds the very rows it holds on SQLite, for the same log
// and whatever the batches (both write what letterRowsOfBatch gives), and each letter exactly
// once: with the checkpoint, through redeliveries, failures before the commit and rebuilds.

const RUNS = { numRuns: Number(process.env.REPLAY_RUNS ?? 6), interruptAfterTimeLimit: 60_000 };

function sqliteLetters() {
  const projection = new LettersProjection();
  const database = ReadModelDatabase.open(':memory:', [projection]);
  const given = (events: readonly RecordedEvent[], batchSize = events.length) => {
    const size = Math.max(1, batchSize);
    for (let i = 0; i < events.length; i += size)
      database.transaction(() => projection.apply(events.slice(i, i + size), database.tx(projection)));
  };
  return {
    database,
    queries: new SqliteLetterQueries(database),
    given,
    dump: () => dumpProjection(database, projection),
  };
}

async function pgLetters(url: string, projection: PgProjection = new PgLettersProjection()) {
  const database = await PgReadModelDatabase.open(url, [projection], {
    schema: freshSchema('letters'),
    poolSize: 4,
    logger: quietLogger,
  });
  const given = async (events: readonly RecordedEvent[], batchSize = events.length) => {
    const size = Math.max(1, batchSize);
    for (let i = 0; i < events.length; i += size) {
      const batch = events.slice(i, i + size);
      await database.transaction((client) => projection.apply(batch, database.tx(projection, client)));
    }
  };
  return {
    database,
    projection,
    queries: new PgLetterQueries(database),
    given,
    dump: () => dumpPgProjection(database, projection),
    close: () => database.close(),
  };
}

/** Every story on one log (one stream per licence number), with the letters the workflow recorded. */
const logOfAllStories = (): Promise<SqliteEventStore> =>
  logWithLetters(LETTER_STORIES.map((story) => story.scenario()));

/** Every question the API asks of the letters, asked of both stores. */
async function expectSameAnswers(pg: LetterQueries, sqlite: LetterQueries, dump: Record<string, unknown[]>) {
  const letters = dump.letters as Array<{ letter_id: string; licence_number: string; issued_on: string }>;
  const numbers = [...new Set(letters.map((l) => l.licence_number))];
  for (const number of numbers) {
    expect(await pg.lettersOf(number)).toEqual(await sqlite.lettersOf(number));
    expect(await pg.holderOf(number)).toEqual(await sqlite.holderOf(number));
  }
  for (const day of new Set(letters.map((l) => l.issued_on))) {
    expect(await pg.printRun(day)).toEqual(await sqlite.printRun(day));
    for (const channel of ['ORDINARY_MAIL', 'REGISTERED', 'REGISTERED_WITH_RECEIPT'] as const)
      expect(await pg.printRun(day, channel)).toEqual(await sqlite.printRun(day, channel));
  }
  const ids = [...letters.map((l) => l.letter_id)].reverse().concat('L-unknown');
  expect(await pg.findLetters(ids)).toEqual(await sqlite.findLetters(ids));
  expect(await pg.findLetter('L-unknown')).toBeNull();
  expect(await pg.holderOf('000000000000')).toBeNull();
}

describeWithPostgres('the letter workflow on PostgreSQL', () => {
  let database: ThrowAwayDatabase;
  beforeAll(async () => {
    database = await createThrowAwayDatabase();
  });
  afterAll(() => database.drop());

  it('issues the same letters as on SQLite for every story of RULES §6, whatever the batches, and the queries answer the same', async () => {
    const store = await logOfAllStories();
    const events = await store.readAll({ after: 0n });
    const sqlite = sqliteLetters();
    sqlite.given(events);
    const expected = sqlite.dump();
    expect((expected.letters as unknown[]).length).toBeGreaterThan(10);
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 25 }), async (batchSize) => {
          const pg = await pgLetters(database.url);
          try {
            await pg.given(events, batchSize);
            expect(await pg.dump()).toEqual(expected);
          } finally {
            await pg.close();
          }
        }),
        RUNS,
      );
      const pg = await pgLetters(database.url);
      try {
        await pg.given(events, 4);
        await expectSameAnswers(pg.queries, sqlite.queries, expected);
      } finally {
        await pg.close();
      }
    } finally {
      sqlite.database.close();
      await store.close();
    }
  }, 120_000);

  it('gives the same rows as on SQLite for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArbitrary, { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 1, max: 40 }),
        async (histories, batchSize) => {
          const store = new SqliteEventStore(':memory:');
          const sqlite = sqliteLetters();
          const pg = await pgLetters(database.url);
          try {
            await appendHistories(store, histories);
            await issueLetters(store);
            const events = await store.readAll({ after: 0n });
            sqlite.given(events);
            await pg.given(events, batchSize);
            const dump = await pg.dump();
            expect(dump).toEqual(sqlite.dump());
            expect(dump.letter_holders.length).toBeGreaterThan(0);
          } finally {
            await pg.close();
            sqlite.database.close();
            await store.close();
          }
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('a batch given again, whole or in part, issues no second letter', async () => {
    const log = await logWithLetters([LETTER_STORIES[3].scenario()]);
    const events = await log.readAll({ after: 0n });
    await log.close();
    const pg = await pgLetters(database.url);
    try {
      await pg.given(events);
      const once = await pg.dump();
      expect(once.letters.length).toBe(3);
      await pg.given(events);
      await pg.given(events.slice(3, 9), 2);
      expect(await pg.dump()).toEqual(once);
    } finally {
      await pg.close();
    }
  });

  it('a posting is recorded once, against its letter (the first one stands)', async () => {
    const scenario = LETTER_STORIES[0].scenario();
    const log = await logWithLetters([scenario]);
    const pg = await pgLetters(database.url);
    try {
      await pg.given(await log.readAll({ after: 0n }));
      const [letter] = await pg.queries.lettersOf(scenario.licenceNumber);
      expect(letter.postedOn).toBeNull();
      const commandsBefore = scenario.commands.length;
      const nextPosition = (await log.headPosition()) + 1n;
      scenario.posted(letter.letterId, '2024-04-05');
      const posting = scenario.recorded(nextPosition, commandsBefore);
      expect(posting.map((event) => event.type)).toEqual(['LetterPosted']);
      const later = posting.map((event) => ({
        ...event,
        eventId: `${event.eventId.slice(0, -1)}0`,
        globalPosition: event.globalPosition + 1n,
        data: { ...(event.data as object), postedOn: '2024-04-06' },
      }));
      await pg.given([...posting, ...later]); // two postings of one letter in one batch
      expect((await pg.queries.findLetter(letter.letterId))?.postedOn).toBe('2024-04-05');
    } finally {
      await pg.close();
      await log.close();
    }
  });

  it('a failure between the letters’ insert and the checkpoint’s commit rolls both back; the resubscribed processor writes each letter once, and a rebuild writes the same rows', async () => {
    const store = await logOfAllStories();
    const head = await store.headPosition();
    const inner = new PgLettersProjection();
    let failures = 2;
    const checkpointsAtFailure: bigint[] = [];
    const failing: PgProjection = {
      name: inner.name,
      tables: inner.tables,
      apply: async (batch, tx) => {
        await inner.apply(batch, tx);
        const { rows } = await tx.client.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${tx.table('letters')}`,
        );
        if (Number(rows[0].n) > 0 && failures > 0) {
          failures--;
          checkpointsAtFailure.push(await model.database.checkpoint('letters'));
          throw new Error('worker died before the checkpoint');
        }
      },
    };
    const model = await pgLetters(database.url, failing);
    const sqlite = sqliteLetters();
    try {
      const processor = new PgCheckpointedProcessor(store, model.database, failing, {
        batchSize: 4,
        logger: quietLogger,
        backoff: { initialMs: 1, maxMs: 5 },
      });
      await processor.start();
      await processor.waitForPosition(head);
      await processor.stop();
      expect(checkpointsAtFailure).toHaveLength(2);

      sqlite.given(await store.readAll({ after: 0n }));
      const live = await model.dump();
      expect(live).toEqual(sqlite.dump());
      const causes = (live.letters as Array<{ caused_by_event_id: string }>).map((l) => l.caused_by_event_id);
      expect(new Set(causes).size).toBe(causes.length);

      await new PgReadModelRebuilder(store, model.database, [inner]).rebuild('letters', { batchSize: 3 });
      expect(await model.dump()).toEqual(live);
      expect(await model.database.checkpoint('letters')).toBe(head);
    } finally {
      await model.close();
      sqlite.database.close();
      await store.close();
    }
  }, 60_000);

  it('the licences and the letters rebuilt together, in one pass over the log, hold the rows the live processors wrote', async () => {
    const store = await logOfAllStories();
    const head = await store.headPosition();
    const projections = () => [new PgLicenceProjection({ bulkEvents: 10 }), new PgLettersProjection()];
    const open = async (live: PgProjection[]) =>
      PgReadModelDatabase.open(database.url, live, {
        schema: freshSchema('together'),
        poolSize: 4,
        logger: quietLogger,
      });
    const live = projections();
    const liveDatabase = await open(live);
    const rebuilt = projections();
    const rebuiltDatabase = await open(rebuilt);
    try {
      for (const projection of live) {
        const processor = new PgCheckpointedProcessor(store, liveDatabase, projection, {
          batchSize: 4,
          logger: quietLogger,
        });
        await processor.start();
        await processor.waitForPosition(head);
        await processor.stop();
      }
      const reports = await new PgReadModelRebuilder(store, rebuiltDatabase, rebuilt).rebuildTogether(
        ['licences', 'letters'],
        { batchSize: 3 },
      );
      expect(reports.map((report) => report.events)).toEqual([Number(head), Number(head)]);
      for (const [index, projection] of rebuilt.entries()) {
        expect(await dumpPgProjection(rebuiltDatabase, projection)).toEqual(
          await dumpPgProjection(liveDatabase, live[index]),
        );
        expect(await rebuiltDatabase.checkpoint(projection.name)).toBe(head);
      }
    } finally {
      await liveDatabase.close();
      await rebuiltDatabase.close();
      await store.close();
    }
  }, 60_000);
});
