import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { CallerResolver, SESSION_COOKIE_NAME, SESSION_STORE, type SessionStore } from '@ledger/auth';
import type { Request } from 'express';
import { startApi, type StartedApi } from '../../apps/ledger-api/src/start-api';
import { RateLimitMiddleware } from '../../apps/ledger-api/src/rate-limits/rate-limit.middleware';
import { MyPointsBalanceResolver } from '../../apps/ledger-api/src/my-points-balance/my-points-balance.resolver';
import type { GraphqlContext } from '../../apps/ledger-api/src/graphql/graphql-context';
import type { SelectionInfo } from '../../apps/ledger-api/src/graphql/selection';
import { syntheticIdentity, syntheticLicenceNumber } from '../../apps/ledger-cli/src/seed/synthetic-licence';
import { BENCH_TODAY } from '../support/bench-context';
import { SEED } from '../support/datasets';
import { readModelEnv, type ReadModelTarget } from '../support/pg-read-models';

/**
 * The API as `npm start` runs it (GraphQL, the worker in the same process, the embedded stores),
 * on a data set, with signed-in holders, plus a bare HTTP handler beside it for R3: node:http
 * alone, the same rate-limit middleware (its count in the shared counters), the same caller
 * resolution (session cookie), and the very resolver method GraphQL calls
 * (the same row read, the same holder check, the same audit record, the same presentation). The
 * difference between the two is what GraphQL, Apollo, Nest and Express cost.
 */
export interface BenchApiOptions {
  eventsPath: string;
  /** The read models the API and its worker use: a SQLite file or a PostgreSQL schema. */
  readModels: ReadModelTarget;
  auditPath: string;
  holders: number;
  /** Holders signed in; spread evenly over the data set. */
  sessions: number;
}

export interface BenchApiAddress {
  graphqlUrl: string;
  bareUrl: string;
  /** Per signed-in holder: the session cookie and the licence number. */
  holders: Array<{ cookie: string; licenceNumber: string }>;
}

export interface BenchApi extends BenchApiAddress {
  close(): Promise<void>;
}

/** The query of the balance page (balance-page.html.ts), field for field. */
export const BALANCE_QUERY =
  'query($n:String!,$c:String!){myPointsBalance(licenceNumber:$n,licenceNumberConfirmation:$c){points capital asOf status notices history{effectiveOn points balanceAfter capitalAfter explanation} upcomingRestorations{expectedOn points condition} consultations{consultedAt consultedBy role}}}';

/**
 * The selection of BALANCE_QUERY's root field, as GraphQL hands it to the resolver (its `info`):
 * the bare handler's resolver call then reads what the GraphQL one reads (no letters), no more.
 */
const BALANCE_SELECTION: SelectionInfo = {
  fieldNodes: [
    (parse(BALANCE_QUERY).definitions[0] as OperationDefinitionNode).selectionSet.selections.find(
      (selection): selection is FieldNode => selection.kind === Kind.FIELD,
    )!,
  ],
  fragments: {},
};

type Balance = Awaited<ReturnType<MyPointsBalanceResolver['myPointsBalance']>>;

/** The fields BALANCE_QUERY selects, so that both answers carry the same data. */
function selected(balance: Balance) {
  return {
    points: balance.points,
    capital: balance.capital,
    asOf: balance.asOf,
    status: balance.status,
    notices: balance.notices,
    history: balance.history.map(({ effectiveOn, points, balanceAfter, capitalAfter, explanation }) => ({
      effectiveOn,
      points,
      balanceAfter,
      capitalAfter,
      explanation,
    })),
    upcomingRestorations: balance.upcomingRestorations.map(({ expectedOn, points, condition }) => ({
      expectedOn,
      points,
      condition,
    })),
    consultations: balance.consultations.map(({ consultedAt, consultedBy, role }) => ({
      consultedAt,
      consultedBy,
      role,
    })),
  };
}

function fail(res: ServerResponse, error: unknown): void {
  res.writeHead(403, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startBenchApi(options: BenchApiOptions): Promise<BenchApi> {
  const port = await freePort();
  const api: StartedApi = await startApi(
    {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      EVENT_STORE_PATH: options.eventsPath,
      ...readModelEnv(options.readModels),
      AUDIT_PATH: options.auditPath,
      DEV_IDP_PORT: '0',
      SEED_DEV_DATA: 'false',
      LEDGER_TODAY: BENCH_TODAY,
      RUN_WORKER: 'true',
      // A load test's volume from one address: the abuse limits raised (rate-limits.config.ts).
      RATE_LIMIT_HOLDER: '1000000',
      RATE_LIMIT_STAFF: '1000000',
      RATE_LIMIT_ANONYMOUS: '1000000',
      RATE_LIMIT_LOGIN: '1000000',
    },
    { logLevels: ['error'] },
  );
  const sessions = api.app.get<SessionStore>(SESSION_STORE, { strict: false });
  const holders: BenchApiAddress['holders'] = [];
  const step = Math.max(1, Math.floor(options.holders / options.sessions));
  for (let n = 0; n < Math.min(options.sessions, options.holders); n++) {
    const index = n * step;
    const session = await sessions.create({
      identity: syntheticIdentity(index, { today: BENCH_TODAY, seed: SEED }),
      idToken: 'bench',
    });
    holders.push({
      cookie: `${SESSION_COOKIE_NAME}=${session.id}`,
      licenceNumber: syntheticLicenceNumber(index),
    });
  }

  const callers = api.app.get(CallerResolver, { strict: false });
  const resolver = api.app.get(MyPointsBalanceResolver, { strict: false });
  const rateLimit = api.app.get(RateLimitMiddleware, { strict: false });
  const bare: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The same count against the caller's limit as in front of /graphql (the service's work for any
    // request, shared counters included), then the same caller resolution and resolver call.
    void rateLimit.use(req as Request, res, (error?: unknown) =>
      error ? fail(res, error) : answerBare(req, res),
    );
  });
  const answerBare = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const number = url.searchParams.get('n') ?? '';
    const confirmation = url.searchParams.get('c') ?? '';
    callers
      .resolve(req)
      .then((caller) =>
        resolver.myPointsBalance(
          number,
          confirmation,
          { req, res, caller, requestId: randomUUID() } as unknown as GraphqlContext,
          BALANCE_SELECTION,
        ),
      )
      .then(
        (balance) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { myPointsBalance: selected(balance) } }));
        },
        (error: unknown) => fail(res, error),
      );
  };
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as { port: number }).port;
  return {
    graphqlUrl: `${api.url.replace('localhost', '127.0.0.1')}/graphql`,
    bareUrl: `http://127.0.0.1:${barePort}/balance`,
    holders,
    close: async () => {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
      await api.close();
    },
  };
}
