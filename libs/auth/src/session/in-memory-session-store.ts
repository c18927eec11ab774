import type { OnModuleDestroy } from '@nestjs/common';
import { type AuthClock, systemAuthClock } from './auth-clock';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime, isSessionLive, useRecordedBefore } from './session-lifetime';
import { looksLikeSessionId, newSessionId } from './session-id';
import type { HolderSession, NewHolderSession, SessionStore } from './session-store';

export interface InMemorySessionStoreOptions {
  clock?: AuthClock;
  idleTimeoutMs?: number;
  absoluteLifetimeMs?: number;
  /** How often expired sessions are dropped; 0 disables the timer (tests purge by hand). */
  purgeIntervalMs?: number;
}

/**
 * Sessions in this process's memory, for tests and tools that start the AuthModule alone (the API
 * itself keeps them in a shared store: SqliteAuthStateStore or PgAuthStateStore). Expiry is checked on every read, so the periodic purge only bounds
 * memory; its timer is unref'd so it never keeps the process alive.
 */
export class InMemorySessionStore implements SessionStore, OnModuleDestroy {
  private readonly sessions = new Map<string, HolderSession>();
  private readonly clock: AuthClock;
  private readonly lifetime: SessionLifetime;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(options: InMemorySessionStoreOptions = {}) {
    this.clock = options.clock ?? systemAuthClock;
    this.lifetime = {
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_SESSION_LIFETIME.idleTimeoutMs,
      absoluteLifetimeMs: options.absoluteLifetimeMs ?? DEFAULT_SESSION_LIFETIME.absoluteLifetimeMs,
    };
    const every = options.purgeIntervalMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => this.purge(), every);
      this.timer.unref();
    }
  }

  async create(session: NewHolderSession): Promise<HolderSession> {
    const now = this.clock.now();
    const created: HolderSession = {
      id: newSessionId(),
      identity: { ...session.identity },
      idToken: session.idToken,
      createdAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(created.id, created);
    return created;
  }

  async touch(id: string): Promise<HolderSession | null> {
    const session = this.live(id);
    if (!session) return null;
    const now = this.clock.now();
    if (session.lastSeenAt > useRecordedBefore(now)) return session;
    const touched = { ...session, lastSeenAt: now };
    this.sessions.set(id, touched);
    return touched;
  }

  async peek(id: string): Promise<HolderSession | null> {
    return this.live(id);
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  /** Drops expired sessions; returns how many. */
  purge(): number {
    let dropped = 0;
    for (const [id, session] of this.sessions) {
      if (this.expired(session)) {
        this.sessions.delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }

  get size(): number {
    return this.sessions.size;
  }

  onModuleDestroy(): void {
    this.close();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private live(id: string): HolderSession | null {
    if (!looksLikeSessionId(id)) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (this.expired(session)) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  private expired(session: HolderSession): boolean {
    return !isSessionLive(session, this.clock.now(), this.lifetime);
  }
}
