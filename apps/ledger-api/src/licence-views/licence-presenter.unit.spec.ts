import { buildLicenceFile, computeTimeline } from '@ledger/domain';
import { LicenceScenario } from '@ledger/testing';
import { presentBalance } from './licence-presenter';

describe('the balance presented to the holder of a number issued again (RULES §2)', () => {
  // 12 − 4 − 4 − 6 = −2 (shown 0), invalidated 2024-04-01, handed in 2024-04-05, issued again
  // 2024-10-05 with 6 points, a phone held paid 2025-01-20: 3 of 6.
  const story = () =>
    LicenceScenario.fullLicence('2015-01-10')
      .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
      .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
      .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20')
      .delivered('2024-04-01')
      .surrendered('2024-04-05')
      .issueAgain('2024-10-05')
      .paid('phone', 'PHONE_HELD', '2025-01-05', '2025-01-20');

  const present = (asOf: string) => {
    const file = buildLicenceFile(story().facts())!;
    return presentBalance(
      { licenceNumber: '901004310016', streamVersion: '0', file, timeline: computeTimeline(file) },
      asOf,
    );
  };

  test("the history keeps every period, each change counted from its own period's balance", () => {
    const balance = present('2025-01-20');
    expect(balance).toMatchObject({ points: 3, capital: 6, status: 'VALID' });
    expect(balance.history.map((e) => [e.effectiveOn, e.points, e.balanceAfter])).toEqual([
      ['2024-01-20', -4, 8],
      ['2024-02-20', -4, 4],
      ['2024-03-20', -4, 0],
      ['2025-01-20', -3, 3],
    ]);
  });

  test("on a day of the earlier period the balance is that period's", () => {
    expect(present('2024-06-01')).toMatchObject({
      points: 0,
      capital: 12,
      status: 'INVALIDATED',
      newLicenceAllowedFrom: '2024-10-05',
    });
  });
});
