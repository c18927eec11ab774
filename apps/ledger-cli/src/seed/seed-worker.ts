import { parentPort, workerData } from 'node:worker_threads';
import type { CalendarDate } from '@ledger/domain';
import type { PreparedAppendRequest } from '@ledger/event-store/sqlite/sqlite-event-store';
import { preparedSeedBatch } from './seed';

/**
 * A seed's generator thread: decides its share of the holders' histories, serialises the events,
 * and hands each batch to the writing thread, at most a few batches ahead of what is written.
 */
export interface SeedJob {
  from: number;
  to: number;
  today: CalendarDate;
  seed: number;
  batchHolders: number;
}

export type SeedJobMessage =
  | { kind: 'batch'; requests: PreparedAppendRequest[]; holders: number }
  | { kind: 'done' }
  | { kind: 'failed'; message: string; stack?: string };

/** Batches generated but not yet written: enough to keep the writer busy, few enough to bound memory. */
const AHEAD = 3;

async function run({ from, to, today, seed, batchHolders }: SeedJob): Promise<void> {
  const port = parentPort!;
  let unwritten = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    unwritten--;
    wake?.();
  });
  for (let start = from; start < to; start += batchHolders) {
    const end = Math.min(to, start + batchHolders);
    port.postMessage({
      kind: 'batch',
      requests: preparedSeedBatch(start, end, today, seed),
      holders: end - start,
    } satisfies SeedJobMessage);
    unwritten++;
    while (unwritten >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage({ kind: 'done' } satisfies SeedJobMessage);
}

if (parentPort) {
  run(workerData as SeedJob).catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({
      kind: 'failed',
      message: failure.message,
      stack: failure.stack,
    } satisfies SeedJobMessage);
  });
}
