/** Injection tokens of the AuthModule (interfaces have no runtime class to inject by). */
export const AUTH_CONFIG = Symbol.for('ledger.auth.config');
export const SESSION_STORE = Symbol.for('ledger.auth.session-store');
export const AUTH_CLOCK = Symbol.for('ledger.auth.clock');
export const CONSUMED_LOGINS = Symbol.for('ledger.auth.consumed-logins');
