import { createServer } from 'node:net';
import { join } from 'node:path';
import { fetchDevStaffToken } from '@ledger/auth';
import { API_ENTRY, ChildService } from './child-service';

/** What one GraphQL request came to, seen from the client. */
export type Outcome =
  /**
   * The command is recorded: answered with its result, or (READ_MODEL.LAGGING) told it was recorded
   * at `laggingAt` while the read model had not shown it yet.
   */
  | { kind: 'ack'; data: Record<string, unknown> | null; laggingAt?: string }
  /** A coded refusal (the law, the input, a conflict): nothing appended. */
  | { kind: 'refused'; code: string; status: number }
  /** No answer (connection refused or cut), or the service said it is going away: the client cannot know. */
  | { kind: 'unknown'; reason: string };

/** A free TCP port of the loopback (without loading the API into this process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of an API process on `dir`, on two free ports of the loopback. */
export async function apiChildEnv(
  dir: string,
  today: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<NodeJS.ProcessEnv> {
  const port = await freePort();
  const idpPort = await freePort();
  return {
    NODE_ENV: 'test',
    EVENT_STORE_PATH: join(dir, 'events.sqlite'),
    READ_MODEL_PATH: join(dir, 'read-model.sqlite'),
    AUDIT_PATH: join(dir, 'audit.sqlite'),
    LEDGER_TODAY: today,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DEV_IDP_PORT: String(idpPort),
    SEED_DEV_DATA: 'false',
    // The load of these suites is one clerk's: far over the production limit per staff subject.
    RATE_LIMIT_STAFF: '1000000',
    ...extra,
  };
}

/**
 * The API as its own OS process (apps/ledger-api/src/main.ts, with the worker inside as
 * `npm start` runs it, and the development identity providers), and a clerk's token for it.
 */
export class ApiChild {
  private constructor(
    readonly service: ChildService,
    readonly url: string,
    readonly token: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv): Promise<ApiChild> {
    const service = ChildService.start(API_ENTRY, env);
    await service.waitFor(/Points Ledger API on/, 30_000);
    const token = await fetchDevStaffToken(`http://127.0.0.1:${env.DEV_IDP_PORT}/agents`, 'clerk');
    return new ApiChild(service, env.PUBLIC_URL!, token);
  }

  async graphql(query: string, variables: Record<string, unknown>, field: string): Promise<Outcome> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      text = await response.text();
    } catch (error) {
      return {
        kind: 'unknown',
        reason: String((error as { cause?: { code?: string } }).cause?.code ?? error),
      };
    }
    let body: {
      data?: Record<string, unknown> | null;
      errors?: { extensions?: { code?: string; position?: string } }[];
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { kind: 'unknown', reason: `HTTP ${response.status}: ${text.slice(0, 100)}` };
    }
    const code = body.errors?.[0]?.extensions?.code;
    if (response.status === 200 && !body.errors && body.data?.[field])
      return { kind: 'ack', data: body.data };
    if (code === 'READ_MODEL.LAGGING')
      return { kind: 'ack', data: null, laggingAt: String(body.errors![0].extensions!.position) };
    if (response.status === 503 || code === 'SHUTTING_DOWN')
      return { kind: 'unknown', reason: 'shutting down' };
    return { kind: 'refused', code: code ?? `HTTP ${response.status}`, status: response.status };
  }
}
