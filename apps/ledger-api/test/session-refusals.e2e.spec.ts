import Database from 'better-sqlite3';
import { join } from 'node:path';
import { graphql, startTestApi } from '../../../test/e2e/support/api-harness';
import { loginAsHolder, send } from '../../../test/e2e/support/holder-login';
import { sqliteProfile } from '../../../test/e2e/support/store-profiles';
import type { StartedApi } from '../src/start-api';

// Issue 14, "bad input and faults": a forged, expired, revoked or unknown session cookie gets the
// same refusal, whatever made it invalid (nothing tells an attacker which of them it was).

const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points } }`;
const CAMILLE = '150375100001';

describe('an invalid session cookie', () => {
  const stores = sqliteProfile();
  let api: StartedApi;

  beforeAll(async () => {
    await stores.setUp();
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01' }));
  });
  afterAll(async () => {
    await api?.close();
    await stores.tearDown();
  });

  const balanceWith = async (cookie: string) => {
    const answer = await graphql<any>(api, BALANCE, { n: CAMILLE }, { cookie });
    return { status: answer.status, data: answer.data, errors: answer.errors?.map(({ message, extensions }) => ({ message, extensions })) };
  };

  it('forged, malformed, unknown, revoked by a logout or expired after 12 hours: one and the same refusal', async () => {
    const live = await loginAsHolder(api.publicUrl, 'camille');
    expect((await balanceWith(live.cookieHeader)).data.myPointsBalance.points).toEqual(expect.any(Number));

    const revoked = await loginAsHolder(api.publicUrl, 'camille');
    expect((await send(revoked.jar, `${api.publicUrl}/auth/franceconnect/logout`)).status).toBe(302);

    const expired = await loginAsHolder(api.publicUrl, 'camille');
    const sessions = new Database(join(stores.data.path, 'sessions.sqlite'));
    try {
      // Still used a minute ago, but opened 12 hours and a minute ago: past the absolute lifetime.
      sessions.prepare('UPDATE holder_sessions SET created_at = created_at - ?').run(12 * 3600_000 + 60_000);
    } finally {
      sessions.close();
    }

    const refusals = [
      await balanceWith(`ledger_session=${'A'.repeat(43)}`), // unknown (well-formed)
      await balanceWith('ledger_session=forged.value"<script>'), // forged, not even an id
      await balanceWith(revoked.cookieHeader),
      await balanceWith(expired.cookieHeader),
      await balanceWith(live.cookieHeader), // this one too: the update above aged every session
    ];
    expect(refusals[0]).toEqual({
      status: 200,
      data: null,
      errors: [{ message: 'Sign in with FranceConnect to see your licence.', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }],
    });
    for (const refusal of refusals) expect(refusal).toEqual(refusals[0]);
    expect(await balanceWith('')).toEqual(refusals[0]);
  });
});
