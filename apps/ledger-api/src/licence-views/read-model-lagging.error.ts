/**
 * A clerk's command was appended to the log, but the read model had not applied it when the answer
 * was due. The command is recorded: the clerk must not be told it failed (nor left to guess). The
 * position lets a client wait for it; sending the same command again (same commandId) appends
 * nothing and answers the file once the read model has caught up.
 */
export class ReadModelLaggingError extends Error {
  readonly code = 'READ_MODEL.LAGGING';

  constructor(
    /** The log position of the command's last event, as a decimal string (CONVENTIONS 4). */
    readonly position: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The command was recorded (position ${position} of the log), but the licence file does not show it yet. ` +
        'Read the file again in a moment, or send the same command again with the same commandId: it will not be recorded twice.',
      options,
    );
    this.name = 'ReadModelLaggingError';
  }
}
