/**
 * The abuse limits (issue 6, item 4): how many requests one caller may make in a window, before the
 * API answers 429 with Retry-After. Read from the environment only, so that the same build runs with
 * production limits and with the raised limits a load test or a benchmark needs.
 */
export type RateLimitedCaller = 'holder' | 'staff' | 'anonymous' | 'login';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Length of the window, in seconds. */
  windowSeconds: number;
}

export type RateLimits = Readonly<Record<RateLimitedCaller, RateLimit>>;

/**
 * The defaults, per caller and per window of 60 s:
 * - a holder's FranceConnect session: 60 GraphQL requests (the balance page makes one per reading);
 * - a staff token's subject: 600 GraphQL requests (a clerk's back office, or an import script);
 * - anyone else, by client IP (no credentials, or credentials that fail): 120 GraphQL requests;
 * - the FranceConnect login routes (login, callback, logout), by client IP: 30 requests, i.e. about
 *   ten complete logins a minute from one address.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  holder: { limit: 60, windowSeconds: 60 },
  staff: { limit: 600, windowSeconds: 60 },
  anonymous: { limit: 120, windowSeconds: 60 },
  login: { limit: 30, windowSeconds: 60 },
};

/** The variable that sets each caller's limit per window. */
export const RATE_LIMIT_VARIABLES: Readonly<Record<RateLimitedCaller, string>> = {
  holder: 'RATE_LIMIT_HOLDER',
  staff: 'RATE_LIMIT_STAFF',
  anonymous: 'RATE_LIMIT_ANONYMOUS',
  login: 'RATE_LIMIT_LOGIN',
};
export const RATE_LIMIT_WINDOW_VARIABLE = 'RATE_LIMIT_WINDOW_SECONDS';

const MAX_LIMIT = 1_000_000;
const MAX_WINDOW_SECONDS = 86_400;

function positiveInteger(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    // Like a malformed LEDGER_TODAY: a limit that cannot be read stops the start-up, rather than
    // silently running without one.
    throw new Error(`${variable} must be a whole number from 1 to ${max} (got ${JSON.stringify(raw)}).`);
  }
  return Number(raw);
}

/** The limits in force: the defaults, each overridable (RATE_LIMIT_HOLDER=…, RATE_LIMIT_WINDOW_SECONDS=…). */
export function loadRateLimits(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const windowSeconds = positiveInteger(env, RATE_LIMIT_WINDOW_VARIABLE, 60, MAX_WINDOW_SECONDS);
  const limits = {} as Record<RateLimitedCaller, RateLimit>;
  for (const caller of Object.keys(DEFAULT_RATE_LIMITS) as RateLimitedCaller[]) {
    limits[caller] = {
      limit: positiveInteger(env, RATE_LIMIT_VARIABLES[caller], DEFAULT_RATE_LIMITS[caller].limit, MAX_LIMIT),
      windowSeconds,
    };
  }
  return limits;
}

/**
 * Express's `trust proxy` from TRUST_PROXY: unset, the client IP is the socket's peer (right when
 * nothing stands in front of the API); behind a reverse proxy, the number of proxies to trust (`1`)
 * or their addresses (`loopback, 10.0.0.0/8`), so that the per-IP limits see the real client and
 * not the proxy, which would otherwise put every anonymous caller in one bucket.
 */
export function trustProxySetting(
  env: NodeJS.ProcessEnv = process.env,
): number | string | boolean | undefined {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}
