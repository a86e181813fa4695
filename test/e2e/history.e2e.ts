// The Runbook Health section of the Incident History panel, as a person sees it: the figures of a runbook's
// incident notes (test/fixtures/health-history), "Mark as reviewed" and "Open the runs" on a row, in light, dark
// and high-contrast themes (screenshots history-health-*.png).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { openWorkbench, type ColorTheme, type Workbench } from './driver';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'health-history');

function fixtureFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of ['runbooks', 'incidents']) {
    for (const name of fs.readdirSync(path.join(FIXTURE, folder))) files[`${folder}/${name}`] = fs.readFileSync(path.join(FIXTURE, folder, name), 'utf8');
  }
  return files;
}

/** The section's rows as the page shows them, one line each. */
async function healthRows(frame: Frame): Promise<string[]> {
  return (await frame.locator('#health tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

suite('Runbook Health in the Incident History panel (e2e)', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench({ label: 'history', colorTheme: 'Default Light Modern', files: fixtureFiles() });
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  // Each test opens its own panel: one left open would hold a second page with the same rows.
  teardown(async () => {
    await workbench?.runCommand('View: Close All Editors');
  });

  test('shows each step’s runs, failures and last run, and what else the notes say; a row can be reviewed and its runs opened', async () => {
    await workbench.runCommand('Incident: Show Incident History');
    const frame = await workbench.webviewFrame({ selector: '#health .runbook-health table' }, 60_000);
    const stale = frame.locator('#health tr', { hasText: 'Check the posting queue' });
    await stale.waitFor();
    const rows = await healthRows(frame);
    console.log(`      Runbook Health: ${rows.join(' | ')}`);
    for (const expected of [
      /^Check the ledger API 6 1 2026-11-10 16:20 UTC failed 1 of 6 Open the runs ?Mark as reviewed$/,
      /^Check the posting queue 2 2 2026-10-08 14:05 UTC stale \(last 2 runs: command not found\) Open the runs ?Mark as reviewed$/,
      /^Check replication lag 0 0 never never run in 7 incidents Mark as reviewed$/,
      /^Known incident INC-102 \(Ledger Unreachable\) was never declared in 7 incidents\. Mark as reviewed$/,
      /^1 incident resolved with no diagnostic run: 2026-10-15-slow-export\. Open the runs ?Mark as reviewed$/,
    ]) {
      assert.ok(rows.some((row) => expected.test(row)), `${expected} not among:\n${rows.join('\n')}`);
    }
    await frame.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 10_000));
    await workbench.screenshot('history-health-light', { frame });

    await stale.getByRole('button', { name: 'Mark as reviewed' }).click();
    await stale.locator('.reviewed-tag').waitFor();
    assert.match((await stale.innerText()).replace(/\s+/g, ' '), /Reviewed$/);

    await stale.getByRole('button', { name: 'Open the runs' }).click();
    const items = await workbench.waitForQuickInputItems((labels) => labels.length === 2);
    assert.deepStrictEqual(items, ['2026-10-08-postings-stuck-again', '2026-10-01-postings-stuck'], 'newest first');
    await workbench.pickQuickInputItem('2026-10-08-postings-stuck-again');
    await workbench.waitForFocusedEditor('ledgerctl queue depth --env prod');
  });

  test('is drawn in the theme’s colours: dark and both high-contrast themes', async () => {
    await workbench.runCommand('Incident: Show Incident History');
    const frame = await workbench.webviewFrame({ selector: '#health .runbook-health table' }, 60_000);
    const themes: [ColorTheme, string, string][] = [
      ['Default Dark Modern', 'vscode-dark', 'history-health-dark'],
      ['Default High Contrast', 'vscode-high-contrast', 'history-health-high-contrast'],
      ['Default High Contrast Light', 'vscode-high-contrast-light', 'history-health-high-contrast-light'],
    ];
    try {
      const colours: string[] = [];
      for (const [theme, bodyClass, shot] of themes) {
        await workbench.setColorTheme(theme);
        await frame.locator(`body.${bodyClass}`).waitFor({ state: 'attached' });
        colours.push(await frame.locator('#health h2').evaluate((h: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(h).color));
        await frame.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 10_000));
        await workbench.screenshot(shot, { frame });
      }
      assert.notStrictEqual(colours[0], colours[2], `the text follows the theme: ${colours.join(', ')}`);
    } finally {
      await workbench.setColorTheme('Default Light Modern');
    }
  });
});
