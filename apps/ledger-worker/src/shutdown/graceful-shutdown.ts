import { Logger, type INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ReadModelProcessors, type ReadModelProcessor } from '@ledger/read-models';
import { DailyRunScheduler } from '@ledger/worker';

export interface GracefulShutdownOptions {
  /** How long the batch in progress and the daily run may take to finish. Default: SHUTDOWN_GRACE_MS, else 30 s. */
  graceMs?: number;
  signals?: NodeJS.Signals[];
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
  /** Default: process.exit. */
  exit?: (code: number) => void;
}

/** Where each processor stopped, and the head of the log then: what the shutdown log line reports. */
export interface StoppedAt {
  head: string;
  checkpoints: Record<string, string>;
}

/**
 * Stops the worker in the order that loses nothing (issue 6, item 5): no new daily run and the one
 * in progress finished; then each processor stops following the log once the batch it is applying
 * has committed with its checkpoint (CheckpointedProcessor.stop). Returns where they stopped; the
 * stores are still open, for the caller to close (app.close()).
 */
export async function stopWorker(app: INestApplicationContext): Promise<StoppedAt> {
  await app.get(DailyRunScheduler).stop();
  const processors = app.get<ReadModelProcessors<ReadModelProcessor>>(ReadModelProcessors);
  await processors.stop();
  const checkpoints: Record<string, string> = {};
  for (const processor of processors.all)
    checkpoints[processor.name] = (await processor.checkpoint()).toString();
  const head = (await app.get<EventStore>(EVENT_STORE).headPosition()).toString();
  return { head, checkpoints };
}

/** SHUTDOWN_GRACE_MS, a whole number of milliseconds; default 30 s. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env, fallback = 30_000): number {
  const raw = env.SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw))
    throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds (got ${JSON.stringify(raw)}).`);
  return Number(raw);
}

/**
 * The worker's answer to SIGTERM and SIGINT: stopWorker, then close the stores, then exit 0, with a
 * log line saying where each read model stopped. A second signal, or a shutdown that outlasts the
 * grace period, exits at once with 1: even then nothing is lost, since a batch is one transaction
 * with its checkpoint and the next start resumes from the checkpoint.
 *
 * Used instead of Nest's enableShutdownHooks, which closes in the same order but says nothing and
 * waits forever.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  options: GracefulShutdownOptions = {},
): () => void {
  const logger = options.logger ?? new Logger('LedgerWorker');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? shutdownGraceMs();
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(
        `${signal} again: exiting now; the batch in progress, if any, rolls back and is applied again at the next start.`,
      );
      exit(1);
      return;
    }
    stopping = true;
    const started = Date.now();
    logger.log(`${signal}: stopping; the daily run and the batch in progress finish first.`);
    const timer = setTimeout(() => {
      logger.error(
        `Not stopped within ${graceMs} ms: exiting; the batch in progress rolls back and is applied again at the next start.`,
      );
      exit(1);
    }, graceMs);
    void (async () => {
      try {
        const stopped = await stopWorker(app);
        await app.close();
        const at = Object.entries(stopped.checkpoints)
          .map(([name, position]) => `${name} at ${position}`)
          .join(', ');
        logger.log(
          `Ledger worker stopped in ${Date.now() - started} ms: ${at} (head of the log: ${stopped.head}).`,
        );
        clearTimeout(timer);
        exit(0);
      } catch (error) {
        clearTimeout(timer);
        logger.error(
          `Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        exit(1);
      }
    })();
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
