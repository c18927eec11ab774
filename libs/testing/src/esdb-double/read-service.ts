import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import { streamsPb } from './client-protocol';
import { comparePositions, type DoubleLog, type StoredEvent } from './double-log';
import { eventResponse, streamIdentifier, streamName } from './messages';

type ReadCall = grpc.ServerWritableStream<StreamsPb.ReadReq, StreamsPb.ReadResp>;
type Options = StreamsPb.ReadReq.Options;
type Position = { commit: bigint; prepare: bigint };

/** The server's filtered subscriptions report a checkpoint every 32 × multiplier scanned events. */
const CHECKPOINT_BASE = 32;

export interface ReadServiceContext {
  log: DoubleLog;
  countRead(): void;
  countSubscription(): void;
  /** Registers a live subscription so the double can end them all; returns the unregister function. */
  track(subscription: LiveCall): () => void;
}

/**
 * One server-streaming call that waits for the client (backpressure) and notices when it is gone
 * (client cancellation, or the double shutting down).
 */
export class LiveCall {
  private closed = false;
  private readonly closers = new Set<() => void>();

  constructor(private readonly call: ReadCall) {
    for (const event of ['cancelled', 'close', 'error'] as const) call.on(event, () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async send(response: StreamsPb.ReadResp): Promise<void> {
    if (this.closed) return;
    if (this.call.write(response)) return;
    await this.until((resolve) => {
      this.call.once('drain', resolve);
      return () => this.call.off('drain', resolve);
    });
  }

  /** Resolves on the next append to the log, or when the call is over. */
  nextAppend(log: DoubleLog): Promise<void> {
    return this.until((resolve) => log.onAppend(resolve));
  }

  /** Ends the call normally, as a server does when it lets a subscription go without an error. */
  end(): void {
    if (this.closed) return;
    this.call.end();
    this.close();
  }

  fail(code: grpc.status, details: string): void {
    if (this.closed) return;
    this.call.emit('error', { code, details });
    this.close();
  }

  private close(): void {
    this.closed = true;
    for (const closer of [...this.closers]) closer();
  }

  private until(subscribe: (resolve: () => void) => () => void): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        unsubscribe();
        this.closers.delete(done);
        resolve();
      };
      const unsubscribe = subscribe(done);
      this.closers.add(done);
    });
  }
}

/** Read: a stream or `$all`, forwards or backwards, a count or a subscription (only to `$all`). */
export function readHandler(
  context: ReadServiceContext,
): grpc.handleServerStreamingCall<StreamsPb.ReadReq, StreamsPb.ReadResp> {
  return (call) => {
    const live = new LiveCall(call);
    const options = call.request.getOptions();
    serve(context, live, options).then(
      () => live.end(),
      (error: unknown) => live.fail(grpc.status.INTERNAL, `The double failed: ${String(error)}`),
    );
  };
}

async function serve(
  context: ReadServiceContext,
  live: LiveCall,
  options: Options | undefined,
): Promise<void> {
  if (!options || (!options.hasStream() && !options.hasAll())) {
    return live.fail(grpc.status.INVALID_ARGUMENT, 'Read without stream options.');
  }
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const matches = filterOf(options);
  if (options.hasSubscription()) {
    if (!options.hasAll()) return live.fail(grpc.status.UNIMPLEMENTED, 'The double subscribes to $all only.');
    context.countSubscription();
    const untrack = context.track(live);
    try {
      return await subscribeToAll(context.log, live, options, matches, structuredIds);
    } finally {
      untrack();
    }
  }
  context.countRead();
  const count = BigInt(options.getCount());
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier());
    const events = context.log.stream(name);
    if (!events) {
      // Not an error status: a message, then a normal end of the call.
      const notFound = new streamsPb.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifier(name));
      const response = new streamsPb.ReadResp();
      response.setStreamNotFound(notFound);
      return live.send(response);
    }
    for (const event of streamSlice(events, stream, backwards, count)) {
      await live.send(eventResponse(event, structuredIds));
    }
    return;
  }
  let sent = 0n;
  for (const event of allSlice(context.log.all, options.getAll()!, backwards)) {
    if (sent >= count || live.isClosed) break;
    if (matches && !matches(event)) continue;
    await live.send(eventResponse(event, structuredIds));
    sent++;
  }
}

function streamSlice(
  events: readonly StoredEvent[],
  options: StreamsPb.ReadReq.Options.StreamOptions,
  backwards: boolean,
  count: bigint,
): StoredEvent[] {
  const length = events.length;
  const n = Number(count > BigInt(length) ? BigInt(length) : count);
  if (backwards) {
    const from = options.hasStart()
      ? 0
      : options.hasEnd()
        ? length - 1
        : Math.min(Number(options.getRevision()), length - 1);
    return events.slice(Math.max(0, from - n + 1), from + 1).reverse();
  }
  const from = options.hasStart() ? 0 : options.hasEnd() ? length : Number(options.getRevision());
  return events.slice(from, from + n);
}

/** `$all` from a position: forwards includes the event there, backwards starts before it. */
function allSlice(
  all: readonly StoredEvent[],
  options: StreamsPb.ReadReq.Options.AllOptions,
  backwards: boolean,
): StoredEvent[] {
  const position = options.hasPosition() ? positionOf(options.getPosition()!) : undefined;
  if (backwards) {
    if (options.hasStart()) return [];
    const before = position ? all.filter((event) => comparePositions(event, position) < 0) : [...all];
    return before.reverse();
  }
  if (options.hasEnd()) return [];
  return position ? all.filter((event) => comparePositions(event, position) >= 0) : [...all];
}

const positionOf = (position: StreamsPb.ReadReq.Options.Position): Position => ({
  commit: BigInt(position.getCommitPosition()),
  prepare: BigInt(position.getPreparePosition()),
});

interface Filter {
  (event: StoredEvent): boolean;
  checkpointEvery: number;
}

function filterOf(options: Options): Filter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const matches = (event: StoredEvent): boolean => {
    const subject = onStream ? event.streamName : event.type;
    if (prefixes.length > 0) return prefixes.some((prefix) => subject.startsWith(prefix));
    return regex ? regex.test(subject) : true;
  };
  return Object.assign(matches, {
    checkpointEvery: CHECKPOINT_BASE * Math.max(1, filter.getCheckpointintervalmultiplier()),
  });
}

/**
 * Confirmation, then the events after the start position (exclusive), then `caughtUp`, then live
 * events as they are appended. A filtered subscription also reports a checkpoint every
 * `checkpointEvery` scanned events, matching or not.
 */
async function subscribeToAll(
  log: DoubleLog,
  live: LiveCall,
  options: Options,
  matches: Filter | undefined,
  structuredIds: boolean,
): Promise<void> {
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  const confirmed = new streamsPb.ReadResp();
  confirmed.setConfirmation(confirmation);
  await live.send(confirmed);

  const all = options.getAll()!;
  const start = all.hasPosition() ? positionOf(all.getPosition()!) : undefined;
  let cursor = all.hasEnd()
    ? log.all.length
    : start
      ? log.all.findIndex((event) => comparePositions(event, start) > 0)
      : 0;
  if (cursor < 0) cursor = log.all.length;
  let scanned = 0;
  let caughtUp = false;
  while (!live.isClosed) {
    // Re-checked after every await: appends made meanwhile are already in the log.
    if (cursor < log.all.length) {
      const event = log.all[cursor++];
      scanned++;
      if (!matches || matches(event)) await live.send(eventResponse(event, structuredIds));
      if (matches && scanned % matches.checkpointEvery === 0) await live.send(checkpointAt(event));
    } else if (!caughtUp) {
      caughtUp = true;
      const response = new streamsPb.ReadResp();
      response.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
      await live.send(response);
    } else {
      await live.nextAppend(log);
    }
  }
}

function checkpointAt(event: StoredEvent): StreamsPb.ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(event.commit.toString());
  checkpoint.setPreparePosition(event.prepare.toString());
  const response = new streamsPb.ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}
