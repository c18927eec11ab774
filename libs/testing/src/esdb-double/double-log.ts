import { randomUUID } from 'node:crypto';

/** One event as the double stores it: what a RecordedEvent message is built from. */
export interface StoredEvent {
  streamName: string;
  revision: bigint;
  /** Lower-case, as the server formats Guids. */
  id: string;
  type: string;
  contentType: string;
  /** .NET ticks (100 ns) since the Unix epoch, as the server stamps `created`. */
  created: bigint;
  data: Uint8Array;
  customMetadata: Uint8Array;
  commit: bigint;
  prepare: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export type ExpectedRevision = bigint | 'no_stream' | 'any' | 'stream_exists';

export type AppendOutcome =
  | {
      ok: true;
      /** Undefined when the stream still does not exist (an empty append with no_stream). */
      currentRevision: bigint | undefined;
      /** Position of the last event written (or recognised); undefined when nothing was. */
      position: { commit: bigint; prepare: bigint } | undefined;
    }
  | { ok: false; currentRevision: bigint | undefined; expected: ExpectedRevision };

/** Bytes of a record's header in the double's imaginary file: only there to make offsets sparse. */
const RECORD_HEADER_BYTES = 61n;
/** The real log starts with epoch records: no event sits at position 0. */
const FIRST_OFFSET = 1024n;

const TICKS_PER_MS = 10_000n;

/**
 * The in-memory transaction log behind the double. `$all` positions are byte offsets of an
 * imaginary file (each record takes its serialised size), so they are sparse like the server's;
 * and every event of one append shares the commit position of the append's last event while
 * keeping its own prepare position, so (commit, prepare) is needed to tell them apart. The log
 * outlives the gRPC server, so a test can stop and restart the server without losing data.
 */
export class DoubleLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private offset = FIRST_OFFSET;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  stream(name: string): readonly StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  /** Called after every append (live subscriptions); returns the unregister function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The server's optimistic concurrency, including its idempotency: events re-sent with the same
   * ids right after the expected revision are recognised and not written again; a partial match
   * is a wrong expected version (the server's "corrupted idempotency").
   */
  append(streamName: string, expected: ExpectedRevision, proposed: ProposedEvent[]): AppendOutcome {
    const events = this.streams.get(streamName) ?? [];
    const current = events.length === 0 ? undefined : BigInt(events.length - 1);
    const wrong: AppendOutcome = { ok: false, currentRevision: current, expected };
    const last = (): AppendOutcome => ({
      ok: true,
      currentRevision: current,
      position: events.length === 0 ? undefined : positionOf(events[events.length - 1]),
    });

    if (expected === 'stream_exists' && current === undefined) return wrong;
    if (expected === 'any' || expected === 'stream_exists') {
      // The server's id cache: a batch already stored in full is not stored again.
      const stored = proposed.map((event) => events.find((e) => e.id === event.id));
      if (proposed.length > 0 && stored.every((event) => event !== undefined)) {
        const tail = stored[stored.length - 1]!;
        return { ok: true, currentRevision: tail.revision, position: positionOf(tail) };
      }
      return proposed.length === 0 ? last() : this.write(streamName, events, proposed);
    }

    const expectedNumber = expected === 'no_stream' ? -1n : expected;
    const currentNumber = current ?? -1n;
    if (expectedNumber === currentNumber) {
      return proposed.length === 0 ? last() : this.write(streamName, events, proposed);
    }
    if (expectedNumber > currentNumber || proposed.length === 0) return wrong;
    const following = events.slice(
      Number(expectedNumber + 1n),
      Number(expectedNumber + 1n) + proposed.length,
    );
    const sameIds =
      following.length === proposed.length &&
      following.every((event, index) => event.id === proposed[index].id);
    if (!sameIds) return wrong;
    const tail = following[following.length - 1];
    return { ok: true, currentRevision: tail.revision, position: positionOf(tail) };
  }

  /** Writes an event the way the server writes its own ($stats, $settings...): no checks. */
  appendSystemEvent(streamName: string, type: string): void {
    const events = this.streams.get(streamName) ?? [];
    this.write(streamName, events, [
      {
        id: randomUUID(),
        type,
        contentType: 'application/json',
        data: new TextEncoder().encode('{}'),
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  private write(streamName: string, events: StoredEvent[], proposed: ProposedEvent[]): AppendOutcome {
    const created = BigInt(this.now()) * TICKS_PER_MS;
    const prepares = proposed.map((event) => {
      const prepare = this.offset;
      this.offset +=
        RECORD_HEADER_BYTES +
        BigInt(Buffer.byteLength(streamName) + Buffer.byteLength(event.type)) +
        BigInt(event.data.length + event.customMetadata.length);
      return prepare;
    });
    const commit = prepares[prepares.length - 1];
    const written = proposed.map((event, index): StoredEvent => ({
      ...event,
      id: event.id.toLowerCase(),
      streamName,
      revision: BigInt(events.length + index),
      created,
      commit,
      prepare: prepares[index],
    }));
    events.push(...written);
    this.streams.set(streamName, events);
    this.all.push(...written);
    for (const listener of [...this.listeners]) listener();
    const tail = written[written.length - 1];
    return { ok: true, currentRevision: tail.revision, position: positionOf(tail) };
  }
}

export const positionOf = (event: StoredEvent): { commit: bigint; prepare: bigint } => ({
  commit: event.commit,
  prepare: event.prepare,
});

/** (commit, prepare) order: the order of `$all`. */
export const comparePositions = (
  a: { commit: bigint; prepare: bigint },
  b: { commit: bigint; prepare: bigint },
): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare < b.prepare
      ? -1
      : a.prepare > b.prepare
        ? 1
        : 0;
