import type { EventStore } from '@ledger/event-store';
import type { ReadModelProcessor, ReadModelProcessors, ReadModelStore } from '@ledger/read-models';
import { readProcessorProgress } from './processor-progress';

export interface WorkerReadiness {
  status: 'ok' | 'error';
  /** Why not ready, one reason per failed check. */
  problems: string[];
  eventStore: { head: string | null };
  readModels: { store: string };
  processors: { name: string; running: boolean; checkpoint: string; lag: string | null }[];
  /** The letters workflow: it stops at the first day not over, so its lag to the head means nothing. */
  workflows: { name: string; running: boolean; checkpoint: string; halted: string | null }[];
}

/** A workflow the worker runs beside its projections (the letters workflow). */
export interface WorkflowHealth {
  readonly name: string;
  readonly isRunning: boolean;
  /** Why it stopped for good (a letter it cannot write), if it did. */
  readonly halted?: Error;
  checkpoint(): Promise<bigint>;
}

export interface WorkerHealthOptions {
  /** Readiness fails beyond this many events behind the log (HEALTH_MAX_READ_MODEL_LAG). Unset: never. */
  maxLag?: number;
  /** How long a store may take to answer. Default 2 s. */
  timeoutMs?: number;
  /** True once a shutdown began: not ready any more. */
  stopping?: () => boolean;
  /** Workflows whose halt must fail readiness (issue 13: a letter that cannot be written). */
  workflows?: readonly WorkflowHealth[];
}

/**
 * The worker's readiness (its own port, WORKER_PORT): the event store and the read-model database
 * answer, every processor runs, each one's checkpoint and lag, and no shutdown under way.
 */
export async function workerReadiness(
  store: EventStore,
  database: ReadModelStore,
  processors: ReadModelProcessors<ReadModelProcessor>,
  options: WorkerHealthOptions = {},
): Promise<WorkerReadiness> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const problems: string[] = [];
  if (options.stopping?.()) problems.push('shutting down: finishing the batch in progress');
  try {
    await withTimeout(database.ping(), timeoutMs, `the ${database.kind} read-model database`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const { head, processors: progress } = await withTimeout(
    readProcessorProgress(store, processors),
    timeoutMs,
    'the processors’ checkpoints',
  ).catch((error: unknown) => {
    problems.push(error instanceof Error ? error.message : String(error));
    return { head: undefined, processors: [] };
  });
  if (head === undefined) problems.push('the event store does not answer');
  for (const p of progress) {
    if (!p.running) problems.push(`processor ${p.name} is not running`);
    if (options.maxLag !== undefined && p.lag !== undefined && p.lag > BigInt(options.maxLag)) {
      problems.push(`processor ${p.name} is ${p.lag} events behind the log (more than ${options.maxLag})`);
    }
  }
  const workflows = await Promise.all(
    (options.workflows ?? []).map(async (workflow) => {
      if (!workflow.isRunning)
        problems.push(
          workflow.halted
            ? `workflow ${workflow.name} is halted: ${workflow.halted.message}`
            : `workflow ${workflow.name} is not running`,
        );
      const checkpoint = await withTimeout(
        workflow.checkpoint(),
        timeoutMs,
        `the ${workflow.name} checkpoint`,
      ).catch((error: unknown) => {
        problems.push(error instanceof Error ? error.message : String(error));
        return undefined;
      });
      return {
        name: workflow.name,
        running: workflow.isRunning,
        checkpoint: checkpoint === undefined ? '' : checkpoint.toString(),
        halted: workflow.halted?.message ?? null,
      };
    }),
  );
  return {
    status: problems.length === 0 ? 'ok' : 'error',
    problems,
    eventStore: { head: head === undefined ? null : head.toString() },
    readModels: { store: database.kind },
    processors: progress.map((p) => ({
      name: p.name,
      running: p.running,
      checkpoint: p.checkpoint.toString(),
      lag: p.lag === undefined ? null : p.lag.toString(),
    })),
    workflows,
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
