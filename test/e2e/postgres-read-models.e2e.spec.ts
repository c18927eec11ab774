import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fetchDevStaffToken } from '@ledger/auth';
import { adminQuery, describeWithPostgres } from '../../libs/read-models/test/pg-test-database';
import { graphql, startTestApi } from './support/api-harness';
import { esdbDoublePostgresProfile } from './support/store-profiles';

// What the suites that run on each store profile (describeOnEachStore) do not check: on the production
// shape, the log really goes to EventStoreDB (the gRPC protocol double) and the read models really go
// to PostgreSQL, in the configured schema, with no SQLite file made; and a wrong DATABASE_URL stops
// the start-up. The balances, read-your-writes and letters themselves are in the other suites.

const RECORD = `mutation Record($input: RecordInfractionInput!) { recordInfraction(input: $input) { infractions { infractionId status } } }`;
const ESTABLISH = `mutation Establish($input: EstablishInfractionInput!) { establishInfraction(input: $input) { balance { points capital } } }`;
const CAMILLE = '150375100001';
const DAYS = ['2022-06-15', '2024-05-01'];

describeWithPostgres(
  'the production store shape: EventStoreDB (double) and PostgreSQL (DATABASE_URL)',
  () => {
    const stores = esdbDoublePostgresProfile();
    beforeAll(() => stores.setUp());
    afterAll(() => stores.tearDown());

    test('the log goes to EventStoreDB and the read models to PostgreSQL, in the configured schema; no SQLite store is made', async () => {
      // The service started on each day (the worker's daily run with it), then a clerk's writes.
      for (const today of DAYS.slice(0, -1))
        await (await startTestApi(stores.env({ LEDGER_TODAY: today }))).close();
      const api = await startTestApi(stores.env({ LEDGER_TODAY: DAYS[DAYS.length - 1] }));
      try {
        const clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
        const bearer = { authorization: `Bearer ${clerk}` };
        const record = {
          commandId: 'pg-e2e-record',
          licenceNumber: CAMILLE,
          infractionId: 'pg-red',
          offenceCode: 'RED_LIGHT',
          committedOn: '2024-04-20',
        };
        expect((await graphql(api, RECORD, { input: record }, bearer)).errors).toBeUndefined();
        const establish = {
          commandId: 'pg-e2e-establish',
          licenceNumber: CAMILLE,
          infractionId: 'pg-red',
          mode: 'FINE_PAID',
          establishedOn: '2024-04-30',
        };
        const established = await graphql(api, ESTABLISH, { input: establish }, bearer);
        expect(established.data?.establishInfraction).toEqual({ balance: { points: 6, capital: 12 } });
      } finally {
        await api.close();
      }

      const { database, eventStoreDb, schema } = stores.stores;
      const rows = await adminQuery(
        database.url,
        `SELECT licence_number, infraction_id, status FROM ${schema}.infractions WHERE infraction_id = 'pg-red'`,
      );
      expect(rows).toEqual([{ licence_number: CAMILLE, infraction_id: 'pg-red', status: 'ESTABLISHED' }]);
      const [checkpoint] = await adminQuery(
        database.url,
        `SELECT position FROM ${schema}.checkpoints WHERE processor = 'licences'`,
      );
      expect(BigInt(checkpoint.position as string)).toBeGreaterThan(0n);
      // The letters read model too (its letters go out once their day is over: the letters suite).
      const holders = await adminQuery(
        database.url,
        `SELECT licence_number FROM ${schema}.letter_holders WHERE licence_number = $1`,
        [CAMILLE],
      );
      expect(holders).toHaveLength(1);
      const [workflow] = await adminQuery(
        database.url,
        `SELECT position FROM ${schema}.checkpoints WHERE processor = 'letters-workflow'`,
      );
      expect(BigInt(workflow.position as string)).toBeGreaterThan(0n); // the days before the last one
      expect(existsSync(join(stores.data.path, 'read-model.sqlite'))).toBe(false);
      // …and the log went to EventStoreDB, not to a SQLite file.
      expect(eventStoreDb.calls.batchAppend).toBeGreaterThan(0);
      expect(eventStoreDb.calls.subscribe).toBeGreaterThan(0);
      expect(existsSync(join(stores.data.path, 'events.sqlite'))).toBe(false);
      // The worker's daily runs are logged there too (one per day it started on).
      const runs = await adminQuery(database.url, `SELECT run_on FROM ${schema}.daily_runs ORDER BY run_on`);
      expect(runs.map((run) => run.run_on)).toEqual(DAYS);
    });

    test('a malformed DATABASE_URL stops the start-up with a message naming it, before anything opens', async () => {
      await expect(
        startTestApi({
          ...stores.env({ LEDGER_TODAY: '2024-05-01' }),
          DATABASE_URL: 'mysql://ledger:secret@db/ledger',
        }),
      ).rejects.toThrow(/DATABASE_URL: not a postgres:\/\/ URL .*"mysql:\/\/ledger:\*\*\*@db\/ledger"/);
    });
  },
);
