import type { DecisionReversed, LicenceDecision } from './decisions';
import { DECISION_TYPES } from './decisions';
import type { LicenceFact } from './facts';
import { FACT_TYPES } from './facts';

/** Everything a licence stream can hold. */
export type LicenceEvent = LicenceFact | LicenceDecision | DecisionReversed;
export type LicenceEventType = LicenceEvent['type'];

/**
 * The schema version of every event type not listed in EVENT_SCHEMA_VERSIONS. Writers use
 * `schemaVersionOf(type)`: a type whose shape changed is at a later version.
 */
export const CURRENT_SCHEMA_VERSION = 1;

/** Types whose data shape changed since v1, at their current version (upcasters: event-upcasters.ts). */
export const EVENT_SCHEMA_VERSIONS: Readonly<Partial<Record<LicenceEventType, number>>> = {
  LicenceIssued: 2,
  PointsWithdrawn: 2,
};

/** The schema version the ledger writes an event of this type with. */
export function schemaVersionOf(type: string): number {
  return EVENT_SCHEMA_VERSIONS[type as LicenceEventType] ?? CURRENT_SCHEMA_VERSION;
}

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
