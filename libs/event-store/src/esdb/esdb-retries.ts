import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { DuplicateEventIdError } from '../errors';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import { encodePosition } from './esdb-positions';

/**
 * How a retried command is told from a conflict or a reused id, on one stream's records: the same
 * rule as the SQLite adapter's, which a server without an index of event ids can only apply to the
 * stream being appended to.
 */
export interface StoredIds {
  current: ExpectedVersion;
  last: EsdbRecordedEvent | undefined;
  /** The stored event of each id, in the order of the batch (undefined: not stored). */
  found: (EsdbRecordedEvent | undefined)[];
}

/** `ids` are lower-case; the server returns them so, but compare without trusting that. */
export function storedIdsOf(records: EsdbRecordedEvent[], ids: string[]): StoredIds {
  const byId = new Map(records.map((record) => [record.id.toLowerCase(), record]));
  const last = records[records.length - 1];
  return { current: last ? last.revision : 'no_stream', last, found: ids.map((id) => byId.get(id)) };
}

/** All ids stored in this stream at consecutive revisions is a retry; anything else is refused. */
export function retryResult(streamId: string, ids: string[], { current, found }: StoredIds): AppendResult {
  const first = found[0];
  const isWholeRetry =
    first !== undefined &&
    found.every(
      (record, index) => record !== undefined && record.revision === first.revision + BigInt(index),
    );
  const last = found[found.length - 1];
  if (!isWholeRetry || current === 'no_stream' || !last?.position) {
    throw new DuplicateEventIdError(
      streamId,
      ids.filter((_, index) => found[index] !== undefined),
      'are already stored, but not as this exact batch on this stream (partial retry, or ids reused)',
    );
  }
  // The stream's version now, as SQLite answers a retry that arrives after later appends.
  return { appended: false, nextExpectedVersion: current, lastGlobalPosition: encodePosition(last.position) };
}
