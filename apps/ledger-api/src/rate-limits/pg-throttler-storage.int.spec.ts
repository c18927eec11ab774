import { PgSharedDatabase } from '@ledger/auth';
import {
  type ThrowAwayDatabase,
  createThrowAwayDatabase,
  describeWithPostgres,
} from '../../../../libs/read-models/test/pg-test-database';
import { PgThrottlerStorage } from './pg-throttler-storage';

const WINDOW = 60_000;

describeWithPostgres('rate-limit counters shared in PostgreSQL', () => {
  let database: ThrowAwayDatabase;
  let now: number;
  const clock = { now: () => now };
  let instanceA: PgSharedDatabase;
  let instanceB: PgSharedDatabase;
  let a: PgThrottlerStorage;
  let b: PgThrottlerStorage;

  beforeAll(async () => {
    database = await createThrowAwayDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    now = Date.UTC(2024, 4, 1, 9);
    const schema = `limits_${Math.random().toString(36).slice(2, 10)}`;
    instanceA = new PgSharedDatabase(database.url, { schema });
    instanceB = new PgSharedDatabase(database.url, { schema });
    [a, b] = await Promise.all([PgThrottlerStorage.open(instanceA, clock), PgThrottlerStorage.open(instanceB, clock)]);
  });
  afterEach(async () => {
    a.close();
    b.close();
    await instanceA.close();
    await instanceB.close();
  });

  const hit = (storage: PgThrottlerStorage, key = 'holder:s1', limit = 3) =>
    storage.increment(key, WINDOW, limit, WINDOW, 'holder');

  it('counts on connections whose commits do not wait for the WAL flush, the audit and sessions on the others', async () => {
    const setting = async (pool: PgSharedDatabase['pool']) =>
      (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
    expect(await setting(instanceA.lossTolerantPool)).toBe('off');
    expect(await setting(instanceA.pool)).toBe('on');
  });

  it('counts the requests sent to both instances against one limit, then blocks for a whole window', async () => {
    expect((await hit(a)).isBlocked).toBe(false);
    expect((await hit(b)).isBlocked).toBe(false);
    now += 10_000;
    expect(await hit(a)).toMatchObject({ totalHits: 3, isBlocked: false, timeToExpire: 50 });
    const refused = await hit(b);
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit(a)).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('opens a new window once the block is over', async () => {
    for (let i = 0; i < 4; i += 1) await hit(i % 2 ? a : b);
    now += WINDOW;
    expect(await hit(a)).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('opens a new window once the window is over, without a block', async () => {
    await hit(a);
    await hit(b);
    now += WINDOW;
    expect(await hit(b)).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });

  it('keeps each caller and each kind of limit apart', async () => {
    for (let i = 0; i < 3; i += 1) await hit(a, 'holder:s1');
    expect((await hit(b, 'holder:s2')).isBlocked).toBe(false);
    expect((await b.increment('holder:s1', WINDOW, 3, WINDOW, 'staff')).isBlocked).toBe(false);
  });

  it('counts exactly under concurrent requests from both instances', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => hit(i % 2 ? a : b, 'ip:1', 25)));
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(25);
  });

  it('purges counters whose window and block are over', async () => {
    await hit(a, 'ip:old');
    now += WINDOW;
    await hit(a, 'ip:new');
    expect(await b.purge()).toBe(1);
  });
});
