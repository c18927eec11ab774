import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §2: capital, probation, increments, complementary training, ceilings, end of probation. */

const balance = (s: LicenceScenario, on: string) => {
  const { points, capital } = s.on(on);
  return { points, capital };
};

describe('capital (R223-1)', () => {
  test('a full licence has a capital of 12 points', () => {
    const s = LicenceScenario.fullLicence('2020-01-10');
    expect(balance(s, '2020-01-10')).toEqual({ points: 12, capital: 12 });
    expect(s.on('2020-01-10').probation).toBeNull();
    expect(s.on('2020-01-10').status).toBe('VALID');
  });

  test('a first licence starts probationary with 6 points for 3 years', () => {
    const s = LicenceScenario.firstLicence('2022-06-15');
    expect(balance(s, '2022-06-15')).toEqual({ points: 6, capital: 6 });
    expect(s.on('2022-06-15').probation).toEqual({
      startedOn: '2022-06-15',
      endsOn: '2025-06-15',
      earlyLearning: false,
      complementaryTraining: false,
    });
  });

  test('after early supervised learning (AAC) probation lasts 2 years', () => {
    const s = LicenceScenario.firstLicence('2022-06-15', true);
    expect(s.on('2022-06-15').probation).toMatchObject({ endsOn: '2024-06-15', earlyLearning: true });
  });

  test('a licence for a further category does not restart probation: it keeps the ceiling of 12', () => {
    // The ledger records a further category as a licence issued without probation.
    const s = LicenceScenario.fullLicence('2024-02-01', 12);
    expect(balance(s, '2024-02-01')).toEqual({ points: 12, capital: 12 });
    expect(s.on('2024-02-01').probation).toBeNull();
  });
});

describe('probation increments (L223-1, R223-1 II)', () => {
  test('on the normal route each anniversary adds 2 points and lifts the ceiling to 8', () => {
    givenLicence(LicenceScenario.firstLicence('2022-06-15').events)
      .when(C.applyDueChanges('2023-06-15'))
      .then([
        {
          type: 'ProbationIncrementGranted',
          data: {
            decisionId: 'probation-increment/2023-06-15/2/8',
            effectiveOn: '2023-06-15',
            points: 2,
            rawBalanceAfter: 8,
            capitalAfter: 8,
          },
        },
      ]);
  });

  test('the day before the anniversary the licence still has 6 of 6', () => {
    givenLicence(LicenceScenario.firstLicence('2022-06-15').events)
      .when(C.applyDueChanges('2023-06-14'))
      .thenAppendsNothing();
  });

  test('after early supervised learning each anniversary adds 3 points: 6, 9, then 12 at the end of probation', () => {
    givenLicence(LicenceScenario.firstLicence('2022-06-15', true).events)
      .when(C.applyDueChanges('2024-06-15'))
      .then([
        {
          type: 'ProbationIncrementGranted',
          data: {
            decisionId: 'probation-increment/2023-06-15/3/9',
            effectiveOn: '2023-06-15',
            points: 3,
            rawBalanceAfter: 9,
            capitalAfter: 9,
          },
        },
        {
          type: 'ProbationEnded',
          data: {
            decisionId: 'probation-end/2024-06-15/3',
            effectiveOn: '2024-06-15',
            points: 3,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('an infraction that led to a withdrawal stops every later increment', () => {
    const s = LicenceScenario.firstLicence('2022-01-10')
      .runUntil('2023-01-10')
      .paid('red', 'RED_LIGHT', '2023-03-01', '2023-03-10')
      .runUntil('2025-01-10');
    expect(balance(s, '2023-01-10')).toEqual({ points: 8, capital: 8 });
    expect(balance(s, '2023-03-10')).toEqual({ points: 4, capital: 8 });
    expect(balance(s, '2024-01-10')).toEqual({ points: 4, capital: 8 });
    expect(s.recordedDecisions().filter((d) => d.type === 'ProbationIncrementGranted')).toHaveLength(1);
  });

  test('the increment is judged by commission date: an infraction committed before the anniversary and established after it blocks that increment', () => {
    const s = LicenceScenario.firstLicence('2022-01-10')
      .infraction('red', 'RED_LIGHT', '2022-11-01')
      .runUntil('2023-01-20');
    // Before the establishment, nothing blocks the increment: the daily run records it.
    expect(balance(s, '2023-01-20')).toEqual({ points: 8, capital: 8 });
    givenLicence(s.events)
      .when(C.establish('red', '2023-02-01'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'red', mode: 'FINE_PAID', establishedOn: '2023-02-01' },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'probation-increment/2023-01-10/2/8',
            reversedType: 'ProbationIncrementGranted',
            effectiveOn: '2023-01-10',
            rawPointsChange: -2,
            correctedOn: '2023-02-02',
          },
        },
        {
          type: 'PointsWithdrawn',
          data: {
            decisionId: 'withdrawal/2023-02-01/red/4',
            effectiveOn: '2023-02-01',
            infractionIds: ['red'],
            pointsByInfraction: { red: 4 },
            points: 4,
            probationary: true,
            committedInProbation: ['red'],
            rawBalanceAfter: 2,
            capitalAfter: 6,
            nilBalance: false,
          },
        },
      ]);
  });

  test('an infraction that withdrew 0 points blocks no increment', () => {
    // 3 km/h retained in 2024: no point (offences.md, R413-14 from 2024-01-01).
    const s = LicenceScenario.firstLicence('2023-06-01')
      .paid('small', 'SPEEDING', '2024-02-01', '2024-02-10', { retainedExcessKmh: 3, speedLimitKmh: 80 })
      .runUntil('2024-06-01');
    expect(balance(s, '2024-02-10')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2024-06-01')).toEqual({ points: 8, capital: 8 });
    expect(s.recordedDecisions().map((d) => d.type)).toEqual(['ProbationIncrementGranted']);
  });
});

describe('complementary training (R223-1 II)', () => {
  test('on the normal route it shortens probation to 2 years: 6, 8 after one year, 12 after two', () => {
    const s = LicenceScenario.firstLicence('2022-03-01')
      .complementaryTraining('2022-10-01')
      .runUntil('2024-03-01');
    expect(s.on('2022-10-01').probation).toMatchObject({ endsOn: '2024-03-01', complementaryTraining: true });
    expect(balance(s, '2023-02-28')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2023-03-01')).toEqual({ points: 8, capital: 8 });
    expect(balance(s, '2024-02-29')).toEqual({ points: 8, capital: 8 });
    expect(balance(s, '2024-03-01')).toEqual({ points: 12, capital: 12 });
    expect(s.on('2024-03-01').probation).toBeNull();
    expect(s.lettersRecorded()).toEqual([{ on: '2024-03-01', ref: '46' }]);
  });

  test('after early supervised learning it shortens probation to 18 months: 6, 9 after one year, 12 after 18 months', () => {
    const s = LicenceScenario.firstLicence('2022-03-01', true)
      .complementaryTraining('2022-10-01')
      .runUntil('2023-09-01');
    expect(s.on('2022-10-01').probation).toMatchObject({ endsOn: '2023-09-01', complementaryTraining: true });
    expect(balance(s, '2023-03-01')).toEqual({ points: 9, capital: 9 });
    expect(balance(s, '2023-08-31')).toEqual({ points: 9, capital: 9 });
    expect(balance(s, '2023-09-01')).toEqual({ points: 12, capital: 12 });
  });

  test('it does not shorten probation when an infraction that led to a withdrawal is committed', () => {
    const s = LicenceScenario.firstLicence('2022-03-01')
      .complementaryTraining('2022-10-01')
      .runUntil('2023-03-01')
      .paid('red', 'RED_LIGHT', '2023-05-01', '2023-05-10')
      .runUntil('2025-03-01');
    expect(s.on('2023-05-10').probation).toMatchObject({
      endsOn: '2025-03-01',
      complementaryTraining: false,
    });
    expect(balance(s, '2024-03-01')).toEqual({ points: 4, capital: 8 });
    expect(balance(s, '2025-03-01')).toEqual({ points: 4, capital: 12 });
  });

  // Our reading of "between the 6th and 12th month": from the day 6 months after the issue to the
  // day 12 months after it, both included (the domain's complementaryTrainingWindow).
  test.each([
    ['the day 6 months after the issue', '2022-09-01'],
    ['the day 12 months after the issue', '2023-03-01'],
  ])('complementary training completed on %s is within the window', (_, completedOn) => {
    givenLicence(LicenceScenario.firstLicence('2022-03-01').events)
      .when(C.complementaryTraining(completedOn))
      .then(expect.arrayContaining([{ type: 'ComplementaryTrainingCompleted', data: { completedOn } }]));
  });

  test.each([
    ['in the 6th month, before 6 months have passed', '2022-08-31'],
    ['after the 12th month', '2023-03-02'],
  ])('complementary training completed %s is refused', (_, completedOn) => {
    givenLicence(LicenceScenario.firstLicence('2022-03-01').events)
      .when(C.complementaryTraining(completedOn))
      .thenThrows('COMPLEMENTARY_TRAINING.OUTSIDE_WINDOW');
  });

  test('complementary training is recorded once', () => {
    givenLicence(LicenceScenario.firstLicence('2022-03-01').complementaryTraining('2022-10-01').events)
      .when(C.complementaryTraining('2022-11-01'))
      .thenThrows('COMPLEMENTARY_TRAINING.ALREADY_RECORDED');
  });
});

describe('the ceiling during probation (R223-1 II)', () => {
  test('no restoration lifts the balance above the ceiling earned so far: a course on 4 of 8 brings it to 8', () => {
    const s = LicenceScenario.firstLicence('2022-01-10')
      .runUntil('2023-01-10')
      .paid('red', 'RED_LIGHT', '2023-03-01', '2023-03-10')
      .course('2023-05-02', '2023-05-03')
      .runUntil('2024-01-10');
    expect(balance(s, '2023-05-04')).toEqual({ points: 8, capital: 8 });
    expect(balance(s, '2024-01-10')).toEqual({ points: 8, capital: 8 });
  });

  test('the point restored after six months during probation stays within the ceiling of 6', () => {
    const s = LicenceScenario.firstLicence('2023-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2023-03-01', '2023-03-10')
      .runUntil('2024-01-10');
    expect(balance(s, '2023-03-10')).toEqual({ points: 5, capital: 6 });
    expect(balance(s, '2023-09-10')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2024-01-10')).toEqual({ points: 6, capital: 6 });
  });
});

describe('the end of probation (L223-1 last paragraph)', () => {
  test('without an infraction that led to a withdrawal, the licence has 12 when probation ends, with letter 46', () => {
    const s = LicenceScenario.firstLicence('2022-06-15').runUntil('2025-06-15');
    expect(balance(s, '2025-06-15')).toEqual({ points: 12, capital: 12 });
    expect(s.lettersRecorded()).toEqual([{ on: '2025-06-15', ref: '46' }]);
  });

  test('with an infraction, the full-restoration period already over when probation ends brings the licence to 12 on that day (our reading)', () => {
    // NO_DIRECTION_SIGNAL is a 2nd-class contravention: a 2-year period, over on 2022-02-10, in probation.
    const s = LicenceScenario.firstLicence('2020-01-10')
      .paid('signal', 'NO_DIRECTION_SIGNAL', '2020-02-01', '2020-02-10')
      .runUntil('2023-01-09');
    expect(balance(s, '2022-02-10')).toEqual({ points: 3, capital: 6 });
    expect(balance(s, '2023-01-09')).toEqual({ points: 3, capital: 6 });
    givenLicence(s.events)
      .when(C.applyDueChanges('2023-01-10'))
      .then([
        {
          type: 'ProbationEnded',
          data: {
            decisionId: 'probation-end/2023-01-10/9',
            effectiveOn: '2023-01-10',
            points: 9,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
    s.runUntil('2023-01-10');
    expect(s.lettersRecorded()).toEqual([
      { on: '2020-02-10', ref: '48N' },
      { on: '2023-01-10', ref: '46' },
    ]);
  });

  test('with an infraction, a full-restoration period still running when probation ends lifts only the ceiling; 12 comes the day it ends', () => {
    const s = LicenceScenario.firstLicence('2020-01-10')
      .paid('red', 'RED_LIGHT', '2021-05-01', '2021-05-10')
      .runUntil('2024-05-10');
    // The first increment (2021-01-10) was earned before the infraction: 8 - 4 = 4 of 8.
    expect(balance(s, '2023-01-09')).toEqual({ points: 4, capital: 8 });
    expect(balance(s, '2023-01-10')).toEqual({ points: 4, capital: 12 });
    expect(balance(s, '2024-05-09')).toEqual({ points: 4, capital: 12 });
    expect(balance(s, '2024-05-10')).toEqual({ points: 12, capital: 12 });
    expect(s.recordedDecisions().find((d) => d.type === 'ProbationEnded')?.data).toMatchObject({ points: 0 });
    expect(s.lettersRecorded()).toEqual([
      { on: '2021-05-10', ref: '48N' },
      { on: '2024-05-10', ref: '46' },
    ]);
  });

  test('the full restoration does not apply during probation', () => {
    const s = LicenceScenario.firstLicence('2020-01-10').paid(
      'signal',
      'NO_DIRECTION_SIGNAL',
      '2020-02-01',
      '2020-02-10',
    );
    expect(s.on('2022-12-31').decisions.filter((d) => d.type === 'PointsRestored')).toEqual([]);
  });
});
