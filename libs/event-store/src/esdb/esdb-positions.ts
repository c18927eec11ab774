import { InvalidPositionError } from '../errors';

/**
 * EventStoreDB's place in `$all`: two byte offsets of its transaction log. `commit` orders
 * transactions, `prepare` orders the events inside one (a multi-event transaction can share one
 * commit position). Neither is dense.
 */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

const UINT64_BITS = 64n;
const UINT64_MAX = (1n << UINT64_BITS) - 1n;

/**
 * The port has one bigint global position, so the pair is packed as `commit << 64 | prepare`:
 * both halves are uint64 on the wire, so the packing is reversible, and comparing the packed
 * numbers compares (commit, prepare) lexicographically, which is `$all` order. Checkpoints store
 * the packed number as a decimal string (CONVENTIONS 4), so they keep both halves.
 * `commit` alone would not do: the events of one transaction would share it, and a subscription
 * resumed "after" the first of them would skip the others.
 */
export function encodePosition({ commit, prepare }: EsdbPosition): bigint {
  if (commit < 0n || commit > UINT64_MAX || prepare < 0n || prepare > UINT64_MAX) {
    throw new InvalidPositionError(
      `An EventStoreDB position needs two uint64 halves, got commit ${commit} and prepare ${prepare}.`,
    );
  }
  return (commit << UINT64_BITS) | prepare;
}

/** The inverse of encodePosition; 0n (the start of the log) decodes to (0, 0). */
export function decodePosition(position: bigint): EsdbPosition {
  if (typeof position !== 'bigint' || position < 0n || position >> (2n * UINT64_BITS) !== 0n) {
    throw new InvalidPositionError(
      `${typeof position} ${String(position)} is not an encoded EventStoreDB position.`,
    );
  }
  return { commit: position >> UINT64_BITS, prepare: position & UINT64_MAX };
}
