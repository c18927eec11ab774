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

/**
 * A use of a session is written only once the recorded one is this old: one write a minute per
 * active holder rather than one per request (a write per balance query was a good part of its
 * cost). The idle timeout then runs from a use at most this much earlier than the last one: a
 * session may end up to a minute early, never late.
 */
export const SESSION_USE_RECORDING_INTERVAL_MS = 60 * 1000;

/** At `now`, a session whose recorded use is at or before this has its use written again. */
export const useRecordedBefore = (now: number): number => now - SESSION_USE_RECORDING_INTERVAL_MS;

export function isSessionLive(
  session: { createdAt: number; lastSeenAt: number },
  now: number,
  lifetime: SessionLifetime,
): boolean {
  const { seenAfter, createdAfter } = liveSessionBounds(now, lifetime);
  return session.lastSeenAt > seenAfter && session.createdAt > createdAfter;
}
