import { createHash } from 'node:crypto';
import type { FranceConnectIdentity } from '@ledger/domain';
import type { HolderSession, SessionStore } from '../session/session-store';

/**
 * The single use of a FranceConnect login. The pending login itself (state, nonce, PKCE verifier)
 * travels in the browser's HMAC-sealed cookie, which any instance sharing SESSION_SECRET opens; that
 * its state was already used is kept here, in the store every instance shares, so that a callback
 * replayed to another instance is refused too.
 */
export interface ConsumedLoginStore {
  /** True the first time a state is presented; false for a replay (on any instance). */
  consume(state: string, expiresAt: number): Promise<boolean>;
}

/**
 * The sessions and consumed logins of every API instance, in one database (SQLite on the embedded
 * default, PostgreSQL with DATABASE_URL).
 */
export interface AuthStateStore extends SessionStore, ConsumedLoginStore {
  /** Sessions live now (for the active-sessions gauge). */
  countLiveSessions(): Promise<number>;
  /** Drops expired sessions and spent login states; returns how many sessions went. */
  purgeExpired(): Promise<number>;
  /** Throws when the store does not answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store keys a session by the SHA-256 of its id, never the id itself: a copy of the table (a
 * backup, a replica) gives nobody a cookie that works.
 */
export const sessionKey = (id: string): string => createHash('sha256').update(id).digest('base64url');

export interface SessionRow {
  identity: string;
  id_token: string;
  created_at: number | string;
  last_seen_at: number | string;
}

export function sessionFromRow(id: string, row: SessionRow): HolderSession {
  return {
    id,
    identity: JSON.parse(row.identity) as FranceConnectIdentity & { sub: string },
    idToken: row.id_token,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}
