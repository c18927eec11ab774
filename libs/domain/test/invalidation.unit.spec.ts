import { newLicenceAllowedFrom } from '@ledger/domain';
import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §5: invalidation for a nil balance (L223-1, L223-5, R223-3). */

/** Raw 12 − 4 − 4 = 4 on 2024-02-20, and a délit recorded (not yet established). */
const fourPointsAndADelit = () =>
  LicenceScenario.fullLicence('2015-01-10')
    .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
    .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
    .infraction('drugs', 'DRUGS', '2024-03-05');

/** Raw −2 on 2024-03-20: the 48SI letter is due. */
const nilBalance = () => fourPointsAndADelit().establish('drugs', '2024-03-20');

/** Invalidated on 2024-04-01, when the 48SI letter was delivered. */
const invalidated = () => nilBalance().delivered('2024-04-01');

describe('a raw balance at or below 0 invalidates the licence for a nil balance', () => {
  test('the withdrawal that brings the raw balance to 0 or below calls for the 48SI letter, and the licence is pending', () => {
    givenLicence(fourPointsAndADelit().events)
      .when(C.establish('drugs', '2024-03-20'))
      .then([
        {
          type: 'InfractionEstablished',
          data: { infractionId: 'drugs', mode: 'FINE_PAID', establishedOn: '2024-03-20' },
        },
        {
          type: 'PointsWithdrawn',
          data: {
            decisionId: 'withdrawal/2024-03-20/drugs/6',
            effectiveOn: '2024-03-20',
            infractionIds: ['drugs'],
            pointsByInfraction: { drugs: 6 },
            points: 6,
            probationary: false,
            committedInProbation: [],
            rawBalanceAfter: -2,
            capitalAfter: 12,
            nilBalance: true,
          },
        },
      ]);
    expect(nilBalance().lettersRecorded().pop()).toEqual({ on: '2024-03-20', ref: '48SI' });
  });

  test('a raw balance of exactly 0 invalidates too', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('a', 'PEDESTRIAN_PRIORITY', '2024-01-05', '2024-01-20')
      .paid('b', 'DRUGS', '2024-02-05', '2024-02-20');
    expect(s.on('2024-02-20')).toMatchObject({ rawPoints: 0, points: 0, status: 'INVALIDATION_PENDING' });
    expect(s.lettersRecorded().pop()).toEqual({ on: '2024-02-20', ref: '48SI' });
  });

  test('until the 48SI letter is delivered the licence is still valid: its status is pending', () => {
    const s = nilBalance().runUntil('2024-03-31');
    expect(s.on('2024-03-31')).toMatchObject({ status: 'INVALIDATION_PENDING', invalidatedOn: null });
    expect(s.recordedDecisions().some((d) => d.type === 'LicenceInvalidated')).toBe(false);
  });
});

describe('the invalidation takes effect when the 48SI letter is delivered (L223-5, R223-3)', () => {
  test('recording the delivery invalidates the licence on the delivery date', () => {
    givenLicence(nilBalance().events)
      .when(C.delivered('2024-04-01'))
      .then([
        { type: 'InvalidationLetterDelivered', data: { deliveredOn: '2024-04-01' } },
        {
          type: 'LicenceInvalidated',
          data: {
            decisionId: 'invalidation/2024-04-01',
            effectiveOn: '2024-04-01',
            rawBalanceAfter: -2,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('a delivery recorded late (first presentation plus 15 days) takes effect on the delivery date', () => {
    const appended = givenLicence(nilBalance().events)
      .when(C.delivered('2024-04-01', '2024-04-25'))
      .appended();
    expect(appended[1]).toMatchObject({ type: 'LicenceInvalidated', data: { effectiveOn: '2024-04-01' } });
  });

  test('the situation shows the licence invalidated from the delivery date', () => {
    const s = invalidated();
    expect(s.on('2024-03-31')).toMatchObject({ status: 'INVALIDATION_PENDING' });
    expect(s.on('2024-04-01')).toMatchObject({
      status: 'INVALIDATED',
      invalidatedOn: '2024-04-01',
      points: 0,
    });
  });

  test('the delivery is recorded once', () => {
    givenLicence(invalidated().events)
      .when(C.delivered('2024-04-02'))
      .thenThrows('INVALIDATION.ALREADY_DELIVERED');
  });

  test('the very same delivery sent again appends nothing', () => {
    givenLicence(invalidated().events).when(C.delivered('2024-04-01', '2024-04-10')).thenAppendsNothing();
  });

  test('a delivery dated before the balance reached 0 is refused', () => {
    givenLicence(nilBalance().events)
      .when(C.delivered('2024-03-19', '2024-03-25'))
      .thenThrows('INVALIDATION.NOT_PENDING');
  });
});

describe('restorations whose date comes before the delivery still count and cancel the invalidation', () => {
  test('a full restoration reached while the letter is still undelivered cancels the invalidation', () => {
    // The délit makes the period 3 years from the last establishment (2024-03-20). That it brings
    // the licence back to 12 (not 10) is asserted in restorations.unit.spec.ts (§4.1).
    const s = nilBalance().runUntil('2027-03-20');
    expect(s.on('2027-03-19')).toMatchObject({ rawPoints: -2, status: 'INVALIDATION_PENDING' });
    expect(s.on('2027-03-20')).toMatchObject({ status: 'VALID' });
    givenLicence(s.events).when(C.delivered('2027-04-01')).thenThrows('INVALIDATION.NOT_PENDING');
  });

  test('a course credited before the delivery cancels the invalidation', () => {
    const s = nilBalance().course('2024-03-25', '2024-03-26').runUntil('2024-03-27');
    expect(s.on('2024-03-27')).toMatchObject({ rawPoints: 2, status: 'VALID' });
    givenLicence(s.events).when(C.delivered('2024-04-01')).thenThrows('INVALIDATION.NOT_PENDING');
  });
});

describe('an invalidated licence gains nothing more (RULES §5)', () => {
  test('no full restoration after the invalidation', () => {
    const s = invalidated();
    expect(s.on('2027-03-20')).toMatchObject({ rawPoints: -2, status: 'INVALIDATED' });
    givenLicence(s.events).when(C.applyDueChanges('2030-01-01')).thenAppendsNothing();
  });

  test('no upcoming restoration is shown once the licence is invalidated', () => {
    expect(nilBalance().on('2024-03-20').upcoming.length).toBeGreaterThan(0);
    expect(invalidated().on('2024-04-01').upcoming).toEqual([]);
  });

  test('no course is credited after the invalidation', () => {
    const s = invalidated().course('2024-05-02', '2024-05-03').runUntil('2024-05-04');
    expect(s.on('2024-05-04')).toMatchObject({ rawPoints: -2, status: 'INVALIDATED' });
    expect(s.recordedDecisions().some((d) => d.type === 'TrainingCourseCredited')).toBe(false);
  });

  test('no probation increment and no end of probation after the invalidation', () => {
    const s = LicenceScenario.firstLicence('2023-06-01')
      .paid('drugs', 'DRUGS', '2023-08-01', '2023-08-10')
      .delivered('2023-09-01')
      .runUntil('2026-06-01');
    expect(s.on('2026-06-01')).toMatchObject({ rawPoints: 0, capital: 6, status: 'INVALIDATED' });
    expect(s.recordedDecisions().map((d) => d.type)).toEqual(['PointsWithdrawn', 'LicenceInvalidated']);
  });
});

describe('the licence is handed in; a new one only after 6 months (L223-5 II)', () => {
  test('recording the hand-in of an invalidated licence appends only the fact', () => {
    givenLicence(invalidated().events)
      .when(C.surrendered('2024-04-05'))
      .then([{ type: 'LicenceSurrendered', data: { surrenderedOn: '2024-04-05' } }]);
  });

  test('after the hand-in no new licence may be obtained for 6 months, counted from the hand-in date', () => {
    const s = invalidated().surrendered('2024-04-05');
    expect(s.on('2024-04-04').newLicenceAllowedFrom).toBeNull();
    expect(s.on('2024-04-05').newLicenceAllowedFrom).toBe('2024-10-05');
  });

  test('six months after a hand-in on 31 August is the last day of February', () => {
    const s = invalidated().surrendered('2024-08-31');
    expect(s.on('2024-09-01').newLicenceAllowedFrom).toBe('2025-02-28');
  });

  test('the period is 1 year when another nil-balance invalidation happened within the previous 5 years (rule function)', () => {
    expect(newLicenceAllowedFrom('2024-04-05', '2024-04-01', ['2020-06-01'])).toBe('2025-04-05');
    expect(newLicenceAllowedFrom('2024-04-05', '2024-04-01', ['2019-03-31'])).toBe('2024-10-05');
  });

  test('the licence cannot have been handed in before the invalidation took effect', () => {
    givenLicence(invalidated().events)
      .when(C.surrendered('2024-03-31', '2024-04-05'))
      .thenThrows('SURRENDER.BEFORE_INVALIDATION');
  });

  test('a licence still pending cannot be handed in', () => {
    givenLicence(nilBalance().events)
      .when(C.surrendered('2024-03-25'))
      .thenThrows('SURRENDER.NOT_INVALIDATED');
  });

  test('the hand-in is recorded once', () => {
    givenLicence(invalidated().surrendered('2024-04-05').events)
      .when(C.surrendered('2024-04-06'))
      .thenThrows('SURRENDER.ALREADY_RECORDED');
  });

  test('a new licence is a new probationary licence with 6 points', () => {
    const allowedFrom = invalidated().surrendered('2024-04-05').on('2024-04-05').newLicenceAllowedFrom!;
    const next = LicenceScenario.firstLicence(allowedFrom);
    expect(next.on(allowedFrom)).toMatchObject({
      points: 6,
      capital: 6,
      probation: { startedOn: '2024-10-05', endsOn: '2027-10-05' },
    });
  });
});
