import type { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { InvalidEventError } from '../errors';
import { isUuid } from '../event-ids';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import type { UpcasterRegistry } from '../serialization/upcasters';
import { encodePosition } from './esdb-positions';

/** What goes into EventStoreDB's custom metadata: the port's metadata, recordedAt only on import. */
type StoredMetadata = Omit<EventMetadata, 'recordedAt'> & { recordedAt?: string };

function checkJson(what: string, value: unknown): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidEventError(`The ${what} cannot be serialised to JSON (a BigInt or a cycle?).`, {
      cause,
    });
  }
  if (json === undefined) throw new InvalidEventError(`The ${what} is not JSON data (got ${typeof value}).`);
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
 * Checks an event the way the SQLite adapter does (same errors, before anything is sent) and
 * shapes it for the client. The id is lower-cased: the server returns ids lower-case (.NET Guid
 * format), so a retry compares equal whatever case the caller used.
 */
export function toEventData(event: NewEvent): JSONEventData {
  if (!isUuid(event.eventId)) {
    throw new InvalidEventError(`Event id ${JSON.stringify(event.eventId)} is not a UUID.`);
  }
  const id = event.eventId.toLowerCase();
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidEventError(`Event ${id} has no type.`);
  }
  if (event.type.startsWith('$')) {
    // '$' types are EventStoreDB's own; readers skip them as system events.
    throw new InvalidEventError(`Event ${id}: the type ${JSON.stringify(event.type)} is reserved.`);
  }
  const { recordedAt, ...rest } = event.metadata ?? ({} as NewEvent['metadata']);
  if (!Number.isSafeInteger(rest.schemaVersion) || rest.schemaVersion < 1) {
    throw new InvalidEventError(
      `Event ${id} (${event.type}): metadata.schemaVersion must be an integer >= 1.`,
    );
  }
  for (const field of ['actor', 'commandId', 'correlationId', 'causationId'] as const) {
    if (typeof rest[field] !== 'string') {
      throw new InvalidEventError(`Event ${id} (${event.type}): metadata.${field} must be a string.`);
    }
  }
  checkJson(`data of event ${id} (${event.type})`, event.data);
  checkJson(`metadata of event ${id} (${event.type})`, rest);
  // Only an imported event carries its own recordedAt; otherwise the server's `created` is the truth.
  const imported = normaliseRecordedAt(recordedAt, id);
  const metadata: StoredMetadata = imported === undefined ? rest : { ...rest, recordedAt: imported };
  return {
    id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON-encodes data itself; any JSON value is fine despite its narrower type.
    data: event.data as JSONEventData['data'],
    metadata: metadata as unknown as JSONEventData['metadata'],
  };
}

/**
 * Server record to port event: metadata parsed back, recordedAt from the import or the server's
 * `created`, data upcast to the current schema version. Needs the record's position, which stream
 * reads carry from EventStoreDB 22.6 on.
 */
export function toRecordedEvent(record: EsdbRecordedEvent, upcasters: UpcasterRegistry): RecordedEvent {
  if (!record.isJson) {
    throw new InvalidEventError(`Event ${record.id} in ${record.streamId} is not JSON (content-type).`);
  }
  if (!record.position) {
    throw new InvalidEventError(
      `Event ${record.id} in ${record.streamId} came without its $all position (EventStoreDB 22.6 or later is needed).`,
    );
  }
  const stored = (record.metadata ?? {}) as StoredMetadata;
  const { recordedAt, ...metadata } = stored;
  const { schemaVersion, data } = upcasters.upcast(record.type, metadata.schemaVersion, record.data);
  return {
    eventId: record.id.toLowerCase(),
    streamId: record.streamId,
    type: record.type,
    data,
    metadata: { ...metadata, recordedAt: recordedAt ?? record.created.toISOString(), schemaVersion },
    streamVersion: record.revision,
    globalPosition: encodePosition(record.position),
  };
}
