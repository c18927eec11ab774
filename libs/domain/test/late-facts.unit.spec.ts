import { isDecision, recordedDecisions, type LicenceDecision } from '@ledger/domain';
import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/**
 * RULES §1: facts in, decisions derived. A late fact that changes the past is answered by the
 * difference between the timeline and the ledger: new decisions, and a correction (DecisionReversed)
 * for each recorded decision the timeline no longer contains. Nothing is edited or deleted.
 */

const summary = (decisions: readonly LicenceDecision[]) =>
  decisions.map((d) => ({
    on: d.data.effectiveOn,
    type: d.type,
    points: 'points' in d.data ? d.data.points : 0,
  }));

/**
 * The ledger, folded, holds exactly the decisions of the timeline up to `today`, and its balance
 * (the sum of what was appended, corrections included) is the timeline's.
 */
function expectLedgerEqualsTimeline(s: LicenceScenario, today: string): void {
  const timeline = s.on(today);
  const ids = (ds: readonly LicenceDecision[]) => ds.map((d) => d.data.decisionId).sort();
  expect(ids(recordedDecisions(s.currentState))).toEqual(ids(timeline.decisions));
  const opening = timeline.file.openingBalance ?? (timeline.file.probationary ? 6 : 12);
  const ledgerBalance = s.events.reduce((raw, e) => {
    if (e.type === 'DecisionReversed') return raw + e.data.rawPointsChange;
    if (!isDecision(e)) return raw;
    if (e.type === 'PointsWithdrawn') return raw - e.data.points;
    return raw + ('points' in e.data ? e.data.points : 0);
  }, opening);
  expect(ledgerBalance).toBe(timeline.rawPoints);
}

describe('an establishment recorded late inside a waiting period corrects the restoration already recorded', () => {
  /** Red light established 2024-01-10; the full restoration of 2027-01-10 is recorded by the daily run. */
  const restored = () =>
    LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .runUntil('2027-01-10')
      .infraction('phone', 'PHONE_HELD', '2026-06-01', {}, '2027-02-01');

  test('an infraction committed inside the full-restoration period and established after it ended reverses that restoration', () => {
    const s = restored();
    expect(s.on('2027-01-10')).toMatchObject({ points: 12 });
    givenLicence(s.events)
      .when(C.establish('phone', '2027-01-20', 'FINE_PAID', '2027-02-01'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'phone', mode: 'FINE_PAID', establishedOn: '2027-01-20' },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'restoration-full/2027-01-10/-/4',
            reversedType: 'PointsRestored',
            effectiveOn: '2027-01-10',
            rawPointsChange: -4,
            correctedOn: '2027-02-01',
          },
        },
        {
          type: 'PointsWithdrawn',
          data: {
            decisionId: 'withdrawal/2027-01-20/phone/3',
            effectiveOn: '2027-01-20',
            infractionIds: ['phone'],
            pointsByInfraction: { phone: 3 },
            points: 3,
            probationary: false,
            committedInProbation: [],
            rawBalanceAfter: 5,
            capitalAfter: 12,
            nilBalance: false,
          },
        },
      ]);
  });

  test('after the correction the licence comes back to 12 three years after the late establishment', () => {
    const s = restored().establish('phone', '2027-01-20', 'FINE_PAID', '2027-02-01').runUntil('2030-01-20');
    expect(s.on('2027-02-01')).toMatchObject({ points: 5 });
    expect(s.on('2030-01-19')).toMatchObject({ points: 5 });
    expect(s.on('2030-01-20')).toMatchObject({ points: 12 });
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-10', ref: '48' },
      { on: '2027-01-10', ref: '46' },
      { on: '2027-01-10', ref: 'CORRECTION' },
      { on: '2027-01-20', ref: '48M' },
      { on: '2030-01-20', ref: '46' },
    ]);
    expectLedgerEqualsTimeline(s, '2030-01-20');
  });

  test('an infraction committed inside the six months and established after them reverses the point already restored', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-05-20', '2024-06-01')
      .runUntil('2024-12-01')
      .infraction('red', 'RED_LIGHT', '2024-09-01', {}, '2024-12-15');
    const appended = givenLicence(s.events)
      .when(C.establish('red', '2024-12-10', 'FINE_PAID', '2024-12-15'))
      .appended();
    expect(appended.filter((e) => e.type === 'DecisionReversed').map((e) => e.data)).toEqual([
      {
        reversedDecisionId: 'restoration-six_months/2024-12-01/line/1',
        reversedType: 'PointsRestored',
        effectiveOn: '2024-12-01',
        rawPointsChange: -1,
        correctedOn: '2024-12-15',
      },
    ]);
    s.establish('red', '2024-12-10', 'FINE_PAID', '2024-12-15');
    expect(s.on('2024-12-15')).toMatchObject({ points: 7 });
    expectLedgerEqualsTimeline(s, '2024-12-15');
  });
});

describe('a cancellation after the withdrawal is answered by corrections', () => {
  test('cancelling an infraction after its withdrawal and its restoration reverses both', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .runUntil('2027-01-10');
    givenLicence(s.events)
      .when(C.cancel('red', '2027-06-01'))
      .then([
        {
          type: 'InfractionCancelled',
          data: { infractionId: 'red', cancelledOn: '2027-06-01', reason: 'Annulée par le tribunal' },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'withdrawal/2024-01-10/red/4',
            reversedType: 'PointsWithdrawn',
            effectiveOn: '2024-01-10',
            rawPointsChange: 4,
            correctedOn: '2027-06-02',
          },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'restoration-full/2027-01-10/-/4',
            reversedType: 'PointsRestored',
            effectiveOn: '2027-01-10',
            rawPointsChange: -4,
            correctedOn: '2027-06-02',
          },
        },
      ]);
  });

  test('cancelling the infraction that blocked a restoration appends that restoration on its own date', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-10')
      .paid('phone', 'PHONE_HELD', '2025-06-01', '2025-06-20')
      .runUntil('2027-03-01');
    expect(s.on('2027-03-01')).toMatchObject({ points: 5 });
    givenLicence(s.events)
      .when(C.cancel('phone', '2027-03-01'))
      .then([
        {
          type: 'InfractionCancelled',
          data: { infractionId: 'phone', cancelledOn: '2027-03-01', reason: 'Annulée par le tribunal' },
        },
        {
          type: 'DecisionReversed',
          data: {
            reversedDecisionId: 'withdrawal/2025-06-20/phone/3',
            reversedType: 'PointsWithdrawn',
            effectiveOn: '2025-06-20',
            rawPointsChange: 3,
            correctedOn: '2027-03-02',
          },
        },
        {
          type: 'PointsRestored',
          data: {
            decisionId: 'restoration-full/2027-01-10/-/4',
            effectiveOn: '2027-01-10',
            kind: 'FULL',
            points: 4,
            sinceEstablishedOn: '2024-01-10',
            periodMonths: 36,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
    s.cancel('phone', '2027-03-01');
    expectLedgerEqualsTimeline(s, '2027-03-01');
  });

  test('a course completed before the delivery but recorded after it cancels the invalidation by a correction', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
      .delivered('2024-04-01');
    expect(s.on('2024-04-01').status).toBe('INVALIDATED');
    const appended = givenLicence(s.events)
      .when(C.course('late', '2024-03-25', '2024-03-26', '2024-04-10'))
      .appended();
    expect(appended.map((e) => e.type)).toEqual([
      'TrainingCourseCompleted',
      'DecisionReversed',
      'TrainingCourseCredited',
    ]);
    expect(appended[1]).toMatchObject({
      data: { reversedDecisionId: 'invalidation/2024-04-01', reversedType: 'LicenceInvalidated' },
    });
    // The invalidation changed no points, so its reversal changes none (the domain writes −0 here,
    // hence the arithmetic comparison rather than Object.is).
    expect(appended[1].type === 'DecisionReversed' && appended[1].data.rawPointsChange === 0).toBe(true);
    s.course('2024-03-25', '2024-03-26', '2024-04-10', 'late');
    expect(s.on('2024-04-10')).toMatchObject({ rawPoints: 2, status: 'VALID' });
    expectLedgerEqualsTimeline(s, '2024-04-10');
  });
});

describe('corrections leave the recorded ledger equal to the timeline', () => {
  test("after a cancellation of an earlier infraction the ledger holds the timeline's decisions and balance", () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('phone', 'PHONE_HELD', '2024-03-05', '2024-03-15')
      .cancel('red', '2024-05-01');
    expect(s.on('2024-05-01')).toMatchObject({ points: 9 });
    expectLedgerEqualsTimeline(s, '2024-05-01');
  });

  test("after an increment reversed by a late establishment the ledger holds the timeline's decisions and balance", () => {
    const s = LicenceScenario.firstLicence('2022-01-10')
      .infraction('red', 'RED_LIGHT', '2022-11-01')
      .runUntil('2023-01-20')
      .establish('red', '2023-02-01')
      .runUntil('2025-01-10');
    expectLedgerEqualsTimeline(s, '2025-01-10');
  });

  test('nothing recorded is edited or deleted: a correction only appends', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20');
    const before = JSON.stringify(s.events);
    s.cancel('red', '2024-03-01');
    expect(JSON.stringify(s.events.slice(0, JSON.parse(before).length))).toBe(before);
  });
});

describe('the balance "at this instant" and the daily run', () => {
  /** RULES §9 E1: 10 points from 2024-04-02, 12 due on 2027-04-02; no daily run since. */
  const e1 = () =>
    LicenceScenario.fullLicence('2015-01-10').paid('i1', 'SPEEDING', '2024-03-10', '2024-04-02', {
      retainedExcessKmh: 25,
      speedLimitKmh: 80,
    });

  test("the balance at this instant is exact before the daily run has appended the day's decisions", () => {
    const s = e1();
    expect(s.recordedDecisions().map((d) => d.type)).toEqual(['PointsWithdrawn']);
    expect(s.on('2027-04-02')).toMatchObject({ points: 12, capital: 12 });
  });

  test('the daily run appends the decisions whose date has come since', () => {
    givenLicence(e1().events)
      .when(C.applyDueChanges('2027-04-02'))
      .then([
        {
          type: 'PointsRestored',
          data: {
            decisionId: 'restoration-full/2027-04-02/-/2',
            effectiveOn: '2027-04-02',
            kind: 'FULL',
            points: 2,
            sinceEstablishedOn: '2024-04-02',
            periodMonths: 36,
            rawBalanceAfter: 12,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('a daily run before the date appends nothing', () => {
    givenLicence(e1().events).when(C.applyDueChanges('2027-04-01')).thenAppendsNothing();
  });

  test('a daily run repeated appends nothing more', () => {
    givenLicence(e1().runUntil('2027-04-02').events)
      .when(C.applyDueChanges('2027-04-02', '2027-04-03'))
      .thenAppendsNothing();
  });

  test('a fact recorded after a missed daily run appends the decisions due since, with the fact', () => {
    const appended = givenLicence(e1().events)
      .when(C.recordInfraction('later', 'RED_LIGHT', '2027-05-01'))
      .appended();
    expect(appended.map((e) => e.type)).toEqual(['InfractionRecorded', 'PointsRestored']);
  });
});

describe('upcoming restorations are the future part of the same timeline', () => {
  test('after a 4th-class withdrawal, the full restoration three years later is upcoming', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20');
    expect(summary(s.on('2024-01-20').upcoming)).toEqual([
      { on: '2027-01-20', type: 'PointsRestored', points: 4 },
    ]);
  });

  test('after a one-point withdrawal, the six-month restoration is upcoming', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'line',
      'CONTINUOUS_LINE_STRADDLED',
      '2024-05-20',
      '2024-06-01',
    );
    expect(summary(s.on('2024-06-01').upcoming)).toEqual([
      { on: '2024-12-01', type: 'PointsRestored', points: 1 },
    ]);
  });

  test('a probationary licence shows its increments and the end of probation as upcoming', () => {
    const s = LicenceScenario.firstLicence('2022-06-15');
    expect(summary(s.on('2022-06-15').upcoming)).toEqual([
      { on: '2023-06-15', type: 'ProbationIncrementGranted', points: 2 },
      { on: '2024-06-15', type: 'ProbationIncrementGranted', points: 2 },
      { on: '2025-06-15', type: 'ProbationEnded', points: 2 },
    ]);
  });

  test('they happen only if no new infraction is committed: a new withdrawal moves the full restoration', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('phone', 'PHONE_HELD', '2025-06-01', '2025-06-20');
    expect(summary(s.on('2025-06-20').upcoming)).toEqual([
      { on: '2028-06-20', type: 'PointsRestored', points: 7 },
    ]);
  });

  test('a restoration at the ceiling is not shown as upcoming', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .course('2024-03-01', '2024-03-02');
    expect(summary(s.on('2024-03-03').upcoming)).toEqual([]);
  });
});
