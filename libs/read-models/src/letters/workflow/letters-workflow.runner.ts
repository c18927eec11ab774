import { Logger } from '@nestjs/common';
import type { ProcessorLogger } from '../../processor/checkpointed-runner';
import { messageOf, stackOf } from '../../processor/error-text';
import { LetterWorkflowHaltedError } from './letters-of-stream';
import { LETTERS_WORKFLOW, type LettersWorkflow, type LettersWorkflowPass } from './letters-workflow';
import type { WorkflowCheckpoints } from './workflow-checkpoints';

export interface LettersWorkflowRunnerOptions {
  /** How often the workflow looks for a day that ended. Default 5,000 ms. */
  intervalMs?: number;
  /** After a failure (a store unreachable): the wait doubles up to this. Default 60,000 ms. */
  maxBackoffMs?: number;
  logger?: ProcessorLogger;
}

/**
 * Runs the letters workflow in the worker: a pass at start-up, then one every `intervalMs` (a day
 * ends at midnight; a pass that finds nothing new reads one page of the log). A failure of the
 * stores is retried with a capped backoff. A letter that cannot be written halts it for good
 * (LetterWorkflowHaltedError): logged once with its cause, `isRunning` false so that readiness
 * fails, and never retried in a loop, since retrying cannot fix a template or a reference.
 */
export class LettersWorkflowRunner {
  readonly name = LETTERS_WORKFLOW;
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly logger: ProcessorLogger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pass: Promise<void> | undefined;
  private failures = 0;
  /** Why the workflow stopped for good, if it did. */
  halted: LetterWorkflowHaltedError | undefined;

  constructor(
    private readonly workflow: LettersWorkflow,
    private readonly checkpoints: WorkflowCheckpoints,
    options: LettersWorkflowRunnerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.logger = options.logger ?? new Logger('LettersWorkflow');
  }

  get isRunning(): boolean {
    return this.running && this.halted === undefined;
  }

  checkpoint(): Promise<bigint> {
    return this.checkpoints.load(LETTERS_WORKFLOW);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops; a pass under way finishes first (its appends are idempotent anyway). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass now (tests, the daily run): what it issued. Rejects with what stopped it. */
  async runOnce(): Promise<LettersWorkflowPass> {
    if (this.halted) throw this.halted;
    try {
      const pass = await this.workflow.runOnce();
      this.failures = 0;
      if (pass.issued > 0 || pass.withdrawnSameDay > 0)
        this.logger.log(
          `Letters issued: ${pass.issued}; decisions reversed on their own day, not sent: ${pass.withdrawnSameDay} ` +
            `(checkpoint ${pass.checkpoint.toString()}).`,
        );
      return pass;
    } catch (error) {
      if (error instanceof LetterWorkflowHaltedError) {
        this.halted = error;
        this.logger.error(error.message, stackOf(error.cause));
      }
      throw error;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.halted) return;
    this.timer = setTimeout(() => {
      this.pass = this.runOnce().then(
        () => this.schedule(this.intervalMs),
        (error: unknown) => {
          if (error instanceof LetterWorkflowHaltedError) return;
          this.failures++;
          const delay = Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (this.failures - 1));
          this.logger.error(
            `The letters workflow failed (${messageOf(error)}); next attempt in ${delay} ms (failure ${this.failures}).`,
            stackOf(error),
          );
          this.schedule(delay);
        },
      );
    }, delayMs);
    this.timer.unref();
  }
}
