import { InvalidPositionError } from '../errors';
import { decodePosition, encodePosition } from './esdb-positions';

describe('EventStoreDB positions packed into one bigint', () => {
  it('a (commit, prepare) pair round-trips, up to the largest uint64 halves', () => {
    const max = 2n ** 64n - 1n;
    for (const pair of [
      { commit: 0n, prepare: 0n },
      { commit: 1234n, prepare: 1234n },
      { commit: 4096n, prepare: 3900n },
      { commit: max, prepare: max },
    ]) {
      expect(decodePosition(encodePosition(pair))).toEqual(pair);
    }
  });

  it('packed positions order like $all: by commit, then by prepare inside one transaction', () => {
    const log = [
      { commit: 200n, prepare: 100n },
      { commit: 200n, prepare: 200n },
      { commit: 300n, prepare: 300n },
      { commit: 2n ** 40n, prepare: 5n },
    ];
    const packed = log.map(encodePosition);
    expect([...packed].sort((a, b) => (a < b ? -1 : 1))).toEqual(packed);
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe(0n);
  });

  it('a half outside uint64, a negative or non-bigint position is refused', () => {
    expect(() => encodePosition({ commit: 2n ** 64n, prepare: 0n })).toThrow(InvalidPositionError);
    expect(() => encodePosition({ commit: 0n, prepare: -1n })).toThrow(InvalidPositionError);
    expect(() => decodePosition(-1n)).toThrow(InvalidPositionError);
    expect(() => decodePosition(2n ** 128n)).toThrow(InvalidPositionError);
    expect(() => decodePosition(7 as unknown as bigint)).toThrow(InvalidPositionError);
  });
});
