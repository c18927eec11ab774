import { checkNewEvent } from '../serialization/new-event-checks';
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

export function prepareEvent(event: NewEvent): PreparedEvent {
  const checked = checkNewEvent(event);
  return {
    eventId: checked.eventId,
    type: checked.type,
    data: checked.dataJson,
    metadata: checked.metadataJson,
    recordedAt: checked.recordedAt,
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
  const current = upcasters.currentVersion(type);
  if (current === metadata.schemaVersion) {
    // Already the shape readers see (most events, once written by this version): nothing to lift.
    metadata.recordedAt = recordedAt;
  } else if (current !== undefined) {
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
