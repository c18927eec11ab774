import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { FranceConnectIdentity } from '@ledger/domain';
import { forbidden, unauthenticated } from './auth-error';
import { SESSION_STORE } from './auth.tokens';
import { orUnavailable } from './shared-store/shared-state-unavailable';
import { readCookie } from './http/cookies';
import { SESSION_COOKIE_NAME } from './session/session-cookie';
import type { SessionStore } from './session/session-store';
import { STAFF_ROLE_PURPOSE, type StaffRole } from './staff/staff-roles';
import { StaffTokenVerifier } from './staff/staff-token-verifier';

export type HolderCaller = {
  kind: 'holder';
  sessionId: string;
  sub: string;
  identity: FranceConnectIdentity;
};
export type StaffCaller = { kind: 'staff'; sub: string; name?: string; roles: StaffRole[] };
export type AnonymousCaller = { kind: 'anonymous' };
export type Caller = HolderCaller | StaffCaller | AnonymousCaller;

/** What the resolver reads of a request: its headers (an express.Request is one). */
export type RequestWithHeaders = { headers: IncomingHttpHeaders };

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i;

/**
 * Who is calling (AUTH.md). A bearer token makes a staff caller or, when invalid, an UNAUTHENTICATED
 * error: a caller who presents credentials is never silently downgraded to anonymous, or a clerk
 * with an expired token would see "no such licence" instead of "sign in again". Without a bearer
 * token, a live session cookie makes a holder; anything else is anonymous (an expired session
 * included: the holder simply logs in again).
 */
@Injectable()
export class CallerResolver {
  constructor(
    @Inject(StaffTokenVerifier) private readonly staffTokens: StaffTokenVerifier,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
  ) {}

  /**
   * The caller of each request still in memory, resolved once: the rate limit (in front of Apollo)
   * and the GraphQL context both ask, and the answer of the first serves the second (the session
   * touched once per request). Keyed by the request object itself, so nothing outlives the request:
   * the next request (after a logout, or once the session expired) is resolved afresh.
   */
  private readonly perRequest = new WeakMap<RequestWithHeaders, Promise<Caller>>();

  resolve(req: RequestWithHeaders): Promise<Caller> {
    let caller = this.perRequest.get(req);
    if (caller === undefined) {
      caller = this.resolveNow(req);
      this.perRequest.set(req, caller);
    }
    return caller;
  }

  private async resolveNow(req: RequestWithHeaders): Promise<Caller> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = BEARER.exec(authorization);
      if (!match) {
        throw unauthenticated('The Authorization header must be "Bearer <access token>".', {
          reason: 'not a bearer authorization',
        });
      }
      const staff = await this.staffTokens.verify(match[1]);
      return { kind: 'staff', ...staff };
    }

    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    if (sessionId) {
      // A store that does not answer refuses the request (503): never taken for "no session".
      const session = await orUnavailable('the sessions', () => this.sessions.touch(sessionId));
      if (session) {
        return {
          kind: 'holder',
          sessionId: session.id,
          sub: session.identity.sub,
          identity: session.identity,
        };
      }
    }
    return { kind: 'anonymous' };
  }
}

/**
 * The staff caller, when they hold `role`. An anonymous caller is told to sign in (UNAUTHENTICATED);
 * a holder, or staff without the role, is FORBIDDEN with a message a clerk understands.
 */
export function requireRole(caller: Caller, role: StaffRole): StaffCaller {
  if (caller.kind === 'anonymous') {
    throw unauthenticated('Sign in with your agent account to do this.', { requiredRole: role });
  }
  if (caller.kind !== 'staff') {
    throw forbidden(`Only authorised staff may ${STAFF_ROLE_PURPOSE[role]}.`, { requiredRole: role });
  }
  if (!caller.roles.includes(role)) {
    throw forbidden(
      `Your account is not allowed to ${STAFF_ROLE_PURPOSE[role]} (role ${role} required). Ask your administrator for this role.`,
      { requiredRole: role, sub: caller.sub },
    );
  }
  return caller;
}

/** The holder caller; anyone else must first sign in with FranceConnect (UNAUTHENTICATED). */
export function requireHolder(caller: Caller): HolderCaller {
  if (caller.kind !== 'holder') {
    throw unauthenticated('Sign in with FranceConnect to see your licence.', { callerKind: caller.kind });
  }
  return caller;
}

/**
 * The actor written into event metadata for a staff caller (AUTH.md: "the token's sub and name"):
 * `sub`, followed by the name in parentheses when the token has one.
 */
export function staffActor(caller: StaffCaller): string {
  return caller.name ? `${caller.sub} (${caller.name})` : caller.sub;
}
