import {
  parsePosition,
  parseVersion,
  positionToString,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';

/**
 * The log as NDJSON: one event per line, in log order, as a RecordedEvent crosses any boundary
 * (CONVENTIONS 4: positions and versions as decimal strings; recordedAt inside the metadata):
 *
 *   {"globalPosition":"1","streamId":"licence-…","streamVersion":"0","eventId":"…","type":"LicenceIssued",
 *    "data":{…},"metadata":{"actor":"…","commandId":"…","correlationId":"…","causationId":"…",
 *    "schemaVersion":1,"recordedOn":"2024-06-01","recordedAt":"2024-06-01T09:00:00.000Z"}}
 *
 * Events are written in their current shape (the store upcasts on read), so a file imports into a
 * store of this version of the ledger without any upcaster. Replay fixtures use the same format.
 */
export interface LogLine {
  globalPosition: string;
  streamId: string;
  streamVersion: string;
  eventId: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
}

export function toLogLine(event: RecordedEvent): string {
  const line: LogLine = {
    globalPosition: positionToString(event.globalPosition),
    streamId: event.streamId,
    streamVersion: event.streamVersion.toString(),
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
  return JSON.stringify(line);
}

export class LogLineError extends Error {
  constructor(lineNumber: number, problem: string) {
    super(`Line ${lineNumber}: ${problem}`);
    this.name = 'LogLineError';
  }
}

/** One line read back: checked, with its position and version as bigint again. */
export interface ParsedLogLine {
  globalPosition: bigint;
  streamId: string;
  streamVersion: bigint;
  event: NewEvent;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseLogLine(text: string, lineNumber: number): ParsedLogLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LogLineError(lineNumber, 'not JSON.');
  }
  if (!isRecord(value)) throw new LogLineError(lineNumber, 'not a JSON object.');
  const { globalPosition, streamId, streamVersion, eventId, type, data, metadata } = value;
  let position: bigint;
  let version: ExpectedVersion;
  try {
    position = parsePosition(globalPosition as string);
    version = parseVersion(streamVersion as string);
  } catch (error) {
    throw new LogLineError(lineNumber, (error as Error).message);
  }
  if (version === 'no_stream') throw new LogLineError(lineNumber, 'streamVersion must be a number.');
  if (typeof streamId !== 'string' || streamId === '')
    throw new LogLineError(lineNumber, 'streamId is missing.');
  if (typeof eventId !== 'string') throw new LogLineError(lineNumber, 'eventId is missing.');
  if (typeof type !== 'string' || type === '') throw new LogLineError(lineNumber, 'type is missing.');
  if (data === undefined) throw new LogLineError(lineNumber, 'data is missing.');
  if (!isRecord(metadata)) throw new LogLineError(lineNumber, 'metadata is missing.');
  return {
    globalPosition: position,
    streamId,
    streamVersion: version,
    event: { eventId, type, data, metadata: metadata as unknown as NewEvent['metadata'] },
  };
}
