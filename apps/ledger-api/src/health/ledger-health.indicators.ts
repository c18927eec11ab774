import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ReadModelProcessors, ReadModelStore, type ReadModelProcessor } from '@ledger/read-models';
import { LettersWorkflowRunner } from '@ledger/read-models/letters';
import { RequestDrain } from './request-drain';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** The worker runs in this process (RUN_WORKER): its processors must then be running. */
  workerInProcess: boolean;
  /** Readiness fails when a read model is more than this many events behind the log. Unset: never. */
  maxReadModelLag?: number;
  /** How long a store may take to answer a health probe. Default 2 s. */
  timeoutMs?: number;
}

/**
 * What readiness and liveness look at (@nestjs/terminus): the event store answers with its head, the
 * read-model database answers a query, its processors run (when this process runs the worker) and
 * how far they are behind the log, and whether the service is draining for a shutdown.
 */
@Injectable()
export class LedgerHealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Store-independent: SQLite or PostgreSQL read models, whichever module the app imports.
    private readonly database: ReadModelStore,
    private readonly processors: ReadModelProcessors<ReadModelProcessor>,
    private readonly drain: RequestDrain,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    // Present when the worker runs in this process: a letter it cannot write makes it unready.
    @Optional() private readonly letters?: LettersWorkflowRunner,
  ) {}

  /** The process answers HTTP and its event loop turns: all liveness should say. */
  process(): HealthIndicatorResult<'process'> {
    return this.indicators
      .check('process')
      .up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
  }

  /** Not ready once a shutdown has begun: the orchestrator sends new traffic elsewhere. */
  accepting(): HealthIndicatorResult<'requests'> {
    const session = this.indicators.check('requests');
    return this.drain.isDraining
      ? session.down({
          message: 'shutting down: finishing the requests in flight',
          inFlight: this.drain.requestsInFlight,
        })
      : session.up({ inFlight: this.drain.requestsInFlight });
  }

  async eventStore(): Promise<HealthIndicatorResult<'eventStore'>> {
    return this.indicators
      .check('eventStore')
      .attempt(async () => ({ head: (await this.store.headPosition()).toString() }))
      .withTimeout(this.options.timeoutMs ?? 2000);
  }

  async readModel(): Promise<HealthIndicatorResult<'readModel'>> {
    const session = this.indicators.check('readModel');
    let head: bigint;
    try {
      head = await this.store.headPosition();
    } catch {
      head = -1n; // the event store's own indicator reports it; lag is then unknown
    }
    try {
      if (this.database.isClosed)
        return session.down({ message: `the ${this.database.kind} read-model database is closed` });
      await withTimeout(
        this.database.ping(),
        this.options.timeoutMs ?? 2000,
        `the ${this.database.kind} read-model database`,
      );
      const processors = await Promise.all(
        this.processors.all.map(async (processor) => {
          const checkpoint = await processor.checkpoint();
          return {
            name: processor.name,
            checkpoint: checkpoint.toString(),
            lag: head >= 0n ? (head > checkpoint ? head - checkpoint : 0n).toString() : 'unknown',
            running: processor.isRunning,
            ...(processor.failure ? { failure: processor.failure } : {}),
          };
        }),
      );
      const stopped = this.options.workerInProcess
        ? processors.filter((p) => !p.running).map((p) => p.name)
        : [];
      const max = this.options.maxReadModelLag;
      const behind =
        max === undefined
          ? []
          : processors.filter((p) => p.lag !== 'unknown' && BigInt(p.lag) > BigInt(max)).map((p) => p.name);
      const data = {
        store: this.database.kind,
        head: head >= 0n ? head.toString() : 'unknown',
        workerInProcess: this.options.workerInProcess,
        processors,
      };
      if (stopped.length > 0)
        return session.down({ ...data, message: `processor(s) not running: ${stopped.join(', ')}` });
      const failing = processors.filter((p) => p.failure !== undefined);
      if (this.options.workerInProcess && failing.length > 0)
        return session.down({ ...data, message: failing.map((p) => `${p.name}: ${p.failure}`).join('; ') });
      if (this.letters?.halted) return session.down({ ...data, message: this.letters.halted.message });
      if (behind.length > 0)
        return session.down({
          ...data,
          message: `more than ${max} events behind the log: ${behind.join(', ')}`,
        });
      return session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** HEALTH_MAX_READ_MODEL_LAG: unset (lag reported, never failing), or a whole number of events. */
export function maxReadModelLag(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.HEALTH_MAX_READ_MODEL_LAG?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw))
    throw new Error(
      `HEALTH_MAX_READ_MODEL_LAG must be a whole number of events (got ${JSON.stringify(raw)}).`,
    );
  return Number(raw);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
