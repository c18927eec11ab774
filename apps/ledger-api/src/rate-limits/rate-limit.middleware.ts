import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Optional, type NestMiddleware } from '@nestjs/common';
import { normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { CallerResolver, isSharedStateUnavailable, orUnavailable } from '@ledger/auth';
import { LedgerMetrics } from '@ledger/observability';
import type { RateLimitedCaller, RateLimits } from './rate-limits.config';

export const RATE_LIMITS = Symbol('RATE_LIMITS');

/** The GraphQL code of a refusal for too many requests (beside BAD_USER_INPUT, UNAUTHENTICATED…). */
export const RATE_LIMITED = 'RATE_LIMITED';

/** Which bucket a request counts against, and under which caller's limit. */
export interface RateLimitKey {
  caller: RateLimitedCaller;
  key: string;
}

/** IPv6 clients are counted by /64, as one host usually holds a whole /64. */
const IPV6_PREFIX = 64;

export const clientIp = (req: Request): string =>
  normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown', IPV6_PREFIX);

/**
 * Counts requests per caller with @nestjs/throttler's storage and refuses, with 429 and Retry-After,
 * those over the caller's limit. Applied as HTTP middleware, in front of Apollo and of the login
 * controller: one HTTP request is one hit (not one per root field), and a refused request is
 * answered before any parsing, resolving or store access.
 *
 * - On /graphql (and the letters' PDFs), the caller is resolved as the resolvers will resolve it (CallerResolver): a live
 *   holder session counts against its session id, a valid staff token against its subject; anything
 *   else (no credentials, an expired session, a forged or expired token) against the client IP, so
 *   that a flood of bad tokens is limited like any anonymous flood.
 * - On the login routes, the client IP.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(CallerResolver) private readonly callers: CallerResolver,
    @Optional() @Inject(LedgerMetrics) private readonly metrics?: LedgerMetrics,
  ) {}

  async use(req: Request, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    try {
      const { caller, key } = await this.keyOf(req);
      const { limit, windowSeconds } = this.limits[caller];
      const windowMs = windowSeconds * 1000;
      // The block lasts a whole window from the first refused request: a client hammering through
      // its refusals stays refused, and Retry-After tells it when to come back.
      const record = await orUnavailable('the rate-limit counters', () =>
        this.storage.increment(key, windowMs, limit, windowMs, caller),
      );
      res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`);
      if (record.isBlocked) {
        this.refuse(res, caller, Math.max(1, record.timeToBlockExpire));
        return;
      }
      next();
    } catch (error) {
      // No count, no answer: a request is never served unlimited because the counters are down.
      if (isSharedStateUnavailable(error)) return this.refuseUnavailable(req, res, error);
      next(error);
    }
  }

  private refuseUnavailable(req: Request, res: ServerResponse, error: Error & { code: string }): void {
    res.statusCode = 503;
    res.setHeader('Retry-After', '30');
    res.setHeader('Cache-Control', 'no-store');
    if (isLoginRoute(req)) {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Service momentanément indisponible</title></head>' +
          '<body><h1>Service momentanément indisponible</h1><p>Veuillez réessayer dans quelques instants.</p></body></html>',
      );
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code } }] }));
  }

  async keyOf(req: Request): Promise<RateLimitKey> {
    const login = isLoginRoute(req);
    if (!login) {
      try {
        const caller = await this.callers.resolve(req);
        if (caller.kind === 'holder') return { caller: 'holder', key: `holder:${caller.sessionId}` };
        if (caller.kind === 'staff') return { caller: 'staff', key: `staff:${caller.sub}` };
      } catch {
        // Refused credentials: the resolvers will answer UNAUTHENTICATED; here they count by IP.
      }
    }
    const ip = clientIp(req);
    return login ? { caller: 'login', key: `login:${ip}` } : { caller: 'anonymous', key: `ip:${ip}` };
  }

  private refuse(res: ServerResponse, caller: RateLimitedCaller, retryAfterSeconds: number): void {
    this.metrics?.rateLimited.inc({ caller });
    res.statusCode = 429;
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res.setHeader('Cache-Control', 'no-store');
    if (caller === 'login') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Trop de tentatives</title></head>' +
          `<body><h1>Trop de tentatives de connexion</h1><p>Veuillez réessayer dans ${retryAfterSeconds} secondes.</p></body></html>`,
      );
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        errors: [
          {
            message: `Too many requests from this ${caller === 'anonymous' ? 'address' : caller === 'holder' ? 'session' : 'account'}: try again in ${retryAfterSeconds} s.`,
            extensions: { code: RATE_LIMITED, retryAfterSeconds },
          },
        ],
      }),
    );
  }
}

const isLoginRoute = (req: Request): boolean => (req.originalUrl ?? req.url ?? '').startsWith('/auth/');
