import { InvalidEventError } from '../errors';
import { isUuid } from '../event-ids';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import type { UpcasterRegistry } from '../serialization/upcasters';

/** An `events` row as better-sqlite3 returns it with safe integers on. */
export interface EventRow {
  global_position: bigint;
  stream_id: string;
  stream_version: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** A new event checked and serialised before the transaction starts, so a bad one writes nothing. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string | undefined;
}

function toJson(what: string, value: unknown): string {
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
  return date.toISOString(); // one format (UTC, milliseconds) whoever supplied it
}

export function prepareEvent(event: NewEvent): PreparedEvent {
  // EventStoreDB only takes UUIDs and returns them lower-case: refuse and normalise the same way here
  // so that code proven on SQLite behaves the same on EventStoreDB.
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
    data: toJson(`data of event ${eventId} (${event.type})`, event.data),
    metadata: toJson(`metadata of event ${eventId} (${event.type})`, metadata),
    recordedAt: normaliseRecordedAt(recordedAt, eventId),
  };
}

/** Row to event, upcasting the data to the current schema version of its type. */
export function toRecordedEvent(row: EventRow, upcasters: UpcasterRegistry): RecordedEvent {
  return recordedEvent(
    row.global_position,
    row.stream_id,
    row.stream_version,
    row.event_id,
    row.type,
    row.data,
    row.metadata,
    row.recorded_at,
    upcasters,
  );
}

/**
 * An `events` row read in raw mode (an array, in COLUMNS order): what the log scans use, since
 * building an object per row only to read it once costs more than the row itself.
 */
export type RawEventRow = [bigint, string, bigint, string, string, string, string, string];

export function rawRowToRecordedEvent(row: RawEventRow, upcasters: UpcasterRegistry): RecordedEvent {
  return recordedEvent(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], upcasters);
}

function recordedEvent(
  globalPosition: bigint,
  streamId: string,
  streamVersion: bigint,
  eventId: string,
  type: string,
  dataJson: string,
  metadataJson: string,
  recordedAt: string,
  upcasters: UpcasterRegistry,
): RecordedEvent {
  // A fresh object from JSON.parse: completed in place rather than copied. Same keys in the same
  // order as `{ ...metadata, recordedAt, schemaVersion }` (schemaVersion is already there).
  const metadata = JSON.parse(metadataJson) as RecordedEvent['metadata'];
  let data: unknown = JSON.parse(dataJson);
  if (upcasters.currentVersion(type) !== undefined) {
    const upcast = upcasters.upcast(type, metadata.schemaVersion, data);
    data = upcast.data;
    metadata.recordedAt = recordedAt;
    metadata.schemaVersion = upcast.schemaVersion;
  } else {
    // No upcaster for this type: nothing to lift, but the version is still checked as upcast() does.
    if (!Number.isSafeInteger(metadata.schemaVersion) || metadata.schemaVersion < 1) {
      upcasters.upcast(type, metadata.schemaVersion, data); // throws the UpcastError
    }
    metadata.recordedAt = recordedAt;
  }
  return { eventId, streamId, type, data, metadata, streamVersion, globalPosition };
}
