import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  type DevIdentityProviders,
  startDevIdentityProviders,
} from '@ledger/dev-identity-providers';
import {
  type AuthClock,
  type AuthConfig,
  AuthModule,
  InMemorySessionStore,
  SESSION_STORE,
  StaffTokenVerifier,
  loadAuthConfig,
} from '../../src';
import { WhoAmIController } from './whoami.controller';

export interface AuthTestbed {
  apiUrl: string;
  idps: DevIdentityProviders;
  config: AuthConfig;
  app: INestApplication;
  sessions: InMemorySessionStore;
  staffTokens: StaffTokenVerifier;
  close(): Promise<void>;
}

/** A clock the test moves by hand. */
export class ManualClock implements AuthClock {
  constructor(private current = Date.now()) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The AuthModule in a minimal Nest app, against the development identity providers, all on free
 * ports. The API's server is bound first: the FranceConnect stand-in must know the API's URL (its
 * registered redirect URI) and the API's config must know the stand-in's issuer.
 */
export async function startAuthTestbed(
  options: { clock?: AuthClock; env?: Record<string, string> } = {},
): Promise<AuthTestbed> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idps = await startDevIdentityProviders({ port: 0, publicUrl: apiUrl, host: '127.0.0.1', env: {} });
  const config = loadAuthConfig({ ...idps.apiEnvironment, NODE_ENV: 'test', ...options.env });

  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(config, { clock: options.clock })],
    controllers: [WhoAmIController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  server.on('request', app.getHttpAdapter().getInstance());

  return {
    apiUrl,
    idps,
    config,
    app,
    sessions: app.get(SESSION_STORE),
    staffTokens: app.get(StaffTokenVerifier),
    close: async () => {
      await app.close();
      await closeServer(server);
      await idps.close();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
