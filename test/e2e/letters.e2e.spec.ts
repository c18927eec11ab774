import { fetchDevStaffToken } from '@ledger/auth';
import { parsePdf, squeeze } from '../../libs/letters/test/pdf-text';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { codesOf, graphql, startTestApi } from './support/api-harness';
import { loginAsHolder } from './support/holder-login';
import { describeOnEachStore } from './support/store-profiles';

// RULES §6 and §8 over HTTP: holders read and download their letters, nobody else does (and nobody
// learns whether a letter exists), staff print the day's mail and record its posting, once. The
// test holders are seeded on TODAY; their letters go out once that day is over, so the service
// runs on the next day (NEXT) to print TODAY's mail.

const TODAY = '2024-05-01';
const NEXT = '2024-05-02';
const AFTER_NEXT = '2024-05-03';
const CAMILLE = '150375100001'; // E1: 48 (2 points, 10 left)
const THOMAS = '98AB12 69 03'; // E3: 48, 48M, 47
const JULES = '230929019006'; // E6: 48N, 47

const BALANCE_LETTERS = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) {
  points letters { letterId reference channel issuedOn text pdfUrl postedOn } } }`;
const PRINT_RUN = `query P($d: Date!, $c: LetterChannel) { printRun(issuedOn: $d, channel: $c) {
  letterId licenceNumber reference channel issuedOn recipient postalAddress postedOn pdfUrl } }`;
const POST = `mutation M($input: MarkLettersPostedInput!) { markLettersPosted(input: $input) {
  newlyRecorded alreadyRecorded letters { letterId licenceNumber postedOn newlyRecorded } } }`;
const MOVE = `mutation A($input: ChangeHolderAddressInput!) { changeHolderAddress(input: $input) {
  postalAddress { lines postalCode city country } balance { letters { reference } } } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface PrintRunRow {
  letterId: string;
  licenceNumber: string;
  reference: string;
  channel: string;
  recipient: string;
  postalAddress: string[] | null;
  postedOn: string | null;
  pdfUrl: string;
}

describeOnEachStore('letters over HTTP', (stores) => {
  let api: StartedApi;
  let clerk: string;
  let reader: string;
  let nobody: string;
  let camille: string;
  let jules: string;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.publicUrl}${path}`, { headers });

  /** The day's run once the worker has written the seeded letters (it follows the log in the background). */
  async function printRun(channel?: string, expected = 0): Promise<PrintRunRow[]> {
    for (let attempt = 0; ; attempt++) {
      const answer = await graphql<{ printRun: PrintRunRow[] }>(
        api,
        PRINT_RUN,
        { d: TODAY, c: channel ?? null },
        bearer(reader),
      );
      expect(answer.errors).toBeUndefined();
      if (answer.data!.printRun.length >= expected || attempt > 100) return answer.data!.printRun;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Restarts the service on another day, on the same stores (a new identity provider: new tokens). */
  async function restartOn(day: string): Promise<void> {
    await api.close();
    api = await startTestApi(stores.env({ LEDGER_TODAY: day }));
    reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    camille = (await loginAsHolder(api.publicUrl, 'camille')).cookieHeader;
  }

  beforeAll(async () => {
    api = await startTestApi(stores.env({ LEDGER_TODAY: TODAY })); // seeds the test holders
    await api.close();
    api = await startTestApi(stores.env({ LEDGER_TODAY: NEXT }));
    const issuer = api.devIdentityProviders!.staffIssuer;
    [clerk, reader, nobody] = await Promise.all([
      fetchDevStaffToken(issuer, 'clerk'),
      fetchDevStaffToken(issuer, 'reader'),
      fetchDevStaffToken(issuer, 'nobody'),
    ]);
    camille = (await loginAsHolder(api.publicUrl, 'camille')).cookieHeader;
    jules = (await loginAsHolder(api.publicUrl, 'jules')).cookieHeader;
    await printRun(undefined, 6);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  test('a holder reads their letter (licence number on the first line, the figures) and downloads its PDF', async () => {
    const answer = await graphql<any>(api, BALANCE_LETTERS, { n: CAMILLE }, { cookie: camille });
    expect(answer.errors).toBeUndefined();
    const [letter] = answer.data.myPointsBalance.letters;
    expect(answer.data.myPointsBalance.letters).toHaveLength(1);
    expect(letter).toMatchObject({
      reference: 'REF_48',
      channel: 'ORDINARY_MAIL',
      issuedOn: TODAY,
      postedOn: null,
    });
    const lines = letter.text.split('\n');
    expect(lines[0]).toBe(`Permis de conduire n° ${CAMILLE}`);
    expect(letter.text).toContain('Madame Camille MARTIN\n12 rue des Lilas\n75007 PARIS');
    expect(letter.text).toContain('Points retirés : 2 points');
    expect(letter.text).toContain('Solde de points après ce retrait : 10 points');
    expect(letter.pdfUrl).toBe(`/letters/${letter.letterId}.pdf`);

    const response = await get(letter.pdfUrl, { cookie: camille });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const pdf = squeeze((await parsePdf(Buffer.from(await response.arrayBuffer()))).text);
    expect(pdf).toContain(`Permis de conduire n° ${CAMILLE}`);
    expect(pdf).toContain('Solde de points après ce retrait 10 points');
  });

  test('another holder, anonymous callers and staff without ledger.reader get the same 404 as an unknown or malformed id', async () => {
    const [letter] = (await graphql<any>(api, BALANCE_LETTERS, { n: CAMILLE }, { cookie: camille })).data
      .myPointsBalance.letters;
    const refusals = [
      await get(letter.pdfUrl, { cookie: jules }),
      await get(letter.pdfUrl),
      await get(letter.pdfUrl, bearer(nobody)),
      await get('/letters/L-00000000-0000-5000-8000-000000000000.pdf', { cookie: camille }),
      await get('/letters/L-00000000-0000-5000-8000-000000000000.pdf', bearer(reader)),
      await get('/letters/not-a-letter.pdf', bearer(reader)),
      await get(`/letters/${letter.letterId}`, bearer(reader)),
    ];
    const bodies = await Promise.all(refusals.map(async (r) => ({ status: r.status, body: await r.text() })));
    expect(new Set(bodies.map((b) => `${b.status} ${b.body}`)).size).toBe(1);
    expect(bodies[0].status).toBe(404);
    expect(JSON.parse(bodies[0].body)).toMatchObject({ code: 'LETTER.NOT_AVAILABLE' });

    const staff = await get(letter.pdfUrl, bearer(reader));
    expect(staff.status).toBe(200);
    expect(squeeze((await parsePdf(Buffer.from(await staff.arrayBuffer()))).text)).toContain(CAMILLE);
    // An invalid token is refused as such (before any lookup: it tells nothing about the letter).
    expect((await get(letter.pdfUrl, { authorization: 'Bearer not.a.token' })).status).toBe(401);
  });

  test('staff list the day’s letters by channel and print them as one PDF', async () => {
    const run = await printRun(undefined, 6);
    expect(run.map((l) => [l.channel, l.licenceNumber, l.reference])).toEqual([
      ['REGISTERED_WITH_RECEIPT', JULES, 'REF_48N'],
      ['REGISTERED', THOMAS, 'REF_48M'],
      ['ORDINARY_MAIL', CAMILLE, 'REF_48'],
      ['ORDINARY_MAIL', JULES, 'REF_47'],
      ['ORDINARY_MAIL', THOMAS, 'REF_48'],
      ['ORDINARY_MAIL', THOMAS, 'REF_47'],
    ]);
    expect(run[0]).toMatchObject({
      recipient: 'Monsieur Jules LE-GOFF',
      postalAddress: ['8 rue de Siam', '29200 BREST'],
      postedOn: null,
    });
    expect((await printRun('REGISTERED')).map((l) => l.reference)).toEqual(['REF_48M']);

    const response = await get(`/letters/print-run/${TODAY}.pdf`, bearer(reader));
    expect(response.status).toBe(200);
    const parsed = await parsePdf(Buffer.from(await response.arrayBuffer()));
    const text = squeeze(parsed.text);
    expect(text).toContain('Tournée d’impression du 1er mai 2024');
    expect(text).toContain('6 lettres à imprimer et à poster');
    for (const number of [CAMILLE, THOMAS, JULES]) expect(text).toContain(`Permis de conduire n° ${number}`);
    expect(parsed.pages).toBeGreaterThanOrEqual(7);

    const registered = await get(
      `/letters/print-run/${TODAY}.pdf?channel=REGISTERED_WITH_RECEIPT`,
      bearer(reader),
    );
    expect(squeeze((await parsePdf(Buffer.from(await registered.arrayBuffer()))).text)).toContain(
      '1 lettre à imprimer et à poster',
    );
  });

  test('a print run in the future or on a malformed date is refused; only staff with ledger.reader print', async () => {
    expect(codesOf(await graphql(api, PRINT_RUN, { d: AFTER_NEXT }, bearer(reader)))).toEqual([
      'DATE.IN_FUTURE',
    ]);
    expect(codesOf(await graphql(api, PRINT_RUN, { d: '2024-02-30' }, bearer(reader)))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codesOf(await graphql(api, PRINT_RUN, { d: TODAY }, bearer(nobody)))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(api, PRINT_RUN, { d: TODAY }, { cookie: camille }))).toEqual(['FORBIDDEN']);

    const future = await get(`/letters/print-run/${AFTER_NEXT}.pdf`, bearer(reader));
    expect(future.status).toBe(400);
    expect(await future.json()).toMatchObject({ code: 'DATE.IN_FUTURE' });
    const malformed = await get('/letters/print-run/2024-13-01.pdf', bearer(reader));
    expect(await malformed.json()).toMatchObject({ statusCode: 400, code: 'DATE.MALFORMED' });
    expect((await get(`/letters/print-run/${TODAY}.pdf?channel=PIGEON`, bearer(reader))).status).toBe(400);
    expect((await get(`/letters/print-run/${TODAY}.pdf`)).status).toBe(401);
    expect((await get(`/letters/print-run/${TODAY}.pdf`, { cookie: camille })).status).toBe(403);
  });

  test('marking letters as posted records one LetterPosted per letter, however often it is sent', async () => {
    const run = await printRun(undefined, 6);
    const ids = [run[1].letterId, run[2].letterId]; // thomas's 48M, camille's 48
    const first = await graphql<any>(
      api,
      POST,
      { input: { commandId: 'post-1', letterIds: ids, postedOn: TODAY } },
      bearer(clerk),
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.markLettersPosted).toMatchObject({ newlyRecorded: 2, alreadyRecorded: 0 });
    // The same request again (a retry) answers the same; a second posting records nothing.
    const retry = await graphql<any>(
      api,
      POST,
      { input: { commandId: 'post-1', letterIds: ids, postedOn: TODAY } },
      bearer(clerk),
    );
    expect(retry.data).toEqual(first.data);
    const again = await graphql<any>(
      api,
      POST,
      { input: { commandId: 'post-2', letterIds: ids, postedOn: TODAY } },
      bearer(clerk),
    );
    expect(again.data.markLettersPosted).toMatchObject({ newlyRecorded: 0, alreadyRecorded: 2 });
    expect(again.data.markLettersPosted.letters.map((l: any) => l.postedOn)).toEqual([TODAY, TODAY]);

    const posted = (await stores.loggedEvents()).filter((event) => event.type === 'LetterPosted');
    expect(posted.map((event) => (event.data as { letterId: string }).letterId).sort()).toEqual(
      [...ids].sort(),
    );

    // Unknown ids refuse the whole request; readers may not post; the holder sees the posting date.
    const unknown = await graphql(
      api,
      POST,
      {
        input: {
          commandId: 'post-3',
          letterIds: [run[0].letterId, 'L-00000000-0000-5000-8000-000000000000'],
          postedOn: TODAY,
        },
      },
      bearer(clerk),
    );
    expect(codesOf(unknown)).toEqual(['LETTER.NOT_FOUND']);
    expect((await printRun('REGISTERED_WITH_RECEIPT'))[0].postedOn).toBeNull();
    expect(
      codesOf(
        await graphql(
          api,
          POST,
          { input: { commandId: 'post-4', letterIds: ids, postedOn: TODAY } },
          bearer(reader),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codesOf(
        await graphql(
          api,
          POST,
          { input: { commandId: 'post-5', letterIds: ids, postedOn: AFTER_NEXT } },
          bearer(clerk),
        ),
      ),
    ).toEqual(['DATE.IN_FUTURE']);
    const mine = (await graphql<any>(api, BALANCE_LETTERS, { n: CAMILLE }, { cookie: camille })).data
      .myPointsBalance.letters;
    expect(mine[0].postedOn).toBe(TODAY);
  });

  test('a change of address is recorded by a clerk; the letters issued keep theirs, the next ones go to the new address', async () => {
    const moved = await graphql<any>(
      api,
      MOVE,
      {
        input: {
          commandId: 'move-1',
          licenceNumber: CAMILLE,
          changedOn: '2024-04-25',
          address: { lines: ['8 quai des Chartrons'], postalCode: '33000', city: 'Bordeaux' },
        },
      },
      bearer(clerk),
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data.changeHolderAddress.postalAddress).toEqual({
      lines: ['8 quai des Chartrons'],
      postalCode: '33000',
      city: 'Bordeaux',
      country: null,
    });
    expect(
      codesOf(
        await graphql(
          api,
          MOVE,
          {
            input: {
              commandId: 'move-2',
              licenceNumber: CAMILLE,
              changedOn: '2024-04-25',
              address: { lines: ['x'], postalCode: '33000', city: 'Bordeaux' },
            },
          },
          bearer(reader),
        ),
      ),
    ).toEqual(['FORBIDDEN']);

    const record = `mutation R($input: RecordInfractionInput!) { recordInfraction(input: $input) { licenceNumber } }`;
    const establish = `mutation E($input: EstablishInfractionInput!) { establishInfraction(input: $input) { balance { points letters { reference channel text } } } }`;
    await graphql(
      api,
      record,
      {
        input: {
          commandId: 'letters-red',
          licenceNumber: CAMILLE,
          infractionId: 'letters-red',
          offenceCode: 'RED_LIGHT',
          committedOn: '2024-04-20',
        },
      },
      bearer(clerk),
    );
    const answer = await graphql<any>(
      api,
      establish,
      {
        input: {
          commandId: 'letters-red-paid',
          licenceNumber: CAMILLE,
          infractionId: 'letters-red',
          mode: 'FINE_PAID',
          establishedOn: '2024-04-28',
        },
      },
      bearer(clerk),
    );
    expect(answer.errors).toBeUndefined();
    // The withdrawal's letter goes out once its business day is over (RULES §6), not before.
    const sameDay = answer.data.establishInfraction.balance.letters;
    expect(sameDay.map((l: any) => l.reference)).toEqual(['REF_48']);
    const [issued] = (await graphql<any>(api, BALANCE_LETTERS, { n: CAMILLE }, { cookie: camille })).data
      .myPointsBalance.letters;
    const issuedPdf = Buffer.from(await (await get(issued.pdfUrl, bearer(reader))).arrayBuffer());

    await restartOn(AFTER_NEXT);
    let letters: any[] = [];
    for (let attempt = 0; letters.length < 2 && attempt < 100; attempt++) {
      letters = (await graphql<any>(api, BALANCE_LETTERS, { n: CAMILLE }, { cookie: camille })).data
        .myPointsBalance.letters;
      if (letters.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(letters.map((l: any) => [l.reference, l.channel, l.issuedOn])).toEqual([
      ['REF_48', 'ORDINARY_MAIL', TODAY],
      ['REF_48M', 'REGISTERED', NEXT],
    ]);
    expect(letters[0]).toEqual({ ...issued, postedOn: letters[0].postedOn });
    expect(letters[0].text).toContain('12 rue des Lilas\n75007 PARIS');
    expect(letters[1].text).toContain('8 quai des Chartrons\n33000 BORDEAUX');
    expect(letters[1].text).toContain('Solde de points après ce retrait : 6 points');
    const samePdf = Buffer.from(await (await get(issued.pdfUrl, bearer(reader))).arrayBuffer());
    expect(samePdf.equals(issuedPdf)).toBe(true);
  }, 60_000);

  test('replaying the log from zero (the read models deleted, the service restarted) issues no new letter', async () => {
    const before = await printRun(undefined, 6);
    await api.close();
    await stores.dropReadModels(); // the SQLite file, or the PostgreSQL schema
    api = await startTestApi(stores.env({ LEDGER_TODAY: AFTER_NEXT }));
    reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader'); // a new provider: new keys
    const after = await printRun(undefined, before.length);
    expect(after).toEqual(before);
    const postings = (await stores.loggedEvents()).filter((event) => event.type === 'LetterPosted');
    expect(postings).toHaveLength(2);
  }, 60_000);
});
