import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import type { AuthConfig } from '../auth.config';
import { AUTH_CLOCK, AUTH_CONFIG, CONSUMED_LOGINS, SESSION_STORE } from '../auth.tokens';
import { appendSetCookie, readCookie, serializeCookie } from '../http/cookies';
import { redirect, refusePage } from '../http/responses';
import { safeReturnTo } from '../http/return-to';
import type { AuthClock } from '../session/auth-clock';
import { SESSION_COOKIE_NAME, clearedSessionCookie, sessionCookie } from '../session/session-cookie';
import type { SessionStore } from '../session/session-store';
import type { ConsumedLoginStore } from '../shared-store/auth-state-store';
import { isSharedStateUnavailable, orUnavailable } from '../shared-store/shared-state-unavailable';
import { FranceConnectClient } from './franceconnect-client';
import {
  PENDING_LOGIN_COOKIE_NAME,
  PENDING_LOGIN_TTL_MS,
  openPendingLogin,
  pendingLoginCookieOptions,
  sealPendingLogin,
} from './pending-login-cookie';

/**
 * The API as a FranceConnect service provider (AUTH.md): login, callback, logout. Browser-facing, so
 * every refusal is a short page for a person, and the reason goes to the log only.
 */
@Controller('auth/franceconnect')
export class FranceConnectController {
  private readonly logger = new Logger('FranceConnect');

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @Inject(FranceConnectClient) private readonly franceConnect: FranceConnectClient,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(AUTH_CLOCK) private readonly clock: AuthClock,
    @Inject(CONSUMED_LOGINS) private readonly consumedLogins: ConsumedLoginStore,
  ) {}

  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Res() res: ServerResponse): Promise<void> {
    let start;
    try {
      start = await this.franceConnect.startLogin();
    } catch (error) {
      this.logger.error(`cannot reach FranceConnect: ${String(error)}`);
      return refusePage(
        res,
        503,
        'FranceConnect est indisponible',
        'Veuillez réessayer dans quelques minutes.',
      );
    }
    const pending = sealPendingLogin(
      {
        state: start.state,
        nonce: start.nonce,
        ...(start.codeVerifier ? { codeVerifier: start.codeVerifier } : {}),
        returnTo: safeReturnTo(returnTo, this.config.publicUrl),
        expiresAt: this.clock.now() + PENDING_LOGIN_TTL_MS,
      },
      this.config.session.secret,
    );
    appendSetCookie(
      res,
      serializeCookie(
        PENDING_LOGIN_COOKIE_NAME,
        pending,
        pendingLoginCookieOptions(this.config.session.secureCookies, PENDING_LOGIN_TTL_MS / 1000),
      ),
    );
    redirect(res, start.authorizationUrl);
  }

  @Get('callback')
  async callback(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    try {
      await this.finishLogin(req, res);
    } catch (error) {
      if (!isSharedStateUnavailable(error)) throw error;
      this.refuseUnavailable(res, error);
    }
  }

  private async finishLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The pending login is single-use, whatever happens next.
    appendSetCookie(res, this.clearedPendingCookie());
    const pending = openPendingLogin(
      readCookie(req.headers.cookie, PENDING_LOGIN_COOKIE_NAME),
      this.config.session.secret,
      this.clock.now(),
    );
    if (!pending) return this.refuseLogin(res, 'no valid pending login cookie (missing, forged or expired)');
    const firstUse = await orUnavailable('the consumed logins', () =>
      this.consumedLogins.consume(pending.state, pending.expiresAt),
    );
    if (!firstUse) {
      return this.refuseLogin(res, 'replayed callback (state already used)');
    }

    let completed;
    try {
      const search = new URL(req.url ?? '', 'http://callback.invalid').search;
      completed = await this.franceConnect.completeLogin(search, pending);
    } catch (error) {
      return this.refuseLogin(res, error instanceof Error ? error.message : String(error));
    }

    // A new session id at every login, and the previous one (if any) ended: no session fixation.
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    if (previous) await orUnavailable('the sessions', () => this.sessions.delete(previous));
    const session = await orUnavailable('the sessions', () => this.sessions.create(completed));
    appendSetCookie(res, sessionCookie(session.id, this.config.session));
    redirect(res, pending.returnTo);
  }

  @Get('logout')
  async logout(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    let session;
    try {
      session = id ? await orUnavailable('the sessions', () => this.sessions.peek(id)) : null;
      // Deleted in the store every instance reads: the session ends everywhere at once.
      if (id) await orUnavailable('the sessions', () => this.sessions.delete(id));
    } catch (error) {
      if (!isSharedStateUnavailable(error)) throw error;
      // The cookie stays: the holder can log out again once the store answers.
      return this.refuseUnavailable(res, error);
    }
    appendSetCookie(res, clearedSessionCookie(this.config.session));
    if (!session) return redirect(res, '/');

    let endSession: string | null = null;
    try {
      endSession = await this.franceConnect.logoutUrl(session.idToken, randomBytes(32).toString('base64url'));
    } catch (error) {
      // Our session is already gone; FranceConnect's own session will simply outlive it.
      this.logger.warn(`cannot build the FranceConnect logout URL: ${String(error)}`);
    }
    redirect(res, endSession ?? '/');
  }

  private refuseLogin(res: ServerResponse, reason: string): void {
    this.logger.warn(`login refused: ${reason}`);
    refusePage(
      res,
      401,
      'La connexion avec FranceConnect a échoué',
      'Votre identité n’a pas pu être vérifiée. Recommencez la connexion depuis le début.',
    );
  }

  private refuseUnavailable(res: ServerResponse, error: Error & { what?: string }): void {
    this.logger.error(`${error.what ?? 'the shared store'} did not answer: ${String(error.cause ?? error)}`);
    res.setHeader('Retry-After', '30');
    refusePage(res, 503, 'Service momentanément indisponible', 'Veuillez réessayer dans quelques instants.');
  }

  private clearedPendingCookie(): string {
    return serializeCookie(
      PENDING_LOGIN_COOKIE_NAME,
      '',
      pendingLoginCookieOptions(this.config.session.secureCookies, 0),
    );
  }
}
