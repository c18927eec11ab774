import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { CURRENT_SCHEMA_VERSION, isCalendarDate, type CalendarDate } from '@ledger/domain';
import { eventIdFor, type EventStore, type ExpectedVersion, type NewEvent } from '@ledger/event-store';
import { prepareEvent } from '@ledger/event-store/sqlite/event-rows';
import {
  SqliteEventStore,
  type AppendRequest,
  type PreparedAppendRequest,
} from '@ledger/event-store/sqlite/sqlite-event-store';
import { appendMany } from '../cli-stores';
import type { Progress } from '../progress';
import type { SeedJob, SeedJobMessage } from './seed-worker';
import { syntheticLicence, type SyntheticLicence } from './synthetic-licence';

export interface SeedOptions {
  /** How many holders (one licence each). */
  holders: number;
  /** Index of the first holder: seed more holders later with --first past the last one. Default 0. */
  first?: number;
  /** The day the seeded log ends. */
  today: CalendarDate;
  /** The random seed: the same seed, first and today give the very same histories. Default 1. */
  seed?: number;
  /** Holders written per transaction, their commands interleaved by day. Default 2,000. */
  batchHolders?: number;
  progress?: Pick<Progress, 'update' | 'finish'>;
}

export interface SeedReport {
  holders: number;
  first: number;
  events: number;
  /** Events not in the store before (seeding the same holders again appends nothing). */
  appendedEvents: number;
  today: CalendarDate;
  seed: number;
  /** Threads that generated the histories (0: this one did everything). */
  generatorThreads: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

export const SEED_ACTOR = 'system:ledger-cli seed';

type DatedRequest = AppendRequest & { day: CalendarDate };

/** The store's requests for one holder's commands, each at the version the previous one left. */
function appendRequests(licence: SyntheticLicence): DatedRequest[] {
  let expected: ExpectedVersion = 'no_stream';
  return licence.commands.map(({ commandId, recordedOn, events }) => {
    const recordedAt = `${recordedOn}T09:00:00.000Z`;
    const request = {
      day: recordedOn,
      streamId: licence.streamId,
      expected,
      events: events.map((event, index): NewEvent => ({
        eventId: eventIdFor(commandId, index),
        type: event.type,
        data: event.data,
        metadata: {
          actor: SEED_ACTOR,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          schemaVersion: CURRENT_SCHEMA_VERSION,
          recordedOn,
          recordedAt,
        },
      })),
    };
    expected = (expected === 'no_stream' ? -1n : expected) + BigInt(events.length);
    return request;
  });
}

/**
 * The appends of holders [from, to): their commands interleaved by the day they were recorded, so
 * the global log mixes streams as a real one does (each stream keeps its own order).
 */
export function seedBatch(from: number, to: number, today: CalendarDate, seed: number): AppendRequest[] {
  const requests: DatedRequest[] = [];
  for (let index = from; index < to; index++) {
    for (const request of appendRequests(syntheticLicence(index, { today, seed }))) requests.push(request);
  }
  // Stable: each stream's commands keep their order.
  requests.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return requests.map(({ streamId, expected, events }) => ({ streamId, expected, events }));
}

/** The same batch, serialised for the embedded store (what the generator threads send). */
export function preparedSeedBatch(
  from: number,
  to: number,
  today: CalendarDate,
  seed: number,
): PreparedAppendRequest[] {
  return seedBatch(from, to, today, seed).map(({ streamId, expected, events }) => ({
    streamId,
    expected,
    events: events.map(prepareEvent),
  }));
}

function checkOptions({ holders, first = 0, today }: SeedOptions): void {
  if (!Number.isSafeInteger(holders) || holders < 0)
    throw new RangeError(`--holders must be a whole number, got ${holders}.`);
  if (!Number.isSafeInteger(first) || first < 0)
    throw new RangeError(`--first must be a whole number, got ${first}.`);
  if (!isCalendarDate(today))
    throw new RangeError(`--today must be a date YYYY-MM-DD, got ${String(today)}.`);
}

function report(
  options: SeedOptions,
  events: number,
  appendedEvents: number,
  generatorThreads: number,
  started: number,
): SeedReport {
  const elapsedMs = Math.round(performance.now() - started);
  return {
    holders: options.holders,
    first: options.first ?? 0,
    events,
    appendedEvents,
    today: options.today,
    seed: options.seed ?? 1,
    generatorThreads,
    elapsedMs,
    eventsPerSecond: Math.round((events * 1000) / Math.max(1, elapsedMs)),
  };
}

/**
 * Writes synthetic holders' histories (synthetic-licence.ts) to the store, `batchHolders` holders
 * per transaction, all in this thread. Seeding the same holders again with the same parameters
 * appends nothing (the event ids derive from the commands).
 */
export async function seedHolders(store: EventStore, options: SeedOptions): Promise<SeedReport> {
  checkOptions(options);
  const { holders, today, progress, first = 0, seed = 1, batchHolders = 2000 } = options;
  const started = performance.now();
  let events = 0;
  let appendedEvents = 0;
  for (let from = first; from < first + holders; from += batchHolders) {
    const to = Math.min(first + holders, from + batchHolders);
    const requests = seedBatch(from, to, today, seed);
    const results = await appendMany(store, requests);
    results.forEach((result, i) => {
      events += requests[i].events.length;
      if (result.appended) appendedEvents += requests[i].events.length;
    });
    progress?.update(to - first);
  }
  progress?.finish();
  return report(options, events, appendedEvents, 0, started);
}

/**
 * Seeds with `jobs` generator threads (seed-worker.ts) feeding this thread, which alone writes:
 * one connection, one transaction per batch, while the threads generate the next batches (the
 * decider's work). Batches are written as they arrive: with one thread, in holder order, the very
 * log `seedHolders` writes; with more, the same events in another global order. Without the
 * compiled worker at hand (under the test runner), or on a store other than the embedded one,
 * everything runs in this thread.
 */
export async function seedInParallel(
  store: EventStore,
  options: SeedOptions & { jobs: number },
): Promise<SeedReport> {
  checkOptions(options);
  const { jobs, progress, first = 0, seed = 1, batchHolders = 2000, holders, today } = options;
  const workerFile = join(__dirname, 'seed-worker.js');
  if (jobs < 1 || !existsSync(workerFile) || !(store instanceof SqliteEventStore))
    return seedHolders(store, options);
  const started = performance.now();
  let events = 0;
  let appendedEvents = 0;
  let done = 0;
  // Contiguous shares, one per thread, cut on batch boundaries.
  const batches = Math.ceil(holders / batchHolders);
  const perJob = Math.ceil(batches / jobs);
  /** Appends are chained: one batch commits at a time, in arrival order. */
  let writing: Promise<void> = Promise.resolve();
  await Promise.all(
    Array.from({ length: jobs }, (_, job) => {
      const from = first + Math.min(holders, job * perJob * batchHolders);
      const to = first + Math.min(holders, (job + 1) * perJob * batchHolders);
      if (from >= to) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerFile, {
          workerData: { from, to, today, seed, batchHolders } satisfies SeedJob,
        });
        worker.on('message', (message: SeedJobMessage) => {
          if (message.kind === 'failed') {
            reject(Object.assign(new Error(message.message), { stack: message.stack }));
            return;
          }
          if (message.kind === 'done') {
            writing.then(() => worker.terminate()).then(() => resolve(), reject);
            return;
          }
          const { requests, holders: inBatch } = message;
          writing = writing.then(async () => {
            const results = await store.appendPreparedBatch(requests);
            results.forEach((result, i) => {
              events += requests[i].events.length;
              if (result.appended) appendedEvents += requests[i].events.length;
            });
            done += inBatch;
            progress?.update(done);
            worker.postMessage('written'); // the thread may prepare one more batch
          });
          writing.catch(reject);
        });
        worker.on('error', reject);
        worker.on('exit', (code) =>
          code !== 0 && code !== 1
            ? reject(new Error(`Seed thread ${job} exited with code ${code}.`))
            : undefined,
        );
      });
    }),
  );
  await writing;
  progress?.finish();
  return report(options, events, appendedEvents, jobs, started);
}
