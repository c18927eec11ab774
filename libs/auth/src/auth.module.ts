import { type DynamicModule, Module } from '@nestjs/common';
import type { AuthConfig } from './auth.config';
import { AUTH_CLOCK, AUTH_CONFIG, CONSUMED_LOGINS, SESSION_STORE } from './auth.tokens';
import { CallerResolver } from './caller';
import { ConsumedLogins } from './franceconnect/consumed-logins';
import { FranceConnectClient } from './franceconnect/franceconnect-client';
import { FranceConnectController } from './franceconnect/franceconnect.controller';
import { type AuthClock, systemAuthClock } from './session/auth-clock';
import { InMemorySessionStore } from './session/in-memory-session-store';
import type { SessionStore } from './session/session-store';
import type { AuthStateStore } from './shared-store/auth-state-store';
import { StaffTokenVerifier } from './staff/staff-token-verifier';

export interface AuthModuleOptions {
  /** Defaults to the system clock; tests pass one they can move. */
  clock?: AuthClock;
  /**
   * The sessions and consumed logins shared by every API instance (SQLite or PostgreSQL). Absent,
   * both are kept in this process's memory (tests of the AuthModule alone).
   */
  authState?: AuthStateStore;
  /** Only sessions elsewhere (a test's own store); consumed logins stay in memory. */
  sessionStore?: SessionStore;
}

/**
 * FranceConnect login for holders, bearer tokens for staff, and the CallerResolver that tells them
 * apart. Global, so any resolver or guard of the API can inject CallerResolver.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      controllers: [FranceConnectController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: AUTH_CLOCK, useValue: options.clock ?? systemAuthClock },
        {
          provide: SESSION_STORE,
          useFactory: (clock: AuthClock) =>
            options.authState ??
            options.sessionStore ??
            new InMemorySessionStore({
              clock,
              idleTimeoutMs: config.session.idleTimeoutMs,
              absoluteLifetimeMs: config.session.absoluteLifetimeMs,
            }),
          inject: [AUTH_CLOCK],
        },
        {
          provide: StaffTokenVerifier,
          useFactory: (clock: AuthClock) => new StaffTokenVerifier({ ...config.staff, clock }),
          inject: [AUTH_CLOCK],
        },
        { provide: FranceConnectClient, useFactory: () => new FranceConnectClient(config.franceConnect) },
        {
          provide: CONSUMED_LOGINS,
          useFactory: (clock: AuthClock) => options.authState ?? new ConsumedLogins(clock),
          inject: [AUTH_CLOCK],
        },
        CallerResolver,
      ],
      exports: [
        AUTH_CONFIG,
        AUTH_CLOCK,
        SESSION_STORE,
        StaffTokenVerifier,
        FranceConnectClient,
        CallerResolver,
      ],
    };
  }
}
