import type { EventStore } from '@ledger/event-store';
import type { ReadModelProcessor, ReadModelProcessors } from '@ledger/read-models';

export interface ProcessorProgress {
  name: string;
  checkpoint: bigint;
  /** Events after the checkpoint; undefined when the log's head could not be read. */
  lag: bigint | undefined;
  running: boolean;
}

/** Where each read-model processor stands against the head of the log: health and metrics ask it. */
export async function readProcessorProgress(
  store: EventStore,
  processors: ReadModelProcessors<ReadModelProcessor>,
): Promise<{ head: bigint | undefined; processors: ProcessorProgress[] }> {
  let head: bigint | undefined;
  try {
    head = await store.headPosition();
  } catch {
    head = undefined; // the event store's own check reports it; the lag is then unknown
  }
  const progress = await Promise.all(
    processors.all.map(async (processor) => {
      const checkpoint = await processor.checkpoint();
      return {
        name: processor.name,
        checkpoint,
        lag: head === undefined ? undefined : head > checkpoint ? head - checkpoint : 0n,
        running: processor.isRunning,
      };
    }),
  );
  return { head, processors: progress };
}
