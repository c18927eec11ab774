/**
 * Who sends a command, and in answer to what. It goes into the metadata of every event the command
 * appends (CONVENTIONS 3), never into the business data.
 */
export interface CommandContext {
  /** Chosen by the client: the same command sent again (a retry) changes nothing. */
  commandId: string;
  /** `sub` (and name) of the caller: a clerk, or the system for the daily run. */
  actor: string;
  /** The request or run this command belongs to; defaults to the commandId. */
  correlationId?: string;
  /** The message that caused this command; defaults to the commandId. */
  causationId?: string;
}
