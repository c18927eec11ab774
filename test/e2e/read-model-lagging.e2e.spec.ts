import Database from 'better-sqlite3';
import { fetchDevStaffToken } from '@ledger/auth';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir, graphql, startTestApi } from './support/api-harness';

// A clerk's command is appended, but the read model does not show it within the answer's wait (here:
// an API whose worker runs elsewhere and is down). The clerk must learn that the command was
// recorded, with its position, not get an internal error; once a worker catches up, the same
// command sent again appends nothing and answers the file.

const ISSUE = `mutation($input: IssueLicenceInput!) { issueLicence(input: $input) { licenceNumber version balance { points } } }`;
const input = {
  commandId: 'lagging-issue-1',
  licenceNumber: '555500000077',
  issuedOn: '2020-01-01',
  probationary: false,
  holder: {
    familyName: 'RETARD',
    givenNames: 'Lou',
    birthdate: '1990-01-01',
    gender: 'FEMALE',
    birthplace: '75056',
    birthcountry: '99100',
  },
};

describe('a read model lagging behind a clerk’s command', () => {
  const data = new ApiDataDir();
  const started: StartedApi[] = [];
  afterAll(async () => {
    for (const api of started.reverse()) await api.close();
    data.remove();
  });

  const head = (): string => {
    const db = new Database(data.env().EVENT_STORE_PATH!, { readonly: true });
    try {
      return String(
        (db.prepare('SELECT max(global_position) AS head FROM events').get() as { head: number }).head,
      );
    } finally {
      db.close();
    }
  };

  test('answers READ_MODEL.LAGGING with the command’s position, then the file once the read model caught up', async () => {
    const env = { LEDGER_TODAY: '2025-06-02', SEED_DEV_DATA: 'false' };
    // No worker in this process and none elsewhere yet: nothing applies the log to the read model.
    const api = await startTestApi(data.env({ ...env, RUN_WORKER: 'false' }));
    started.push(api);
    const idps = api.devIdentityProviders!;
    const clerk = { authorization: `Bearer ${await fetchDevStaffToken(idps.staffIssuer, 'clerk')}` };

    const lagging = await graphql(api, ISSUE, { input }, clerk);
    expect(lagging.status).toBe(200);
    expect(lagging.data).toBeNull();
    expect(lagging.errors).toHaveLength(1);
    const [error] = lagging.errors as Array<{
      message: string;
      extensions: { code: string; position: string };
    }>;
    expect(error.extensions.code).toBe('READ_MODEL.LAGGING');
    expect(error.extensions.position).toBe(head()); // the command's own last event
    expect(error.message).toMatch(/was recorded/);

    // A worker starts (here: a second instance running it, as in production) and catches up.
    started.push(await startTestApi(data.env({ ...env, ...idps.apiEnvironment })));
    const again = await graphql(api, ISSUE, { input }, clerk);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({
      issueLicence: { licenceNumber: '555500000077', version: '0', balance: { points: 12 } },
    });
    expect(head()).toBe(error.extensions.position); // sent again: nothing appended
  }, 60_000);
});
