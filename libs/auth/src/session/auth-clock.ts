/**
 * The instant, in milliseconds since the epoch, for session expiry and token checks. Injected so a
 * test can move time forward by thirty minutes without waiting. (The ledger's calendar `today`,
 * LEDGER_TODAY, is a different clock: it never decides whether a session has expired.)
 */
export interface AuthClock {
  now(): number;
}

export const systemAuthClock: AuthClock = { now: () => Date.now() };
