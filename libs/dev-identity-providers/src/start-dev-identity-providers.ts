import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT, DEV_STAFF_AUDIENCE, loadEsm } from '@ledger/auth';
import { createAgentsStandIn } from './agents-stand-in';
import { createFranceConnectStandIn } from './franceconnect-stand-in';
import { handleInteraction } from './login-page';
import { indexPage } from './index-page';
import type { OidcProviderModule } from './oidc-provider.types';

export interface DevIdentityProvidersOptions {
  /** 0 picks a free port; the issuers then carry the port actually bound. */
  port: number;
  /** The API's public URL (FranceConnect redirects back to PUBLIC_URL/auth/franceconnect/callback). */
  publicUrl: string;
  host?: string;
  /** The `aud` of staff tokens; defaults to DEV_STAFF_AUDIENCE ('points-ledger'). */
  staffAudience?: string;
  /**
   * The base URL browsers and the API reach the server at, when it is not http://host:port (in a
   * container that listens on 0.0.0.0 and publishes its port: http://localhost:4000). The issuers
   * are built on it.
   */
  publicBaseUrl?: string;
  /** Read for NODE_ENV; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface DevIdentityProviders {
  /** The server's base URL, e.g. http://127.0.0.1:4000 (an index page lists everything). */
  url: string;
  franceConnectIssuer: string;
  staffIssuer: string;
  staffAudience: string;
  /** The variables loadAuthConfig needs to use these stand-ins (a fresh SESSION_SECRET each start). */
  apiEnvironment: Record<string, string>;
  close(): Promise<void>;
}

export const FRANCECONNECT_MOUNT = '/franceconnect';
export const AGENTS_MOUNT = '/agents';

/**
 * One HTTP server, two oidc-provider instances: the FranceConnect stand-in at /franceconnect and
 * the agents' provider at /agents (each issuer includes its path). A development tool only: it
 * refuses to start when NODE_ENV=production (AUTH.md).
 *
 * The server listens first and the providers are built afterwards, because an issuer must contain
 * the port, which is only known once bound when port 0 is asked for.
 */
export async function startDevIdentityProviders(
  options: DevIdentityProvidersOptions,
): Promise<DevIdentityProviders> {
  const env = options.env ?? process.env;
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'The development identity providers never run with NODE_ENV=production: configure the real FranceConnect and agents provider.',
    );
  }
  const host = options.host ?? '127.0.0.1';
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const staffAudience = options.staffAudience ?? DEV_STAFF_AUDIENCE;
  const oidc = await loadEsm<OidcProviderModule>('oidc-provider');

  // Filled in once the providers exist, which needs the bound port.
  const routing: { route?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const server = createServer((req, res) => {
    const { route } = routing;
    if (!route) {
      res.statusCode = 503;
      res.end('starting');
      return;
    }
    route(req, res).catch((error: unknown) => {
      console.error('dev identity provider:', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await listen(server, options.port, host);

  const { port } = server.address() as AddressInfo;
  const base =
    options.publicBaseUrl?.replace(/\/+$/, '') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const franceConnectIssuer = `${base}${FRANCECONNECT_MOUNT}`;
  const staffIssuer = `${base}${AGENTS_MOUNT}`;

  const franceConnect = createFranceConnectStandIn(oidc, {
    issuer: franceConnectIssuer,
    mountPath: FRANCECONNECT_MOUNT,
    publicUrl,
  });
  const agents = createAgentsStandIn(oidc, { issuer: staffIssuer, audience: staffAudience });
  for (const provider of [franceConnect, agents]) {
    provider.on('server_error', (_ctx, error) => console.error('dev identity provider:', error));
  }
  const mounted = [
    {
      path: FRANCECONNECT_MOUNT,
      provider: franceConnect,
      handler: franceConnect.callback(),
      interactions: true,
    },
    { path: AGENTS_MOUNT, provider: agents, handler: agents.callback(), interactions: false },
  ];

  routing.route = async (req, res) => {
    const url = req.url ?? '/';
    const target = mounted.find(
      ({ path }) => url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`),
    );
    if (!target) {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(indexPage({ franceConnectIssuer, staffIssuer, staffAudience, publicUrl }));
      return;
    }
    const inner = url.slice(target.path.length) || '/';
    const path = inner.split('?')[0];
    if (target.interactions && (await handleInteraction(target.provider, target.path, path, req, res)))
      return;
    // As express's app.use(prefix, provider.callback()) does, which oidc-provider documents: the
    // provider sees the path without the prefix in `url` and finds the prefix by comparing with
    // `originalUrl`, so the URLs it builds (interaction, resume, end-session) keep it.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = inner;
    target.handler(req, res);
  };

  return {
    url: base,
    franceConnectIssuer,
    staffIssuer,
    staffAudience,
    apiEnvironment: {
      FRANCECONNECT_ISSUER: franceConnectIssuer,
      // The client whose userinfo the stand-in signs, as FranceConnect v2 signs it.
      FRANCECONNECT_CLIENT_ID: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId,
      FRANCECONNECT_CLIENT_SECRET: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientSecret,
      PUBLIC_URL: publicUrl,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      STAFF_OIDC_ISSUER: staffIssuer,
      STAFF_OIDC_AUDIENCE: staffAudience,
    },
    close: () => close(server),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (a browser, fetch's agent) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
