import { EVENT_SCHEMA_VERSIONS, LEDGER_UPCASTERS, schemaVersionOf } from '@ledger/domain';

/** CONVENTIONS 9: the v1 shapes read as the v2 ones say (golden files: test/fixtures/events/). */

const upcast = (type: string, data: unknown) =>
  LEDGER_UPCASTERS[type][0].upcast(data) as Record<string, unknown>;

describe('LicenceIssued v1 → v2 (RULES §2: a first licence)', () => {
  test('a probationary v1 licence reads as a first licence: v1 held one issue per number and no earlier number', () => {
    expect(upcast('LicenceIssued', { licenceNumber: '901004310016', probationary: true })).toMatchObject({
      firstLicence: true,
    });
  });

  test('a full v1 licence is not a first licence', () => {
    expect(upcast('LicenceIssued', { licenceNumber: '901004310016', probationary: false })).toMatchObject({
      firstLicence: false,
    });
  });

  test('data already in the v2 shape keeps its firstLicence (a writer that labels every event v1)', () => {
    expect(upcast('LicenceIssued', { probationary: true, firstLicence: false })).toMatchObject({
      firstLicence: false,
    });
  });
});

describe('PointsWithdrawn v1 → v2 (RULES §6: the 48N on the commission date; §1: the 48SI on the day’s final balance)', () => {
  const v1 = { infractionIds: ['a', 'b'], probationary: true, rawBalanceAfter: 0 };

  test('on a probationary licence every infraction of a v1 withdrawal reads as committed in probation', () => {
    expect(upcast('PointsWithdrawn', v1)).toMatchObject({ committedInProbation: ['a', 'b'] });
    expect(upcast('PointsWithdrawn', { ...v1, probationary: false })).toMatchObject({
      committedInProbation: [],
    });
  });

  test('a v1 withdrawal to 0 or below reads as a nil balance, as v1 issued the 48SI', () => {
    expect(upcast('PointsWithdrawn', v1)).toMatchObject({ nilBalance: true });
    expect(upcast('PointsWithdrawn', { ...v1, rawBalanceAfter: 1 })).toMatchObject({ nilBalance: false });
  });

  test('the ledger writes both types at v2, and the others at v1', () => {
    expect(EVENT_SCHEMA_VERSIONS).toEqual({ LicenceIssued: 2, PointsWithdrawn: 2 });
    expect([
      schemaVersionOf('LicenceIssued'),
      schemaVersionOf('PointsWithdrawn'),
      schemaVersionOf('InfractionRecorded'),
    ]).toEqual([2, 2, 1]);
  });
});
