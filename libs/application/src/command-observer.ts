/**
 * What a licence command came to, for whoever watches (the metrics): its events appended, nothing
 * to append (or a command sent again), refused by the law or the application (with its code), or
 * failed otherwise (a store down). A port, so that the application layer stays free of a metrics
 * library; without an observer nothing is reported.
 */
export type CommandOutcome =
  | { outcome: 'appended'; eventsAppended: number }
  | { outcome: 'unchanged' }
  | { outcome: 'refused'; code: string }
  | { outcome: 'failed' };

export interface CommandObserver {
  /** The command (its type, e.g. RecordInfraction) is answered or refused. */
  commandSettled(command: string, outcome: CommandOutcome): void;
  /** Another writer appended to the licence meanwhile: the command reads and decides again. */
  commandRetriedAfterConflict(command: string): void;
}

export const COMMAND_OBSERVER = Symbol.for('ledger.application.command-observer');
