import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { buildServedSchema } from '../src/graphql/served-schema';

/** The contract clients are written against: shared/api/schema.graphql beside the repository. */
const CONTRACT = resolve(__dirname, '../../../../shared/api/schema.graphql');

describe('the served GraphQL schema', () => {
  test('has no breaking change against the contract (graphql-js findBreakingChanges)', async () => {
    const contract = buildSchema(readFileSync(CONTRACT, 'utf8'));
    const served = await buildServedSchema();
    const breaking = findBreakingChanges(contract, served);
    expect(breaking.map((c) => `${c.type}: ${c.description}`)).toEqual([]);
  });

  test('would fail on a breaking change: a contract field the served schema lacks is reported', async () => {
    const contract = buildSchema(`${readFileSync(CONTRACT, 'utf8')}\nextend type PointsBalance { removedField: Int! }`);
    const served = await buildServedSchema();
    expect(findBreakingChanges(contract, served).map((c) => c.description)).toEqual(['PointsBalance.removedField was removed.']);
  });

  test('serves every operation of the contract', async () => {
    const sdl = printSchema(await buildServedSchema());
    for (const op of ['myPointsBalance', 'licenceFile', 'issueLicence', 'recordInfraction', 'establishInfraction', 'cancelInfraction', 'recordTrainingCourse', 'recordComplementaryTraining', 'recordInvalidationDelivered', 'recordLicenceSurrendered', 'applyDueChanges']) {
      expect(sdl).toContain(`${op}(`);
    }
  });
});
