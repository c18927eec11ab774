import type { LicenceCommand } from '@ledger/domain';
import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/**
 * Every refusal of the law and of the input: each test asserts the error code and that nothing is
 * appended (`thenThrows` checks both). A command sent twice identically appends nothing.
 */

const ISSUED_ON = '2020-01-10';
const TODAY = '2024-06-01';

/** A full licence with one infraction recorded (not yet established). */
const withInfraction = () =>
  LicenceScenario.fullLicence(ISSUED_ON).infraction('red', 'RED_LIGHT', '2024-03-01', {}, '2024-03-02')
    .events;

describe('a licence must be known before anything is recorded on it', () => {
  const commands: Array<[string, LicenceCommand]> = [
    ['an infraction', C.recordInfraction('i1', 'RED_LIGHT', '2024-03-01', {}, TODAY)],
    ['an establishment', C.establish('i1', '2024-03-01', 'FINE_PAID', TODAY)],
    ['a cancellation', C.cancel('i1', '2024-03-01', 'Annulée', TODAY)],
    ['a training course', C.course('c1', '2024-03-01', '2024-03-02', TODAY)],
    ['a complementary training', C.complementaryTraining('2024-03-01', TODAY)],
    ['the delivery of the invalidation letter', C.delivered('2024-03-01', TODAY)],
    ['the hand-in of the licence', C.surrendered('2024-03-01', TODAY)],
    ['the daily run', C.applyDueChanges('2024-03-01', TODAY)],
  ];
  test.each(commands)('%s on a licence never issued is refused as an unknown licence', (_, command) => {
    givenLicence([]).when(command).thenThrows('LICENCE.NOT_FOUND');
  });
});

describe('a licence is issued once', () => {
  const issued = () => LicenceScenario.fullLicence(ISSUED_ON).events;

  test('issuing the same licence again with other details is refused', () => {
    givenLicence(issued()).when(C.issue('2021-02-02')).thenThrows('LICENCE.ALREADY_ISSUED');
  });

  test('issuing it again as probationary is refused', () => {
    givenLicence(issued())
      .when(C.issue(ISSUED_ON, { probationary: true }))
      .thenThrows('LICENCE.ALREADY_ISSUED');
  });

  test('the very same issue sent again appends nothing', () => {
    givenLicence(issued()).when(C.issue(ISSUED_ON)).thenAppendsNothing();
  });

  test('the very same issue sent again on a later day appends nothing', () => {
    givenLicence(issued())
      .when(C.issue(ISSUED_ON, {}, TODAY))
      .thenAppendsNothing();
  });
});

describe('licence numbers (RULES §7)', () => {
  test.each([
    ['11 digits', '90100431001'],
    ['13 digits', '9010043100160'],
    ['a 12-digit number cut into fields', '9010 0431 0016'],
    ['three fields with a one-digit second field', '207348 7 18'],
    ['a first field of 16 characters', 'ABCDEFGHIJKLMNOP 74 18'],
    ['letters in the two-digit fields', '207348 AB 18'],
    ['accented letters', 'É07348 74 18'],
    ['an empty number', ''],
  ])('a licence number made of %s is refused as malformed', (_, licenceNumber) => {
    givenLicence([]).when(C.issue(ISSUED_ON, { licenceNumber })).thenThrows('LICENCE.MALFORMED_NUMBER');
  });

  test('a licence number is stored normalised: upper case, fields separated by one space', () => {
    const [issued] = givenLicence([])
      .when(C.issue(ISSUED_ON, { licenceNumber: ' ab12c  74-18 ' }))
      .appended();
    expect(issued).toMatchObject({ type: 'LicenceIssued', data: { licenceNumber: 'AB12C 74 18' } });
  });
});

describe('an infraction id names one infraction', () => {
  test('recording an infraction id again with other details is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('red', 'STOP_SIGN', '2024-03-01', {}, TODAY))
      .thenThrows('INFRACTION.ID_REUSED');
  });

  test('recording an infraction id again with another commission date is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-02', {}, TODAY))
      .thenThrows('INFRACTION.ID_REUSED');
  });

  test('the very same infraction sent again appends nothing', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-01', {}, TODAY))
      .thenAppendsNothing();
  });

  test('an offence outside the catalogue is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('x', 'JAYWALKING' as never, '2024-03-01', {}, TODAY))
      .thenThrows('INFRACTION.UNKNOWN_OFFENCE');
  });

  test('infractions of one roadside check are committed on the same day', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).infraction('a', 'PHONE_HELD', '2024-03-01', {
      checkId: 'chk',
    }).events;
    givenLicence(given)
      .when(C.recordInfraction('b', 'SEATBELT_DRIVER', '2024-03-02', { checkId: 'chk' }, TODAY))
      .thenThrows('INPUT.INVALID');
  });
});

describe('establishing an infraction', () => {
  test('establishing an infraction that was never recorded is refused', () => {
    givenLicence(withInfraction()).when(C.establish('nope', '2024-04-01')).thenThrows('INFRACTION.NOT_FOUND');
  });

  test('establishing a cancelled infraction is refused', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON)
      .infraction('red', 'RED_LIGHT', '2024-03-01')
      .cancel('red', '2024-03-20').events;
    givenLicence(given).when(C.establish('red', '2024-04-01')).thenThrows('INFRACTION.CANCELLED');
  });

  test('establishing an infraction already established on another date is refused', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).paid(
      'red',
      'RED_LIGHT',
      '2024-03-01',
      '2024-03-20',
    ).events;
    givenLicence(given).when(C.establish('red', '2024-04-01')).thenThrows('INFRACTION.ALREADY_ESTABLISHED');
  });

  test('establishing an infraction already established in another mode is refused', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).paid(
      'red',
      'RED_LIGHT',
      '2024-03-01',
      '2024-03-20',
    ).events;
    givenLicence(given)
      .when(C.establish('red', '2024-03-20', 'CONVICTION_FINAL'))
      .thenThrows('INFRACTION.ALREADY_ESTABLISHED');
  });

  test('the very same establishment sent again appends nothing', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).paid(
      'red',
      'RED_LIGHT',
      '2024-03-01',
      '2024-03-20',
    ).events;
    givenLicence(given)
      .when(C.establish('red', '2024-03-20', 'FINE_PAID', TODAY))
      .thenAppendsNothing();
  });

  test('an infraction cannot be established before it was committed', () => {
    givenLicence(withInfraction())
      .when(C.establish('red', '2024-02-28', 'FINE_PAID', TODAY))
      .thenThrows('INFRACTION.ESTABLISHED_BEFORE_COMMITTED');
  });

  test('an establishment in a mode the law does not know is refused (a keeper paying as registered owner is no establishment)', () => {
    // RULES §3, L121-2/L121-3: the keeper's payment is not an establishment, so no mode records it.
    givenLicence(withInfraction())
      .when(C.establish('red', '2024-04-01', 'OWNER_PAID' as never))
      .thenThrows('INPUT.INVALID');
  });
});

describe('cancelling an infraction', () => {
  test('cancelling an infraction that was never recorded is refused', () => {
    givenLicence(withInfraction()).when(C.cancel('nope', '2024-04-01')).thenThrows('INFRACTION.NOT_FOUND');
  });

  test('an infraction cannot be cancelled before it was committed', () => {
    givenLicence(withInfraction())
      .when(C.cancel('red', '2024-02-01', 'Annulée', TODAY))
      .thenThrows('INFRACTION.CANCELLED_BEFORE_COMMITTED');
  });

  test('cancelling it again with another date is refused', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON)
      .infraction('red', 'RED_LIGHT', '2024-03-01')
      .cancel('red', '2024-03-20').events;
    givenLicence(given).when(C.cancel('red', '2024-04-01')).thenThrows('INFRACTION.CANCELLED');
  });

  test('the very same cancellation sent again appends nothing', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON)
      .infraction('red', 'RED_LIGHT', '2024-03-01')
      .cancel('red', '2024-03-20').events;
    givenLicence(given)
      .when(C.cancel('red', '2024-03-20', 'Annulée par le tribunal', TODAY))
      .thenAppendsNothing();
  });
});

describe('only what has already happened can be recorded', () => {
  const future = '2024-06-02';
  const commands: Array<[string, LicenceCommand]> = [
    ['the issue date', C.issue(future, {}, TODAY)],
    ['the commission date', C.recordInfraction('i2', 'RED_LIGHT', future, {}, TODAY)],
    ['the establishment date', C.establish('red', future, 'FINE_PAID', TODAY)],
    ['the cancellation date', C.cancel('red', future, 'Annulée', TODAY)],
    ['the first day of a course', C.course('c1', future, '2024-06-03', TODAY)],
    ['the last day of a course', C.course('c1', '2024-06-01', future, TODAY)],
    ['the date of the complementary training', C.complementaryTraining(future, TODAY)],
    ['the delivery date of the invalidation letter', C.delivered(future, TODAY)],
    ['the hand-in date', C.surrendered(future, TODAY)],
    ['the date of the daily run', C.applyDueChanges(future, TODAY)],
  ];
  test.each(commands)('%s after today is refused', (what, command) => {
    givenLicence(what === 'the issue date' ? [] : withInfraction())
      .when(command)
      .thenThrows('DATE.IN_FUTURE');
  });
});

describe('dates are calendar dates', () => {
  const commands: Array<[string, LicenceCommand]> = [
    ['a 30 February issue date', C.issue('2024-02-30', {}, TODAY)],
    ['a French-style commission date', C.recordInfraction('i2', 'RED_LIGHT', '01/03/2024', {}, TODAY)],
    ['an empty establishment date', C.establish('red', '', 'FINE_PAID', TODAY)],
    ['a cancellation date with a time', C.cancel('red', '2024-03-20T10:00:00Z', 'Annulée', TODAY)],
    ['a 13th-month course day', C.course('c1', '2024-13-01', '2024-13-02', TODAY)],
    ['a 31 April complementary training', C.complementaryTraining('2024-04-31', TODAY)],
    ['a 29 February delivery in a common year', C.delivered('2023-02-29', TODAY)],
    ['a two-digit-year hand-in', C.surrendered('24-03-01', TODAY)],
    ['a malformed date of the daily run', C.applyDueChanges('2024-6-1', TODAY)],
    ['a malformed date of today', C.applyDueChanges('2024-06-01', '2024-06-31')],
  ];
  test.each(commands)('%s is refused as malformed', (what, command) => {
    givenLicence(what.includes('issue date') ? [] : withInfraction())
      .when(command)
      .thenThrows('DATE.MALFORMED');
  });

  test('nothing can be recorded on a licence before it was issued', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('early', 'RED_LIGHT', '2019-12-31', {}, TODAY))
      .thenThrows('DATE.BEFORE_ISSUE');
  });
});

describe('a training course lasts two consecutive days', () => {
  test.each([
    ['on a single day', '2024-03-01', '2024-03-01'],
    ['on days two days apart', '2024-03-01', '2024-03-03'],
    ['with its last day before its first', '2024-03-02', '2024-03-01'],
  ])('a course %s is refused', (_, firstDay, lastDay) => {
    givenLicence(withInfraction())
      .when(C.course('c1', firstDay, lastDay, TODAY))
      .thenThrows('COURSE.DAYS_NOT_CONSECUTIVE');
  });

  test('two consecutive days across a month end are a course', () => {
    givenLicence(withInfraction())
      .when(C.course('c1', '2024-02-29', '2024-03-01', TODAY))
      .then([
        {
          type: 'TrainingCourseCompleted',
          data: { courseId: 'c1', firstDay: '2024-02-29', lastDay: '2024-03-01' },
        },
      ]);
  });

  test('a course id recorded again with other days is refused', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).course(
      '2024-03-01',
      '2024-03-02',
      '2024-03-02',
      'c1',
    ).events;
    givenLicence(given)
      .when(C.course('c1', '2024-04-01', '2024-04-02', TODAY))
      .thenThrows('COURSE.ID_REUSED');
  });

  test('the very same course sent again appends nothing', () => {
    const given = LicenceScenario.fullLicence(ISSUED_ON).course(
      '2024-03-01',
      '2024-03-02',
      '2024-03-02',
      'c1',
    ).events;
    givenLicence(given)
      .when(C.course('c1', '2024-03-01', '2024-03-02', TODAY))
      .thenAppendsNothing();
  });
});

describe('an offence is recorded with the measures the catalogue needs (offences.md)', () => {
  test('a speeding record without its retained excess is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('s', 'SPEEDING', '2024-03-01', { speedLimitKmh: 80 }, TODAY))
      .thenThrows('INFRACTION.MISSING_MEASURE');
  });

  test('a speeding record without its speed limit is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('s', 'SPEEDING', '2024-03-01', { retainedExcessKmh: 25 }, TODAY))
      .thenThrows('INFRACTION.MISSING_MEASURE');
  });

  test('a speeding record needs a positive retained excess', () => {
    givenLicence(withInfraction())
      .when(
        C.recordInfraction('s', 'SPEEDING', '2024-03-01', { retainedExcessKmh: 0, speedLimitKmh: 80 }, TODAY),
      )
      .thenThrows('INPUT.INVALID');
  });

  test('an alcohol record without the measured level is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('a', 'ALCOHOL', '2024-03-01', {}, TODAY))
      .thenThrows('INFRACTION.MISSING_MEASURE');
  });

  test('an offence given a measure it does not take is refused', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('p', 'PHONE_HELD', '2024-03-01', { retainedExcessKmh: 10 }, TODAY))
      .thenThrows('INFRACTION.UNEXPECTED_MEASURE');
  });

  test('0.40 g/L on a licence that is not probationary is under the 0.50 g/L threshold: no offence', () => {
    givenLicence(withInfraction())
      .when(C.recordInfraction('a', 'ALCOHOL', '2024-03-01', { alcoholGramsPerLitreBlood: 0.4 }, TODAY))
      .thenThrows('INFRACTION.UNDER_THRESHOLD');
  });

  test('0.15 g/L on a probationary licence is under the 0.20 g/L threshold: no offence', () => {
    const given = LicenceScenario.firstLicence('2023-01-10').events;
    givenLicence(given)
      .when(C.recordInfraction('a', 'ALCOHOL', '2024-03-01', { alcoholGramsPerLitreBlood: 0.15 }, TODAY))
      .thenThrows('INFRACTION.UNDER_THRESHOLD');
  });

  test('0.20 g/L on a probationary licence is an offence', () => {
    const given = LicenceScenario.firstLicence('2023-01-10').runUntil(TODAY).events;
    givenLicence(given)
      .when(C.recordInfraction('a', 'ALCOHOL', '2024-03-01', { alcoholGramsPerLitreBlood: 0.2 }, TODAY))
      .then([
        {
          type: 'InfractionRecorded',
          data: {
            infractionId: 'a',
            offenceCode: 'ALCOHOL',
            committedOn: '2024-03-01',
            alcoholGramsPerLitreBlood: 0.2,
          },
        },
      ]);
  });

  test('the probationary threshold is judged on the commission date: 0.30 g/L after probation ended is no offence', () => {
    const given = LicenceScenario.firstLicence('2020-01-10').runUntil('2023-01-10').events;
    givenLicence(given)
      .when(C.recordInfraction('a', 'ALCOHOL', '2024-03-01', { alcoholGramsPerLitreBlood: 0.3 }, TODAY))
      .thenThrows('INFRACTION.UNDER_THRESHOLD');
  });
});

describe('the invalidation letter and the hand-in are recorded only when the law allows them', () => {
  test('the delivery of an invalidation letter is refused while the balance is above zero', () => {
    givenLicence(withInfraction()).when(C.delivered('2024-04-01')).thenThrows('INVALIDATION.NOT_PENDING');
  });

  test('a hand-in is refused before the invalidation took effect', () => {
    givenLicence(withInfraction()).when(C.surrendered('2024-04-01')).thenThrows('SURRENDER.NOT_INVALIDATED');
  });

  test('complementary training is refused on a licence that is not probationary', () => {
    givenLicence(withInfraction())
      .when(C.complementaryTraining('2024-04-01'))
      .thenThrows('COMPLEMENTARY_TRAINING.NOT_PROBATIONARY');
  });
});
