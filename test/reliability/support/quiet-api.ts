import type { LoggerService } from '@nestjs/common';
import { startApi, type StartedApi } from '../../../apps/ledger-api/src/start-api';
import { freePort } from '../../e2e/support/api-harness';

/**
 * The API in this process, as startTestApi starts it, without its log: these suites send thousands
 * of requests the API refuses, each of which Nest logs as an error. RELIABILITY_VERBOSE=1 shows them.
 */
export async function startQuietApi(env: NodeJS.ProcessEnv): Promise<StartedApi> {
  const port = await freePort();
  const silent: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  return startApi(
    { ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` },
    process.env.RELIABILITY_VERBOSE === '1' ? { logLevels: ['error', 'warn'] } : { logger: silent },
  );
}
