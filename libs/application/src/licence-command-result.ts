/** What every licence command answers: enough for a client to re-read the licence at that version. */
export interface LicenceCommandResult {
  /** The canonical licence number (RULES §7). */
  licenceNumber: string;
  /** Stream revision after the command, as a decimal string (CONVENTIONS 4); '-1' for an empty stream. */
  streamVersion: string;
  /** How many events the command appended (the fact and the decisions it made due). */
  eventsAppended: number;
  /**
   * Position in the global log of the stream's last event after the command, as a decimal string:
   * a reader waits for its read model to reach it to read its own write. '0' for an empty stream.
   */
  globalPosition: string;
}
