import type { DecisionReversed, LicenceDecision } from './decisions';
import { DECISION_TYPES } from './decisions';
import type { LicenceFact } from './facts';
import { FACT_TYPES } from './facts';

/** Everything a licence stream can hold. */
export type LicenceEvent = LicenceFact | LicenceDecision | DecisionReversed;
export type LicenceEventType = LicenceEvent['type'];

/** Current schema version of each event's data; older versions are upcast on read. */
export const CURRENT_SCHEMA_VERSION = 1;

export function isFact(event: LicenceEvent): event is LicenceFact {
  return (FACT_TYPES as readonly string[]).includes(event.type);
}

export function isDecision(event: LicenceEvent): event is LicenceDecision {
  return (DECISION_TYPES as readonly string[]).includes(event.type);
}

/** The stream that holds one licence's events. */
export function licenceStreamId(normalisedLicenceNumber: string): string {
  return `licence-${normalisedLicenceNumber.replace(/ /g, '_')}`;
}
