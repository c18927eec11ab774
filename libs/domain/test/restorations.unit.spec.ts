import type { OffenceCode } from '@ledger/domain';
import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §4.1–4.3: full restoration, one point after six months, ten years. (Courses: §4.4, in their own file.) */

const balance = (s: LicenceScenario, on: string) => {
  const { points, capital } = s.on(on);
  return { points, capital };
};

const restorations = (s: LicenceScenario, until: string) =>
  s
    .on(until)
    .decisions.filter((d) => d.type === 'PointsRestored')
    .map((d) =>
      d.type === 'PointsRestored'
        ? { on: d.data.effectiveOn, kind: d.data.kind, points: d.data.points }
        : null,
    );

/** 2 points, 4th class (R413-14): used to keep the full restoration away. */
const SPEED_25 = { retainedExcessKmh: 25, speedLimitKmh: 80 };

describe('full restoration (L223-6 ¶1–2)', () => {
  test('after a 1st- to 3rd-class contravention the licence returns to 12 two years after the last establishment', () => {
    // NO_DIRECTION_SIGNAL: 2nd class, 3 points.
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'signal',
      'NO_DIRECTION_SIGNAL',
      '2024-01-05',
      '2024-01-15',
    );
    givenLicence(s.runUntil('2026-01-14').events)
      .when(C.applyDueChanges('2026-01-15'))
      .then([
        {
          type: 'PointsRestored',
          data: {
            decisionId: 'restoration-full/2026-01-15/-/3',
            effectiveOn: '2026-01-15',
            kind: 'FULL',
            points: 3,
            sinceEstablishedOn: '2024-01-15',
            periodMonths: 24,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test.each<[string, OffenceCode, object]>([
    ['a 4th-class contravention', 'RED_LIGHT', {}],
    ['a 5th-class contravention', 'SCREEN_IN_VIEW', {}],
    ['a délit', 'DRUGS', {}],
  ])('after %s the period is 3 years', (_, code, measures) => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('i', code, '2024-01-05', '2024-01-15', measures)
      .runUntil('2027-01-15');
    expect(balance(s, '2026-01-15').points).toBeLessThan(12);
    expect(balance(s, '2027-01-14').points).toBeLessThan(12);
    expect(balance(s, '2027-01-15')).toEqual({ points: 12, capital: 12 });
    expect(s.recordedDecisions().find((d) => d.type === 'PointsRestored')?.data).toMatchObject({
      kind: 'FULL',
      periodMonths: 36,
    });
  });

  test('the period runs from the last establishment: a new infraction committed within it restarts it', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .paid('phone', 'PHONE_HELD', '2025-06-01', '2025-06-20')
      .runUntil('2028-06-20');
    expect(balance(s, '2027-01-10')).toEqual({ points: 5, capital: 12 });
    expect(balance(s, '2028-06-19')).toEqual({ points: 5, capital: 12 });
    expect(balance(s, '2028-06-20')).toEqual({ points: 12, capital: 12 });
  });

  test('two years after 29 February is 28 February (RULES §1: a day that does not exist becomes the last day of the month)', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'signal',
      'NO_DIRECTION_SIGNAL',
      '2024-02-20',
      '2024-02-29',
    );
    expect(balance(s, '2026-02-27')).toEqual({ points: 9, capital: 12 });
    expect(balance(s, '2026-02-28')).toEqual({ points: 12, capital: 12 });
  });

  test('the 3-year period holds when any withdrawal since the issue was for a 4th-class contravention, even if the last was 2nd-class', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2020-01-05', '2020-01-10')
      .paid('signal', 'NO_DIRECTION_SIGNAL', '2021-01-05', '2021-01-10')
      .runUntil('2024-01-10');
    expect(balance(s, '2023-01-10')).toEqual({ points: 5, capital: 12 });
    expect(balance(s, '2024-01-10')).toEqual({ points: 12, capital: 12 });
  });

  test('the 3-year test only looks at withdrawals since the last full restoration', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2018-01-05', '2018-01-10')
      .runUntil('2021-01-10')
      .paid('signal', 'NO_DIRECTION_SIGNAL', '2022-02-20', '2022-03-01')
      .runUntil('2024-03-01');
    expect(balance(s, '2021-01-10')).toEqual({ points: 12, capital: 12 });
    expect(balance(s, '2024-02-29')).toEqual({ points: 9, capital: 12 });
    expect(balance(s, '2024-03-01')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual([
      { on: '2018-01-10', ref: '48' },
      { on: '2021-01-10', ref: '46' },
      { on: '2022-03-01', ref: '48' },
      { on: '2024-03-01', ref: '46' },
    ]);
  });

  test('a restoration reached while the balance is already at the ceiling records nothing (our reading)', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2020-01-05', '2020-01-10')
      .course('2020-03-01', '2020-03-02')
      .runUntil('2023-01-09');
    expect(balance(s, '2020-03-03')).toEqual({ points: 12, capital: 12 });
    givenLicence(s.events).when(C.applyDueChanges('2023-01-10')).thenAppendsNothing();
  });

  test('a full restoration reached at the ceiling still counts as the last full restoration for the 3-year test (our reading)', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2020-01-05', '2020-01-10')
      .course('2020-03-01', '2020-03-02')
      .runUntil('2023-01-10')
      .paid('signal', 'NO_DIRECTION_SIGNAL', '2023-05-20', '2023-06-01')
      .runUntil('2026-06-01');
    // 2023-01-10: conditions met at 12 of 12. The red light (4th class) is before it, so the 2nd-class
    // withdrawal of 2023-06-01 comes back after 2 years, not 3.
    expect(balance(s, '2025-05-31')).toEqual({ points: 9, capital: 12 });
    expect(balance(s, '2025-06-01')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual([
      { on: '2020-01-10', ref: '48' },
      { on: '2020-03-03', ref: '47' },
      { on: '2023-06-01', ref: '48' },
      { on: '2025-06-01', ref: '46' },
    ]);
  });

  test(
    'the full restoration returns the licence to its ceiling even from a negative raw balance',
    () => {
      const s = LicenceScenario.fullLicence('2015-01-10')
        .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
        .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
        .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20');
      expect(s.on('2027-03-19')).toMatchObject({ rawPoints: -2 });
      expect(s.on('2027-03-20')).toMatchObject({ rawPoints: 12, points: 12, capital: 12 });
      expect(s.on('2027-03-20').decisions.pop()?.data).toMatchObject({ points: 14, rawBalanceAfter: 12 });
    },
  );

  // Our reading (the domain's): the period runs from the establishment date to the day before the
  // restoration date, so an infraction committed on the restoration day itself is outside it.
  test('the period is counted by commission: an infraction committed once the period is over does not block it, even if established the same week', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .paid('phone', 'PHONE_HELD', '2027-01-10', '2027-01-12');
    expect(balance(s, '2027-01-10')).toEqual({ points: 12, capital: 12 });
    expect(balance(s, '2027-01-12')).toEqual({ points: 9, capital: 12 });
  });
});

describe('one point after six months (L223-6 ¶3)', () => {
  test('a point withdrawn alone comes back six months after its establishment, with its own decision', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'line',
      'CONTINUOUS_LINE_STRADDLED',
      '2024-03-01',
      '2024-03-10',
    );
    givenLicence(s.events)
      .when(C.applyDueChanges('2024-09-10'))
      .then([
        {
          type: 'PointsRestored',
          data: {
            decisionId: 'restoration-six_months/2024-09-10/line/1',
            effectiveOn: '2024-09-10',
            kind: 'SIX_MONTHS',
            points: 1,
            infractionId: 'line',
            sinceEstablishedOn: '2024-03-10',
            periodMonths: 6,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('six months after 31 August is the last day of February', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'line',
      'CONTINUOUS_LINE_STRADDLED',
      '2024-08-20',
      '2024-08-31',
    );
    expect(balance(s, '2025-02-27')).toEqual({ points: 11, capital: 12 });
    expect(balance(s, '2025-02-28')).toEqual({ points: 12, capital: 12 });
  });

  test('an infraction leading to a withdrawal committed within the six months blocks it', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-05-20', '2024-06-01')
      .paid('red', 'RED_LIGHT', '2024-08-01', '2024-08-20');
    expect(balance(s, '2024-12-01')).toEqual({ points: 7, capital: 12 });
    expect(restorations(s, '2025-12-31')).toEqual([]);
  });

  test('an infraction committed before the six months but established during them does not block it (CE 4 Dec 2017, n° 402423)', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-05-20', '2024-06-01')
      .infraction('red', 'RED_LIGHT', '2024-05-25', {}, '2024-06-02')
      .establish('red', '2024-07-01');
    expect(balance(s, '2024-07-01')).toEqual({ points: 7, capital: 12 });
    expect(balance(s, '2024-12-01')).toEqual({ points: 8, capital: 12 });
    expect(restorations(s, '2024-12-01')).toEqual([{ on: '2024-12-01', kind: 'SIX_MONTHS', points: 1 }]);
  });

  test('an infraction that withdrew 0 points within the six months does not block it', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-05-20', '2024-06-01')
      .paid('small', 'SPEEDING', '2024-07-01', '2024-07-10', { retainedExcessKmh: 2, speedLimitKmh: 80 });
    expect(balance(s, '2024-12-01')).toEqual({ points: 12, capital: 12 });
  });

  test('it applies during probation too, within the ceiling', () => {
    const s = LicenceScenario.firstLicence('2023-01-10').paid(
      'line',
      'CONTINUOUS_LINE_STRADDLED',
      '2023-03-01',
      '2023-03-10',
    );
    expect(balance(s, '2023-09-10')).toEqual({ points: 6, capital: 6 });
    expect(restorations(s, '2023-09-10')).toEqual([{ on: '2023-09-10', kind: 'SIX_MONTHS', points: 1 }]);
  });

  test('a share of one point left under the simultaneous cap is not "one point withdrawn": it does not come back after six months', () => {
    // RULES §9 E4: the seatbelt's share is 1 of its 3 points, and no 46D follows.
    const s = LicenceScenario.fullLicence('2015-01-10')
      .infraction('speed', 'SPEEDING', '2024-06-20', {
        checkId: 'c',
        retainedExcessKmh: 45,
        speedLimitKmh: 90,
      })
      .infraction('phone', 'PHONE_HELD', '2024-06-20', { checkId: 'c' })
      .infraction('belt', 'SEATBELT_DRIVER', '2024-06-20', { checkId: 'c' })
      .establish('speed', '2024-07-01')
      .establish('phone', '2024-07-01')
      .establish('belt', '2024-07-01');
    expect(balance(s, '2025-01-01')).toEqual({ points: 4, capital: 12 });
  });

  test('at the ceiling it records nothing', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-03-01', '2024-03-10')
      .course('2024-04-01', '2024-04-02')
      .runUntil('2024-09-09');
    expect(balance(s, '2024-04-03')).toEqual({ points: 12, capital: 12 });
    givenLicence(s.events).when(C.applyDueChanges('2024-09-10')).thenAppendsNothing();
  });
});

describe('ten years (L223-6 ¶5)', () => {
  /**
   * A first infraction established on 2010-01-10, then 2-point 4th-class infractions committed less
   * than 3 years apart, so that no full restoration happens before 2022, and a course in 2015.
   */
  const tenYearsOf = (
    code: OffenceCode,
    measures: object = {},
    mode: 'FINE_PAID' | 'CONVICTION_FINAL' = 'FINE_PAID',
  ) =>
    LicenceScenario.fullLicence('2000-01-10')
      .infraction('first', code, '2010-01-01', measures, '2010-01-02')
      .establish('first', '2010-01-10', mode)
      .paid('b', 'SPEEDING', '2012-06-01', '2012-06-10', SPEED_25)
      .paid('c', 'SPEEDING', '2014-12-01', '2014-12-10', SPEED_25)
      .course('2015-01-05', '2015-01-06')
      .paid('d', 'SPEEDING', '2017-05-01', '2017-05-10', SPEED_25)
      .paid('e', 'SPEEDING', '2019-10-01', '2019-10-10', SPEED_25);

  test('points of a 4th-class contravention come back 10 years after its establishment, whatever happened since', () => {
    const s = tenYearsOf('RED_LIGHT').runUntil('2020-01-09');
    expect(balance(s, '2020-01-09')).toEqual({ points: 4, capital: 12 });
    givenLicence(s.events)
      .when(C.applyDueChanges('2020-01-10'))
      .then([
        {
          type: 'PointsRestored',
          data: {
            decisionId: 'restoration-ten_years/2020-01-10/first/4',
            effectiveOn: '2020-01-10',
            kind: 'TEN_YEARS',
            points: 4,
            infractionId: 'first',
            sinceEstablishedOn: '2010-01-10',
            periodMonths: 120,
            rawBalanceAfter: 8,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('the ten-year restoration applies whatever the mode of establishment (our reading)', () => {
    const s = tenYearsOf('RED_LIGHT', {}, 'CONVICTION_FINAL');
    expect(balance(s, '2020-01-10')).toEqual({ points: 8, capital: 12 });
  });

  test('points of a 5th-class contravention do not come back after ten years', () => {
    const s = tenYearsOf('SCREEN_IN_VIEW');
    expect(balance(s, '2020-01-09')).toEqual({ points: 5, capital: 12 });
    expect(balance(s, '2020-01-10')).toEqual({ points: 5, capital: 12 });
    expect(restorations(s, '2020-12-31')).toEqual([]);
  });

  test('points of a délit do not come back after ten years', () => {
    const s = tenYearsOf('DRUGS');
    expect(balance(s, '2020-01-10')).toEqual({ points: 2, capital: 12 });
    expect(restorations(s, '2020-12-31')).toEqual([]);
  });

  test('the ten-year restoration gives back only what was not already given back after six months', () => {
    const s = tenYearsOf('CONTINUOUS_LINE_STRADDLED');
    expect(restorations(s, '2010-07-10')).toEqual([{ on: '2010-07-10', kind: 'SIX_MONTHS', points: 1 }]);
    expect(balance(s, '2020-01-09')).toEqual({ points: 8, capital: 12 });
    expect(balance(s, '2020-01-10')).toEqual({ points: 8, capital: 12 });
    expect(restorations(s, '2020-12-31')).toEqual([{ on: '2010-07-10', kind: 'SIX_MONTHS', points: 1 }]);
  });

  test('the ten-year restoration gives back nothing that a full restoration already gave back', () => {
    const s = LicenceScenario.fullLicence('2000-01-10')
      .paid('red', 'RED_LIGHT', '2010-01-01', '2010-01-10')
      .runUntil('2013-01-10')
      .paid('b', 'SPEEDING', '2013-06-01', '2013-06-10', SPEED_25)
      .paid('c', 'SPEEDING', '2015-11-01', '2015-11-10', SPEED_25)
      .paid('d', 'SPEEDING', '2018-04-01', '2018-04-10', SPEED_25);
    expect(balance(s, '2013-01-10')).toEqual({ points: 12, capital: 12 });
    expect(balance(s, '2020-01-10')).toEqual({ points: 6, capital: 12 });
    expect(restorations(s, '2020-12-31')).toEqual([{ on: '2013-01-10', kind: 'FULL', points: 4 }]);
  });

  /** Courses keep the balance up: 10 of 12 on 2020-01-09. */
  const nearTheCeiling = () =>
    LicenceScenario.fullLicence('2000-01-10')
      .paid('red', 'RED_LIGHT', '2010-01-01', '2010-01-10')
      .paid('b', 'SPEEDING', '2012-06-01', '2012-06-10', SPEED_25)
      .course('2012-07-01', '2012-07-02')
      .paid('c', 'SPEEDING', '2014-12-01', '2014-12-10', SPEED_25)
      .course('2015-01-05', '2015-01-06')
      .paid('d', 'SPEEDING', '2017-05-01', '2017-05-10', SPEED_25)
      .course('2017-06-01', '2017-06-02')
      .paid('e', 'SPEEDING', '2019-10-01', '2019-10-10', SPEED_25);

  test('the ten-year restoration is capped at the ceiling', () => {
    const s = nearTheCeiling();
    expect(balance(s, '2020-01-09')).toEqual({ points: 10, capital: 12 });
    expect(balance(s, '2020-01-10')).toEqual({ points: 12, capital: 12 });
    expect(restorations(s, '2020-01-10')).toEqual([{ on: '2020-01-10', kind: 'TEN_YEARS', points: 2 }]);
  });

  test('a ten-year restoration reached at the ceiling records nothing (our reading)', () => {
    const s = nearTheCeiling().course('2019-11-04', '2019-11-05').runUntil('2020-01-09');
    expect(balance(s, '2019-11-06')).toEqual({ points: 12, capital: 12 });
    givenLicence(s.events).when(C.applyDueChanges('2020-01-10')).thenAppendsNothing();
  });
});
