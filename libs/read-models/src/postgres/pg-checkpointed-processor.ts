import { Logger } from '@nestjs/common';
import {
  positionToString,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';
import {
  CheckpointMovedBackError,
  type ProcessorLogger,
  type ProcessorOptions,
} from '../processor/checkpointed-processor';
import { messageOf, stackOf } from '../processor/error-text';
import type { ReadModelProcessor } from '../processor/read-model-processors';
import type { PgProjection } from './pg-projection';
import type { PgReadModelDatabase } from './pg-read-model-database';

interface Waiter {
  position: bigint;
  resolve(): void;
}

/**
 * Runs one PostgreSQL projection from the event log, with the guarantees and the API of the SQLite
 * CheckpointedProcessor (CONVENTIONS 6; anchor: emmett `src/packages/emmett/src/processors/processors.ts`):
 *
 * - subscribes from the stored checkpoint;
 * - applies each batch in ONE transaction on one pooled client: BEGIN, lock the checkpoint row
 *   (SELECT … FOR UPDATE: a second processor on the same database waits, then sees the new
 *   checkpoint), skip what is at or below it, apply the rest, UPDATE the checkpoint, COMMIT. Any
 *   failure, a database error included, rolls rows and checkpoint back together;
 * - when the subscription dies (a batch failed: the server restarted, a bug) or ends without being
 *   asked, resubscribes from the stored checkpoint after a capped exponential backoff, logging each
 *   time; reading that checkpoint while the server is still down fails and backs off again, and the
 *   pg.Pool connects afresh once it is back. A subscription never stops silently.
 *
 * A COMMIT whose answer was lost with the connection may have committed: the processor does not
 * assume either way, it resubscribes from whatever checkpoint is stored, so the batch is applied
 * exactly once in both cases.
 */
export class PgCheckpointedProcessor implements ReadModelProcessor {
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
  /** The last position this instance's current subscription delivered (applied or skipped). */
  private reached = 0n;
  /** The last checkpoint this instance read or committed: for messages when the database is unreachable. */
  private lastKnown: bigint | undefined;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly store: EventStore,
    private readonly database: PgReadModelDatabase,
    readonly projection: PgProjection,
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
  async checkpoint(): Promise<bigint> {
    const checkpoint = await this.database.checkpoint(this.name);
    this.lastKnown = checkpoint;
    return checkpoint;
  }

  /**
   * Makes sure the tables exist, then subscribes from the stored checkpoint. Returns once subscribed
   * (or once the first attempt failed and a retry is scheduled); events are applied in the background.
   */
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
   * Resolves once the read model holds every event up to `position`, whoever advances it: this
   * instance (at once, on its commit) or another process (seen by polling the stored checkpoint).
   * Rejects after `timeoutMs`. A database that cannot be reached meanwhile only delays it.
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
              `(it is at ${this.lastKnown?.toString() ?? '?'}${this.running ? '' : '; its processor is not running in this process'}).`,
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
   * One batch, one transaction: lock and read the checkpoint, skip what is at or below it, apply the
   * rest, write the new checkpoint. Resolves to the checkpoint after the batch.
   */
  async applyBatch(events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return this.checkpoint();
    const checkpoint = await this.database.transaction(async (client) => {
      const stored = await this.database.lockCheckpoint(client, this.name);
      if (stored < this.reached) throw new CheckpointMovedBackError(this.name, stored, this.reached);
      const fresh = stored === 0n ? events : events.filter((event) => event.globalPosition > stored);
      if (fresh.length === 0) return stored;
      await this.projection.apply(fresh, this.database.tx(this.projection, client));
      const last = fresh[fresh.length - 1].globalPosition;
      await this.database.writeCheckpoint(client, this.name, last);
      return last;
    });
    this.lastKnown = checkpoint;
    const delivered = events[events.length - 1].globalPosition;
    if (delivered > this.reached) this.reached = delivered;
    this.notify(checkpoint);
    return checkpoint;
  }

  private async subscribe(): Promise<void> {
    this.retryTimer = undefined;
    if (!this.running) return;
    const generation = this.generation;
    let subscription: Subscription;
    try {
      await this.database.ensureTables(this.projection);
      const after = await this.checkpoint();
      if (!this.running || generation !== this.generation) return; // stopped (and maybe restarted) meanwhile
      this.reached = after;
      subscription = this.store.subscribe({
        after,
        batchSize: this.batchSize,
        handle: async (events) => {
          await this.applyBatch(events);
          this.failures = 0;
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
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (this.failures - 1));
    this.logger.error(
      `Processor ${this.name} lost its subscription (${messageOf(error)}); resubscribing from checkpoint ` +
        `${this.lastKnown?.toString() ?? '?'} in ${delay} ms (failure ${this.failures}).`,
      stackOf(error),
    );
    this.retryTimer = setTimeout(() => void this.subscribe(), delay);
  }

  private notify(checkpoint: bigint): void {
    for (const waiter of [...this.waiters]) if (checkpoint >= waiter.position) waiter.resolve();
  }
}
