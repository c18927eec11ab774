import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { positionToString, type EventStore, type ExpectedVersion } from '@ledger/event-store';
import type { AppendRequest } from '@ledger/event-store/sqlite/sqlite-event-store';
import { appendMany } from './cli-stores';
import { LogLineError, parseLogLine, toLogLine } from './log-ndjson';
import type { Progress } from './progress';

export interface ExportReport {
  events: number;
  /** Exclusive: the position the export started after. */
  after: string;
  /** The last position written ("0" for an empty export). */
  lastPosition: string;
  elapsedMs: number;
  eventsPerSecond: number;
}

/**
 * Writes the log after `after` (default: from the start) to `out` as NDJSON, batch after batch,
 * waiting for the output to drain so that memory stays flat however long the log is.
 */
export async function exportLog(
  store: EventStore,
  out: Writable,
  {
    after = 0n,
    batchSize = 5000,
    progress,
  }: { after?: bigint; batchSize?: number; progress?: Progress } = {},
): Promise<ExportReport> {
  const started = performance.now();
  const head = await store.headPosition();
  let position = after;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: batchSize });
    if (batch.length === 0) break;
    let chunk = '';
    for (const event of batch) chunk += `${toLogLine(event)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
    position = batch[batch.length - 1].globalPosition;
    events += batch.length;
    progress?.update(Number(position - after), Number((head > position ? head : position) - after));
  }
  progress?.finish();
  const elapsedMs = Math.round(performance.now() - started);
  return {
    events,
    after: positionToString(after),
    lastPosition: positionToString(position),
    elapsedMs,
    eventsPerSecond: Math.round((events * 1000) / Math.max(1, elapsedMs)),
  };
}

/** Exports to a file path, or to stdout for "-". */
export async function exportLogTo(
  store: EventStore,
  path: string,
  options: Parameters<typeof exportLog>[2],
): Promise<ExportReport> {
  if (path === '-') return exportLog(store, process.stdout, options);
  const out = createWriteStream(path, { flags: 'wx' }); // never overwrite an earlier export
  await once(out, 'open');
  try {
    return await exportLog(store, out, options);
  } finally {
    out.end();
    await once(out, 'close');
  }
}

export interface ImportReport {
  events: number;
  /** Events that were not in the store yet. */
  appended: number;
  /** Events already in the store (an import run again, or resumed): recognised by their ids. */
  alreadyStored: number;
  /** The first and last positions the file held ("0" when empty). */
  firstPosition: string;
  lastPosition: string;
  elapsedMs: number;
  eventsPerSecond: number;
}

/**
 * Appends the events of an NDJSON export to the store, in the file's order, `batchSize` events per
 * transaction on the embedded store. Each stream's events go in at the versions the file gives
 * (the expected version is the one before), so a file that skips or repeats a version is refused;
 * events already stored (same ids, same stream, same versions) are recognised and skipped, which
 * makes an interrupted import safe to run again (with the same batch size, so that the batches
 * match those that committed). Into an empty SQLite store, an export starting at
 * position 1 keeps every event's position.
 */
export async function importLog(
  store: EventStore,
  input: Readable,
  {
    batchSize = 5000,
    progress,
    totalBytes = 0,
  }: { batchSize?: number; progress?: Progress; totalBytes?: number } = {},
): Promise<ImportReport> {
  const started = performance.now();
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let events = 0;
  let appended = 0;
  let firstPosition = 0n;
  let lastPosition = 0n;
  let requests: AppendRequest[] = [];
  let pending = 0;
  /** The last version the file gave each stream of the current batch. */
  const lastVersion = new Map<string, bigint>();
  let current: AppendRequest | undefined;
  let currentVersion = -1n;

  const flush = async () => {
    if (requests.length === 0) return;
    const results = await appendMany(store, requests);
    results.forEach((result, index) => {
      if (result.appended) appended += requests[index].events.length;
    });
    requests = [];
    pending = 0;
    current = undefined;
    lastVersion.clear();
  };

  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    const line = parseLogLine(text, lineNumber);
    if (line.globalPosition <= lastPosition) {
      throw new LogLineError(
        lineNumber,
        `position ${line.globalPosition} does not follow ${lastPosition}: the file is not in log order.`,
      );
    }
    if (firstPosition === 0n) firstPosition = line.globalPosition;
    lastPosition = line.globalPosition;
    const known = lastVersion.get(line.streamId);
    if (known !== undefined && line.streamVersion !== known + 1n) {
      throw new LogLineError(
        lineNumber,
        `${line.streamId} goes from version ${known} to ${line.streamVersion}.`,
      );
    }
    lastVersion.set(line.streamId, line.streamVersion);
    if (
      current !== undefined &&
      current.streamId === line.streamId &&
      line.streamVersion === currentVersion + 1n
    ) {
      current.events.push(line.event);
    } else {
      const expected: ExpectedVersion = line.streamVersion === 0n ? 'no_stream' : line.streamVersion - 1n;
      current = { streamId: line.streamId, expected, events: [line.event] };
      requests.push(current);
    }
    currentVersion = line.streamVersion;
    events++;
    pending++;
    if (pending >= batchSize) {
      await flush();
      progress?.update(
        megabytes(bytesRead(input)),
        megabytes(totalBytes) || undefined,
        `${events.toLocaleString('en-GB')} events`,
      );
    }
  }
  await flush();
  progress?.update(
    megabytes(bytesRead(input)),
    megabytes(totalBytes) || undefined,
    `${events.toLocaleString('en-GB')} events`,
  );
  progress?.finish();
  const elapsedMs = Math.round(performance.now() - started);
  return {
    events,
    appended,
    alreadyStored: events - appended,
    firstPosition: positionToString(firstPosition),
    lastPosition: positionToString(lastPosition),
    elapsedMs,
    eventsPerSecond: Math.round((events * 1000) / Math.max(1, elapsedMs)),
  };
}

/** Progress counts megabytes of the file (its size is known, its number of lines is not). */
const megabytes = (bytes: number): number => Math.round(bytes / 1e5) / 10;
const bytesRead = (input: Readable): number => (input as Readable & { bytesRead?: number }).bytesRead ?? 0;

/** Imports from a file path, or from stdin for "-". */
export async function importLogFrom(
  store: EventStore,
  path: string,
  options: { batchSize?: number; progress?: Progress } = {},
): Promise<ImportReport> {
  if (path === '-') return importLog(store, process.stdin, options);
  const totalBytes = statSync(path).size;
  return importLog(store, createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, totalBytes });
}
