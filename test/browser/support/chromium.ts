import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The machine's network is closed: without these flags Chromium waits on lookups (updates, sync,
 * QUIC probes) and a test hangs. --no-sandbox because CI runs as root.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const BROWSER_SKIPPED = `skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, as .ci/run does)`;

/** describe() when a browser is installed; otherwise one skipped test saying why, as the PostgreSQL tests do. */
export function describeWithBrowser(title: string, body: () => void): void {
  if (!existsSync(CHROMIUM_PATH)) {
    test.skip(BROWSER_SKIPPED, () => undefined);
    // Jest names no test of a file whose tests are all skipped: say it on stderr too.
    process.stderr.write(`${title}: ${BROWSER_SKIPPED}\n`);
    return;
  }
  describe(title, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a new, empty profile of its own (removed on close), downloads accepted. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
