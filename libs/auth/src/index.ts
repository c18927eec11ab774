// Authentication of the ledger's callers (AUTH.md): FranceConnect sessions for holders, bearer
// tokens for staff, and the resolution of a request into one kind of Caller.
export * from './auth-error';
export * from './auth.config';
export * from './auth.module';
export * from './auth.tokens';
export * from './caller';
export * from './esm/load-esm';
export * from './esm/main-realm';
export * from './franceconnect/eidas';
export * from './franceconnect/franceconnect-client';
export * from './franceconnect/franceconnect.controller';
export * from './franceconnect/pending-login-cookie';
export * from './franceconnect/pivot-identity';
export * from './http/cookies';
export * from './http/return-to';
export * from './session/auth-clock';
export * from './session/in-memory-session-store';
export * from './session/session-cookie';
export * from './session/session-id';
export * from './session/session-store';
export * from './session/session-lifetime';
export * from './shared-store/auth-state-store';
export * from './shared-store/pg-auth-state-store';
export * from './shared-store/pg-shared-database';
export * from './shared-store/shared-state-unavailable';
export * from './shared-store/sqlite-auth-state-store';
export * from './staff/staff-roles';
export * from './staff/staff-token-verifier';
// Development fixtures (data only, no provider code): the stand-ins' identities and accounts.
export * from './dev/dev-clients';
export * from './dev/staff-token';
export * from './dev/test-identities';
