import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

export interface ReconnectPolicy {
  /** Wait before the first resubscription after a drop. */
  initialDelayMs: number;
  /** Cap of the doubling wait while the server stays away. */
  maxDelayMs: number;
}

/** Why a subscription to `$all` went away: the server's error, or a normal end (error undefined). */
export type SubscriptionDropListener = (drop: { error: unknown; attempt: number; delayMs: number }) => void;

export interface EsdbSubscriptionOptions extends Required<SubscribeOptions> {
  reconnect: ReconnectPolicy;
  /** Opens a filtered subscription to `$all`, exclusive of `after` (0n: from the start). */
  open(after: bigint): AllStreamSubscription;
  /** Undefined for events outside the ledger (system events, other applications' streams). */
  toEvent(resolved: AllStreamResolvedEvent): RecordedEvent | undefined;
  onDrop?: SubscriptionDropListener;
  /** Called once the subscription has ended, however it ended. */
  onEnd(): void;
}

/** The server dropped the call (error) or ended it: a reason to resubscribe, not to die. */
class Dropped {
  constructor(readonly error: unknown) {}
}

/**
 * Pulls events out of one client subscription in batches, with `read()`: the caller awaits its
 * handler before pulling again, so nothing runs concurrently or out of order (an async
 * `on('data')` listener, which Node does not await, would), and the client's stream applies
 * backpressure to the server meanwhile.
 */
class Feed {
  private failure: Dropped | undefined;
  private ended = false;
  private wake: (() => void) | undefined;
  confirmed = false;

  constructor(private readonly stream: AllStreamSubscription) {
    // The server going away shows only as `error` (never `end`); a normal end only as `end`.
    stream.on('error', (error: unknown) => {
      this.failure ??= new Dropped(error);
      this.interrupt();
    });
    stream.on('end', () => {
      this.ended = true;
      this.interrupt();
    });
    stream.on('close', () => {
      this.ended = true;
      this.interrupt();
    });
    stream.on('readable', () => this.interrupt());
    stream.on('confirmation', () => (this.confirmed = true));
  }

  /** Up to `max` events; null once `stopped()`; throws Dropped when the call is over. */
  async next(max: number, stopped: () => boolean): Promise<AllStreamResolvedEvent[] | null> {
    for (;;) {
      if (stopped()) return null;
      const batch: AllStreamResolvedEvent[] = [];
      while (batch.length < max) {
        const item = this.stream.read() as AllStreamResolvedEvent | null;
        if (item === null) break;
        batch.push(item);
      }
      // Events received before a drop are good: hand them over first.
      if (batch.length > 0) return batch;
      if (this.failure) throw this.failure;
      if (this.ended) throw new Dropped(undefined);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  interrupt(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async close(): Promise<void> {
    await this.stream.unsubscribe().catch(() => undefined);
    this.stream.destroy();
  }
}

/**
 * A catch-up subscription to `$all` that survives the server: after any drop (an error, including
 * a raw gRPC UNAVAILABLE, or an end without error) it resubscribes after the last event it handed
 * over, waiting initialDelayMs, then twice as long each time, up to maxDelayMs. Events at or before
 * that position are skipped, so a resubscription never delivers one twice. Only the handler (or an
 * event that cannot be read, such as a failed upcast) ends it with an error: `done` rejects and the
 * processor resubscribes from its checkpoint, rather than the subscription stopping silently.
 */
export class EsdbSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private feed: Feed | undefined;
  private cancelSleep: (() => void) | undefined;

  constructor(private readonly options: EsdbSubscriptionOptions) {
    this.done = this.run();
  }

  /** Not to be awaited inside `handle`: it waits for that very call to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.feed?.interrupt();
    this.cancelSleep?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      await this.follow();
    } finally {
      this.options.onEnd();
    }
  }

  private async follow(): Promise<void> {
    const { batchSize, handle, reconnect } = this.options;
    let position = this.options.after;
    let attempt = 0;
    while (!this.stopped) {
      const feed = new Feed(this.options.open(position));
      this.feed = feed;
      let drop: Dropped;
      try {
        for (;;) {
          const batch = await feed.next(batchSize, () => this.stopped);
          if (batch === null) return;
          const events = batch
            .map((resolved) => this.options.toEvent(resolved))
            .filter(
              (event): event is RecordedEvent => event !== undefined && event.globalPosition > position,
            );
          if (events.length === 0) continue;
          await handle(events);
          position = events[events.length - 1].globalPosition;
        }
      } catch (error) {
        if (!(error instanceof Dropped)) throw error;
        drop = error;
      } finally {
        this.feed = undefined;
        await feed.close();
      }
      if (this.stopped) return;
      // A confirmed subscription means the server was back: start the backoff over.
      attempt = feed.confirmed ? 1 : attempt + 1;
      const delayMs = Math.min(reconnect.maxDelayMs, reconnect.initialDelayMs * 2 ** (attempt - 1));
      this.options.onDrop?.({ error: drop.error, attempt, delayMs });
      await this.sleep(delayMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cancelSleep = done;
    });
  }
}
