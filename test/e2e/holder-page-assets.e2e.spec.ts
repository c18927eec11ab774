import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir, startTestApi } from './support/api-harness';
import { loginAsHolder } from './support/holder-login';

// The holder's page over HTTP, without a browser: its security headers, the two states rendered by
// the server, and the design system's files served from this origin — those and nothing else.

describe('the holder’s page and the design system’s files', () => {
  const dataDir = new ApiDataDir();
  let api: StartedApi;

  beforeAll(async () => {
    api = await startTestApi(dataDir.env({ LEDGER_TODAY: '2024-06-01' }));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    dataDir.remove();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.publicUrl}${path}`, { headers });

  test('the page: only this origin’s scripts, no framing, never cached; signed out it offers FranceConnect only', async () => {
    const response = await get('/');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const html = await response.text();
    expect(html).toContain('href="/auth/franceconnect/login"');
    expect(html).not.toContain('balance-form');
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|style="/);
  });

  test('signed in, the page names the holder and shows the form', async () => {
    const { cookieHeader } = await loginAsHolder(api.publicUrl, 'camille');
    const html = await (await get('/', { cookie: cookieHeader })).text();
    expect(html).toMatch(/Identité FranceConnect : <strong id="holder-name">Camille[^<]*MARTIN<\/strong>/);
    expect(html).toContain('id="balance-form"');
    expect(html).not.toContain('fr-connect');
  });

  test.each([
    ['/dsfr/dsfr.min.css', 'text/css'],
    ['/dsfr/dsfr.module.min.js', 'javascript'],
    ['/dsfr/utility/icons/icons.min.css', 'text/css'],
    ['/dsfr/fonts/Marianne-Regular.woff2', 'font/woff2'],
    ['/dsfr/icons/system/fr--error-fill.svg', 'image/svg+xml'],
    ['/dsfr/favicon/favicon.svg', 'image/svg+xml'],
  ])('%s is served from this origin (%s)', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test.each(['/dsfr/../package.json', '/dsfr/%2e%2e/package.json', '/dsfr/dsfr.min.css.map', '/dsfr/README.md', '/dsfr/.env'])(
    '%s is not served',
    async (path) => {
      expect((await get(path)).status).toBe(404);
    },
  );
});
