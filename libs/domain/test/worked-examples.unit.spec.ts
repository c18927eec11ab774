import { LicenceScenario } from '@ledger/testing';

/** RULES §9: the six worked examples, exactly as written. */
describe('the worked examples of RULES §9', () => {
  const balance = (s: LicenceScenario, on: string) => {
    const { points, capital } = s.on(on);
    return { points, capital };
  };

  test('E1 — two points, three years: a 4th-class excess comes back after 3 years', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('i1', 'SPEEDING', '2024-03-10', '2024-04-02', {
      retainedExcessKmh: 25,
      speedLimitKmh: 80,
    });
    expect(balance(s, '2024-04-02')).toEqual({ points: 10, capital: 12 });
    expect(balance(s, '2027-04-01')).toEqual({ points: 10, capital: 12 });
    s.runUntil('2027-04-02');
    expect(balance(s, '2027-04-02')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2035-01-01'));
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-04-02', ref: '48' },
      { on: '2027-04-02', ref: '46' },
    ]);
  });

  test('E2 — one point, six months: the point comes back and the later full restoration adds nothing', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('i1', 'SPEEDING', '2024-05-20', '2024-06-01', {
      retainedExcessKmh: 12,
      speedLimitKmh: 110,
    });
    expect(balance(s, '2024-06-01')).toEqual({ points: 11, capital: 12 });
    s.runUntil('2024-12-01');
    expect(balance(s, '2024-11-30')).toEqual({ points: 11, capital: 12 });
    expect(balance(s, '2024-12-01')).toEqual({ points: 12, capital: 12 });
    s.runUntil('2034-12-31');
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2035-01-01'));
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-06-01', ref: '48' },
      { on: '2024-12-01', ref: '46D' },
    ]);
  });

  test('E3 — a course after two withdrawals: the course does not move the 3-year period', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
      .paid('phone', 'PHONE_HELD', '2024-03-05', '2024-03-15');
    expect(balance(s, '2024-01-20')).toEqual({ points: 8, capital: 12 });
    expect(balance(s, '2024-03-15')).toEqual({ points: 5, capital: 12 });
    s.course('2024-04-08', '2024-04-09').runUntil('2024-04-10');
    expect(balance(s, '2024-04-09')).toEqual({ points: 5, capital: 12 });
    expect(balance(s, '2024-04-10')).toEqual({ points: 9, capital: 12 });
    s.runUntil('2027-03-15');
    expect(balance(s, '2027-03-14')).toEqual({ points: 9, capital: 12 });
    expect(balance(s, '2027-03-15')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2035-01-01'));
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-20', ref: '48' },
      { on: '2024-03-15', ref: '48M' },
      { on: '2024-04-10', ref: '47' },
      { on: '2027-03-15', ref: '46' },
    ]);
  });

  test('E4 — simultaneous infractions withdraw their sum capped at 8, in one withdrawal', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .infraction('speed', 'SPEEDING', '2024-06-20', { checkId: 'check-1', retainedExcessKmh: 45, speedLimitKmh: 90 })
      .infraction('phone', 'PHONE_HELD', '2024-06-20', { checkId: 'check-1' })
      .infraction('belt', 'SEATBELT_DRIVER', '2024-06-20', { checkId: 'check-1' })
      .establish('speed', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('phone', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('belt', '2024-07-01', 'FINE_PAID', '2024-07-01');
    expect(balance(s, '2024-07-01')).toEqual({ points: 4, capital: 12 });
    const withdrawals = s.on('2024-07-01').decisions.filter((d) => d.type === 'PointsWithdrawn');
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0].data).toMatchObject({ points: 8, infractionIds: ['speed', 'phone', 'belt'] });
    s.runUntil('2027-07-01');
    expect(balance(s, '2027-07-01')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2027-07-01'));
    expect(s.lettersDue('2027-07-01')).toEqual([
      { on: '2024-07-01', ref: '48M' },
      { on: '2027-07-01', ref: '46' },
    ]);
  });

  test('E5 — probation without infraction: 6, 8, 10, then 12 and the end of probation', () => {
    const s = LicenceScenario.firstLicence('2022-06-15');
    expect(balance(s, '2022-06-15')).toEqual({ points: 6, capital: 6 });
    s.runUntil('2025-06-15');
    expect(balance(s, '2023-06-15')).toEqual({ points: 8, capital: 8 });
    expect(balance(s, '2024-06-15')).toEqual({ points: 10, capital: 10 });
    expect(balance(s, '2025-06-14')).toEqual({ points: 10, capital: 10 });
    expect(balance(s, '2025-06-15')).toEqual({ points: 12, capital: 12 });
    expect(s.on('2025-06-14').probation).not.toBeNull();
    expect(s.on('2025-06-15').probation).toBeNull();
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2035-01-01'));
    expect(s.lettersRecorded()).toEqual([{ on: '2025-06-15', ref: '46' }]);
  });

  test('E6 — probation, three points lost: 48N, a course capped at the ceiling, no increments, 12 after 3 years', () => {
    const s = LicenceScenario.firstLicence('2023-09-01').paid('phone', 'PHONE_HELD', '2024-02-03', '2024-02-20');
    expect(balance(s, '2024-02-20')).toEqual({ points: 3, capital: 6 });
    s.course('2024-04-15', '2024-04-16').runUntil('2024-04-17');
    expect(balance(s, '2024-04-17')).toEqual({ points: 6, capital: 6 });
    s.runUntil('2027-02-20');
    expect(balance(s, '2024-09-01')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2025-09-01')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2026-08-31')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2026-09-01')).toEqual({ points: 6, capital: 12 });
    expect(balance(s, '2027-02-19')).toEqual({ points: 6, capital: 12 });
    expect(balance(s, '2027-02-20')).toEqual({ points: 12, capital: 12 });
    const course = s.recordedDecisions().find((d) => d.type === 'TrainingCourseCredited');
    expect(course?.data).toMatchObject({ effectiveOn: '2024-04-17', points: 3 });
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2035-01-01'));
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-02-20', ref: '48N' },
      { on: '2024-04-17', ref: '47' },
      { on: '2027-02-20', ref: '46' },
    ]);
  });
});
