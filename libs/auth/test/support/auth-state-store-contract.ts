import type { AuthStateStore } from '../../src/shared-store/auth-state-store';

export const CAMILLE = {
  sub: 'abc',
  given_name: 'Camille',
  family_name: 'MARTIN',
  birthdate: '1985-03-14',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
};

export interface ContractClock {
  now(): number;
  advance(ms: number): void;
}

const minutes = (n: number) => n * 60 * 1000;
const hours = (n: number) => n * minutes(60);

/**
 * What every shared store of sessions and consumed logins does, whatever its database: two stores
 * opened on the same database play two API instances.
 */
export function authStateStoreContract(
  open: (clock: ContractClock) => Promise<{ a: AuthStateStore; b: AuthStateStore; close(): Promise<void> }>,
): void {
  let now = Date.UTC(2024, 1, 1, 9);
  const clock: ContractClock = { now: () => now, advance: (ms) => (now += ms) };
  let a: AuthStateStore;
  let b: AuthStateStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    now = Date.UTC(2024, 1, 1, 9);
    ({ a, b, close } = await open(clock));
  });
  afterEach(async () => {
    await close();
  });

  it('a session opened through one instance is read through another, identity and ID token intact', async () => {
    const session = await a.create({ identity: CAMILLE, idToken: 'id.token.jwt' });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await b.touch(session.id)).toEqual({ ...session, lastSeenAt: now });
  });

  it('keeps a session used within 30 minutes on either instance, and restarts its idle timer', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    clock.advance(minutes(29));
    expect(await b.touch(id)).not.toBeNull();
    clock.advance(minutes(29));
    expect(await a.touch(id)).not.toBeNull();
  });

  it('writes a use at most once a minute: a use within the minute leaves the recorded one as it was', async () => {
    const session = await a.create({ identity: CAMILLE, idToken: 't' });
    clock.advance(30 * 1000);
    expect(await b.touch(session.id)).toEqual(session);
    clock.advance(31 * 1000);
    expect(await a.touch(session.id)).toEqual({ ...session, lastSeenAt: now });
    expect(await b.peek(session.id)).toEqual({ ...session, lastSeenAt: now });
  });

  it('keeps a session used every 20 seconds alive past the idle timeout, its uses written once a minute', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    for (let elapsed = 0; elapsed < minutes(45); elapsed += 20 * 1000) {
      clock.advance(20 * 1000);
      expect(await b.touch(id)).not.toBeNull();
    }
    expect((await a.peek(id))!.lastSeenAt).toBeGreaterThan(now - minutes(1));
  });

  it('ends a session left idle for 30 minutes', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    clock.advance(minutes(30));
    expect(await b.touch(id)).toBeNull();
    expect(await a.peek(id)).toBeNull();
  });

  it('ends a session 12 hours after the login, however active', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    for (let elapsed = 0; elapsed < hours(12) - minutes(20); elapsed += minutes(20)) {
      clock.advance(minutes(20));
      expect(await b.touch(id)).not.toBeNull();
    }
    clock.advance(minutes(20));
    expect(await b.touch(id)).toBeNull();
  });

  it('does not restart the idle timer when the session is only peeked at', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    clock.advance(minutes(20));
    expect(await b.peek(id)).not.toBeNull();
    clock.advance(minutes(10));
    expect(await a.peek(id)).toBeNull();
  });

  it('a logout through one instance ends the session for every instance', async () => {
    const { id } = await a.create({ identity: CAMILLE, idToken: 't' });
    await b.delete(id);
    expect(await a.touch(id)).toBeNull();
    expect(await b.peek(id)).toBeNull();
  });

  it('knows nothing of an unknown or malformed id', async () => {
    await a.create({ identity: CAMILLE, idToken: 't' });
    expect(await b.touch('A'.repeat(43))).toBeNull();
    expect(await b.touch("' OR 1=1 --")).toBeNull();
    await expect(b.delete('../../etc/passwd')).resolves.toBeUndefined();
  });

  it('a login state is consumed once, whichever instance the replay reaches', async () => {
    expect(await a.consume('state-1', now + minutes(10))).toBe(true);
    expect(await b.consume('state-1', now + minutes(10))).toBe(false);
    expect(await a.consume('state-1', now + minutes(10))).toBe(false);
    expect(await b.consume('state-2', now + minutes(10))).toBe(true);
  });

  it('counts live sessions, and purges the expired ones and spent login states', async () => {
    await a.create({ identity: CAMILLE, idToken: 'old' });
    await a.consume('old-state', now + minutes(10));
    clock.advance(minutes(20));
    const live = await b.create({ identity: CAMILLE, idToken: 'new' });
    expect(await a.countLiveSessions()).toBe(2);
    clock.advance(minutes(15));
    expect(await a.countLiveSessions()).toBe(1);
    expect(await b.purgeExpired()).toBe(1);
    expect(await a.peek(live.id)).not.toBeNull();
    // The purged state may be presented again: its pending-login cookie has expired by then anyway.
    expect(await a.consume('old-state', now + minutes(10))).toBe(true);
  });
}
