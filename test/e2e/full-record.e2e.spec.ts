import { fetchDevStaffToken } from '@ledger/auth';
import { parsePdf, squeeze } from '../../libs/letters/test/pdf-text';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir, graphql, startTestApi } from './support/api-harness';
import { loginAsHolder } from './support/holder-login';
import { lettersMailed } from './support/next-morning';

// The full record ("relevé d'information intégral", issue 15) over HTTP: its holder and staff with
// ledger.reader get the PDF, every download is in the consultation audit, and anyone else — a
// stranger, an unknown number, staff without ledger.reader, nobody signed in — gets one and the same 404.

/** The stories are recorded the day before, so that camille's letter has gone out (RULES §6). */
const RECORDED_ON = '2024-05-31';
const TODAY = '2024-06-01';
const CAMILLE = '150375100001';
const INES = '160699350002';

describe('GET /records/<licence number>.pdf', () => {
  const dataDir = new ApiDataDir();
  let api: StartedApi;
  let camille: string;
  let reader: string;
  let nobody: string;

  beforeAll(async () => {
    await (await startTestApi(dataDir.env({ LEDGER_TODAY: RECORDED_ON }))).close();
    api = await startTestApi(dataDir.env({ LEDGER_TODAY: TODAY }));
    await lettersMailed(api, CAMILLE);
    const issuer = api.devIdentityProviders!.staffIssuer;
    [reader, nobody] = await Promise.all([
      fetchDevStaffToken(issuer, 'reader'),
      fetchDevStaffToken(issuer, 'nobody'),
    ]);
    camille = (await loginAsHolder(api.publicUrl, 'camille')).cookieHeader;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    dataDir.remove();
  });

  const get = (number: string, headers: Record<string, string> = {}) =>
    fetch(`${api.publicUrl}/records/${encodeURIComponent(number)}.pdf`, { headers });

  test('the holder downloads their full record: balance, infraction with class and dates, decision, letter', async () => {
    const response = await get(CAMILLE, { cookie: camille });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = squeeze((await parsePdf(Buffer.from(await response.arrayBuffer()))).text);
    expect(text).toContain(`Permis de conduire n° ${CAMILLE}`);
    expect(text).toContain('10 points sur un capital de 12');
    expect(text).toContain('Madame Camille MARTIN');
    expect(text).toMatch(/Excès de vitesse contravention de la 4e classe Établie le 2 avril 2024/);
    expect(text).toMatch(/Lettre 48 — information sur un retrait de points Lettre simple/);
  });

  test('the same day, the same record: the same bytes', async () => {
    const first = Buffer.from(await (await get(CAMILLE, { cookie: camille })).arrayBuffer());
    const second = Buffer.from(await (await get(CAMILLE, { cookie: camille })).arrayBuffer());
    expect(second.equals(first)).toBe(true);
  });

  test('staff with ledger.reader get it too, and both downloads are in the audit the holder sees', async () => {
    expect((await get(CAMILLE, { authorization: `Bearer ${reader}` })).status).toBe(200);
    const answer = await graphql<{
      myPointsBalance: { consultations: Array<{ role: string; operation: string }> };
    }>(
      api,
      `{ myPointsBalance(licenceNumber: "${CAMILLE}", licenceNumberConfirmation: "${CAMILLE}") { consultations { role operation } } }`,
      {},
      { cookie: camille },
    );
    const records = answer.data!.myPointsBalance.consultations.filter((c) => c.operation === 'recordPdf');
    expect(records.map((c) => c.role)).toEqual(expect.arrayContaining(['HOLDER', 'LEDGER_READER']));
  });

  test('a stranger’s number, an unknown number, staff without ledger.reader and nobody signed in get one and the same 404', async () => {
    const answers = await Promise.all([
      get(INES, { cookie: camille }),
      get('999999999999', { cookie: camille }),
      get('not a number', { cookie: camille }),
      get(CAMILLE, { authorization: `Bearer ${nobody}` }),
      get(CAMILLE),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0])).toMatchObject({ code: 'RECORD.NOT_AVAILABLE' });
  });
});
