import type { SessionConfig } from '../auth.config';
import { type CookieOptions, serializeCookie } from '../http/cookies';

/** AUTH.md: the holder's session cookie. */
export const SESSION_COOKIE_NAME = 'ledger_session';

/**
 * HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site sub-requests, yet present when
 * FranceConnect redirects the browser back), Secure except for plain-http development, Path=/. No
 * Max-Age: the server decides expiry (30 minutes idle), the browser forgets it when closed.
 */
export function sessionCookieOptions(session: SessionConfig): CookieOptions {
  return { httpOnly: true, secure: session.secureCookies, sameSite: 'Lax', path: '/' };
}

export const sessionCookie = (id: string, session: SessionConfig): string =>
  serializeCookie(SESSION_COOKIE_NAME, id, sessionCookieOptions(session));

export const clearedSessionCookie = (session: SessionConfig): string =>
  serializeCookie(SESSION_COOKIE_NAME, '', { ...sessionCookieOptions(session), maxAge: 0 });
