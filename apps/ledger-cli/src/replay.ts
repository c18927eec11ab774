import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parisDate } from '@ledger/application';
import { isCalendarDate, type CalendarDate } from '@ledger/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@ledger/event-store';
import type { RebuildReport } from '@ledger/read-models';
import { openReadModels } from './cli-stores';
import type { Progress } from './progress';

/** The business day an event was recorded on: metadata.recordedOn, else its instant's day in Paris. */
export function recordedDay(event: RecordedEvent): CalendarDate {
  const { recordedOn, recordedAt } = event.metadata;
  return typeof recordedOn === 'string' && isCalendarDate(recordedOn)
    ? recordedOn
    : parisDate(new Date(recordedAt));
}

/**
 * The log as it stood at the end of `to`: only the events recorded on or before that day, in log
 * order. What the rebuilder reads to replay the past (the store itself is never touched).
 */
export function logAsOf(store: EventStore, to: CalendarDate): EventStore {
  const readAll = async ({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> => {
    let position = after;
    for (;;) {
      const batch = await store.readAll({ after: position, maxCount });
      if (batch.length === 0) return [];
      const kept = batch.filter((event) => recordedDay(event) <= to);
      if (kept.length > 0) return kept;
      position = batch[batch.length - 1].globalPosition; // a whole batch after `to`: read on
    }
  };
  return Object.assign(Object.create(store) as EventStore, { readAll });
}

export interface ReplayReport extends RebuildReport {
  to: CalendarDate;
  /** The read-model file written. */
  out: string;
}

/**
 * `replay --to <date>`: the read models as they stood at the end of that day, rebuilt from the
 * events recorded up to it into a separate SQLite file (never the live read models), for an
 * operator answering "what did the ledger show on that day?".
 */
export async function replayTo(
  store: EventStore,
  {
    to,
    out,
    force = false,
    batchSize,
    progress,
    env = process.env,
  }: {
    to: string;
    out?: string;
    force?: boolean;
    batchSize?: number;
    progress?: Progress;
    env?: NodeJS.ProcessEnv;
  },
): Promise<ReplayReport[]> {
  if (!isCalendarDate(to)) throw new RangeError(`--to must be a date YYYY-MM-DD, got ${JSON.stringify(to)}.`);
  const file = resolve(out ?? `./data/replay-${to}.sqlite`);
  if (env.READ_MODEL_PATH && resolve(env.READ_MODEL_PATH) === file) {
    throw new Error(`--out ${file} is the live read model (READ_MODEL_PATH): replay writes a separate file.`);
  }
  if (existsSync(file)) {
    if (!force) throw new Error(`${file} exists: pass --force to replace it, or choose another --out.`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  const readModels = await openReadModels(logAsOf(store, to), env, file);
  try {
    const reports: ReplayReport[] = [];
    for (const name of readModels.names) {
      const report = await readModels.rebuild(name, {
        batchSize,
        onProgress: (p) => progress?.update(Number(p.position), p.total, name),
      });
      reports.push({ ...report, to, out: file });
    }
    progress?.finish();
    return reports;
  } finally {
    await readModels.close();
  }
}
