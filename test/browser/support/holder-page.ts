import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the screenshots go for a person to look at (gitignored). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../test-output/browser');

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;

/** The whole page at desktop and at phone width: <name>-desktop.png and <name>-phone.png. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** The holder's way in: the page's FranceConnect button, the stand-in's form, back on the page. */
export async function signInThroughFranceConnect(page: Page, apiUrl: string, login: string): Promise<void> {
  await page.goto(`${apiUrl}/`);
  await page.click('a.fr-connect');
  await page.check(`input[name="login"][value="${login}"]`);
  await page.click('form[action$="/login"] [type="submit"]');
  await page.waitForURL(`${apiUrl}/`);
  await page.waitForSelector('#balance-form');
}

/** Types the number and its confirmation, submits, and waits for the result or the refusal. */
export async function askBalance(page: Page, typed: string, confirmation = typed): Promise<void> {
  await page.fill('#licence-number', typed);
  await page.fill('#licence-number-confirmation', confirmation);
  await page.click('#submit');
  await page.waitForSelector('#result:not([hidden]), #error');
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it stands (WCAG 2.x A and AA rules).
 * axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, run in the page: this program is typed without the DOM library.
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  })()`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every violation of the Content-Security-Policy the page reports, collected as they come. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      violations.push(message.text());
  });
  return violations;
}

/** The id of the element that has the focus (evaluated in the page). */
export const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate<string | undefined>('document.activeElement ? document.activeElement.id : undefined');

/**
 * Every file of this origin the page failed to load (a style, a font, an icon…), collected as they
 * come: an expected refusal of the API (its JSON answers) is not a missing file.
 */
export function watchMissingFiles(page: Page, origin: string): string[] {
  const missing: string[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (url.startsWith(origin) && response.status() >= 400 && !/\/(graphql|records\/|letters\/)/.test(url)) {
      missing.push(`${response.status()} ${url}`);
    }
  });
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(origin)) missing.push(`failed ${request.url()}`);
  });
  return missing;
}
