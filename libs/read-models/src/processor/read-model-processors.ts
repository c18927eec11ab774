import type { CheckpointedProcessor } from './checkpointed-processor';

/**
 * What the worker and the API need of a processor, whichever store its read model lives in
 * (CheckpointedProcessor on SQLite, PgCheckpointedProcessor on PostgreSQL).
 */
export interface ReadModelProcessor {
  readonly name: string;
  readonly isRunning: boolean;
  /** Why it keeps failing (several failures in a row), for readiness; undefined when it is not. */
  readonly failure?: string;
  /** The stored checkpoint (SQLite answers at once, PostgreSQL asynchronously: await it). */
  checkpoint(): bigint | Promise<bigint>;
  /** Subscribes from the stored checkpoint; events are applied in the background. */
  start(): Promise<void>;
  /** Stops following the log; the batch being applied commits first. */
  stop(): Promise<void>;
  /** Resolves once the read model holds every event up to `position`, whoever applied them. */
  waitForPosition(position: bigint, timeoutMs?: number): Promise<void>;
}

/**
 * Every processor of the read-model database (licences now, letters next), started and stopped
 * together. Typed by the processors it holds: CheckpointedProcessor by default (SQLite); code that
 * works on either store takes `ReadModelProcessors<ReadModelProcessor>`.
 */
export class ReadModelProcessors<P extends ReadModelProcessor = CheckpointedProcessor> {
  constructor(readonly all: readonly P[]) {}

  get(name: string): P {
    const processor = this.all.find((candidate) => candidate.name === name);
    if (!processor) throw new Error(`No processor named "${name}".`);
    return processor;
  }

  async start(): Promise<void> {
    for (const processor of this.all) await processor.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((processor) => processor.stop()));
  }

  /** Every read model holds every event up to `position` (read-your-writes after a command). */
  async waitForPosition(position: bigint, timeoutMs?: number): Promise<void> {
    await Promise.all(this.all.map((processor) => processor.waitForPosition(position, timeoutMs)));
  }
}
