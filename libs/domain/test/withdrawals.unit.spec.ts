import type { EstablishmentMode, OffenceCode, PointsWithdrawn } from '@ledger/domain';
import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §3: withdrawals, the simultaneous cap, cancellations, the raw balance, the catalogue. */

const balance = (s: LicenceScenario, on: string) => {
  const { points, capital } = s.on(on);
  return { points, capital };
};

const withdrawalsOn = (s: LicenceScenario, on: string) =>
  s
    .on(on)
    .decisions.filter((d): d is PointsWithdrawn => d.type === 'PointsWithdrawn' && d.data.effectiveOn === on);

describe('an infraction withdraws points once it is established (L223-1)', () => {
  test('an infraction recorded but not established withdraws nothing', () => {
    givenLicence(LicenceScenario.fullLicence('2020-01-10').events)
      .when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-01'))
      .then([
        {
          type: 'InfractionRecorded',
          data: { infractionId: 'red', offenceCode: 'RED_LIGHT', committedOn: '2024-03-01' },
        },
      ]);
  });

  test('the withdrawal takes effect on the establishment date', () => {
    givenLicence(
      LicenceScenario.fullLicence('2020-01-10').infraction('red', 'RED_LIGHT', '2024-03-01').events,
    )
      .when(C.establish('red', '2024-04-01'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'red', mode: 'FINE_PAID', establishedOn: '2024-04-01' },
        },
        {
          type: 'PointsWithdrawn',
          data: {
            decisionId: 'withdrawal/2024-04-01/red/4',
            effectiveOn: '2024-04-01',
            infractionIds: ['red'],
            pointsByInfraction: { red: 4 },
            points: 4,
            probationary: false,
            committedInProbation: [],
            rawBalanceAfter: 8,
            capitalAfter: 12,
            nilBalance: false,
          },
        },
      ]);
  });

  test('an establishment recorded late takes effect on the date it happened, not the day it is recorded', () => {
    const appended = givenLicence(
      LicenceScenario.fullLicence('2020-01-10').infraction('red', 'RED_LIGHT', '2024-03-01').events,
    )
      .when(C.establish('red', '2024-04-01', 'FINE_PAID', '2024-05-20'))
      .appended();
    expect(appended[1]).toMatchObject({
      type: 'PointsWithdrawn',
      data: { effectiveOn: '2024-04-01', rawBalanceAfter: 8 },
    });
  });

  test.each<[string, EstablishmentMode]>([
    ['the fine was paid', 'FINE_PAID'],
    ['the enforcement order of the increased fine was issued', 'INCREASED_FINE_ISSUED'],
    ['a composition pénale was carried out', 'COMPOSITION_PENALE_EXECUTED'],
    ['a conviction became final', 'CONVICTION_FINAL'],
  ])('an infraction is established when %s', (_, mode) => {
    const s = LicenceScenario.fullLicence('2020-01-10')
      .infraction('red', 'RED_LIGHT', '2024-03-01')
      .establish('red', '2024-04-01', mode);
    expect(balance(s, '2024-04-01')).toEqual({ points: 8, capital: 12 });
  });
});

describe('points per offence come from the catalogue (L223-2, offences.md)', () => {
  test.each<[string, OffenceCode, object, number]>([
    ['a délit (drugs) withdraws 6 points', 'DRUGS', {}, 6],
    ['a refusal to stop withdraws 6 points', 'REFUSAL_TO_STOP', {}, 6],
    [
      'a pedestrian not given priority withdraws 6 points, the most for a contravention',
      'PEDESTRIAN_PRIORITY',
      {},
      6,
    ],
    ['a red light withdraws 4 points', 'RED_LIGHT', {}, 4],
    ['a phone held while driving withdraws 3 points', 'PHONE_HELD', {}, 3],
    ['accelerating while being overtaken withdraws 2 points', 'ACCELERATING_WHEN_OVERTAKEN', {}, 2],
    ['a continuous line straddled withdraws 1 point', 'CONTINUOUS_LINE_STRADDLED', {}, 1],
    ['an excess of 12 km/h withdraws 1 point', 'SPEEDING', { retainedExcessKmh: 12, speedLimitKmh: 110 }, 1],
    ['an excess of 25 km/h withdraws 2 points', 'SPEEDING', { retainedExcessKmh: 25, speedLimitKmh: 80 }, 2],
    ['an excess of 35 km/h withdraws 3 points', 'SPEEDING', { retainedExcessKmh: 35, speedLimitKmh: 80 }, 3],
    ['an excess of 45 km/h withdraws 4 points', 'SPEEDING', { retainedExcessKmh: 45, speedLimitKmh: 90 }, 4],
    ['an excess of 55 km/h withdraws 6 points', 'SPEEDING', { retainedExcessKmh: 55, speedLimitKmh: 80 }, 6],
    ['0.60 g/L of alcohol withdraws 6 points', 'ALCOHOL', { alcoholGramsPerLitreBlood: 0.6 }, 6],
    ['0.90 g/L of alcohol (a délit) withdraws 6 points', 'ALCOHOL', { alcoholGramsPerLitreBlood: 0.9 }, 6],
  ])('%s', (_, code, measures, points) => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('i', code, '2024-03-01', '2024-04-01', measures);
    expect(withdrawalsOn(s, '2024-04-01').map((d) => d.data)).toEqual([expect.objectContaining({ points })]);
  });

  test('from 29 December 2025 an excess of 50 km/h or more is a délit, still 6 points; the day before it is a 5th-class contravention', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('before', 'SPEEDING', '2025-12-28', '2026-01-05', { retainedExcessKmh: 55, speedLimitKmh: 80 })
      .paid('after', 'SPEEDING', '2025-12-29', '2026-01-06', { retainedExcessKmh: 55, speedLimitKmh: 80 });
    const infractions = s.on('2026-01-06').file.infractions;
    expect(infractions.map((i) => [i.infractionId, i.offenceClass, i.withdrawn])).toEqual([
      ['before', 5, 6],
      ['after', 'DELIT', 6],
    ]);
  });

  test('the more lenient law applies: an excess of 3 km/h committed in 2023 and established in 2024 withdraws no point', () => {
    const given = LicenceScenario.fullLicence('2015-01-10').infraction('small', 'SPEEDING', '2023-11-15', {
      retainedExcessKmh: 3,
      speedLimitKmh: 80,
    }).events;
    givenLicence(given)
      .when(C.establish('small', '2024-01-10'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'small', mode: 'FINE_PAID', establishedOn: '2024-01-10' },
        },
      ]);
  });

  test('an excess of 3 km/h committed and established in 2023 withdrew 1 point under the law of the time', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'small',
      'SPEEDING',
      '2023-11-15',
      '2023-12-10',
      {
        retainedExcessKmh: 3,
        speedLimitKmh: 80,
      },
    );
    expect(balance(s, '2023-12-10')).toEqual({ points: 11, capital: 12 });
  });
});

describe('simultaneous infractions (L223-2 III, R223-2)', () => {
  const oneCheck = () =>
    LicenceScenario.fullLicence('2015-01-10')
      .infraction('speed', 'SPEEDING', '2024-06-20', {
        checkId: 'check-1',
        retainedExcessKmh: 45,
        speedLimitKmh: 90,
      })
      .infraction('phone', 'PHONE_HELD', '2024-06-20', { checkId: 'check-1' })
      .infraction('belt', 'SEATBELT_DRIVER', '2024-06-20', { checkId: 'check-1' });

  test('infractions of one check withdraw their sum, capped at 8 points', () => {
    const s = oneCheck()
      .establish('speed', '2024-07-01')
      .establish('phone', '2024-07-01')
      .establish('belt', '2024-07-01');
    expect(balance(s, '2024-07-01')).toEqual({ points: 4, capital: 12 });
  });

  test('those of one check established on the same date form one withdrawal in the law', () => {
    const s = oneCheck()
      .establish('speed', '2024-07-01')
      .establish('phone', '2024-07-01')
      .establish('belt', '2024-07-01');
    expect(withdrawalsOn(s, '2024-07-01').map((d) => d.data)).toEqual([
      expect.objectContaining({
        infractionIds: ['speed', 'phone', 'belt'],
        points: 8,
        // RULES §3's fixed order: all 4th class; the larger first (speed 4), then by id (belt, phone).
        pointsByInfraction: { speed: 4, belt: 3, phone: 1 },
      }),
    ]);
  });

  // RULES §1: a fact brings the decisions already past; those dated today wait for the daily run.
  // So a clerk establishing the three infractions of one check one after another on the day makes
  // one withdrawal, recorded once, with one letter (RULES §3).
  test('those of one check established on the same date, recorded that same day, form one ledger entry and one letter', () => {
    const s = oneCheck()
      .establish('speed', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('phone', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('belt', '2024-07-01', 'FINE_PAID', '2024-07-01');
    expect(s.recordedDecisions()).toEqual([]);
    expect(s.on('2024-07-01')).toMatchObject({ points: 4 });
    s.runUntil('2024-07-02');
    expect(s.recordedDecisions().filter((d) => d.type === 'PointsWithdrawn')).toHaveLength(1);
    expect(s.events.filter((e) => e.type === 'DecisionReversed')).toHaveLength(0);
    expect(s.lettersRecorded()).toEqual([{ on: '2024-07-01', ref: '48M' }]);
  });

  test('established on the same date but recorded on different days, the ledger corrects the first withdrawal into one', () => {
    const s = oneCheck().establish('speed', '2024-07-01').establish('phone', '2024-07-01', 'FINE_PAID', '2024-07-03');
    const standing = [...s.currentState.recorded.values()].filter((d) => d.type === 'PointsWithdrawn');
    expect(standing.map((d) => d.data.infractionIds)).toEqual([['speed', 'phone']]);
    expect(s.events.filter((e) => e.type === 'DecisionReversed')).toHaveLength(1);
  });

  test('established on different dates, each withdraws what is left under the cap', () => {
    const given = oneCheck().establish('speed', '2024-07-01').establish('phone', '2024-07-15').events;
    givenLicence(given)
      .when(C.establish('belt', '2024-08-01'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'belt', mode: 'FINE_PAID', establishedOn: '2024-08-01' },
        },
        {
          type: 'PointsWithdrawn',
          data: {
            decisionId: 'withdrawal/2024-08-01/belt/1',
            effectiveOn: '2024-08-01',
            infractionIds: ['belt'],
            pointsByInfraction: { belt: 1 },
            points: 1,
            probationary: false,
            committedInProbation: [],
            rawBalanceAfter: 4,
            capitalAfter: 12,
            nilBalance: false,
          },
        },
      ]);
  });

  test('once the cap is reached, a further infraction of the same check withdraws nothing', () => {
    const given = oneCheck()
      .infraction('line', 'CONTINUOUS_LINE_CROSSED', '2024-06-20', { checkId: 'check-1' })
      .establish('speed', '2024-07-01')
      .establish('phone', '2024-07-01')
      .establish('belt', '2024-07-01').events;
    givenLicence(given)
      .when(C.establish('line', '2024-08-01'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'line', mode: 'FINE_PAID', establishedOn: '2024-08-01' },
        },
      ]);
  });

  test('infractions at different checks are not capped together', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('a', 'PEDESTRIAN_PRIORITY', '2024-06-20', '2024-07-01', { checkId: 'check-1' })
      .paid('b', 'RED_LIGHT', '2024-06-20', '2024-07-01', { checkId: 'check-2' });
    expect(balance(s, '2024-07-01')).toEqual({ points: 2, capital: 12 });
  });

  test('the cap applies to a probationary licence too: a délit and a red light at one check withdraw 8, raw 6 − 8 = −2', () => {
    const s = LicenceScenario.firstLicence('2023-06-01')
      .infraction('drugs', 'DRUGS', '2023-09-01', { checkId: 'check-1' })
      .infraction('red', 'RED_LIGHT', '2023-09-01', { checkId: 'check-1' })
      .establish('drugs', '2023-09-15')
      .establish('red', '2023-09-15');
    const situation = s.on('2023-09-15');
    expect({ raw: situation.rawPoints, points: situation.points, status: situation.status }).toEqual({
      raw: -2,
      points: 0,
      status: 'INVALIDATION_PENDING',
    });
    expect(withdrawalsOn(s, '2023-09-15').map((d) => d.data.points)).toEqual([8]);
  });
});

describe('a cancelled infraction never withdrew anything', () => {
  test('a withdrawal already recorded for an infraction later cancelled is reversed by a correction', () => {
    givenLicence(
      LicenceScenario.fullLicence('2020-01-10').paid('red', 'RED_LIGHT', '2024-03-01', '2024-04-01').events,
    )
      .when(C.cancel('red', '2024-05-10'))
      .then([
        {
          type: 'InfractionCancelled',
          data: { infractionId: 'red', cancelledOn: '2024-05-10', reason: 'Annulée par le tribunal' },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'withdrawal/2024-04-01/red/4',
            reversedType: 'PointsWithdrawn',
            effectiveOn: '2024-04-01',
            rawPointsChange: 4,
            correctedOn: '2024-05-11',
          },
        },
      ]);
  });

  test('an infraction cancelled before it was established withdraws nothing', () => {
    givenLicence(
      LicenceScenario.fullLicence('2020-01-10').infraction('red', 'RED_LIGHT', '2024-03-01').events,
    )
      .when(C.cancel('red', '2024-03-20'))
      .then([
        {
          type: 'InfractionCancelled',
          data: { infractionId: 'red', cancelledOn: '2024-03-20', reason: 'Annulée par le tribunal' },
        },
      ]);
  });

  test('the timeline leaves a cancelled infraction out, from the day it was established', () => {
    const s = LicenceScenario.fullLicence('2020-01-10')
      .paid('red', 'RED_LIGHT', '2024-03-01', '2024-04-01')
      .cancel('red', '2024-05-10');
    expect(balance(s, '2024-04-01')).toEqual({ points: 12, capital: 12 });
    expect(s.on('2024-05-10').decisions).toEqual([]);
  });
});

describe('the raw balance (RULES §3)', () => {
  test('the displayed balance never goes below 0 but the raw balance does: 4 − 6 is raw −2, shown 0', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20');
    expect(s.on('2024-02-20')).toMatchObject({ rawPoints: 4, points: 4 });
    expect(s.on('2024-03-20')).toMatchObject({ rawPoints: -2, points: 0 });
    expect(withdrawalsOn(s, '2024-03-20').map((d) => d.data.rawBalanceAfter)).toEqual([-2]);
  });

  test('a later credit starts from the raw value: a course on raw −2 gives 2, not 4', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
      .course('2024-04-02', '2024-04-03')
      .runUntil('2024-04-04');
    expect(s.on('2024-04-04')).toMatchObject({ rawPoints: 2, points: 2, status: 'VALID' });
  });
});

describe('an infraction that withdrew 0 points is not one that led to a withdrawal', () => {
  const zeroPoint = { retainedExcessKmh: 3, speedLimitKmh: 80 };

  test('it does not block the point restored after six months', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-03-01', '2024-03-10')
      .paid('small', 'SPEEDING', '2024-05-01', '2024-05-10', zeroPoint)
      .runUntil('2024-09-10');
    expect(balance(s, '2024-05-10')).toEqual({ points: 11, capital: 12 });
    expect(balance(s, '2024-09-10')).toEqual({ points: 12, capital: 12 });
  });

  test('it neither blocks nor restarts the full restoration', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .paid('small', 'SPEEDING', '2025-06-01', '2025-06-10', zeroPoint)
      .runUntil('2027-01-10');
    expect(balance(s, '2027-01-09')).toEqual({ points: 8, capital: 12 });
    expect(balance(s, '2027-01-10')).toEqual({ points: 12, capital: 12 });
  });

  test('it calls for no letter', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'small',
      'SPEEDING',
      '2025-06-01',
      '2025-06-10',
      zeroPoint,
    );
    expect(s.lettersRecorded()).toEqual([]);
  });
});
