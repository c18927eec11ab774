import 'reflect-metadata';
import { Logger, ValidationPipe, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Clock, describeStores, loadStoreConfig } from '@ledger/application';
import { DEV_HOLDERS, loadAuthConfig } from '@ledger/auth';
import { LedgerMetrics, ledgerLogger, requestLogging, type OpsServer } from '@ledger/observability';
import { startDevIdentityProviders, type DevIdentityProviders } from '@ledger/dev-identity-providers';
import { AppModule } from './app.module';
import { securityHeaders } from './security/security-headers';
import { metricsAddress, startApiMetrics } from './metrics/api-metrics';
import { RequestDrain, shutdownGraceMs } from './health/request-drain';
import { trustProxySetting } from './rate-limits/rate-limits.config';
import { seedDevelopmentLicences } from './dev/dev-seed';
import { openSharedState, sharedStatePaths, type SharedState } from './shared-state/shared-state';
import { SEED_STORIES } from './dev/dev-seed.stories';

export interface StartedApi {
  /** Where the server listens. */
  url: string;
  /** The address holders use (PUBLIC_URL): the FranceConnect callback is registered on it. */
  publicUrl: string;
  app: INestApplication;
  devIdentityProviders: DevIdentityProviders | null;
  /** Where /metrics is served (METRICS_PORT), or null when it is not. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** The request body limit (the issue's abuse list): a GraphQL request of the contract fits in far less. */
export const BODY_LIMIT = '100kb';

/**
 * Starts the API. With no identity provider configured and outside production, it first starts the
 * development stand-ins (FranceConnect and the agents' provider) and seeds the test holders'
 * licences; in production it refuses to start without real issuers (loadAuthConfig).
 */
export async function startApi(
  env: NodeJS.ProcessEnv = process.env,
  { logger, logLevels }: { logger?: LoggerService; logLevels?: LogLevel[] } = {},
): Promise<StartedApi> {
  // First: a malformed store setting stops the start-up with its message, before anything opens.
  const stores = loadStoreConfig(env);
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const useStandIns = !production && !env.FRANCECONNECT_ISSUER;
  const devIdentityProviders = useStandIns
    ? await startDevIdentityProviders({ port: Number(env.DEV_IDP_PORT ?? 4000), publicUrl, host: '127.0.0.1' })
    : null;
  let sharedState: SharedState | undefined;
  let metricsServer: OpsServer | null = null;
  const runWorker = env.RUN_WORKER !== 'false';
  try {
    const auth = loadAuthConfig({ ...devIdentityProviders?.apiEnvironment, PUBLIC_URL: publicUrl, ...env });
    const metricsAt = metricsAddress(env);
    sharedState = await openSharedState(stores, sharedStatePaths(env));
    const metrics = new LedgerMetrics('api');
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        auth,
        runWorker,
        stores,
        sharedState,
        metrics,
        env,
      }),
      { bodyParser: false, logger: logger ?? ledgerLogger(env, logLevels) },
    );
    // First the security headers, on every answer; then the drain, which counts the requests in
    // flight and refuses new ones once a shutdown began.
    app.use(securityHeaders(production));
    const drain = app.get(RequestDrain);
    const graceMs = shutdownGraceMs(env);
    app.use(drain.middleware);
    // Then the request id (X-Request-Id), and one log line per request once answered.
    const requests = new Logger('Request');
    app.use(requestLogging((line) => requests.log(line)));
    const trustProxy = trustProxySetting(env);
    if (trustProxy !== undefined) app.set('trust proxy', trustProxy); // the per-IP rate limits see the client
    app.useBodyParser('json', { limit: BODY_LIMIT });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.listen(port, host);
    metricsServer = await startApiMetrics(app, metrics, sharedState.authState, {
      workerInProcess: runWorker,
      address: metricsAt,
    });
    const url = (await app.getUrl()).replace('[::1]', 'localhost');
    // With the in-process stand-ins unless SEED_DEV_DATA=false; with the stand-ins run apart (the
    // docker compose `dev` profile) when SEED_DEV_DATA=true; never in production.
    const seed = !production && (env.SEED_DEV_DATA === 'true' || (useStandIns && env.SEED_DEV_DATA !== 'false'));
    if (seed) {
      await seedDevelopmentLicences(app.get(CommandBus), app.get(Clock).today());
    }
    return {
      url,
      publicUrl,
      app,
      devIdentityProviders,
      metricsUrl: metricsServer ? `${metricsServer.url}/metrics` : null,
      close: async () => {
        // Graceful: no new request, those in flight answered, then the worker and the stores stop.
        await drain.drain(app.getHttpServer(), graceMs);
        await app.close();
        await metricsServer?.close();
        await sharedState?.close();
        await devIdentityProviders?.close();
      },
    };
  } catch (error) {
    await metricsServer?.close();
    await sharedState?.close();
    await devIdentityProviders?.close();
    throw error;
  }
}

/** What a person needs to try the service on the embedded default. */
export function startupMessage(started: StartedApi, env: NodeJS.ProcessEnv = process.env): string {
  const { publicUrl } = started;
  const lines = [
    `Points Ledger API on ${publicUrl}/graphql (health: ${publicUrl}/health); ${describeStores(loadStoreConfig(env))}.`,
  ];
  const idps = started.devIdentityProviders;
  if (idps) {
    lines.push(
      '',
      `Development identity providers (never in production) on ${idps.url}:`,
      `  Holders open ${publicUrl}/ , sign in with FranceConnect, pick a test identity and type their licence number twice:`,
      ...SEED_STORIES.map((story) => {
        const holder = DEV_HOLDERS.find((h) => h.login === story.login);
        return `    ${story.login.padEnd(8)} licence ${story.licenceNumber.padEnd(14)} ${story.example} (${holder?.description ?? ''})`;
      }),
      `  (GraphQL: query { myPointsBalance(licenceNumber: "<number>", licenceNumberConfirmation: "<number>") { points capital } })`,
      `  Staff tokens: npm run -s dev:token -- clerk   (or reader, system, nobody), sent as "Authorization: Bearer <token>".`,
    );
  }
  return lines.join('\n');
}

