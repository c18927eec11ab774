import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { INestApplicationContext } from '@nestjs/common';
import {
  FixedClock,
  LedgerApplicationModule,
  RecordInfractionCommand,
  type LicenceCommandResult,
} from '@ledger/application';
import { CURRENT_SCHEMA_VERSION, licenceStreamId, type RecordInfraction } from '@ledger/domain';
import { eventIdFor, type ExpectedVersion, type SqliteEventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  LicenceProjection,
  PgCheckpointedProcessor,
  PgLicenceProjection,
  PgReadModelDatabase,
  ReadModelDatabase,
} from '@ledger/read-models';
import { syntheticLicenceNumber } from '../apps/ledger-cli/src/seed/synthetic-licence';
import { BENCH_TODAY, now, type BenchContext } from './support/bench-context';
import { openStore, type Dataset } from './support/datasets';
import { warmPageCache } from './support/page-cache';
import { measurement, pair, single, type BenchResult } from './support/results';
import { percentile } from './support/stats';

/**
 * The command side, through the real CommandBus on the embedded store (durable: synchronous=FULL,
 * group commit): R1 (a command ÷ a raw append of the same event), R1b (64 clients ÷ 1), R4's
 * command half (p99 at 1M holders ÷ at 1k) and R6 (acknowledgement → balance visible).
 */

let unique = 0;
/** A fresh infraction, committed today: the commonest command (RULES: a clerk records what happened). */
function infraction(): RecordInfraction['data'] {
  unique++;
  return {
    infractionId: `bench-${process.pid}-${unique}`,
    offenceCode: 'SPEEDING',
    committedOn: BENCH_TODAY,
    retainedExcessKmh: 8,
    speedLimitKmh: 80,
  };
}

interface CommandSide {
  store: SqliteEventStore;
  app: INestApplicationContext;
  bus: CommandBus;
  holders: number;
  close(): Promise<void>;
}

async function openCommandSide(dataset: Dataset): Promise<CommandSide> {
  const store = openStore(dataset.eventsPath);
  const app = await NestFactory.createApplicationContext(
    LedgerApplicationModule.forRoot({ eventStore: store, clock: new FixedClock(BENCH_TODAY) }),
    { logger: ['error'] },
  );
  return {
    store,
    app,
    bus: app.get(CommandBus),
    holders: dataset.holders,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

const randomHolder = (holders: number): number => Math.floor(Math.random() * holders);

function record(side: CommandSide, holder: number): Promise<LicenceCommandResult> {
  const commandId = `bench:${process.pid}:${++unique}`;
  return side.bus.execute(
    new RecordInfractionCommand(syntheticLicenceNumber(holder), infraction(), { commandId, actor: 'bench' }),
  );
}

/** `count` commands by `clients` concurrent clients, on the holders `pick` chooses; the latency of each. */
async function runCommands(
  side: CommandSide,
  count: number,
  clients: number,
  pick: (index: number) => number = () => randomHolder(side.holders),
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let issued = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued < count) {
        const holder = pick(issued++);
        const sent = now();
        await record(side, holder);
        latencies.push(now() - sent);
      }
    }),
  );
  return { perSecond: (count * 1000) / (now() - started), latencies };
}

/** The same event a command appends, appended straight to the store at the stream's version. */
async function runRawAppends(side: CommandSide, count: number): Promise<number> {
  const holders = Array.from({ length: count }, () => randomHolder(side.holders));
  const versions = new Map<string, ExpectedVersion>();
  for (const holder of holders) {
    const streamId = licenceStreamId(syntheticLicenceNumber(holder));
    if (!versions.has(streamId))
      versions.set(streamId, (await side.store.readStream(streamId)).currentVersion); // not timed
  }
  const started = now();
  for (const holder of holders) {
    const streamId = licenceStreamId(syntheticLicenceNumber(holder));
    const commandId = `bench:${process.pid}:${++unique}`;
    const result = await side.store.appendToStream(streamId, versions.get(streamId)!, [
      {
        eventId: eventIdFor(commandId, 0),
        type: 'InfractionRecorded',
        data: infraction(),
        metadata: {
          actor: 'bench',
          commandId,
          correlationId: commandId,
          causationId: commandId,
          schemaVersion: CURRENT_SCHEMA_VERSION,
          recordedOn: BENCH_TODAY,
        },
      },
    ]);
    versions.set(streamId, result.nextExpectedVersion);
  }
  return (count * 1000) / (now() - started);
}

/** R1 and R1b on the working data set. */
export async function benchCommands(context: BenchContext, dataset: Dataset): Promise<BenchResult[]> {
  const { runs, commandsPerRun, concurrentCommandsPerRun } = context.sizes;
  // The commands read random licences' streams, timed; the raw appends read theirs untimed first.
  warmPageCache(dataset.eventsPath);
  const side = await openCommandSide(dataset);
  try {
    // Warm-up, a whole run of each: after 500 commands the CPU per command still fell from run to run
    // (about 600, 460, then 280 µs: the JIT and the page cache of the stream reads), so the first
    // measured runs were not the steady state the raw appends were already in.
    await runCommands(side, commandsPerRun, 1);
    await runRawAppends(side, commandsPerRun);
    // One measurement of a command at 1 client serves R1 and R1b alike: measured twice, the same
    // figure came out as two different numbers in one report. Each run measures the three back to back.
    const oneClient: number[] = [];
    const raw: number[] = [];
    const many: number[] = [];
    for (let run = 0; run < runs; run++) {
      oneClient.push((await runCommands(side, commandsPerRun, 1)).perSecond);
      raw.push(await runRawAppends(side, commandsPerRun));
      many.push((await runCommands(side, concurrentCommandsPerRun, 64)).perSecond);
      context.log(
        `  R1/R1b run ${run + 1}: command at 1 client ${oneClient[run].toFixed(0)}/s, raw append ${raw[run].toFixed(0)}/s, 64 clients ${many[run].toFixed(0)}/s`,
      );
    }
    const conditions = `${dataset.holders.toLocaleString('en-GB')} seeded holders (${dataset.events.toLocaleString('en-GB')} events); RecordInfraction on a random licence; SQLite WAL, synchronous=FULL, group commit; the log read once into the page cache first`;
    return [
      pair(
        'R1',
        'command through the CommandBus (read stream → decide → durable append) ÷ raw append of the same event',
        measurement('command', 'commands/s', oneClient),
        measurement('raw append', 'appends/s', raw),
        { text: '≥ 0.8', test: (r) => r >= 0.8 },
        `${conditions}; 1 client, ${commandsPerRun} per run, each run's commands and raw appends back to back`,
        [],
        { backToBack: true },
      ),
      pair(
        'R1b',
        'durable commands/s at 64 concurrent clients ÷ at 1 client (group commit); absolute target ≥ 2,000 commands/s',
        measurement('64 clients', 'commands/s', many),
        measurement('1 client (the R1 command measurement)', 'commands/s', oneClient),
        { text: '≥ 20 (and ≥ 2,000 commands/s at 64 clients)', test: (r) => r >= 20 },
        `${conditions}; ${concurrentCommandsPerRun} commands per run at 64 clients; the 1-client runs are R1's`,
        [],
        { backToBack: true },
      ),
    ];
  } finally {
    await side.close();
  }
}

/**
 * p99 of one command at a time, per run, on a data set (R4's command half). The commands go round
 * the same number of licences, spread over the data set, on both data sets: each licence's stream
 * grows alike, and only the size of the log differs.
 */
export async function commandP99(context: BenchContext, dataset: Dataset): Promise<number[]> {
  warmPageCache(dataset.eventsPath);
  const side = await openCommandSide(dataset);
  const licences = Math.min(context.sizes.sessions, dataset.holders);
  const step = Math.max(1, Math.floor(dataset.holders / licences));
  const pick = (index: number) => (index % licences) * step;
  try {
    await runCommands(side, Math.min(300, context.sizes.commandsPerRun), 1, pick); // warm-up
    const p99s: number[] = [];
    for (let run = 0; run < context.sizes.runs; run++) {
      p99s.push(percentile((await runCommands(side, context.sizes.commandsPerRun, 1, pick)).latencies, 99));
    }
    return p99s;
  } finally {
    await side.close();
  }
}

export function r4Commands(
  small: Dataset,
  large: Dataset,
  atSmall: number[],
  atLarge: number[],
  commands: number,
): BenchResult {
  return pair(
    'R4 command',
    `p99 of a command at ${large.holders.toLocaleString('en-GB')} holders ÷ at ${small.holders.toLocaleString('en-GB')} holders`,
    measurement(`p99 at ${large.holders.toLocaleString('en-GB')} holders`, 'ms', atLarge),
    measurement(`p99 at ${small.holders.toLocaleString('en-GB')} holders`, 'ms', atSmall),
    { text: '≤ 1.2', test: (r) => r <= 1.2 },
    `RecordInfraction through the CommandBus, 1 client, ${commands} per run, round the same number of licences on both; ${large.events.toLocaleString('en-GB')} and ${small.events.toLocaleString('en-GB')} events in the logs, each read once into the page cache before its runs`,
  );
}

/**
 * R6: from a command's acknowledgement to its balance in the read model, with the read model's
 * processor following the log in the same process (the embedded default: npm start), under 1 and
 * under 64 concurrent clients.
 */
export async function benchVisibility(
  context: BenchContext,
  dataset: Dataset,
  target?: { url: string; schema: string },
): Promise<BenchResult> {
  const side = await openCommandSide(dataset);
  const logger = {
    log: () => undefined,
    warn: () => undefined,
    error: (m: string) => context.log(`  processor: ${m}`),
  };
  let processor: CheckpointedProcessor | PgCheckpointedProcessor;
  let closeDatabase: () => Promise<void>;
  if (target) {
    const projection = new PgLicenceProjection();
    const database = await PgReadModelDatabase.open(target.url, [projection], { schema: target.schema });
    processor = new PgCheckpointedProcessor(side.store, database, projection, { logger });
    closeDatabase = () => database.close();
  } else {
    const projection = new LicenceProjection();
    const database = ReadModelDatabase.open(dataset.readModelPath, [projection]);
    processor = new CheckpointedProcessor(side.store, database, projection, { logger });
    closeDatabase = async () => database.close();
  }
  const store = target ? 'PostgreSQL' : 'SQLite';
  await processor.start();
  await processor.waitForPosition(await side.store.headPosition(), 600_000);
  const measure = async (count: number, clients: number): Promise<number[]> => {
    const lags: number[] = [];
    let issued = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (issued < count) {
          issued++;
          const result = await record(side, randomHolder(side.holders));
          const acknowledged = now();
          await processor.waitForPosition(BigInt(result.globalPosition), 10_000);
          lags.push(now() - acknowledged);
        }
      }),
    );
    return lags;
  };
  try {
    await measure(Math.min(200, context.sizes.commandsPerRun), 1); // warm-up
    const single1: number[] = [];
    const single64: number[] = [];
    for (let run = 0; run < context.sizes.runs; run++) {
      single1.push(percentile(await measure(context.sizes.commandsPerRun, 1), 99));
      single64.push(percentile(await measure(Math.ceil(context.sizes.concurrentCommandsPerRun / 2), 64), 99));
      context.log(
        `  R6 ${store} run ${run + 1}: p99 ${single1[run].toFixed(2)} ms at 1 client, ${single64[run].toFixed(2)} ms at 64 clients`,
      );
    }
    return single(
      target ? 'R6 (PostgreSQL)' : 'R6',
      `p99 time from a command's acknowledgement to its balance visible in the read model (event log embedded, read models on ${store})`,
      measurement('p99 at 64 clients', 'ms', single64),
      { text: '≤ 50 ms', test: (v) => v <= 50 },
      `${dataset.holders.toLocaleString('en-GB')} holders; the licence processor in the same process as the CommandBus (npm start), woken by the append${
        target ? `; PostgreSQL on the same machine (schema ${target.schema})` : ''
      }`,
      [measurement('p99 at 1 client', 'ms', single1)],
    );
  } finally {
    await processor.stop();
    await closeDatabase();
    await side.close();
  }
}
