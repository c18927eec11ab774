import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProcessorProgress } from '@ledger/worker';
import type { CommandObserver, CommandOutcome, DueChangesReport } from '@ledger/application';
import type { LettersWorkflowObserver, LettersWorkflowPass } from '@ledger/read-models/letters';

/**
 * The ledger's Prometheus metrics (prom-client), one registry per process. `service` ("api" or
 * "worker") labels every series, so that one Prometheus tells the processes apart; its job and
 * instance labels tell the instances apart.
 *
 * It is the CommandObserver of the application layer and the observer of the daily run, so the
 * counters are fed by the code that decides, not guessed from HTTP.
 */
export class LedgerMetrics implements CommandObserver, LettersWorkflowObserver {
  readonly registry = new Registry();

  readonly graphqlRequests = new Histogram({
    name: 'ledger_graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name and outcome (ok, or the first error code), and how long they took',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Licence commands by type and outcome: appended, unchanged (nothing to append, or sent again), refused (with its code), failed',
    labelNames: ['command', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'ledger_command_events_appended_total',
    help: 'Events appended by licence commands, by command type',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly conflictRetries = new Counter({
    name: 'ledger_command_conflict_retries_total',
    help: 'Attempts of a licence command taken again after another writer appended to the licence first',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'ledger_rate_limited_total',
    help: 'Requests refused with 429 by the rate limits, by kind of caller',
    labelNames: ['caller'] as const,
    registers: [this.registry],
  });

  readonly dailyRuns = new Counter({
    name: 'ledger_daily_runs_total',
    help: 'Daily runs (applyDueChanges) by outcome: completed or failed',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly dailyRunEvents = new Counter({
    name: 'ledger_daily_run_events_appended_total',
    help: 'Decisions appended by the daily runs',
    registers: [this.registry],
  });

  readonly dailyRunLicences = new Counter({
    name: 'ledger_daily_run_licences_total',
    help: 'Licences the daily runs changed, or failed to change',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly lettersIssued = new Counter({
    name: 'ledger_letters_issued_total',
    help: 'LetterIssued events the letters workflow appended (found already appended: not counted)',
    registers: [this.registry],
  });

  readonly lettersNotSent = new Counter({
    name: 'ledger_letters_withdrawn_same_day_total',
    help: 'Letters not sent because their decision was reversed on its own business day (RULES §6)',
    registers: [this.registry],
  });

  constructor(service: string, { defaultMetrics = true }: { defaultMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ service });
    // Process metrics (CPU, memory, event-loop lag, handles): what an operator looks at first.
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }

  commandSettled(command: string, result: CommandOutcome): void {
    const code = result.outcome === 'refused' ? result.code : '';
    this.commands.inc({ command, outcome: result.outcome, code });
    if (result.outcome === 'appended') this.eventsAppended.inc({ command }, result.eventsAppended);
  }

  commandRetriedAfterConflict(command: string): void {
    this.conflictRetries.inc({ command });
  }

  dailyRunCompleted(report: DueChangesReport): void {
    this.dailyRuns.inc({ outcome: 'completed' });
    this.dailyRunEvents.inc(report.eventsAppended);
    this.dailyRunLicences.inc({ outcome: 'changed' }, report.licencesChanged);
    this.dailyRunLicences.inc({ outcome: 'failed' }, report.licencesFailed);
  }

  lettersWorkflowPassed(pass: LettersWorkflowPass): void {
    this.lettersIssued.inc(pass.issued);
    this.lettersNotSent.inc(pass.withdrawnSameDay);
  }

  dailyRunFailed(): void {
    this.dailyRuns.inc({ outcome: 'failed' });
  }

  /** Checkpoint, lag and running state of each processor, read when Prometheus scrapes. */
  watchReadModels(progress: () => Promise<readonly ProcessorProgress[]>): void {
    let latest: Promise<readonly ProcessorProgress[]> | undefined;
    // The three gauges are collected one after another for one scrape: ask the processors once.
    const read = () => (latest ??= progress().finally(() => setImmediate(() => (latest = undefined))));
    const gauge = (name: string, help: string, value: (p: ProcessorProgress) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['processor'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const processor of await read()) {
            const v = value(processor);
            if (v !== undefined) this.set({ processor: processor.name }, v);
          }
        },
      });
    gauge('ledger_read_model_checkpoint', 'Position of the log each read-model processor has applied', (p) =>
      Number(p.checkpoint),
    );
    gauge('ledger_read_model_lag_events', 'Events of the log a read-model processor has yet to apply', (p) =>
      p.lag === undefined ? undefined : Number(p.lag),
    );
    gauge('ledger_read_model_processor_running', '1 while a read-model processor follows the log', (p) =>
      p.running ? 1 : 0,
    );
  }

  /** Holders' live sessions in the shared store (the same figure on every API instance). */
  watchActiveSessions(count: () => Promise<number>): void {
    new Gauge({
      name: 'ledger_active_sessions',
      help: "Holders' sessions live in the shared store",
      registers: [this.registry],
      async collect() {
        this.set(await count());
      },
    });
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
