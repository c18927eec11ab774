import { licenceNumberOfLettersStream } from '@ledger/letters';
import { licenceNumberOfStream } from '../licences/licence-rows';

/** A slice of the licences for a partitioned rebuild: `index` among `count` (0 ≤ index < count). */
export interface StreamPartition {
  readonly index: number;
  readonly count: number;
}

/**
 * The partition a stream belongs to: a stable hash (FNV-1a, 32 bits) of the licence number, so that
 * a licence's own stream and its letters stream fall in the same partition, whatever process or
 * machine computes it. Other streams hash by their id.
 */
export function partitionOfStream(streamId: string, count: number): number {
  if (count <= 1) return 0;
  const key = licenceNumberOfStream(streamId) ?? licenceNumberOfLettersStream(streamId) ?? streamId;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

export function checkPartition({ index, count }: StreamPartition): void {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count)
    throw new Error(`A partition is an index from 0 to count - 1 (got ${index} of ${count}).`);
}

/** The checkpoint a partition of a rebuild keeps for itself, beside the read model's own. */
export function partitionCheckpointName(projection: string, { index, count }: StreamPartition): string {
  return `${projection}#rebuild-${index}-of-${count}`;
}
