import { readFileSync } from 'node:fs';
import { fetchDevStaffToken } from '@ledger/auth';
import type { Page } from 'playwright-core';
import { parsePdf, squeeze } from '../../libs/letters/test/pdf-text';
import { ApiDataDir, graphql, startTestApi } from '../e2e/support/api-harness';
import { lettersMailed } from '../e2e/support/next-morning';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { describeWithBrowser, launchBrowser, type Browser } from './support/chromium';
import {
  askBalance,
  focusedId,
  PHONE,
  screenshotBothWidths,
  seriousAccessibilityViolations,
  signInThroughFranceConnect,
  watchCspViolations,
  watchMissingFiles,
} from './support/holder-page';

// The holder's page as a citizen uses it, in Debian's Chromium: sign in through the FranceConnect
// stand-in, type the number, read the balance in French; refusals, downloads, print view, logout.
// Each state is checked by axe-core and photographed at desktop and phone widths (test-output/).
// LEDGER_TODAY is fixed so that camille (RULES §9 E1) shows 10 points out of 12 and has a letter:
// the stories are recorded the day before, and letters go out once their business day is over
// (RULES §6), so the service is started again the next morning.

const RECORDED_ON = '2024-05-31';
const TODAY = '2024-06-01';
const CAMILLE = '150375100001';
const INES = '160699350002';
const THOMAS_TYPED = '98ab12-69-03';
const THOMAS_CONFIRMED = ' 98AB12 69 03 ';
const ISO_DATE_OR_INSTANT = /\d{4}-\d{2}-\d{2}/;
const MANON = '130259350007';
const NADIA = '070797120008';

/** Two délits of 6 points each, established: the balance reaches 0 (RULES §5, a 48SI is issued). */
async function bringToNilBalance(api: StartedApi, clerk: string, licenceNumber: string): Promise<void> {
  const steps = [
    `recordInfraction(input: {commandId: "${licenceNumber}-1", licenceNumber: "${licenceNumber}", infractionId: "${licenceNumber}-drugs", offenceCode: DRUGS, committedOn: "2024-03-01"}) { version }`,
    `establishInfraction(input: {commandId: "${licenceNumber}-2", licenceNumber: "${licenceNumber}", infractionId: "${licenceNumber}-drugs", mode: CONVICTION_FINAL, establishedOn: "2024-03-20"}) { version }`,
    `recordInfraction(input: {commandId: "${licenceNumber}-3", licenceNumber: "${licenceNumber}", infractionId: "${licenceNumber}-stop", offenceCode: REFUSAL_TO_STOP, committedOn: "2024-04-01"}) { version }`,
    `establishInfraction(input: {commandId: "${licenceNumber}-4", licenceNumber: "${licenceNumber}", infractionId: "${licenceNumber}-stop", mode: CONVICTION_FINAL, establishedOn: "2024-04-20"}) { version }`,
  ];
  for (const step of steps) {
    const answer = await graphql(api, `mutation { ${step} }`, {}, { authorization: `Bearer ${clerk}` });
    expect(answer.errors).toBeUndefined();
  }
}

describeWithBrowser('the holder’s page in a real browser', () => {
  const dataDir = new ApiDataDir();
  let api: StartedApi;
  let browser: Browser;
  let page: Page;
  let cspViolations: string[];
  let missingFiles: string[];

  beforeAll(async () => {
    api = await startTestApi(dataDir.env({ LEDGER_TODAY: RECORDED_ON }));
    const clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
    await bringToNilBalance(api, clerk, MANON);
    await bringToNilBalance(api, clerk, NADIA);
    const delivered = await graphql(
      api,
      `mutation { recordInvalidationDelivered(input: {commandId: "nadia-delivered", licenceNumber: "${NADIA}", deliveredOn: "2024-05-02"}) { version } }`,
      {},
      { authorization: `Bearer ${clerk}` },
    );
    expect(delivered.errors).toBeUndefined();
    await api.close();
    api = await startTestApi(dataDir.env({ LEDGER_TODAY: TODAY }));
    await lettersMailed(api, CAMILLE);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    dataDir.remove();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
    page = await browser.context.newPage();
    cspViolations = watchCspViolations(page);
    missingFiles = watchMissingFiles(page, api.publicUrl);
  });

  afterEach(async () => {
    await page.close();
    expect(cspViolations).toEqual([]);
    expect(missingFiles).toEqual([]);
  });

  test('signed out: what the service is, and only the FranceConnect button', async () => {
    await page.goto(`${api.publicUrl}/`);
    await expect(page.locator('.fr-header .fr-logo').innerText()).resolves.toMatch(/République\s+Française/i);
    await expect(page.locator('main a.fr-connect').innerText()).resolves.toMatch(
      /S’identifier avec\s+FranceConnect/,
    );
    expect(await page.locator('main a, main button').count()).toBe(2); // the button and "Qu’est-ce que FranceConnect ?"
    expect(await page.locator('#balance-form, #logout').count()).toBe(0);
    await expect(page.locator('footer a[href="/accessibilite"]').innerText()).resolves.toContain(
      'Accessibilité',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '1-signed-out');
  });

  test('signed in: the holder’s name, the form with its hint, logout — and no sign-in button', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await expect(page.locator('.ledger-identity').innerText()).resolves.toMatch(
      /Identité FranceConnect : Camille .*MARTIN/,
    );
    expect(await page.locator('a.fr-connect').count()).toBe(0);
    await expect(page.locator('label[for="licence-number"]').innerText()).resolves.toMatch(/98AB12\s69\s03/);
    expect(await page.locator('#logout').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '2-signed-in');
  });

  test('the result: "10 points sur un capital de 12", in French words, focused', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE);
    await expect(page.locator('#balance').innerText()).resolves.toBe('10 points sur un capital de 12');
    expect(await focusedId(page)).toBe('result');
    const text = await page.locator('#result').innerText();
    expect(text).toContain('Votre solde au 1er juin 2024');
    expect(text).toContain('Permis valide');
    expect(text).toMatch(
      /2 avril 2024\s+Retrait de 2 points à la suite de l'infraction « Excès de vitesse » \(contravention de la 4e classe commise le/,
    );
    expect(text).toMatch(/L223-1/);
    expect(text).toMatch(
      /2 avril 2027\s+\+2 points\s+À condition de ne commettre aucune nouvelle infraction/,
    );
    expect(text).toMatch(/Lettre 48 — information sur un retrait de points/);
    expect(text).toMatch(/\d{1,2}(er)? [a-zéû]+ \d{4} à \d{2} h \d{2}\s+vous\s+solde de points/);
    expect(text).toContain('7 500 €');
    expect(text).not.toMatch(ISO_DATE_OR_INSTANT);
    expect(text).not.toMatch(/E1-|HOLDER|holder/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '3-result');
  });

  test('invalidation pending: what it means, and what can still save the licence', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'manon');
    await askBalance(page, MANON);
    await expect(page.locator('#balance').innerText()).resolves.toBe('0 point sur un capital de 12');
    const text = await page.locator('#result').innerText();
    expect(text).toContain('Invalidation en cours');
    expect(text).toMatch(/lettre recommandée 48SI/);
    expect(text).toMatch(
      /stage de sensibilisation à la sécurité routière terminé avant la remise de la lettre/,
    );
    expect(text).toMatch(/Lettre 48SI — invalidation du permis pour solde nul/);
    expect(text).not.toMatch(ISO_DATE_OR_INSTANT);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '3b-result-invalidation-pending');
  });

  test('invalidated: since when, and what follows', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'nadia');
    await askBalance(page, NADIA);
    const text = await page.locator('#result').innerText();
    expect(text).toContain('Permis invalidé');
    expect(text).toContain('depuis le 2 mai 2024');
    expect(text).toMatch(/remettre à la préfecture/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '3c-result-invalidated');
  });

  test('the older number format, typed in either case and with dashes, is accepted', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'thomas');
    await askBalance(page, THOMAS_TYPED, THOMAS_CONFIRMED);
    await expect(page.locator('#balance').innerText()).resolves.toMatch(/^\d+ points? sur un capital de 12$/);
    await expect(page.locator('#result').innerText()).resolves.toContain('Permis n° 98AB12 69 03');
  });

  test('a mistyped confirmation is refused in French, on the field, and announced', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE, '150375100002');
    await expect(page.locator('#error-region[role="alert"] #error').innerText()).resolves.toContain(
      'Les deux numéros saisis ne sont pas identiques.',
    );
    await expect(page.locator('#licence-number-confirmation').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    expect(await focusedId(page)).toBe('error');
    expect(await page.locator('#result').isHidden()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '4-error-confirmation');
  });

  test('an unknown number and a stranger’s number get the very same French refusal', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, '999999999999');
    const unknown = await page.locator('#error').innerText();
    await askBalance(page, INES);
    const strangers = await page.locator('#error').innerText();
    expect(strangers).toBe(unknown);
    expect(unknown).toContain('Aucun solde ne peut être affiché pour ce numéro');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '5-error-not-available');
  });

  test('while the answer comes: a loading message, the button disabled', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      await held;
      await route.continue();
    });
    await page.fill('#licence-number', CAMILLE);
    await page.fill('#licence-number-confirmation', CAMILLE);
    await page.click('#submit');
    await expect(page.locator('#loading[role="status"]').innerText()).resolves.toContain(
      'Recherche de votre solde en cours',
    );
    expect(await page.locator('#submit').isDisabled()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshotBothWidths(page, '6-loading');
    release();
    await page.waitForSelector('#result:not([hidden])');
    expect(await page.locator('#submit').isDisabled()).toBe(false);
  });

  test('everything by keyboard: tab to the fields, type, Enter, the result takes the focus', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    for (let presses = 0; presses < 20; presses += 1) {
      if ((await focusedId(page)) === 'licence-number') break;
      await page.keyboard.press('Tab');
    }
    expect(await focusedId(page)).toBe('licence-number');
    await page.keyboard.type(CAMILLE);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CAMILLE);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result:not([hidden])');
    expect(await focusedId(page)).toBe('result');
  });

  test('a letter downloads as its PDF, which holds the licence number', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.ledger-letters a.fr-download__link'),
    ]);
    const pdf = readFileSync((await download.path())!);
    const text = squeeze((await parsePdf(pdf)).text);
    expect(text).toContain(`Permis de conduire n° ${CAMILLE}`);
  });

  test('"Télécharger mon relevé intégral (PDF)" downloads the full record, which reads back', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#record-download')]);
    const pdf = readFileSync((await download.path())!);
    const text = squeeze((await parsePdf(pdf)).text);
    expect(text).toContain(`Permis de conduire n° ${CAMILLE}`);
    expect(text).toContain('Relevé d’information intégral');
    expect(text).toContain('10 points sur un capital de 12');
    expect(text).toContain('Excès de vitesse');
  });

  test('the print view shows the result without the form and the buttons', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#balance-form').isVisible()).toBe(false);
    expect(await page.locator('#print').isVisible()).toBe(false);
    expect(await page.locator('#balance').isVisible()).toBe(true);
    await screenshotBothWidths(page, '7-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('logout ends the session: the page is signed out again and the balance refused', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await page.click('#logout');
    await page.waitForLoadState();
    await page.goto(`${api.publicUrl}/`);
    expect(await page.locator('a.fr-connect').count()).toBe(1);
    expect(await page.locator('#balance-form').count()).toBe(0);
    const answer = await page.evaluate<{ errors?: Array<{ extensions?: { code?: string } }> }>(`(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ myPointsBalance(licenceNumber: "${CAMILLE}", licenceNumberConfirmation: "${CAMILLE}") { points } }' }),
      });
      return response.json();
    })()`);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('the checks can fail: axe sees an unlabelled field, the CSP watch sees an inline script', async () => {
    await page.goto(`${api.publicUrl}/`);
    await page.evaluate(`(() => {
      document.querySelector('main').appendChild(document.createElement('input'));
      const inline = document.createElement('script');
      inline.textContent = 'document.title = "injected"';
      document.body.appendChild(inline);
    })()`);
    expect((await seriousAccessibilityViolations(page)).map((v) => v.id)).toContain('label');
    await expect(page.title()).resolves.not.toBe('injected');
    for (let waited = 0; cspViolations.length === 0 && waited < 50; waited += 1)
      await page.waitForTimeout(20);
    expect(cspViolations.join('\n')).toContain('Content Security Policy');
    cspViolations.length = 0; // seen: the afterEach check is for the page as served
  });

  test('at phone width nothing is wider than the screen', async () => {
    await signInThroughFranceConnect(page, api.publicUrl, 'camille');
    await askBalance(page, CAMILLE);
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
