import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplyDueChangesCommand, Clock, type DueChangesReport } from '@ledger/application';
import { DailyRunLog } from './daily-run-log';
import { nextParisMidnight } from './next-paris-midnight';

export interface DailyRunOptions {
  /** False: no run at start-up and none scheduled. Default true. */
  enabled?: boolean;
  /** The instant, for the timer to the next midnight (the day itself always comes from the Clock). */
  now?: () => Date;
  /** Wait before trying again after a run that failed (the store was down…). Default 60 s. */
  retryDelayMs?: number;
}

export const DAILY_RUN_OPTIONS = Symbol('DAILY_RUN_OPTIONS');

/** Told of each daily run that ran (the metrics); a port, so the scheduler knows no metrics library. */
export interface DailyRunObserver {
  dailyRunCompleted(report: DueChangesReport): void;
  dailyRunFailed(): void;
}

export const DAILY_RUN_OBSERVER = Symbol.for('ledger.worker.daily-run-observer');

/** A second after midnight, so that the Paris date has surely changed when the timer fires. */
const MARGIN_MS = 1000;

/**
 * The daily run (RULES §1: applyDueChanges): at start-up for today unless it already completed
 * (one run for today appends every decision dated on or before it, so every missed day is covered),
 * then at each midnight in Europe/Paris. Each time it asks the Clock for today: with LEDGER_TODAY
 * fixed, today never changes and no further run happens. Runs go through the CommandBus like any
 * command; running a day twice appends nothing twice (the handler derives the ids from the day).
 */
@Injectable()
export class DailyRunScheduler {
  private readonly logger = new Logger('DailyRun');
  private readonly now: () => Date;
  private readonly retryDelayMs: number;
  private readonly enabled: boolean;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<DueChangesReport | null> | undefined;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
    private readonly runs: DailyRunLog,
    @Inject(DAILY_RUN_OPTIONS) options: DailyRunOptions,
    @Optional() @Inject(DAILY_RUN_OBSERVER) private readonly observer?: DailyRunObserver,
  ) {
    this.now = options.now ?? (() => new Date());
    this.retryDelayMs = options.retryDelayMs ?? 60_000;
    this.enabled = options.enabled ?? true;
  }

  /** Today's run if it is still to do, in the background, then the timer. */
  start(): void {
    if (this.started || !this.enabled) return;
    this.started = true;
    void this.tick();
  }

  /** No further run; the one in progress (if any) finishes first. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Settles when no run is in progress. */
  async idle(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  /** Runs today's applyDueChanges unless today's run already completed (null then). One at a time. */
  runIfDue(): Promise<DueChangesReport | null> {
    this.current ??= this.run().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** The date of the last completed run, or null. */
  lastCompleted(): Promise<string | null> {
    return this.runs.lastCompleted();
  }

  private async tick(): Promise<void> {
    let delayMs: number;
    try {
      await this.runIfDue();
      const next = new Date(nextParisMidnight(this.now()).getTime() + MARGIN_MS);
      delayMs = Math.max(0, next.getTime() - this.now().getTime());
      this.logger.log(
        `Next daily run at ${next.toISOString()} (midnight in Europe/Paris), if the Clock's today has moved on by then.`,
      );
    } catch (error) {
      this.observer?.dailyRunFailed();
      delayMs = this.retryDelayMs;
      this.logger.error(
        `The daily run failed; trying again in ${Math.round(delayMs / 1000)} s: ${(error as Error)?.message ?? String(error)}`,
        (error as Error)?.stack,
      );
    }
    if (!this.started) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref(); // the worker lives on its subscriptions (or the API on its server), not on this timer
  }

  private async run(): Promise<DueChangesReport | null> {
    const today = this.clock.today();
    const last = await this.runs.lastCompleted();
    if (last !== null && last >= today) return null;
    this.logger.log(`Applying the decisions due on or before ${today}${last ? ` (last run: ${last})` : ''}.`);
    const report = await this.commandBus.execute(
      new ApplyDueChangesCommand(today, {
        commandId: `ledger-worker:daily-run:${today}`,
        actor: 'system:ledger-worker',
      }),
    );
    await this.runs.record(report, this.now());
    this.observer?.dailyRunCompleted(report);
    const message =
      `Daily run for ${today}: ${report.eventsAppended} decision(s) appended on ${report.licencesChanged} licence(s)` +
      (report.licencesFailed > 0 ? `, ${report.licencesFailed} licence(s) refused (see above).` : '.');
    if (report.licencesFailed > 0) this.logger.warn(message);
    else this.logger.log(message);
    return report;
  }
}
