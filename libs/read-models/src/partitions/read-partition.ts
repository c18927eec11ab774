import type { EventStore, FilteredBatch } from '@ledger/event-store';

/**
 * The next `maxCount` events of the log after `after`, of which only those `keep` accepts are
 * returned: through the store's own filtered read where it has one (the SQLite store skips the
 * other streams' events before decoding them), else a plain read filtered here.
 */
export async function readFiltered(
  store: EventStore,
  after: bigint,
  maxCount: number,
  keep: (streamId: string) => boolean,
): Promise<FilteredBatch> {
  if (store.readAllOf) return store.readAllOf({ after, maxCount }, keep);
  const batch = await store.readAll({ after, maxCount });
  return {
    events: batch.filter((event) => keep(event.streamId)),
    scanned: batch.length,
    scannedUpTo: batch.length > 0 ? batch[batch.length - 1].globalPosition : after,
  };
}
