import { InvalidPositionError } from '../errors';
import { parsePosition, parseVersion, positionToString, versionToString } from './positions';

describe('positions and versions at boundaries', () => {
  it('a position round-trips through its decimal string, beyond 2^53', () => {
    const big = 2n ** 64n + 7n;
    expect(positionToString(big)).toBe('18446744073709551623');
    expect(parsePosition(positionToString(big))).toBe(big);
    expect(parsePosition('0')).toBe(0n);
  });

  it.each(['', ' 1', '1 ', '-1', '+1', '01', '1.0', '1e3', '0x10', 'abc', '١٢'])(
    'the position string %p is refused',
    (text) => {
      expect(() => parsePosition(text)).toThrow(InvalidPositionError);
    },
  );

  it('a number, a negative bigint or a non-string is refused', () => {
    expect(() => positionToString(5 as unknown as bigint)).toThrow(InvalidPositionError);
    expect(() => positionToString(-1n)).toThrow(InvalidPositionError);
    expect(() => parsePosition(5 as unknown as string)).toThrow(InvalidPositionError);
  });

  it("a version round-trips, and 'no_stream' stays 'no_stream'", () => {
    expect(versionToString('no_stream')).toBe('no_stream');
    expect(parseVersion('no_stream')).toBe('no_stream');
    expect(versionToString(12n)).toBe('12');
    expect(parseVersion('12')).toBe(12n);
    expect(() => parseVersion('No_Stream')).toThrow(InvalidPositionError);
    expect(() => parseVersion('-1')).toThrow(InvalidPositionError);
  });
});
