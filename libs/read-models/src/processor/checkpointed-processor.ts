import { Logger } from '@nestjs/common';
import {
  positionToString,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';
import type { ReadModelDatabase } from '../sqlite/read-model-database';
import type { Projection } from './projection';
import type { ReadModelProcessor } from './read-model-processors';
import { messageOf, stackOf } from './error-text';

export interface ProcessorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProcessorOptions {
  /** Events per subscription batch, i.e. per transaction. Default 500. */
  batchSize?: number;
  /** Wait before resubscribing after a failure: doubles from `initialMs` up to `maxMs`. Default 100 ms → 5 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** How often waitForPosition looks at the stored checkpoint (another process may advance it). Default 25 ms. */
  pollIntervalMs?: number;
  logger?: ProcessorLogger;
}

/** The checkpoint is behind what this subscription already applied: someone reset the read model. */
export class CheckpointMovedBackError extends Error {
  constructor(processor: string, stored: bigint, applied: bigint) {
    super(
      `Processor ${processor}: the stored checkpoint (${stored.toString()}) is behind what this subscription applied ` +
        `(${applied.toString()}); resubscribing from the stored checkpoint.`,
    );
    this.name = 'CheckpointMovedBackError';
  }
}

interface Waiter {
  position: bigint;
  resolve(): void;
}

/**
 * Runs one projection from the event log (CONVENTIONS 6; anchor: emmett
 * `src/packages/emmett/src/processors/processors.ts` and `emmett-sqlite/.../storeProcessorCheckpoint.ts`):
 *
 * - subscribes from the stored checkpoint;
 * - applies each batch in ONE IMMEDIATE SQLite transaction that re-reads the checkpoint, skips what
 *   is at or below it (a redelivery, or another process ahead of us), applies the rest, and writes
 *   the checkpoint; a failure rolls back rows and checkpoint together;
 * - when the subscription dies (`done` rejects, e.g. a batch failed) or ends without being asked,
 *   resubscribes from the stored checkpoint after a capped exponential backoff, logging each time:
 *   a subscription never stops silently.
 */
export class CheckpointedProcessor implements ReadModelProcessor {
  private readonly logger: ProcessorLogger;
  private readonly batchSize: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollIntervalMs: number;

  private running = false;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** The last position this instance's current subscription delivered (applied or skipped). */
  private reached = 0n;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    readonly projection: Projection,
    options: ProcessorOptions = {},
  ) {
    this.logger = options.logger ?? new Logger(`Processor:${projection.name}`);
    this.batchSize = options.batchSize ?? 500;
    this.initialBackoffMs = options.backoff?.initialMs ?? 100;
    this.maxBackoffMs = options.backoff?.maxMs ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
  }

  get name(): string {
    return this.projection.name;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The stored checkpoint: the position up to which the read model holds every event. */
  checkpoint(): bigint {
    return this.database.checkpoint(this.name);
  }

  /** Subscribes from the stored checkpoint. Returns once subscribed; events are applied in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.database.ensureTables(this.projection);
    this.subscribe();
  }

  /** Stops following the log; the batch being applied finishes (and commits) first. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /**
   * Resolves once the read model holds every event up to `position` (read-your-writes after a
   * command: wait for its last position), whoever advances it: this instance or another process.
   * Rejects after `timeoutMs`.
   */
  waitForPosition(position: bigint, timeoutMs = 5000): Promise<void> {
    positionToString(position); // refuses a number that lost its bigint type at some boundary
    if (this.checkpoint() >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timeout);
        clearInterval(poll);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      const waiter: Waiter = { position, resolve: () => finish() };
      const timeout = setTimeout(() => {
        finish(
          new Error(
            `Read model "${this.name}" did not reach position ${position.toString()} within ${timeoutMs} ms ` +
              `(it is at ${this.safeCheckpoint()}${this.running ? '' : '; its processor is not running in this process'}).`,
          ),
        );
      }, timeoutMs);
      const poll = setInterval(() => {
        if (this.database.isClosed)
          finish(
            new Error(
              `Read model "${this.name}" was closed while waiting for position ${position.toString()}.`,
            ),
          );
        else if (this.checkpoint() >= position) finish();
      }, this.pollIntervalMs);
      poll.unref();
      this.waiters.add(waiter);
    });
  }

  /**
   * One batch, one transaction: skip what is at or below the stored checkpoint, apply the rest,
   * write the new checkpoint. Returns the checkpoint after the batch.
   */
  applyBatch(events: readonly RecordedEvent[]): bigint {
    if (events.length === 0) return this.checkpoint();
    const checkpoint = this.database.transaction(() => {
      const stored = this.database.checkpoint(this.name);
      if (stored < this.reached) throw new CheckpointMovedBackError(this.name, stored, this.reached);
      const fresh = stored === 0n ? events : events.filter((event) => event.globalPosition > stored);
      if (fresh.length === 0) return stored;
      this.projection.apply(fresh, this.database.tx(this.projection));
      const last = fresh[fresh.length - 1].globalPosition;
      this.database.writeCheckpoint(this.name, last);
      return last;
    });
    const delivered = events[events.length - 1].globalPosition;
    if (delivered > this.reached) this.reached = delivered;
    this.notify(checkpoint);
    return checkpoint;
  }

  private subscribe(): void {
    this.retryTimer = undefined;
    if (!this.running) return;
    let subscription: Subscription;
    try {
      const after = this.database.checkpoint(this.name);
      this.reached = after;
      subscription = this.store.subscribe({
        after,
        batchSize: this.batchSize,
        handle: (events) => {
          this.applyBatch(events);
          this.failures = 0;
        },
      });
    } catch (error) {
      this.retry(error);
      return;
    }
    this.subscription = subscription;
    subscription.done.then(
      () => {
        if (this.subscription === subscription && this.running)
          this.retry(new Error('the subscription ended without being stopped'));
      },
      (error: unknown) => {
        if (this.subscription === subscription && this.running) this.retry(error);
      },
    );
  }

  private retry(error: unknown): void {
    this.subscription = undefined;
    if (!this.running) return;
    this.failures++;
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (this.failures - 1));
    const reason = messageOf(error);
    this.logger.error(
      `Processor ${this.name} lost its subscription (${reason}); resubscribing from checkpoint ` +
        `${this.safeCheckpoint()} in ${delay} ms (failure ${this.failures}).`,
      stackOf(error),
    );
    this.retryTimer = setTimeout(() => this.subscribe(), delay);
  }

  private safeCheckpoint(): string {
    try {
      return this.checkpoint().toString();
    } catch {
      return '?';
    }
  }

  private notify(checkpoint: bigint): void {
    for (const waiter of [...this.waiters]) if (checkpoint >= waiter.position) waiter.resolve();
  }
}
