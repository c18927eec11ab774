import { InvalidPositionError } from '../errors';
import type { ExpectedVersion } from '../event-store.port';

// The port's arguments checked the same way by every adapter, before anything is read or sent.

/** A position must arrive as a bigint: a number means it lost its type at some boundary, so fail loudly. */
export function checkPosition(what: string, value: unknown): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidPositionError(`${what} must be a non-negative bigint, got ${typeof value} ${String(value)}.`);
  }
  return value;
}

export function checkCount(what: string, value: unknown, minimum = 1): number {
  if (!Number.isSafeInteger(value) || (value as number) < minimum) {
    throw new TypeError(`${what} must be an integer >= ${minimum}, got ${String(value)}.`);
  }
  return value as number;
}

export function checkExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected !== 'no_stream' && !(typeof expected === 'bigint' && expected >= 0n)) {
    throw new InvalidPositionError(
      `Expected version must be 'no_stream' or a non-negative bigint, got ${String(expected)}.`,
    );
  }
}
