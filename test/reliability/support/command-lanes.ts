import { isDomainError } from '@ledger/domain';
import type { LedgerStep } from './ledger-stories';
import { sleep, type Random } from './reliability-run';

export interface LaneFigures {
  commands: number;
  /** Answered by an append (or by what the same commandId appended before). */
  appended: number;
  /** Refused by the law with a coded error: nothing appended, as it should. */
  refused: number;
  /** Refusal codes seen, with their counts. */
  refusals: Record<string, number>;
}

/**
 * Clerks recording licence stories, `lanes` at a time: each lane records one licence's story in
 * order, then the next licence's, until stopped. A steady stream of appends on many licences.
 */
export class CommandLanes {
  readonly figures: LaneFigures = { commands: 0, appended: 0, refused: 0, refusals: {} };
  private stopped = false;
  private running: Promise<void>[] = [];
  private next = 0;
  readonly unexpected: unknown[] = [];

  constructor(
    private readonly options: {
      lanes: number;
      random: Random;
      story: (index: number) => LedgerStep[];
      execute: (step: LedgerStep) => Promise<unknown>;
      /** Pause between two commands of a lane, at most (ms). */
      pauseMs?: number;
    },
  ) {}

  start(): void {
    this.running = Array.from({ length: this.options.lanes }, () => this.lane());
  }

  async stop(): Promise<LaneFigures> {
    this.stopped = true;
    await Promise.all(this.running);
    return this.figures;
  }

  private async lane(): Promise<void> {
    while (!this.stopped) {
      const steps = this.options.story(this.next++);
      for (const step of steps) {
        if (this.stopped) return;
        this.figures.commands += 1;
        try {
          await this.options.execute(step);
          this.figures.appended += 1;
        } catch (error) {
          if (isDomainError(error)) {
            this.figures.refused += 1;
            this.figures.refusals[error.code] = (this.figures.refusals[error.code] ?? 0) + 1;
          } else {
            this.unexpected.push(error);
          }
        }
        await sleep(this.options.random.int(0, this.options.pauseMs ?? 3));
      }
    }
  }
}
