import { startTestApi } from '../../../test/e2e/support/api-harness';
import { sqliteProfile } from '../../../test/e2e/support/store-profiles';
import type { StartedApi } from '../src/start-api';

// Issue 14, item 8: the security headers on every route of the running API, refusals included.

describe('every answer of the API carries the security headers', () => {
  const stores = sqliteProfile();
  let api: StartedApi;

  beforeAll(async () => {
    await stores.setUp();
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01', RATE_LIMIT_LOGIN: '1' }));
  });
  afterAll(async () => {
    await api?.close();
    await stores.tearDown();
  });

  const graphqlPost = (body: string) =>
    fetch(`${api.publicUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['the balance page', () => fetch(`${api.publicUrl}/`), 200],
    ['a GraphQL answer', () => graphqlPost('{"query":"{ __typename }"}'), 200],
    ['a GraphQL refusal', () => graphqlPost('{"query":"{ nope }"}'), 400],
    ['a body too large', () => graphqlPost(`{"query":"${'x'.repeat(200_000)}"}`), 413],
    ['the health probe', () => fetch(`${api.publicUrl}/health/ready`), 200],
    ['an unknown route', () => fetch(`${api.publicUrl}/nowhere`), 404],
    ['the login redirect', () => fetch(`${api.publicUrl}/auth/franceconnect/login`, { redirect: 'manual' }), 302],
    ['a login over the rate limit', () => fetch(`${api.publicUrl}/auth/franceconnect/login`, { redirect: 'manual' }), 429],
  ])('%s', async (_what, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Not production: no HSTS on plain http (the unit test covers production).
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
