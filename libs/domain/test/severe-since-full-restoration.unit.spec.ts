import { buildLicenceFile, severeSinceLastFullRestoration } from '@ledger/domain';
import { A_HOLDER, LicenceScenario } from '@ledger/testing';

/** L223-6 al. 1 (CE n° 392555): the rule a withdrawal letter quotes, computed once, here. */

const fullLicence = () =>
  new LicenceScenario().issue({
    licenceNumber: '150375100001',
    issuedOn: '2005-05-12',
    holder: A_HOLDER,
    probationary: false,
    earlyLearning: false,
  });

const severeOn = (scenario: LicenceScenario, asOf: string) =>
  severeSinceLastFullRestoration(buildLicenceFile(scenario.facts())!, asOf);

describe('an infraction since the last full restoration was severe (L223-6)', () => {
  test('a 4th-class contravention since the issue is severe', () => {
    expect(severeOn(fullLicence().paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20'), '2024-01-20')).toBe(
      true,
    );
  });

  test('a 2nd-class contravention alone is not', () => {
    expect(
      severeOn(fullLicence().paid('sig', 'NO_DIRECTION_SIGNAL', '2024-01-10', '2024-01-20'), '2024-01-20'),
    ).toBe(false);
  });

  test('a severe infraction before the last full restoration no longer counts; a later 2nd-class one is not severe', () => {
    const scenario = fullLicence()
      .paid('red', 'RED_LIGHT', '2020-01-10', '2020-01-20')
      .paid('sig', 'NO_DIRECTION_SIGNAL', '2024-01-10', '2024-01-20');
    expect(severeOn(scenario, '2023-01-19')).toBe(true); // still within the three years
    expect(severeOn(scenario, '2024-01-20')).toBe(false); // restored to 12 on 2023-01-20, then a 2nd-class one
  });

  test('an infraction not yet established withdrew nothing and does not count', () => {
    expect(severeOn(fullLicence().infraction('red', 'RED_LIGHT', '2024-01-10'), '2024-02-01')).toBe(false);
  });
});
