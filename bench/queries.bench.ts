import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BALANCE_QUERY,
  startBenchApi,
  type BenchApi,
  type BenchApiAddress,
  type BenchApiOptions,
} from './api/bench-api';
import { runLoad, type HttpCall, type LoadResult } from './api/http-load';
import { removeSqlite, type BenchContext } from './support/bench-context';
import type { Dataset } from './support/datasets';
import { storeLabel, type ReadModelTarget } from './support/pg-read-models';
import { measurement, pair, single, type BenchResult } from './support/results';
import { percentile } from './support/stats';

/**
 * The query side over HTTP on the loopback: R3 (the myPointsBalance GraphQL query ÷ a bare handler
 * doing the same work), the absolute balance-query throughput and p99, and R4's query half.
 */

/** The API in a child process when compiled (the load generator keeps this process's core). */
/** The API, and (in its own process) the server's CPU time so far, in µs. */
type RunningApi = BenchApi & { cpuMicros?: () => Promise<number> };

async function startApiFor(
  context: BenchContext,
  dataset: Dataset,
  sessions: number,
  readModels: ReadModelTarget = { kind: 'sqlite', path: dataset.readModelPath },
): Promise<RunningApi> {
  const auditPath = join(context.dir, `${dataset.name}-audit.sqlite`);
  removeSqlite(auditPath);
  const options: BenchApiOptions = {
    eventsPath: dataset.eventsPath,
    readModels,
    auditPath,
    holders: dataset.holders,
    sessions,
  };
  const childFile = join(__dirname, 'api', 'api-child.js');
  if (!existsSync(childFile)) return startBenchApi(options);
  const child: ChildProcess = fork(childFile, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // The development identity providers' start-up warnings (oidc-provider) are not the bench's news.
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    const kept = text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('oidc-provider WARNING'));
    if (kept.length > 0) process.stderr.write(`${kept.join('\n')}\n`);
  });
  const address = await new Promise<BenchApiAddress>((resolve, reject) => {
    child.once('message', (message: BenchApiAddress & { kind: string }) => resolve(message));
    child.once('exit', (code) =>
      reject(new Error(`The bench API exited with code ${code} before it was ready.`)),
    );
  });
  return {
    ...address,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message: { kind: string; micros: number }) => resolve(message.micros));
        child.send('cpu');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

function graphqlCall(api: BenchApiAddress, index: number): HttpCall {
  const { cookie, licenceNumber } = api.holders[index % api.holders.length];
  return {
    method: 'POST',
    url: api.graphqlUrl,
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query: BALANCE_QUERY, variables: { n: licenceNumber, c: licenceNumber } }),
  };
}

function bareCall(api: BenchApiAddress, index: number): HttpCall {
  const { cookie, licenceNumber } = api.holders[index % api.holders.length];
  return { method: 'GET', url: `${api.bareUrl}?n=${licenceNumber}&c=${licenceNumber}`, headers: { cookie } };
}

const EXPECT = '"myPointsBalance":{"points"';

/** R3 and the absolute query figures on the working data set. */
export async function benchQueries(
  context: BenchContext,
  dataset: Dataset,
  readModels: ReadModelTarget = { kind: 'sqlite', path: dataset.readModelPath },
): Promise<BenchResult[]> {
  const { runs, requestsPerRun, httpConcurrency: concurrency, r3Sessions } = context.sizes;
  const api = await startApiFor(context, dataset, r3Sessions, readModels);
  const store = storeLabel(readModels);
  const suffix = readModels.kind === 'sqlite' ? '' : ` (${store})`;
  try {
    const load = { requests: requestsPerRun, concurrency, expect: EXPECT };
    await runLoad((i) => graphqlCall(api, i), { ...load, requests: Math.min(4000, requestsPerRun) }); // warm-up
    await runLoad((i) => bareCall(api, i), { ...load, requests: Math.min(4000, requestsPerRun) });
    const graphql: LoadResult[] = [];
    const bare: LoadResult[] = [];
    const graphqlCpu: number[] = [];
    const bareCpu: number[] = [];
    /** The load, and the server's CPU time per request meanwhile (µs), when the server is apart. */
    const measure = async (call: (i: number) => HttpCall, cpu: number[]) => {
      const before = await api.cpuMicros?.();
      const result = await runLoad(call, load);
      const after = await api.cpuMicros?.();
      if (before !== undefined && after !== undefined) cpu.push((after - before) / requestsPerRun);
      return result;
    };
    for (let run = 0; run < runs; run++) {
      graphql.push(await measure((i) => graphqlCall(api, i), graphqlCpu));
      bare.push(await measure((i) => bareCall(api, i), bareCpu));
      context.log(
        `  R3 ${store} run ${run + 1}: GraphQL ${graphql[run].perSecond.toFixed(0)}/s (p99 ${percentile(graphql[run].latencies, 99).toFixed(2)} ms), bare ${bare[run].perSecond.toFixed(0)}/s`,
      );
    }
    const cpu =
      graphqlCpu.length > 0
        ? [
            measurement('server CPU per GraphQL query', 'µs', graphqlCpu),
            measurement('server CPU per bare query', 'µs', bareCpu),
          ]
        : [];
    const conditions = `${dataset.holders.toLocaleString('en-GB')} holders, ${api.holders.length} signed in; ${concurrency} kept-alive connections on the loopback, ${requestsPerRun} requests per run; the API (with its worker) in one process, the load generator in another; ${sharedStateWhere(readModels)}`;
    return [
      pair(
        `R3${suffix}`,
        `myPointsBalance over GraphQL ÷ a bare HTTP handler (same rate-limit count, same session check, same row, same resolver work), read models on ${store}`,
        measurement(
          'GraphQL',
          'queries/s',
          graphql.map((r) => r.perSecond),
        ),
        measurement(
          'bare handler',
          'queries/s',
          bare.map((r) => r.perSecond),
        ),
        { text: '≥ 0.5', test: (r) => r >= 0.5 },
        conditions,
        cpu,
        { backToBack: true },
      ),
      single(
        `Queries${suffix}`,
        `balance queries per second over GraphQL, and their p99, read models on ${store}`,
        measurement(
          'throughput',
          'queries/s',
          graphql.map((r) => r.perSecond),
        ),
        {
          text: '≥ 3,000 queries/s with p99 ≤ 20 ms',
          test: (v) => v >= 3000 && percentileMedian(graphql) <= 20,
        },
        conditions,
        [
          measurement(
            'p99',
            'ms',
            graphql.map((r) => percentile(r.latencies, 99)),
          ),
        ],
      ),
    ];
  } finally {
    await api.close();
  }
}

/** Where the read models and the shared state (sessions, consultations' audit, rate-limit counters) are, as openSharedState puts them. */
function sharedStateWhere(readModels: ReadModelTarget): string {
  return readModels.kind === 'sqlite'
    ? "read models on SQLite; the sessions and the consultations' audit in SQLite files (the audit written by a thread of its own), the rate-limit counters in the API's memory"
    : `read models on PostgreSQL (schema ${readModels.schema}, same machine, over TCP on the loopback); the sessions, the consultations' audit and the rate-limit counters in PostgreSQL too`;
}

function percentileMedian(results: LoadResult[]): number {
  const p99s = results.map((r) => percentile(r.latencies, 99)).sort((a, b) => a - b);
  return p99s[Math.floor(p99s.length / 2)];
}

/**
 * p99 of the GraphQL balance query per run on two data sets at a fixed load (R4's query half): both
 * APIs running, their runs alternated (small, large, small…), so that each pair is measured back to
 * back and a change of the machine's load meanwhile weighs on both sides alike.
 */
export async function queryP99Pairs(
  context: BenchContext,
  small: Dataset,
  large: Dataset,
): Promise<{ atSmall: number[]; atLarge: number[] }> {
  const { runs, requestsPerRun, httpConcurrency: concurrency, sessions } = context.sizes;
  const apis: RunningApi[] = [];
  try {
    for (const dataset of [small, large]) apis.push(await startApiFor(context, dataset, sessions));
    const load = { requests: requestsPerRun, concurrency, expect: EXPECT };
    for (const api of apis)
      await runLoad((i) => graphqlCall(api, i), { ...load, requests: Math.min(2000, requestsPerRun) }); // warm-up
    const p99s: [number[], number[]] = [[], []];
    for (let run = 0; run < runs; run++)
      for (const [side, api] of apis.entries())
        p99s[side].push(percentile((await runLoad((i) => graphqlCall(api, i), load)).latencies, 99));
    return { atSmall: p99s[0], atLarge: p99s[1] };
  } finally {
    for (const api of apis) await api.close();
  }
}

export function r4Queries(
  small: Dataset,
  large: Dataset,
  atSmall: number[],
  atLarge: number[],
  context: BenchContext,
): BenchResult {
  return pair(
    'R4 query',
    `p99 of the balance query at ${large.holders.toLocaleString('en-GB')} holders ÷ at ${small.holders.toLocaleString('en-GB')} holders`,
    measurement(`p99 at ${large.holders.toLocaleString('en-GB')} holders`, 'ms', atLarge),
    measurement(`p99 at ${small.holders.toLocaleString('en-GB')} holders`, 'ms', atSmall),
    { text: '≤ 1.2', test: (r) => r <= 1.2 },
    `myPointsBalance over GraphQL, ${context.sizes.httpConcurrency} connections, ${context.sizes.requestsPerRun} requests per run, the same number of signed-in holders (${Math.min(context.sizes.sessions, small.holders)}) on both; both APIs up, their runs alternated (each pair back to back)`,
    [],
    { backToBack: true },
  );
}
