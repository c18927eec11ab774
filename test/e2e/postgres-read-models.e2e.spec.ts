import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fetchDevStaffToken } from '@ledger/auth';
import { SEED_STORIES } from '../../apps/ledger-api/src/dev/dev-seed.stories';
import {
  adminQuery,
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../libs/read-models/test/pg-test-database';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import { ApiDataDir, graphql, startTestApi } from './support/api-harness';
import { loginAsHolder } from './support/holder-login';

// The holder-balances scenarios' essentials in the production shape: the log in EventStoreDB (the
// gRPC protocol double, spoken to by the real client) and the read models in PostgreSQL
// (DATABASE_URL); the service restarted on the days that matter, on the same log and database.

const BALANCE = `query Balance($n: String!, $c: String!) {
  myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $c) { points capital asOf }
}`;
const RECORD = `mutation Record($input: RecordInfractionInput!) { recordInfraction(input: $input) { infractions { infractionId status } } }`;
const ESTABLISH = `mutation Establish($input: EstablishInfractionInput!) { establishInfraction(input: $input) { balance { points capital } } }`;

const numberOf = (login: string) => SEED_STORIES.find((s) => s.login === login)!.licenceNumber;

const CHECKPOINTS: Array<{ today: string; expect: Array<[login: string, points: number, capital: number]> }> =
  [
    { today: '2022-06-15', expect: [['lea', 6, 6]] },
    { today: '2024-02-20', expect: [['jules', 3, 6]] },
    {
      today: '2024-06-01',
      expect: [
        ['ines', 11, 12],
        ['camille', 10, 12],
      ],
    },
    { today: '2024-12-01', expect: [['ines', 12, 12]] },
    {
      today: '2027-04-02',
      expect: [
        ['camille', 12, 12],
        ['thomas', 12, 12],
      ],
    },
  ];

describeWithPostgres('holders read their balance from PostgreSQL read models (DATABASE_URL)', () => {
  const data = new ApiDataDir();
  let database: ThrowAwayDatabase;
  let eventStoreDb: EsdbDouble;
  const env = (today: string) => ({
    ...data.env({ LEDGER_TODAY: today }),
    // one store or the other: both set is refused at start-up
    EVENT_STORE_PATH: undefined,
    ESDB_CONNECTION_STRING: eventStoreDb.connectionString,
    READ_MODEL_PATH: undefined,
    DATABASE_URL: database.url,
    DATABASE_SCHEMA: 'ledger_read_models',
  });

  beforeAll(async () => {
    database = await createThrowAwayDatabase();
    eventStoreDb = await EsdbDouble.start({ serverFeatures: 'batch-append' });
  });
  afterAll(async () => {
    data.remove();
    await eventStoreDb.stop();
    await database.drop();
  });

  test.each(CHECKPOINTS)('on $today', async ({ today, expect: expected }) => {
    const api = await startTestApi(env(today));
    try {
      for (const [login, points, capital] of expected) {
        const { cookieHeader } = await loginAsHolder(api.publicUrl, login);
        const n = numberOf(login);
        const answer = await graphql<{ myPointsBalance: Record<string, unknown> }>(
          api,
          BALANCE,
          { n, c: n },
          { cookie: cookieHeader },
        );
        expect(answer.errors).toBeUndefined();
        expect({ login, ...answer.data!.myPointsBalance }).toEqual({ login, points, capital, asOf: today });
      }
    } finally {
      await api.close();
    }
  });

  test('a clerk records and establishes an infraction: the holder reads the new balance at once (read-your-writes through the PostgreSQL checkpoint)', async () => {
    const api = await startTestApi(env('2024-05-01'));
    try {
      const clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
      const bearer = { authorization: `Bearer ${clerk}` };
      const n = numberOf('camille');
      const recorded = await graphql(
        api,
        RECORD,
        {
          input: {
            commandId: 'pg-e2e-record',
            licenceNumber: n,
            infractionId: 'pg-red',
            offenceCode: 'RED_LIGHT',
            committedOn: '2024-04-20',
          },
        },
        bearer,
      );
      expect(recorded.errors).toBeUndefined();
      const established = await graphql<{ establishInfraction: unknown }>(
        api,
        ESTABLISH,
        {
          input: {
            commandId: 'pg-e2e-establish',
            licenceNumber: n,
            infractionId: 'pg-red',
            mode: 'FINE_PAID',
            establishedOn: '2024-04-30',
          },
        },
        bearer,
      );
      expect(established.data?.establishInfraction).toEqual({ balance: { points: 6, capital: 12 } });
      const { cookieHeader } = await loginAsHolder(api.publicUrl, 'camille');
      const balance = await graphql<{ myPointsBalance: Record<string, unknown> }>(
        api,
        BALANCE,
        { n, c: n },
        { cookie: cookieHeader },
      );
      expect(balance.data!.myPointsBalance).toMatchObject({ points: 6, capital: 12 });
    } finally {
      await api.close();
    }

    // The rows are in PostgreSQL, in the configured schema, and no SQLite read-model file was made.
    const rows = await adminQuery(
      database.url,
      "SELECT licence_number, infraction_id, status FROM ledger_read_models.infractions WHERE infraction_id = 'pg-red'",
    );
    expect(rows).toEqual([
      { licence_number: numberOf('camille'), infraction_id: 'pg-red', status: 'ESTABLISHED' },
    ]);
    const [checkpoint] = await adminQuery(
      database.url,
      "SELECT position FROM ledger_read_models.checkpoints WHERE processor = 'licences'",
    );
    expect(BigInt(checkpoint.position as string)).toBeGreaterThan(0n);
    expect(existsSync(join(data.path, 'read-model.sqlite'))).toBe(false);
    // …and the log went to EventStoreDB, not to a SQLite file.
    expect(eventStoreDb.calls.batchAppend).toBeGreaterThan(0);
    expect(eventStoreDb.calls.subscribe).toBeGreaterThan(0);
    expect(existsSync(join(data.path, 'events.sqlite'))).toBe(false);
    // The worker's daily runs are logged there too (one per day it started on, none on a day before the last).
    const runs = await adminQuery(
      database.url,
      'SELECT run_on FROM ledger_read_models.daily_runs ORDER BY run_on',
    );
    expect(runs.map((run) => run.run_on)).toEqual(CHECKPOINTS.map((checkpoint) => checkpoint.today));
  });

  test('a malformed DATABASE_URL stops the start-up with a message naming it, before anything opens', async () => {
    await expect(
      startTestApi({ ...env('2024-05-01'), DATABASE_URL: 'mysql://ledger:secret@db/ledger' }),
    ).rejects.toThrow(/DATABASE_URL: not a postgres:\/\/ URL .*"mysql:\/\/ledger:\*\*\*@db\/ledger"/);
  });
});
