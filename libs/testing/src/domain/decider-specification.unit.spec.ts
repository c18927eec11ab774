import { givenLicence } from './decider-specification';
import { LicenceCommands as C } from './licence-commands';
import { LicenceScenario } from './licence-scenario';

/** The helper must fail loudly when the decider does not do what the test says. */
describe('givenLicence(...).when(...)', () => {
  const issued = () => LicenceScenario.fullLicence('2020-01-10').events;

  test('then() passes on the exact events and fails on any other', () => {
    const when = givenLicence(issued()).when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-01'));
    when.then([
      {
        type: 'InfractionRecorded',
        data: { infractionId: 'red', offenceCode: 'RED_LIGHT', committedOn: '2024-03-01' },
      },
    ]);
    expect(() => when.then([])).toThrow();
  });

  test('thenThrows() fails when the command is accepted', () => {
    expect(() =>
      givenLicence(issued())
        .when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-01'))
        .thenThrows('DATE.IN_FUTURE'),
    ).toThrow(/accepted/);
  });

  test('thenThrows() fails on another error code', () => {
    const when = givenLicence(issued()).when(
      C.recordInfraction('red', 'RED_LIGHT', '2024-03-02', {}, '2024-03-01'),
    );
    when.thenThrows('DATE.IN_FUTURE');
    expect(() => when.thenThrows('DATE.MALFORMED')).toThrow();
  });

  test('thenAppendsNothing() fails when something is appended', () => {
    expect(() =>
      givenLicence(issued())
        .when(C.recordInfraction('red', 'RED_LIGHT', '2024-03-01'))
        .thenAppendsNothing(),
    ).toThrow();
    givenLicence(issued()).when(C.issue('2020-01-10')).thenAppendsNothing();
  });
});
