import { parisDate, SystemClock } from './system-clock';

describe('the system clock', () => {
  it('gives the calendar date in Europe/Paris, not in UTC', () => {
    // Winter: UTC+1. Summer: UTC+2.
    expect(parisDate(new Date('2024-01-01T22:59:59Z'))).toBe('2024-01-01');
    expect(parisDate(new Date('2024-01-01T23:00:00Z'))).toBe('2024-01-02');
    expect(parisDate(new Date('2024-06-14T21:59:59Z'))).toBe('2024-06-14');
    expect(parisDate(new Date('2024-06-14T22:00:00Z'))).toBe('2024-06-15');
    expect(parisDate(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
  });

  it('reads the instant each time it is asked', () => {
    let now = new Date('2024-03-30T12:00:00Z');
    const clock = new SystemClock({}, () => now);
    expect(clock.today()).toBe('2024-03-30');
    now = new Date('2024-03-31T12:00:00Z');
    expect(clock.today()).toBe('2024-03-31');
  });

  it('LEDGER_TODAY fixes today for the whole service', () => {
    const clock = new SystemClock({ LEDGER_TODAY: '2025-02-28' }, () => new Date('2030-01-01T00:00:00Z'));
    expect(clock.today()).toBe('2025-02-28');
  });

  it('an empty LEDGER_TODAY counts as unset', () => {
    expect(new SystemClock({ LEDGER_TODAY: '' }, () => new Date('2024-05-01T10:00:00Z')).today()).toBe(
      '2024-05-01',
    );
  });

  it.each(['2025-02-29', '2025-2-28', '28/02/2025', '2025-02-28T00:00:00Z', 'today'])(
    'a malformed LEDGER_TODAY (%s) stops the start-up with a clear message',
    (value) => {
      expect(() => new SystemClock({ LEDGER_TODAY: value })).toThrow(
        `LEDGER_TODAY must be a calendar date written YYYY-MM-DD (for example 2024-06-15), or be unset; got "${value}".`,
      );
    },
  );
});
