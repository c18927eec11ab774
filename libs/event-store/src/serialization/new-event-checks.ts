import { InvalidEventError } from '../errors';
import { isUuid } from '../event-ids';
import type { NewEvent } from '../event-store.port';

/** An event checked the same way by every adapter, before anything is written or sent. */
export interface CheckedNewEvent {
  /** Lower-cased: EventStoreDB returns ids lower-case, so a retry compares equal in any case. */
  eventId: string;
  type: string;
  /** The metadata without recordedAt, which the store sets (or an import supplies). */
  metadata: Omit<NewEvent['metadata'], 'recordedAt'>;
  /** A supplied recordedAt, normalised to one format (UTC, milliseconds). */
  recordedAt: string | undefined;
  dataJson: string;
  metadataJson: string;
}

/** JSON text of a value, or a clear refusal (a BigInt or a cycle cannot be stored). */
export function toJson(what: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidEventError(`The ${what} cannot be serialised to JSON (a BigInt or a cycle?).`, {
      cause,
    });
  }
  if (json === undefined) throw new InvalidEventError(`The ${what} is not JSON data (got ${typeof value}).`);
  return json;
}

function normaliseRecordedAt(value: unknown, eventId: string): string | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidEventError(
      `Event ${eventId}: metadata.recordedAt ${JSON.stringify(value)} is not an ISO instant.`,
    );
  }
  return date.toISOString();
}

/**
 * The port's rules for a new event, shared by the adapters so that code proven on one store
 * behaves the same on the other: a UUID id, a type, the metadata fields, JSON data.
 */
export function checkNewEvent(event: NewEvent): CheckedNewEvent {
  if (!isUuid(event.eventId))
    throw new InvalidEventError(`Event id ${JSON.stringify(event.eventId)} is not a UUID.`);
  const eventId = event.eventId.toLowerCase();
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidEventError(`Event ${eventId} has no type.`);
  }
  const { recordedAt, ...metadata } = event.metadata ?? ({} as NewEvent['metadata']);
  if (!Number.isSafeInteger(metadata.schemaVersion) || metadata.schemaVersion < 1) {
    throw new InvalidEventError(
      `Event ${eventId} (${event.type}): metadata.schemaVersion must be an integer >= 1.`,
    );
  }
  for (const field of ['actor', 'commandId', 'correlationId', 'causationId'] as const) {
    if (typeof metadata[field] !== 'string') {
      throw new InvalidEventError(`Event ${eventId} (${event.type}): metadata.${field} must be a string.`);
    }
  }
  return {
    eventId,
    type: event.type,
    metadata,
    recordedAt: normaliseRecordedAt(recordedAt, eventId),
    dataJson: toJson(`data of event ${eventId} (${event.type})`, event.data),
    metadataJson: toJson(`metadata of event ${eventId} (${event.type})`, metadata),
  };
}
