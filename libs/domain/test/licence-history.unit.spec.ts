import { decide, type LicenceFact } from '@ledger/domain';
import { A_HOLDER, foldLicence, givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §2 (a licence number keeps its history) and §5 (the 1-year wait across numbers). */

/** Raw −2 on 2024-03-20, the 48SI delivered 2024-04-01, the licence handed in 2024-04-05: a new one from 2024-10-05. */
const handedIn = () =>
  LicenceScenario.fullLicence('2015-01-10')
    .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
    .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
    .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
    .delivered('2024-04-01')
    .surrendered('2024-04-05');

const issuedAgain = () => handedIn().issueAgain('2024-10-05');

describe('the same number is issued again after an invalidation once newLicenceAllowedFrom has come (RULES §2, L223-5)', () => {
  test('issued again on newLicenceAllowedFrom: a new probationary licence with 6 points', () => {
    expect(handedIn().on('2024-04-05').newLicenceAllowedFrom).toBe('2024-10-05');
    expect(issuedAgain().on('2024-10-05')).toMatchObject({
      points: 6,
      capital: 6,
      status: 'VALID',
      probation: { startedOn: '2024-10-05', endsOn: '2027-10-05' },
    });
  });

  test('the new issue is recorded as not a first licence', () => {
    const issue = issuedAgain()
      .facts()
      .filter((f) => f.type === 'LicenceIssued');
    expect(issue.map((f) => f.data.firstLicence)).toEqual([false, false]);
  });

  test('before newLicenceAllowedFrom the issue is refused, naming that date', () => {
    const state = foldLicence(handedIn().events);
    const refuse = () => decide(C.issue('2024-10-04', { probationary: true }), state);
    expect(refuse).toThrow(
      expect.objectContaining({
        code: 'LICENCE.NEW_LICENCE_TOO_EARLY',
        message: expect.stringContaining('2024-10-05'),
      }),
    );
  });

  test('an invalidated licence not handed in cannot be issued again', () => {
    const notHandedIn = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
      .delivered('2024-04-01');
    givenLicence(notHandedIn.events)
      .when(C.issue('2025-01-10', { probationary: true }))
      .thenThrows('LICENCE.NOT_HANDED_IN');
  });

  test('a licence still valid cannot be issued again', () => {
    givenLicence(LicenceScenario.fullLicence('2015-01-10').events)
      .when(C.issue('2020-01-10', { probationary: true }))
      .thenThrows('LICENCE.ALREADY_ISSUED');
  });

  test('issued again, the licence is probationary with 6 points: a full licence or an opening balance is refused', () => {
    givenLicence(handedIn().events)
      .when(C.issue('2024-10-05', { probationary: false }))
      .thenThrows('LICENCE.REISSUE_NOT_PROBATIONARY');
    givenLicence(handedIn().events)
      .when(C.issue('2024-10-05', { probationary: true, openingBalance: 4 }))
      .thenThrows('LICENCE.REISSUE_NOT_PROBATIONARY');
  });

  test('the same issue sent again appends nothing', () => {
    givenLicence(issuedAgain().events)
      .when(C.issue('2024-10-05', { probationary: true }, '2024-10-07'))
      .thenAppendsNothing();
  });

  test('the stream keeps every period: the first one reads as it was, the new one starts afresh', () => {
    const s = issuedAgain().paid('phone', 'PHONE_HELD', '2025-01-05', '2025-01-20');
    expect(s.on('2024-04-02')).toMatchObject({ status: 'INVALIDATED', rawPoints: -2, capital: 12 });
    // what is still to come on a day of the earlier period is that period's, never the next one's
    expect(s.on('2024-03-25').upcoming.filter((d) => d.data.effectiveOn >= '2024-10-05')).toEqual([]);
    expect(s.on('2025-01-20')).toMatchObject({ status: 'VALID', rawPoints: 3, capital: 6 });
  });

  // Our reading of RULES §2 and §5: the earlier period ended with its invalidation and gains nothing
  // more; once the number is issued again, its facts are closed.
  test('once the number is issued again, a fact dated in the earlier period is refused', () => {
    givenLicence(issuedAgain().events)
      .when(C.recordInfraction('late', 'RED_LIGHT', '2024-03-01', {}, '2024-10-10'))
      .thenThrows('DATE.BEFORE_ISSUE');
    givenLicence(issuedAgain().events).when(C.cancel('drugs', '2024-10-08')).thenThrows('INFRACTION.NOT_FOUND');
  });

  test('an infraction committed on the new licence withdraws from its 6 points and calls for the 48N letter', () => {
    const s = issuedAgain().paid('phone', 'PHONE_HELD', '2025-01-05', '2025-01-20');
    expect(s.lettersRecorded().at(-1)).toEqual({ on: '2025-01-20', ref: '48N' });
  });
});

describe('complementary training counts only for the holder of a first licence (R223-1 II, RULES §2)', () => {
  test('on a licence issued again after an invalidation it is refused and changes nothing', () => {
    givenLicence(issuedAgain().events)
      .when(C.complementaryTraining('2025-06-01'))
      .thenThrows('COMPLEMENTARY_TRAINING.NOT_FIRST_LICENCE');
  });

  test('on a first licence it is recorded', () => {
    givenLicence(LicenceScenario.firstLicence('2024-01-10').events)
      .when(C.complementaryTraining('2024-09-01'))
      .then([{ type: 'ComplementaryTrainingCompleted', data: { completedOn: '2024-09-01' } }]);
  });
});

describe('the 1-year wait looks back across the whole history of the holder (RULES §5, L223-5 II)', () => {
  /** The new licence on the same number, brought to nil: DRUGS 6 committed 2025-01-05, paid 2025-01-20. */
  const secondInvalidation = () =>
    issuedAgain()
      .paid('drugs-2', 'DRUGS', '2025-01-05', '2025-01-20')
      .delivered('2025-02-01')
      .surrendered('2025-02-03');

  test('a second invalidation on the same number within 5 years of the first: 1 year from the hand-in', () => {
    expect(secondInvalidation().on('2025-02-03')).toMatchObject({
      status: 'INVALIDATED',
      invalidatedOn: '2025-02-01',
      newLicenceAllowedFrom: '2026-02-03',
    });
  });

  test('the third issue of the number waits for the year', () => {
    givenLicence(secondInvalidation().events)
      .when(C.issue('2025-08-03', { probationary: true }))
      .thenThrows('LICENCE.NEW_LICENCE_TOO_EARLY');
  });
});

describe('a licence issued after an earlier number names it: previousLicenceNumber (RULES §5)', () => {
  const OTHER = '070797120008';
  const previousFacts = (): LicenceFact[] => [...handedIn().facts()];
  const issueAfter = (
    issuedOn: string,
    facts: readonly LicenceFact[] = previousFacts(),
    previousLicenceNumber = '901004310016',
  ) => ({
    ...C.issue(issuedOn, { licenceNumber: OTHER, probationary: true, previousLicenceNumber }),
    previousLicenceFacts: facts,
  });

  test('the new licence records the earlier number and the dates its invalidations took effect, and is not a first licence', () => {
    givenLicence([])
      .when(issueAfter('2024-10-05'))
      .then([
        {
          type: 'LicenceIssued',
          data: {
            licenceNumber: OTHER,
            issuedOn: '2024-10-05',
            holder: A_HOLDER,
            probationary: true,
            earlyLearning: false,
            firstLicence: false,
            previousLicence: { licenceNumber: '901004310016', invalidatedOn: ['2024-04-01'] },
          },
        },
      ]);
  });

  test("before the earlier number's newLicenceAllowedFrom the issue is refused, naming that date", () => {
    expect(() => decide(issueAfter('2024-10-04'), foldLicence([]))).toThrow(
      expect.objectContaining({
        code: 'LICENCE.NEW_LICENCE_TOO_EARLY',
        message: expect.stringContaining('2024-10-05'),
      }),
    );
  });

  test('an earlier number the ledger does not hold is refused', () => {
    givenLicence([]).when(issueAfter('2024-10-05', [])).thenThrows('LICENCE.PREVIOUS_NOT_FOUND');
  });

  test('an earlier number that was not invalidated is refused', () => {
    givenLicence([])
      .when(issueAfter('2024-10-05', [...LicenceScenario.fullLicence('2015-01-10').facts()]))
      .thenThrows('LICENCE.PREVIOUS_NOT_INVALIDATED');
  });

  test('a malformed earlier number is refused like a licence number', () => {
    givenLicence([])
      .when(issueAfter('2024-10-05', [], '12-AB'))
      .thenThrows('LICENCE.MALFORMED_NUMBER');
  });

  test("the licence's own number is not an earlier number", () => {
    givenLicence([])
      .when(issueAfter('2024-10-05', [], OTHER))
      .thenThrows('LICENCE.PREVIOUS_IS_SAME_NUMBER');
  });

  test('an invalidation of the new number within 5 years of the earlier one: 1 year from the hand-in', () => {
    const s = new LicenceScenario();
    s.send(issueAfter('2024-10-05'));
    s.paid('drugs-2', 'DRUGS', '2025-01-05', '2025-01-20').delivered('2025-02-01').surrendered('2025-02-03');
    expect(s.on('2025-02-03').newLicenceAllowedFrom).toBe('2026-02-03');
  });

  test('complementary training is refused on the new number: it is not a first licence', () => {
    const s = new LicenceScenario();
    s.send(issueAfter('2024-10-05'));
    givenLicence(s.events)
      .when(C.complementaryTraining('2025-06-01'))
      .thenThrows('COMPLEMENTARY_TRAINING.NOT_FIRST_LICENCE');
  });
});
