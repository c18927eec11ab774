import type { LicenceDecision } from '../events/decisions';
import type { LicenceFact } from '../events/facts';

/** What the decider knows of one licence: its facts, and the decisions the ledger holds. */
export interface LicenceState {
  /** Normalised number, or null while no licence is issued on the stream. */
  licenceNumber: string | null;
  facts: readonly LicenceFact[];
  /** Decisions recorded and not reversed, by decisionId. */
  recorded: ReadonlyMap<string, LicenceDecision>;
}
