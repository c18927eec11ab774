import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CookieOptions } from '../http/cookies';

/**
 * Between /login and /callback the browser carries the login's `state`, `nonce` (and PKCE verifier)
 * in a short-lived cookie, HMAC-signed with SESSION_SECRET so it cannot be forged or edited: no
 * server-side state is needed, and any API instance can finish a login another one started.
 */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier?: string;
  returnTo: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export const PENDING_LOGIN_COOKIE_NAME = 'ledger_fc_login';
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;

/** Scoped to the FranceConnect routes; Lax so it comes back on FranceConnect's top-level redirect. */
export const pendingLoginCookieOptions = (secure: boolean, maxAgeSeconds?: number): CookieOptions => ({
  httpOnly: true,
  secure,
  sameSite: 'Lax',
  path: '/auth/franceconnect',
  maxAge: maxAgeSeconds,
});

const mac = (payload: string, secret: string): Buffer =>
  // The label keeps this signature from ever being valid for another use of the same secret.
  createHmac('sha256', secret).update(`ledger.franceconnect.pending-login\n${payload}`).digest();

export function sealPendingLogin(login: PendingLogin, secret: string): string {
  const payload = Buffer.from(JSON.stringify(login)).toString('base64url');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

/** The pending login when the cookie is ours, intact and not expired; null otherwise. */
export function openPendingLogin(
  value: string | undefined,
  secret: string,
  now: number,
): PendingLogin | null {
  if (!value) return null;
  const [payload, signature, ...rest] = value.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = mac(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!isPendingLogin(parsed) || parsed.expiresAt <= now) return null;
  return parsed;
}

function isPendingLogin(value: unknown): value is PendingLogin {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.state === 'string' &&
    typeof v.nonce === 'string' &&
    (v.codeVerifier === undefined || typeof v.codeVerifier === 'string') &&
    typeof v.returnTo === 'string' &&
    typeof v.expiresAt === 'number'
  );
}
