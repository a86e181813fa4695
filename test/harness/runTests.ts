// `npm run test:integration`: the mocha suite inside a real VS Code, then the e2e specs against the
// same VS Code's web workbench. The route is chosen automatically:
//   - electron: @vscode/test-electron downloads desktop VS Code (needs the download site and, on
//     Linux, a display);
//   - server: the VS Code server from the npm package code-server under Node 24, driven through
//     headless Chromium (works offline with only the npm registry; see the README).
// INCIDENT_RUNBOOK_TEST_ROUTE=electron|server forces one. INCIDENT_RUNBOOK_SUITE=integration,untrusted,multiroot,e2e
// picks passes (default: all that exist; `perf`, the flowchart's open time, only when named: npm run bench). INCIDENT_RUNBOOK_GREP filters tests by title.
// The same as arguments (they win): --route=server --suite=e2e --grep=flowchart.
// INCIDENT_RUNBOOK_VERBOSE=1 relays the server's output and the workbench's own log lines too.
// The e2e specs always use the server route: they drive the web workbench with Playwright.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { exitWith, installExitHandlers, onCleanup, reapStaleHarnesses } from './cleanup';
import { LOAD_ENV, startLoad, stopLoad } from './load';
import { formatTestOrder, ORDER_ENV, resolveTestOrder } from './order';
import { canDownloadVSCode, downloadVSCode, hasDisplay, runSuiteInElectron } from './electron';
import { runE2E } from './e2eRunner';
import { say, secondsSince } from './log';
import { e2eSpecDir, integrationSuiteDir, multirootSuiteDir, perfSpecDir, repoRoot, runDir, startRunFolder, untrustedSuiteDir } from './paths';
import { startServer, type RunningServer } from './server';
import { ensureServerInstall, type ServerInstall } from './serverInstall';
import { runSuiteInServer } from './suiteInServer';
import type { SuiteOutcome } from './suiteResult';
import { createMultiRootWorkspace, createTestWorkspace } from './workspace';

type Route = 'electron' | 'server';
type Pass = 'integration' | 'untrusted' | 'multiroot' | 'e2e' | 'perf';

/** What `npm test` runs. `perf` (the flowchart's open time) is `npm run bench`'s: it measures, never judges. */
const ALL_PASSES: readonly Pass[] = ['integration', 'untrusted', 'multiroot', 'e2e'];
const KNOWN_PASSES: readonly Pass[] = [...ALL_PASSES, 'perf'];
/**
 * Per suite; the whole run also has a ceiling so CI never hangs. They catch a hang, not a slow machine (each test
 * has its own timeout): a load-mode run on a busy machine spent the 10 minutes the e2e pass had then with six of
 * its 34 tests still to go (ci42), all passing.
 */
const SUITE_TIMEOUT_MS = 25 * 60_000;
const RUN_TIMEOUT_MS = 60 * 60_000;

/** Command-line options are shorthands for the environment variables (which the suite inside VS Code also reads). */
function applyArguments(argv: readonly string[]): void {
  const names: Readonly<Record<string, string>> = {
    route: 'INCIDENT_RUNBOOK_TEST_ROUTE',
    suite: 'INCIDENT_RUNBOOK_SUITE',
    grep: 'INCIDENT_RUNBOOK_GREP',
    order: ORDER_ENV,
  };
  for (const arg of argv) {
    const match = /^--(\w+)=(.*)$/.exec(arg);
    const name = match ? names[match[1]] : undefined;
    if (!match || !name) {
      throw new Error(`Unknown argument ${arg}; use --route=electron|server, --suite=integration,untrusted,multiroot,e2e, --grep=PATTERN, --order=reverse|shuffle|shuffle:SEED`);
    }
    process.env[name] = match[2];
  }
}

async function main(): Promise<void> {
  installExitHandlers();
  reapStaleHarnesses();
  startRunFolder();
  say(`Screenshots and logs of this run: ${path.relative(repoRoot, runDir)}/ (test-results/latest)`);
  if (startLoad(RUN_TIMEOUT_MS)) {
    onCleanup(stopLoad);
    say(`Load mode (${LOAD_ENV}=1): a CPU hog runs on one core beside the suites.`);
  }
  applyArguments(process.argv.slice(2));
  const order = resolveTestOrder();
  if (order.kind !== 'declared') say(`Test order: ${formatTestOrder(order)} (run it again with ${ORDER_ENV}=${formatTestOrder(order)}).`);
  const started = Date.now();
  setTimeout(() => {
    say(`The whole run exceeded ${RUN_TIMEOUT_MS / 60_000} minutes; stopping.`);
    void exitWith(1);
  }, RUN_TIMEOUT_MS).unref();

  const passes = selectedPasses();
  const route = await chooseRoute();
  const outcomes: SuiteOutcome[] = [];
  const skipped: string[] = [];
  let vscodeVersion = 'desktop (test-electron)';

  if (route === 'electron') {
    const executable = await downloadVSCode();
    if (passes.includes('integration')) {
      outcomes.push(await runSuiteInElectron(executable, suiteRun('integration', integrationSuiteDir, false)));
    }
    if (passes.includes('untrusted') && suiteExists(untrustedSuiteDir, skipped, 'untrusted')) {
      outcomes.push(await runSuiteInElectron(executable, suiteRun('untrusted', untrustedSuiteDir, true)));
    }
    if (passes.includes('multiroot') && suiteExists(multirootSuiteDir, skipped, 'multiroot')) {
      outcomes.push(await runSuiteInElectron(executable, multirootRun()));
    }
  }

  const serverPasses = passes.filter((p) => route === 'server' || p === 'e2e' || p === 'perf');
  if (serverPasses.length > 0) {
    const install = await ensureServerInstall();
    vscodeVersion = route === 'server' ? `${install.vscodeVersion} (server)` : vscodeVersion;
    const browser = await launchBrowser();
    outcomes.push(...(await runServerPasses(install, browser, serverPasses, skipped)));
    await browser.close();
  }

  const failed = printSummary(route, vscodeVersion, outcomes, skipped, started);
  await exitWith(failed || outcomes.length === 0 ? 1 : 0);
}

async function runServerPasses(install: ServerInstall, browser: Browser, passes: readonly Pass[], skipped: string[]): Promise<SuiteOutcome[]> {
  const outcomes: SuiteOutcome[] = [];
  const wantsE2E = passes.includes('e2e') && suiteExists(e2eSpecDir, skipped, 'e2e');
  const wantsPerf = passes.includes('perf') && suiteExists(perfSpecDir, skipped, 'perf');
  const wantsMultiroot = passes.includes('multiroot') && suiteExists(multirootSuiteDir, skipped, 'multiroot');
  if (passes.includes('integration') || wantsMultiroot || wantsE2E || wantsPerf) {
    const server = await startServer({ install, workspaceTrustEnabled: false, label: 'main' });
    try {
      if (passes.includes('integration')) {
        outcomes.push(await runSuiteInServer(server, browser, suiteRun('integration', integrationSuiteDir, false)));
      }
      if (wantsMultiroot) {
        outcomes.push(await runSuiteInServer(server, browser, multirootRun()));
      }
      if (wantsE2E) {
        outcomes.push(await runE2E({ server, browser, specDir: e2eSpecDir, timeoutMs: SUITE_TIMEOUT_MS, kind: 'e2e' }));
      }
      if (wantsPerf) {
        outcomes.push(await runE2E({ server, browser, specDir: perfSpecDir, timeoutMs: RUN_TIMEOUT_MS - 60_000, kind: 'perf' }));
      }
    } finally {
      await server.stop();
    }
  }
  if (passes.includes('untrusted') && suiteExists(untrustedSuiteDir, skipped, 'untrusted')) {
    // Trust is decided when the server starts, so Restricted Mode needs a server of its own.
    const server: RunningServer = await startServer({ install, workspaceTrustEnabled: true, label: 'untrusted' });
    try {
      outcomes.push(await runSuiteInServer(server, browser, suiteRun('untrusted', untrustedSuiteDir, true)));
    } finally {
      await server.stop();
    }
  }
  return outcomes;
}

function suiteRun(
  label: Pass,
  suiteDir: string,
  workspaceTrustEnabled: boolean,
  workspace = createTestWorkspace({ label }),
): { label: string; suiteDir: string; workspace: string; timeoutMs: number; workspaceTrustEnabled: boolean } {
  return { label, suiteDir, workspace, timeoutMs: SUITE_TIMEOUT_MS, workspaceTrustEnabled };
}

/** The suite of test/integration-multiroot, in a workspace of two folders (see createMultiRootWorkspace). */
function multirootRun(): ReturnType<typeof suiteRun> {
  const workspace = createMultiRootWorkspace({
    label: 'multiroot',
    paymentsRunbook: path.join(repoRoot, 'test', 'fixtures', 'flowchart', 'payments-sev0.md'),
    paymentsNotes: ['2026-11-01-refund-queue-stuck.md', '2026-10-20-cut-short.md'].map((name) => path.join(repoRoot, 'test', 'fixtures', 'multiroot', name)),
  });
  return suiteRun('multiroot', multirootSuiteDir, false, workspace);
}

function suiteExists(dir: string, skipped: string[], label: string): boolean {
  if (fs.existsSync(dir)) {
    return true;
  }
  skipped.push(`${label} (no ${dir})`);
  return false;
}

function selectedPasses(): Pass[] {
  const raw = process.env.INCIDENT_RUNBOOK_SUITE;
  if (!raw) {
    return [...ALL_PASSES];
  }
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !(KNOWN_PASSES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new Error(`INCIDENT_RUNBOOK_SUITE: unknown ${unknown.join(', ')}; use ${KNOWN_PASSES.join(', ')}`);
  }
  return wanted as Pass[];
}

async function chooseRoute(): Promise<Route> {
  const forced = process.env.INCIDENT_RUNBOOK_TEST_ROUTE;
  if (forced === 'electron' || forced === 'server') {
    say(`Route: ${forced} (INCIDENT_RUNBOOK_TEST_ROUTE).`);
    return forced;
  }
  if (forced) {
    throw new Error(`INCIDENT_RUNBOOK_TEST_ROUTE must be electron or server, not ${forced}`);
  }
  if (!hasDisplay()) {
    say('Route: server (no display for desktop VS Code; set INCIDENT_RUNBOOK_TEST_ROUTE=electron under xvfb-run to use it).');
    return 'server';
  }
  if (await canDownloadVSCode()) {
    say('Route: electron (VS Code can be downloaded).');
    return 'electron';
  }
  say('Route: server (the VS Code download site is not reachable).');
  return 'server';
}

/** Prints the verdicts; returns true when something failed. */
function printSummary(route: Route, vscodeVersion: string, outcomes: readonly SuiteOutcome[], skipped: readonly string[], started: number): boolean {
  const lines = [`Summary: route ${route}, VS Code ${vscodeVersion}, ${secondsSince(started)} in all`];
  for (const o of outcomes) {
    const counts = o.counts ? `${o.counts.passes} passing, ${o.counts.failures} failing, ${o.counts.pending} pending` : 'no counts';
    lines.push(`  ${o.ok ? 'PASS' : 'FAIL'}  ${o.label.padEnd(12)} ${counts.padEnd(40)} ${o.seconds.toFixed(1)} s${o.problem ? `  — ${o.problem}` : ''}`);
    for (const title of o.counts?.failed ?? []) {
      lines.push(`          ✗ ${title}`);
    }
  }
  for (const s of skipped) {
    lines.push(`  SKIP  ${s}`);
  }
  if (outcomes.length === 0) {
    lines.push('  FAIL  nothing ran');
  }
  const rule = '─'.repeat(78);
  process.stdout.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
  return outcomes.some((o) => !o.ok);
}

void main().catch(async (error: unknown) => {
  say(`Harness error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await exitWith(1);
});
