import {
  buildLicenceFile,
  isDomainError,
  UnpriceableFactError,
  type LicenceFact,
  type PointsWithdrawn,
} from '@ledger/domain';
import { A_HOLDER, givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

const withdrawals = (s: LicenceScenario) =>
  s.recordedDecisions().filter((d): d is PointsWithdrawn => d.type === 'PointsWithdrawn');

describe('within one day the withdrawals come before the restorations and course credits (RULES §1)', () => {
  // 12 − 1 (2024-01-20) = 11; on 2024-03-06 a red light established (−4) and a course credited (+4).
  const withdrawalAndCourseOneDay = () =>
    LicenceScenario.fullLicence('2015-01-10')
      .paid('speed', 'SPEEDING', '2024-01-05', '2024-01-20', { retainedExcessKmh: 12, speedLimitKmh: 110 })
      .infraction('red', 'RED_LIGHT', '2024-02-10')
      .course('2024-03-04', '2024-03-05', '2024-03-07')
      .establish('red', '2024-03-06');

  test('a course credit is not lost to the ceiling: 11 − 4 + 4 = 11', () => {
    const s = withdrawalAndCourseOneDay();
    expect(s.on('2024-03-06')).toMatchObject({ points: 11, capital: 12 });
    expect(
      s
        .on('2024-03-06')
        .decisions.filter((d) => d.data.effectiveOn === '2024-03-06')
        .map((d) => d.type),
    ).toEqual(['PointsWithdrawn', 'TrainingCourseCredited']);
  });

  // Our reading of RULES §1 taken literally: the full restoration due that day comes after the
  // day's withdrawals and returns the licence to its ceiling, so it gives back a withdrawal
  // established that day for an infraction committed before the waiting period began.
  test('a full restoration due on the day of a withdrawal for an earlier infraction returns the licence to 12 after it', () => {
    // 12 − 4 on 2024-01-20 (red light, 4th class): 12 again on 2027-01-20. A phone held committed
    // 2024-01-10 (before the period) is established on 2027-01-20.
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .infraction('phone', 'PHONE_HELD', '2024-01-10')
      .establish('phone', '2027-01-20');
    expect(s.on('2027-01-20').decisions.filter((d) => d.data.effectiveOn === '2027-01-20').map((d) => d.type)).toEqual([
      'PointsWithdrawn',
      'PointsRestored',
    ]);
    expect(s.on('2027-01-20')).toMatchObject({ points: 12, capital: 12 });
  });

  test("the invalidation test reads the day's final raw balance: a course credited the day of the delivery saves the licence", () => {
    // Raw −2 on 2024-03-20; a course of 2024-03-30/31 credits +4 on 2024-04-01, the day the 48SI is delivered.
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
      .delivered('2024-04-01', '2024-04-02')
      .course('2024-03-30', '2024-03-31', '2024-04-03');
    expect(s.on('2024-04-03')).toMatchObject({ rawPoints: 2, status: 'VALID', invalidatedOn: null });
  });
});

describe('a withdrawal to 0 or below lifted back the same day calls for no 48SI (RULES §1, §5, §6)', () => {
  // 12 − 4 − 4 = 4; on 2024-03-20 a délit established (−6, raw −2) and a course credited (+4): the day ends at 2.
  const savedTheSameDay = () =>
    LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .infraction('drugs', 'DRUGS', '2024-03-01')
      .course('2024-03-18', '2024-03-19', '2024-03-20')
      .establish('drugs', '2024-03-20');

  test('the day ends on a raw balance of 2: no nil balance, no 48SI, the licence stays valid', () => {
    const s = savedTheSameDay();
    expect(s.on('2024-03-20')).toMatchObject({ rawPoints: 2, status: 'VALID' });
    expect(withdrawals(s).at(-1)!.data).toMatchObject({ rawBalanceAfter: -2, nilBalance: false });
    expect(s.lettersRecorded().filter((l) => l.on === '2024-03-20')).toEqual([
      { on: '2024-03-20', ref: '48M' },
      { on: '2024-03-20', ref: '47' },
    ]);
  });

  test('a delivery is then refused: no 48SI is pending', () => {
    givenLicence(savedTheSameDay().events)
      .when(C.delivered('2024-04-01'))
      .thenThrows('INVALIDATION.NOT_PENDING');
  });
});

describe('the 48N letter is judged on the commission date (RULES §6, R223-4)', () => {
  // First licence 2021-01-10 (probation until 2024-01-10): 6 → 8 → 10, and 12 of capital at the end.
  test('an infraction committed during probation withdrawing 3 points, established after probation ended, calls for the 48N', () => {
    const s = LicenceScenario.firstLicence('2021-01-10')
      .runUntil('2024-01-10')
      .infraction('phone', 'PHONE_HELD', '2023-12-20', {}, '2024-01-15')
      .establish('phone', '2024-02-01');
    expect(s.on('2024-02-01')).toMatchObject({ points: 7, capital: 12, probation: null });
    expect(withdrawals(s)[0].data).toMatchObject({ probationary: false, committedInProbation: ['phone'] });
    expect(s.lettersRecorded().at(-1)).toEqual({ on: '2024-02-01', ref: '48N' });
  });

  test('an infraction committed after probation ended calls for no 48N', () => {
    const s = LicenceScenario.firstLicence('2021-01-10')
      .runUntil('2024-01-10')
      .paid('phone', 'PHONE_HELD', '2024-01-20', '2024-02-01');
    expect(withdrawals(s)[0].data.committedInProbation).toEqual([]);
    expect(s.lettersRecorded().at(-1)).toEqual({ on: '2024-02-01', ref: '48' });
  });

  test('an infraction committed during probation withdrawing less than 3 points calls for no 48N', () => {
    const s = LicenceScenario.firstLicence('2021-01-10')
      .runUntil('2024-01-10')
      .infraction(
        'speed',
        'SPEEDING',
        '2023-12-20',
        { retainedExcessKmh: 12, speedLimitKmh: 110 },
        '2024-01-15',
      )
      .establish('speed', '2024-02-01');
    expect(s.lettersRecorded().at(-1)).toEqual({ on: '2024-02-01', ref: '48' });
  });
});

describe('an imported probationary licence below its ceiling earns no increment (RULES §2)', () => {
  const imported = () =>
    new LicenceScenario().issue({
      licenceNumber: '901004310016',
      issuedOn: '2023-01-10',
      holder: A_HOLDER,
      probationary: true,
      openingBalance: 4,
    });

  test('no increment on the anniversaries of probation', () => {
    const s = imported().runUntil('2025-01-10');
    expect(s.on('2025-01-10')).toMatchObject({ points: 4, capital: 6 });
    expect(s.recordedDecisions().filter((d) => d.type === 'ProbationIncrementGranted')).toEqual([]);
  });

  test('it reaches 12 only through the full restoration once probation is over', () => {
    // Probation ends 2026-01-10; the full restoration counted from the import (3 years) has come that day.
    const s = imported().runUntil('2026-01-10');
    expect(s.on('2026-01-09')).toMatchObject({ points: 4, capital: 6 });
    expect(s.on('2026-01-10')).toMatchObject({ points: 12, capital: 12, probation: null });
  });

  test('an imported probationary licence at its ceiling earns its increments', () => {
    const s = new LicenceScenario()
      .issue({
        licenceNumber: '901004310016',
        issuedOn: '2023-01-10',
        holder: A_HOLDER,
        probationary: true,
        openingBalance: 6,
      })
      .runUntil('2024-01-10');
    expect(s.on('2024-01-10')).toMatchObject({ points: 8, capital: 8 });
  });
});

describe('a fact the catalogue cannot price is refused when recorded, and fails loudly if found in the log', () => {
  test('a speeding infraction without its measures is refused when recorded', () => {
    givenLicence(LicenceScenario.fullLicence('2015-01-10').events)
      .when(C.recordInfraction('speed', 'SPEEDING', '2024-01-05'))
      .thenThrows('INFRACTION.MISSING_MEASURE');
  });

  test('found in the log, it stops the computation with a fault naming it, not "class 4, 0 points"', () => {
    const facts: LicenceFact[] = [
      ...LicenceScenario.fullLicence('2015-01-10').facts(),
      {
        type: 'InfractionRecorded',
        data: { infractionId: 'speed', offenceCode: 'SPEEDING', committedOn: '2024-01-05' },
      },
    ];
    let thrown: unknown;
    try {
      buildLicenceFile(facts);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnpriceableFactError);
    expect(isDomainError(thrown)).toBe(false);
    expect((thrown as Error).message).toContain('speed');
  });

  test('an alcohol level under the threshold once probation is known to have ended earlier withdraws nothing', () => {
    // First licence 2023-01-10: 0.3 g/L on 2025-06-01 is recorded while probation runs to 2026-01-10
    // (threshold 0.2). The complementary training of 2023-09-01, recorded late, ends probation on
    // 2025-01-10: the level is under the 0.5 threshold of a full licence, no offence (R234-1).
    const s = LicenceScenario.firstLicence('2023-01-10')
      .paid('alcohol', 'ALCOHOL', '2025-06-01', '2025-06-10', { alcoholGramsPerLitreBlood: 0.3 })
      .complementaryTraining('2023-09-01', '2025-07-01');
    const infraction = s.on('2025-07-01').file.infractions.find((i) => i.infractionId === 'alcohol')!;
    expect(infraction).toMatchObject({ points: 0, withdrawn: 0 });
  });
});
