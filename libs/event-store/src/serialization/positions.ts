import { InvalidPositionError } from '../errors';
import type { ExpectedVersion } from '../event-store.port';

/**
 * Positions and versions are bigint in code and canonical decimal strings at every boundary (JSON,
 * GraphQL, checkpoints: CONVENTIONS 4). A JSON number would silently lose precision past 2^53, so
 * these helpers refuse numbers and anything that is not plain decimal digits.
 */
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]*)$/;

function toDecimal(what: string, value: unknown): string {
  if (typeof value !== 'bigint') {
    throw new InvalidPositionError(`A ${what} must be a bigint, got ${typeof value} ${String(value)}.`);
  }
  if (value < 0n) throw new InvalidPositionError(`A ${what} cannot be negative, got ${value.toString()}.`);
  return value.toString();
}

function fromDecimal(what: string, text: unknown): bigint {
  if (typeof text !== 'string' || !CANONICAL_DECIMAL.test(text)) {
    throw new InvalidPositionError(
      `A ${what} must be a string of decimal digits without sign or leading zeros, got ${JSON.stringify(String(text))}.`,
    );
  }
  return BigInt(text);
}

/** Global log position to its boundary form. */
export const positionToString = (position: bigint): string => toDecimal('position', position);

/** Boundary form back to a global log position; throws InvalidPositionError on anything else. */
export const parsePosition = (text: string): bigint => fromDecimal('position', text);

/** Stream version (or 'no_stream') to its boundary form. */
export const versionToString = (version: ExpectedVersion): string =>
  version === 'no_stream' ? 'no_stream' : toDecimal('stream version', version);

/** Boundary form back to a stream version; 'no_stream' stays as is. */
export const parseVersion = (text: string): ExpectedVersion =>
  text === 'no_stream' ? 'no_stream' : fromDecimal('stream version', text);
