// Headless Chromium for the web workbench. We drive the distribution's Chromium (Debian package
// `chromium`) through playwright-core rather than downloading Playwright's own build: the machine
// reaches Debian's mirrors and npm, nothing else.
import * as fs from 'fs';
import { chromium, type Browser } from 'playwright-core';
import { onCleanup } from './cleanup';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser binary: INCIDENT_RUNBOOK_CHROMIUM, else the first system Chromium/Chrome found. */
export function chromiumPath(): string {
  const configured = process.env.INCIDENT_RUNBOOK_CHROMIUM;
  if (configured) {
    return configured;
  }
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      `No Chromium found (looked for ${CANDIDATES.join(', ')}). Install it (Debian: sudo apt-get install -y chromium) ` +
        'or set INCIDENT_RUNBOOK_CHROMIUM to a Chromium or Chrome binary.',
    );
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 120_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const registration = onCleanup(() => browser.close());
  browser.once('disconnected', () => registration.dispose());
  return browser;
}
