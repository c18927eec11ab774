import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §5: invalidation can happen more than once (L223-1, L223-5, R223-3). */

/** Raw 12 − 4 − 4 − 6 = −2 on 2024-03-20: a first 48SI. */
const firstNilBalance = () =>
  LicenceScenario.fullLicence('2015-01-10')
    .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
    .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
    .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20');

/**
 * The clerk's story of issue 11: the 48SI delivered on 2024-04-01 and recorded, then a course of
 * 2024-03-25/26 (before the delivery) recorded late: +4 on 2024-03-27, raw 2, the first
 * invalidation defeated and corrected.
 */
const defeated = () =>
  firstNilBalance().delivered('2024-04-01').course('2024-03-25', '2024-03-26', '2024-04-10');

/** A phone held, committed 2024-05-05 and paid 2024-05-20: raw 2 − 3 = −1, a second 48SI. */
const secondNilBalance = () => defeated().paid('phone', 'PHONE_HELD', '2024-05-05', '2024-05-20');

describe('a nil balance whose invalidation was defeated leaves the licence valid (RULES §5)', () => {
  test('a course completed before the delivery, recorded after it, reverses the invalidation recorded on the delivery', () => {
    const s = defeated();
    expect(s.on('2024-04-10')).toMatchObject({ rawPoints: 2, status: 'VALID', invalidatedOn: null });
    expect(s.events.filter((e) => e.type === 'DecisionReversed')).toMatchObject([
      { data: { reversedDecisionId: 'invalidation/2024-04-01', reversedType: 'LicenceInvalidated' } },
    ]);
  });

  test('a later nil balance is a new invalidation: a new 48SI letter', () => {
    const s = secondNilBalance();
    expect(s.on('2024-05-20')).toMatchObject({ rawPoints: -1, status: 'INVALIDATION_PENDING' });
    expect(s.lettersRecorded().filter((l) => l.ref === '48SI')).toEqual([
      { on: '2024-03-20', ref: '48SI' },
      { on: '2024-05-20', ref: '48SI' },
    ]);
  });

  test('the letters follow: a 48SI for each nil balance, a 47 for the course, no correction letter for the reversed invalidation', () => {
    const s = secondNilBalance();
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-20', ref: '48' },
      { on: '2024-02-20', ref: '48M' },
      { on: '2024-03-20', ref: '48SI' },
      { on: '2024-03-27', ref: '47' },
      { on: '2024-05-20', ref: '48SI' },
    ]);
  });

  test('the delivery of the new 48SI is recorded and takes effect on its date', () => {
    givenLicence(secondNilBalance().events)
      .when(C.delivered('2024-06-01'))
      .then([
        { type: 'InvalidationLetterDelivered', data: { deliveredOn: '2024-06-01' } },
        {
          type: 'LicenceInvalidated',
          data: {
            decisionId: 'invalidation/2024-06-01',
            effectiveOn: '2024-06-01',
            rawBalanceAfter: -1,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('a licence invalidated the second time does not come back to 12 three years later', () => {
    const s = secondNilBalance().delivered('2024-06-01').runUntil('2027-06-01');
    expect(s.on('2027-06-01')).toMatchObject({
      status: 'INVALIDATED',
      invalidatedOn: '2024-06-01',
      points: 0,
      upcoming: [],
    });
    expect(s.recordedDecisions().filter((d) => d.data.effectiveOn > '2024-06-01')).toEqual([]);
  });

  test('the licence is handed in after the invalidation that took effect; the defeated one does not lengthen the wait', () => {
    const s = secondNilBalance().delivered('2024-06-01').surrendered('2024-06-05');
    expect(s.on('2024-06-05').newLicenceAllowedFrom).toBe('2024-12-05');
  });
});

describe('a delivery refers to the latest 48SI still pending (RULES §5)', () => {
  test('a delivery recorded when no 48SI is pending is refused: the balance is above zero', () => {
    givenLicence(defeated().events).when(C.delivered('2024-04-20')).thenThrows('INVALIDATION.NOT_PENDING');
  });

  test('a second delivery for the 48SI already delivered is refused, naming the delivery on record', () => {
    const s = secondNilBalance().delivered('2024-06-01');
    givenLicence(s.events).when(C.delivered('2024-06-03')).thenThrows('INVALIDATION.ALREADY_DELIVERED');
  });

  test('a delivery dated before the one recorded for the same 48SI is refused', () => {
    const s = secondNilBalance().delivered('2024-06-10', '2024-06-11');
    givenLicence(s.events)
      .when(C.delivered('2024-06-01', '2024-06-12'))
      .thenThrows('INVALIDATION.ALREADY_DELIVERED');
  });

  test('the delivery of the first, defeated 48SI sent again appends nothing', () => {
    givenLicence(secondNilBalance().events)
      .when(C.delivered('2024-04-01', '2024-06-02'))
      .thenAppendsNothing();
  });
});
