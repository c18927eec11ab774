import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

export interface PollingSubscriptionOptions extends Required<SubscribeOptions> {
  pollIntervalMs: number;
  /** Events strictly after `after`, in log order, at most `maxCount`. */
  readBatch(after: bigint, maxCount: number): RecordedEvent[];
  /** Registers a wake-up for in-process appends; returns the unregister function. */
  onAppend(listener: () => void): () => void;
  /** Called once the subscription has ended, however it ended. */
  onEnd(): void;
}

/**
 * Reads the log in batches from a checkpoint, awaiting the handler before the next read (an async
 * listener Node does not await is how events get applied twice or out of order), then sleeps until
 * an in-process append wakes it or the poll interval passes (appends from other processes).
 * A handler error ends the subscription and rejects `done`: the processor resubscribes from its
 * checkpoint instead of the subscription stopping silently.
 */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  /** Set by an append notification, so one arriving between the read and the sleep is not lost. */
  private woken = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: PollingSubscriptionOptions) {
    // `done` is the only promise handed out: a failure nobody awaits surfaces as an unhandled
    // rejection instead of a subscription that stopped silently.
    this.done = this.run();
  }

  /** Not to be awaited inside `handle`: it waits for that very call to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // Resolves once the in-flight handler call has finished; its failure is reported by `done`.
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const unregister = this.options.onAppend(() => {
      this.woken = true;
      this.wake?.();
    });
    try {
      await this.follow();
    } finally {
      unregister();
      this.options.onEnd();
    }
  }

  private async follow(): Promise<void> {
    const { readBatch, handle, batchSize } = this.options;
    let position = this.options.after;
    while (!this.stopped) {
      // Yield to the event loop: a long catch-up of synchronous reads must not starve other I/O.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopped) break;
      this.woken = false;
      const batch = readBatch(position, batchSize);
      if (batch.length === 0) {
        await this.sleep();
        continue;
      }
      await handle(batch);
      position = batch[batch.length - 1].globalPosition;
    }
  }

  private sleep(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.options.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
