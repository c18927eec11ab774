import { Logger } from '@nestjs/common';
import {
  positionToString,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';
import { messageOf, stackOf } from './error-text';
import type { ReadModelProcessor } from './read-model-processors';
import type { ReadModelStore } from './read-model-store';

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

/** Failures in a row after which a processor reports itself failing (readiness). */
const FAILING_AFTER = 3;

interface Waiter {
  position: bigint;
  resolve(): void;
}

/**
 * What every processor does around its store's transactions (CONVENTIONS 6; anchor: emmett
 * `src/packages/emmett/src/processors/processors.ts`):
 *
 * - subscribes from the stored checkpoint;
 * - hands each batch to `applyBatch`, which the store implements as ONE transaction that reads the
 *   checkpoint, keeps what `unapplied` keeps (a redelivery, or another process ahead of us, is
 *   skipped), applies it and writes the new checkpoint, then reports through `committed`;
 * - when the subscription dies (`done` rejects, e.g. a batch failed) or ends without being asked,
 *   resubscribes from the stored checkpoint after a capped exponential backoff, logging each time:
 *   a subscription never stops silently.
 *
 * The store's transaction stays in the subclass because its shape is the store's: SQLite's is
 * synchronous (no await may run inside it), PostgreSQL's spans awaits on one pooled client.
 */
export abstract class CheckpointedRunner implements ReadModelProcessor {
  private readonly logger: ProcessorLogger;
  private readonly batchSize: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollIntervalMs: number;

  private running = false;
  /** Bumped by stop(): a subscribe() still awaiting the database when it was stopped gives up. */
  private generation = 0;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastFailure: string | undefined;
  /** The last position this instance's current subscription delivered (applied or skipped). */
  private reached = 0n;
  private readonly waiters = new Set<Waiter>();

  protected abstract readonly database: ReadModelStore;

  constructor(
    private readonly store: EventStore,
    readonly name: string,
    options: ProcessorOptions,
  ) {
    this.logger = options.logger ?? new Logger(`Processor:${name}`);
    this.batchSize = options.batchSize ?? 500;
    this.initialBackoffMs = options.backoff?.initialMs ?? 100;
    this.maxBackoffMs = options.backoff?.maxMs ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
  }

  /** The stored checkpoint: the position up to which the read model holds every event. */
  abstract checkpoint(): bigint | Promise<bigint>;

  /**
   * One batch, one transaction with its checkpoint: skip what `unapplied` drops, apply the rest,
   * write the new checkpoint, then `committed`. Returns the checkpoint after the batch.
   */
  abstract applyBatch(events: readonly RecordedEvent[]): bigint | Promise<bigint>;

  /** The checkpoint for a message: never throws, even with the database unreachable. */
  protected abstract describeCheckpoint(): string;

  /** Runs before each subscription, retried with it when it fails. */
  protected async prepare(): Promise<void> {}

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Why the processor keeps failing, after FAILING_AFTER failures in a row (a batch it cannot apply,
   * a store that does not answer): readiness reports it. Undefined once a batch commits again.
   */
  get failure(): string | undefined {
    return this.running && this.failures >= FAILING_AFTER ? this.lastFailure : undefined;
  }

  /** Subscribes from the stored checkpoint. Returns once subscribed (or once a retry is scheduled). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.subscribe();
  }

  /** Stops following the log; the batch being applied finishes (commits or rolls back) first. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /**
   * Resolves once the read model holds every event up to `position` (read-your-writes after a
   * command: wait for its last position), whoever advances it: this instance (at once, on its
   * commit) or another process (seen by polling the stored checkpoint). Rejects after `timeoutMs`.
   * A database that cannot be reached meanwhile only delays it.
   */
  waitForPosition(position: bigint, timeoutMs = 5000): Promise<void> {
    positionToString(position); // refuses a number that lost its bigint type at some boundary
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let poll: NodeJS.Timeout | undefined;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        clearTimeout(poll);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      const waiter: Waiter = { position, resolve: () => finish() };
      const timeout = setTimeout(() => {
        finish(
          new Error(
            `Read model "${this.name}" did not reach position ${position.toString()} within ${timeoutMs} ms ` +
              `(it is at ${this.describeCheckpoint()}${this.running ? '' : '; its processor is not running in this process'}).`,
          ),
        );
      }, timeoutMs);
      const check = async () => {
        if (settled) return;
        if (this.database.isClosed) {
          finish(
            new Error(
              `Read model "${this.name}" was closed while waiting for position ${position.toString()}.`,
            ),
          );
          return;
        }
        try {
          if ((await this.checkpoint()) >= position) return finish();
        } catch {
          // Unreachable for now: the timeout says where it last was.
        }
        if (!settled) {
          poll = setTimeout(() => void check(), this.pollIntervalMs);
          poll.unref();
        }
      };
      this.waiters.add(waiter);
      void check();
    });
  }

  /**
   * Inside the batch's transaction, given the checkpoint it read: what is left to apply. Throws when
   * the checkpoint moved back under us, so that the transaction rolls back and we resubscribe.
   */
  protected unapplied(events: readonly RecordedEvent[], stored: bigint): readonly RecordedEvent[] {
    if (stored < this.reached) throw new CheckpointMovedBackError(this.name, stored, this.reached);
    return stored === 0n ? events : events.filter((event) => event.globalPosition > stored);
  }

  /** Once the batch's transaction committed at `checkpoint`: wakes the waiters it satisfies. */
  protected committed(events: readonly RecordedEvent[], checkpoint: bigint): bigint {
    const delivered = events[events.length - 1].globalPosition;
    if (delivered > this.reached) this.reached = delivered;
    for (const waiter of [...this.waiters]) if (checkpoint >= waiter.position) waiter.resolve();
    return checkpoint;
  }

  private async subscribe(): Promise<void> {
    this.retryTimer = undefined;
    if (!this.running) return;
    const generation = this.generation;
    let subscription: Subscription;
    try {
      await this.prepare();
      const after = await this.checkpoint();
      if (!this.running || generation !== this.generation) return; // stopped (and maybe restarted) meanwhile
      this.reached = after;
      subscription = this.store.subscribe({
        after,
        batchSize: this.batchSize,
        handle: async (events) => {
          await this.applyBatch(events);
          this.failures = 0;
          this.lastFailure = undefined;
        },
      });
    } catch (error) {
      if (generation === this.generation) this.retry(error);
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
    this.lastFailure = messageOf(error);
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (this.failures - 1));
    this.logger.error(
      `Processor ${this.name} lost its subscription (${messageOf(error)}); resubscribing from checkpoint ` +
        `${this.describeCheckpoint()} in ${delay} ms (failure ${this.failures}).`,
      stackOf(error),
    );
    this.retryTimer = setTimeout(() => void this.subscribe(), delay);
  }
}
