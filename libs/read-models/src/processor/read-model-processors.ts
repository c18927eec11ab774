import type { CheckpointedProcessor } from './checkpointed-processor';

/** Every processor of the read-model database (licences now, letters next), started and stopped together. */
export class ReadModelProcessors {
  constructor(readonly all: readonly CheckpointedProcessor[]) {}

  get(name: string): CheckpointedProcessor {
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
