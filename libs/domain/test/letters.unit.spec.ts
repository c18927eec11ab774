import { LETTER_CHANNELS, letterFor, type LetterReference } from '@ledger/domain';
import { LicenceScenario } from '@ledger/testing';

/** RULES §6: which letter each decision calls for, the most specific one, and its channel. */

const lastLetter = (s: LicenceScenario) => s.lettersRecorded().pop();

describe('the letter a withdrawal calls for: the most specific one (48SI before 48N before 48M before 48)', () => {
  test('48: a withdrawal on a full licence that leaves more than 6 points', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20');
    expect(s.lettersRecorded()).toEqual([{ on: '2024-01-20', ref: '48' }]);
  });

  test('48: a withdrawal that leaves 7 points', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-02-05', '2024-02-20');
    expect(s.on('2024-02-20').points).toBe(7);
    expect(lastLetter(s)).toEqual({ on: '2024-02-20', ref: '48' });
  });

  test('48M: a withdrawal on a full licence that leaves 6 points', () => {
    const s = LicenceScenario.fullLicence('2015-01-10').paid(
      'ped',
      'PEDESTRIAN_PRIORITY',
      '2024-01-05',
      '2024-01-20',
    );
    expect(s.lettersRecorded()).toEqual([{ on: '2024-01-20', ref: '48M' }]);
  });

  test('48M: a withdrawal on a full licence that leaves 1 point', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('ped', 'PEDESTRIAN_PRIORITY', '2024-01-05', '2024-01-20')
      .paid('red', 'RED_LIGHT', '2024-02-05', '2024-02-20')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-03-05', '2024-03-20');
    expect(s.on('2024-03-20').points).toBe(1);
    expect(lastLetter(s)).toEqual({ on: '2024-03-20', ref: '48M' });
  });

  test('48N: a probationary licence that loses 3 points through one infraction and stays above 0', () => {
    const s = LicenceScenario.firstLicence('2023-09-01').paid(
      'phone',
      'PHONE_HELD',
      '2024-02-03',
      '2024-02-20',
    );
    expect(s.lettersRecorded()).toEqual([{ on: '2024-02-20', ref: '48N' }]);
  });

  test('48N: after an increment, a probationary licence that loses 3 points on 8 gets 48N, not 48M', () => {
    const s = LicenceScenario.firstLicence('2022-09-01')
      .runUntil('2023-09-01')
      .paid('phone', 'PHONE_HELD', '2024-02-03', '2024-02-20');
    expect(s.on('2024-02-20')).toMatchObject({ points: 5, capital: 8 });
    expect(lastLetter(s)).toEqual({ on: '2024-02-20', ref: '48N' });
  });

  test('48: a probationary licence that loses 2 points (48M is only for a licence that is not probationary)', () => {
    const s = LicenceScenario.firstLicence('2023-09-01').paid(
      'overtaken',
      'ACCELERATING_WHEN_OVERTAKEN',
      '2024-02-03',
      '2024-02-20',
    );
    expect(s.on('2024-02-20').points).toBe(4);
    expect(s.lettersRecorded()).toEqual([{ on: '2024-02-20', ref: '48' }]);
  });

  test('48: a probationary licence that loses 4 points at one check through two infractions of 2 (no single one took 3)', () => {
    const speed = { retainedExcessKmh: 25, speedLimitKmh: 80, checkId: 'c' };
    const s = LicenceScenario.firstLicence('2023-09-01')
      .infraction('speed', 'SPEEDING', '2024-02-03', speed)
      .infraction('overtaken', 'ACCELERATING_WHEN_OVERTAKEN', '2024-02-03', { checkId: 'c' });
    const both = s.establish('speed', '2024-02-20').establish('overtaken', '2024-02-20');
    // The letter the law calls for (the timeline): the ledger, establishing one infraction at a
    // time, records more (see the disagreement in withdrawals.unit.spec.ts).
    expect(both.lettersDue('2024-02-20')).toEqual([{ on: '2024-02-20', ref: '48' }]);
  });

  test('48SI before 48N: a probationary licence that loses 6 of its 6 points', () => {
    const s = LicenceScenario.firstLicence('2023-09-01').paid('drugs', 'DRUGS', '2024-02-03', '2024-02-20');
    expect(s.lettersRecorded()).toEqual([{ on: '2024-02-20', ref: '48SI' }]);
  });

  test('48SI before 48M: a full licence with 4 points that loses 6', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20');
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-20', ref: '48' },
      { on: '2024-02-20', ref: '48M' },
      { on: '2024-03-20', ref: '48SI' },
    ]);
  });
});

describe('the letter a restoration calls for', () => {
  test('46: a full restoration', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .runUntil('2027-01-20');
    expect(lastLetter(s)).toEqual({ on: '2027-01-20', ref: '46' });
  });

  test('46: the end of probation bringing the licence to 12', () => {
    const s = LicenceScenario.firstLicence('2022-06-15').runUntil('2025-06-15');
    expect(s.lettersRecorded()).toEqual([{ on: '2025-06-15', ref: '46' }]);
  });

  test('no letter: the end of probation that only lifts the ceiling', () => {
    const s = LicenceScenario.firstLicence('2020-01-10')
      .paid('red', 'RED_LIGHT', '2021-05-01', '2021-05-10')
      .runUntil('2023-01-10');
    expect(s.recordedDecisions().pop()).toMatchObject({ type: 'ProbationEnded', data: { points: 0 } });
    expect(s.lettersRecorded()).toEqual([{ on: '2021-05-10', ref: '48N' }]);
  });

  test('46D: one point restored after six months', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-03-01', '2024-03-10')
      .runUntil('2024-09-10');
    expect(lastLetter(s)).toEqual({ on: '2024-09-10', ref: '46D' });
  });

  test('46B: points restored after ten years', () => {
    const speed = { retainedExcessKmh: 25, speedLimitKmh: 80 };
    const s = LicenceScenario.fullLicence('2000-01-10')
      .paid('red', 'RED_LIGHT', '2010-01-01', '2010-01-10')
      .paid('b', 'SPEEDING', '2012-06-01', '2012-06-10', speed)
      .paid('c', 'SPEEDING', '2014-12-01', '2014-12-10', speed)
      .paid('d', 'SPEEDING', '2017-05-01', '2017-05-10', speed)
      .paid('e', 'SPEEDING', '2019-10-01', '2019-10-10', speed)
      .runUntil('2020-01-10');
    expect(lastLetter(s)).toEqual({ on: '2020-01-10', ref: '46B' });
  });

  test('47: points credited after a training course', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .course('2024-03-01', '2024-03-02')
      .runUntil('2024-03-03');
    expect(lastLetter(s)).toEqual({ on: '2024-03-03', ref: '47' });
  });
});

describe('decisions that call for no letter', () => {
  test('probation increments produce no letter', () => {
    const s = LicenceScenario.firstLicence('2022-06-15').runUntil('2024-06-15');
    expect(s.recordedDecisions().map((d) => d.type)).toEqual([
      'ProbationIncrementGranted',
      'ProbationIncrementGranted',
    ]);
    expect(s.lettersRecorded()).toEqual([]);
  });

  test('the invalidation itself produces no letter: the 48SI announced it', () => {
    const s = LicenceScenario.firstLicence('2023-09-01')
      .paid('drugs', 'DRUGS', '2024-02-03', '2024-02-20')
      .delivered('2024-03-01');
    expect(s.recordedDecisions().pop()?.type).toBe('LicenceInvalidated');
    expect(s.lettersRecorded()).toEqual([{ on: '2024-02-20', ref: '48SI' }]);
  });
});

describe('corrections (RULES §1, §6)', () => {
  test('a correction that changes the balance produces a letter explaining it', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .cancel('red', '2024-03-01');
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-20', ref: '48' },
      { on: '2024-01-20', ref: 'CORRECTION' },
    ]);
  });

  test('a correction that does not change the balance produces no letter', () => {
    expect(
      letterFor({
        type: 'DecisionReversed',
        data: {
          reversedDecisionId: 'invalidation/2024-04-01',
          reversedType: 'LicenceInvalidated',
          effectiveOn: '2024-04-01',
          rawPointsChange: 0,
          correctedOn: '2024-04-10',
        },
      }),
    ).toBeNull();
  });
});

describe('each letter goes by its channel', () => {
  test.each<[LetterReference, string]>([
    ['48', 'ORDINARY_MAIL'],
    ['48M', 'REGISTERED'],
    ['48N', 'REGISTERED_WITH_RECEIPT'],
    ['48SI', 'REGISTERED_WITH_RECEIPT'],
    ['46', 'ORDINARY_MAIL'],
    ['46D', 'ORDINARY_MAIL'],
    ['46B', 'ORDINARY_MAIL'],
    ['47', 'ORDINARY_MAIL'],
    ['CORRECTION', 'ORDINARY_MAIL'],
  ])('letter %s goes by %s', (ref, channel) => {
    expect(LETTER_CHANNELS[ref]).toBe(channel);
  });
});

describe('each letter is generated exactly once', () => {
  test('daily runs repeated over a whole story record each letter once, as the timeline calls for them', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('line', 'CONTINUOUS_LINE_STRADDLED', '2024-01-05', '2024-01-20')
      .runUntil('2024-07-20')
      .runUntil('2024-07-20')
      .paid('red', 'RED_LIGHT', '2024-09-01', '2024-09-10')
      .course('2024-10-01', '2024-10-02')
      .runUntil('2024-10-03')
      .runUntil('2027-09-10')
      .runUntil('2027-09-10');
    expect(s.lettersRecorded()).toEqual(s.lettersDue('2027-09-10'));
    expect(s.lettersRecorded()).toEqual([
      { on: '2024-01-20', ref: '48' },
      { on: '2024-07-20', ref: '46D' },
      { on: '2024-09-10', ref: '48' },
      { on: '2024-10-03', ref: '47' },
    ]);
  });
});
