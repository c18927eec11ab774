import type { FranceConnectIdentity } from '@ledger/domain';

/**
 * A holder's session (AUTH.md): the FranceConnect identity (pivot claims and sub) and the ID token,
 * kept only to send it back as `id_token_hint` at logout. Nothing else: no access token, no licence.
 */
export interface HolderSession {
  /** Opaque random id, the value of the `ledger_session` cookie. */
  readonly id: string;
  readonly identity: FranceConnectIdentity & { readonly sub: string };
  readonly idToken: string;
  readonly createdAt: number;
  /** Last use; the session dies after the idle timeout without use. */
  readonly lastSeenAt: number;
}

export interface NewHolderSession {
  identity: FranceConnectIdentity & { sub: string };
  idToken: string;
}

/** Server-side session storage: in memory here; a shared store (Redis, SQL) for several instances. */
export interface SessionStore {
  create(session: NewHolderSession): Promise<HolderSession>;
  /** The live session, its idle timer restarted; null when unknown or expired. */
  touch(id: string): Promise<HolderSession | null>;
  /** The live session without restarting its idle timer (logout reads it, then deletes it). */
  peek(id: string): Promise<HolderSession | null>;
  delete(id: string): Promise<void>;
}
