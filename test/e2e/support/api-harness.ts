import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type StartedApi } from '../../../apps/ledger-api/src/start-api';

/** A free TCP port on the loopback, so that PUBLIC_URL is known before the server starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One data directory that several starts of the API share, as a restarted service would. */
export class ApiDataDir {
  readonly path = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      NODE_ENV: 'test',
      EVENT_STORE_PATH: join(this.path, 'events.sqlite'),
      READ_MODEL_PATH: join(this.path, 'read-model.sqlite'),
      AUDIT_PATH: join(this.path, 'audit.sqlite'),
      DEV_IDP_PORT: '0',
      ...extra,
    };
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Starts the real API (and its development stand-ins) on a random port of the loopback. */
export async function startTestApi(env: NodeJS.ProcessEnv): Promise<StartedApi> {
  const port = await freePort();
  return startApi({ ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` }, { logLevels: ['error'] });
}

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** POSTs a GraphQL operation as a browser page of the same site or a back-office client would. */
export async function graphql<T = Record<string, unknown>>(
  api: StartedApi,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer<T>> {
  const response = await fetch(`${api.publicUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

export const codesOf = (answer: GraphqlAnswer): Array<string | undefined> => (answer.errors ?? []).map((e) => e.extensions?.code);
