import { SESSION_ABSOLUTE_LIFETIME_MS, SESSION_IDLE_TIMEOUT_MS } from '../auth.config';

/** How long a holder's session lives: 30 minutes without use, 12 hours in all, whichever ends first. */
export interface SessionLifetime {
  idleTimeoutMs: number;
  absoluteLifetimeMs: number;
}

export const DEFAULT_SESSION_LIFETIME: SessionLifetime = {
  idleTimeoutMs: SESSION_IDLE_TIMEOUT_MS,
  absoluteLifetimeMs: SESSION_ABSOLUTE_LIFETIME_MS,
};

/**
 * The oldest `lastSeenAt` and `createdAt` a session may have at `now` and still be live: every store
 * (memory, SQLite, PostgreSQL) asks this one function, so the rule is written once.
 */
export function liveSessionBounds(
  now: number,
  lifetime: SessionLifetime,
): { seenAfter: number; createdAfter: number } {
  return { seenAfter: now - lifetime.idleTimeoutMs, createdAfter: now - lifetime.absoluteLifetimeMs };
}

export function isSessionLive(
  session: { createdAt: number; lastSeenAt: number },
  now: number,
  lifetime: SessionLifetime,
): boolean {
  const { seenAfter, createdAfter } = liveSessionBounds(now, lifetime);
  return session.lastSeenAt > seenAfter && session.createdAt > createdAfter;
}
