import { InMemorySessionStore } from './in-memory-session-store';

const identity = {
  sub: 'abc',
  given_name: 'Camille',
  family_name: 'MARTIN',
  birthdate: '1985-03-14',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
};

describe('the in-memory session store', () => {
  let now: number;
  let store: InMemorySessionStore;
  const minutes = (n: number) => n * 60 * 1000;

  beforeEach(() => {
    now = Date.UTC(2024, 1, 1, 9);
    store = new InMemorySessionStore({ clock: { now: () => now }, purgeIntervalMs: 0 });
  });

  it('opens a session under an opaque id of 32 random bytes, base64url', async () => {
    const session = await store.create({ identity, idToken: 'id.token.jwt' });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await store.create({ identity, idToken: 'x' })).id).not.toBe(session.id);
    expect(await store.peek(session.id)).toMatchObject({ identity, idToken: 'id.token.jwt' });
  });

  it('keeps a session used within 30 minutes, and restarts its idle timer at each use', async () => {
    const { id } = await store.create({ identity, idToken: 't' });
    now += minutes(29);
    expect(await store.touch(id)).not.toBeNull();
    now += minutes(29);
    expect(await store.touch(id)).not.toBeNull();
  });

  it('records a use at most once a minute, as the shared stores do', async () => {
    const session = await store.create({ identity, idToken: 't' });
    now += 30 * 1000;
    expect((await store.touch(session.id))?.lastSeenAt).toBe(session.lastSeenAt);
    now += 31 * 1000;
    expect((await store.touch(session.id))?.lastSeenAt).toBe(now);
  });

  it('forgets a session left idle for 30 minutes', async () => {
    const { id } = await store.create({ identity, idToken: 't' });
    now += minutes(30);
    expect(await store.touch(id)).toBeNull();
    expect(store.size).toBe(0);
  });

  it('ends a session 12 hours after the login, however active', async () => {
    const { id } = await store.create({ identity, idToken: 't' });
    for (let elapsed = 0; elapsed < minutes(12 * 60 - 20); elapsed += minutes(20)) {
      now += minutes(20);
      expect(await store.touch(id)).not.toBeNull();
    }
    now += minutes(20);
    expect(await store.touch(id)).toBeNull();
  });

  it('does not restart the idle timer when the session is only peeked at', async () => {
    const { id } = await store.create({ identity, idToken: 't' });
    now += minutes(20);
    await store.peek(id);
    now += minutes(10);
    expect(await store.peek(id)).toBeNull();
  });

  it('purges expired sessions, keeping live ones', async () => {
    await store.create({ identity, idToken: 'old' });
    now += minutes(20);
    const live = await store.create({ identity, idToken: 'new' });
    now += minutes(15);
    expect(store.purge()).toBe(1);
    expect(await store.peek(live.id)).not.toBeNull();
  });

  it('ends a session on delete, and ignores ids that could not be ours', async () => {
    const { id } = await store.create({ identity, idToken: 't' });
    await store.delete(id);
    expect(await store.touch(id)).toBeNull();
    expect(await store.touch('../../etc/passwd')).toBeNull();
  });

  it('purges on a timer that never keeps the process alive', async () => {
    jest.useFakeTimers();
    try {
      const timed = new InMemorySessionStore({ clock: { now: () => now }, purgeIntervalMs: 1000 });
      await timed.create({ identity, idToken: 't' });
      now += minutes(31);
      jest.advanceTimersByTime(1000);
      expect(timed.size).toBe(0);
      timed.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
