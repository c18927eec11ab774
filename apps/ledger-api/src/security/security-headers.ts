import helmet from 'helmet';

/** Two years, the HSTS preload list's minimum being one. */
const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/**
 * The security headers of every answer (helmet), first in line so that refusals (413, 429, the
 * drain's 503) carry them too:
 * - Strict-Transport-Security in production only (a development server on plain http must stay
 *   reachable; browsers ignore HSTS over http anyway);
 * - X-Frame-Options: DENY (no page of the ledger is ever framed: clickjacking);
 * - Referrer-Policy: no-referrer (a holder's URL never leaks to another site);
 * - X-Content-Type-Options: nosniff, and helmet's other defaults (Cross-Origin-Opener-Policy…).
 * No Content-Security-Policy here: each page sends its own (the balance page does), fitted to
 * what it loads, and JSON answers need none.
 */
export function securityHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: production ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
