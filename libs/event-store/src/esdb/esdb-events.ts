import type { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { InvalidEventError } from '../errors';
import { checkNewEvent } from '../serialization/new-event-checks';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import type { UpcasterRegistry } from '../serialization/upcasters';
import { encodePosition } from './esdb-positions';

/** What goes into EventStoreDB's custom metadata: the port's metadata, recordedAt only on import. */
type StoredMetadata = Omit<EventMetadata, 'recordedAt'> & { recordedAt?: string };

/**
 * Checks an event the way the SQLite adapter does (same errors, before anything is sent) and
 * shapes it for the client. The id is lower-cased: the server returns ids lower-case (.NET Guid
 * format), so a retry compares equal whatever case the caller used.
 */
export function toEventData(event: NewEvent): JSONEventData {
  const checked = checkNewEvent(event);
  const id = checked.eventId;
  if (checked.type.startsWith('$')) {
    // '$' types are EventStoreDB's own; readers skip them as system events.
    throw new InvalidEventError(`Event ${id}: the type ${JSON.stringify(checked.type)} is reserved.`);
  }
  // Only an imported event carries its own recordedAt; otherwise the server's `created` is the truth.
  const metadata: StoredMetadata =
    checked.recordedAt === undefined
      ? checked.metadata
      : { ...checked.metadata, recordedAt: checked.recordedAt };
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
