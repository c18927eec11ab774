import { UpcastError } from '../errors';
import { UpcasterRegistry } from './upcasters';

interface V1 {
  date: string;
}
interface V2 {
  offenceDate: string;
  convictionDate: string;
}
interface V3 extends V2 {
  points: number;
}

const registry = () =>
  new UpcasterRegistry({
    Established: [
      // Given out of order on purpose: the registry sorts a definition's steps.
      { fromVersion: 2, upcast: (v2: V2): V3 => ({ ...v2, points: 0 }) },
      { fromVersion: 1, upcast: ({ date }: V1): V2 => ({ offenceDate: date, convictionDate: date }) },
    ],
  });

describe('upcaster registry', () => {
  it('chains steps from the stored version up to the current one', () => {
    expect(registry().upcast('Established', 1, { date: '2020-01-02' })).toEqual({
      schemaVersion: 3,
      data: { offenceDate: '2020-01-02', convictionDate: '2020-01-02', points: 0 },
    });
    expect(registry().upcast('Established', 2, { offenceDate: 'a', convictionDate: 'b' }).data).toEqual({
      offenceDate: 'a',
      convictionDate: 'b',
      points: 0,
    });
  });

  it('data already at the current version, or of a type never upcast, passes through unchanged', () => {
    const data = { offenceDate: 'a', convictionDate: 'b', points: 4 };
    expect(registry().upcast('Established', 3, data)).toEqual({ schemaVersion: 3, data });
    expect(registry().upcast('Other', 7, data)).toEqual({ schemaVersion: 7, data });
  });

  it('knows the current version of each upcast type', () => {
    expect(registry().currentVersion('Established')).toBe(3);
    expect(registry().currentVersion('Other')).toBeUndefined();
    expect(registry().types()).toEqual(['Established']);
  });

  it('refuses a chain with a gap or a repeated step', () => {
    const reg = new UpcasterRegistry().register('T', { fromVersion: 1, upcast: (d) => d });
    expect(() => reg.register('T', { fromVersion: 3, upcast: (d) => d })).toThrow(TypeError);
    expect(() => reg.register('T', { fromVersion: 1, upcast: (d) => d })).toThrow(TypeError);
    expect(() => reg.register('T', { fromVersion: 0, upcast: (d) => d })).toThrow(TypeError);
  });

  it('a stored version older than the first step, a missing version, or a failing step is an UpcastError', () => {
    const reg = new UpcasterRegistry({
      T: [
        {
          fromVersion: 2,
          upcast: () => {
            throw new Error('boom');
          },
        },
      ],
    });
    expect(() => reg.upcast('T', 1, {})).toThrow(UpcastError);
    expect(() => reg.upcast('T', undefined as unknown as number, {})).toThrow(UpcastError);
    expect(() => reg.upcast('T', 2, {})).toThrow(/Upcasting T from v2 failed/);
  });
});
