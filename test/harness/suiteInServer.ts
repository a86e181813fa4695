// Runs a compiled mocha suite (a folder whose index.js exports run()) inside the web workbench of a
// running VS Code server: the page loads our extension under development plus the test module, the
// extension host runs it, and VS Code reports the outcome through functions we expose on the page
// (codeAutomationLog for the extension host's console, codeAutomationExit with the exit code).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type { Browser, Page } from 'playwright-core';
import { relay, say, secondsSince, verbose } from './log';
import { logsDir, repoRoot } from './paths';
import { workbenchUrl, type RunningServer } from './server';
import { countsFromMochaLog, judge, readCountsFile, suiteEnvironment, type SuiteOutcome } from './suiteResult';

export interface SuiteRun {
  /** Name in the summary and in log folders: integration, untrusted, … */
  readonly label: string;
  readonly suiteDir: string;
  readonly workspace: string;
  readonly timeoutMs: number;
}

/**
 * The workbench's own log lines, which arrive through the same channel as the extension host's
 * console (VS Code logs the latter without a prefix when it runs tests): connection chatter, AI and
 * agent features, offline failures. Everything still goes to test-results/logs/<suite>/automation.log.
 */
const WORKBENCH_NOISE = [
  /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|MCP migration)/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate|lifecycle|ChatModelSelection|RemoteAgentHostProtocol|Chat[^\]]*)\]/,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|Failed to load resource|marketplace|gallery|telemetry|github-authentication|No default agent contributed/i,
];

export function isWorkbenchNoise(line: string): boolean {
  return WORKBENCH_NOISE.some((pattern) => pattern.test(line));
}

export async function runSuiteInServer(server: RunningServer, browser: Browser, run: SuiteRun): Promise<SuiteOutcome> {
  const started = Date.now();
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-results-')), `${run.label}.json`);
  const extensionEnvironment = suiteEnvironment(resultsFile);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let hostLog = '';
  let automationLog = '';
  let settle: (outcome: { exitCode: number } | { problem: string }) => void = () => undefined;
  const settled = new Promise<{ exitCode: number } | { problem: string }>((resolve) => (settle = resolve));

  let exited = false;
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
    const text = formatLogArgs(args);
    hostLog += `${text}\n`;
    automationLog += `${level.padEnd(5)} ${text}\n`;
    // After the suite settles, the window shuts down and logs only teardown errors.
    if (verbose() || (!exited && !isWorkbenchNoise(text))) {
      relay(`vscode:${run.label}${level === 'error' ? ' ERR' : ''}`, text);
    }
  });
  await page.exposeFunction('codeAutomationExit', (exitCode: number, logs: unknown) => {
    exited = true;
    saveWorkbenchLogs(run.label, logs, automationLog);
    settle({ exitCode });
  });
  page.on('crash', () => settle({ problem: 'the workbench page crashed' }));
  const timer = setTimeout(() => settle({ problem: `timed out after ${run.timeoutMs / 1000} s` }), run.timeoutMs);

  const url = workbenchUrl(server, {
    folder: run.workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: run.suiteDir,
    extensionEnvironment,
  });
  say(`Running the ${run.label} suite in VS Code (workspace ${run.workspace}).`);
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const outcome = await settled;
    const counts = readCountsFile(resultsFile) ?? countsFromMochaLog(hostLog);
    const problem = 'problem' in outcome ? outcome.problem : judge(outcome.exitCode, counts);
    if (problem) {
      if (!exited) {
        saveWorkbenchLogs(run.label, undefined, automationLog);
      }
      saveServerLogs(server, run.label);
      await saveFailureScreenshot(page, run.label);
      say(`Logs of the failed ${run.label} run: ${path.relative(repoRoot, path.join(logsDir, run.label))}/`);
    }
    return { label: run.label, ok: !problem, counts, problem, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
    fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
    say(`The ${run.label} suite finished in ${secondsSince(started)}.`);
  }
}

/** The log service hands over console.log's arguments unformatted: [format, ...values]. */
function formatLogArgs(args: unknown): string {
  return Array.isArray(args) ? util.format(...(args as unknown[])) : util.format(args);
}

/** VS Code hands over its log files on exit; keep them for post-mortems of a failed CI run. */
function saveWorkbenchLogs(label: string, logs: unknown, automationLog: string): void {
  const dir = path.join(logsDir, label);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'automation.log'), automationLog);
  if (!Array.isArray(logs)) {
    return;
  }
  for (const entry of logs as { relativePath?: unknown; contents?: unknown }[]) {
    if (typeof entry.relativePath === 'string' && typeof entry.contents === 'string' && !entry.relativePath.includes('..')) {
      const file = path.join(dir, entry.relativePath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, entry.contents);
    }
  }
}

/** The remote extension host's own logs (its console, activation errors) live on the server side. */
function saveServerLogs(server: RunningServer, label: string): void {
  const source = path.join(server.userDataDir, 'logs');
  if (fs.existsSync(source)) {
    fs.cpSync(source, path.join(logsDir, label, 'server'), { recursive: true });
  }
}

async function saveFailureScreenshot(page: Page, label: string): Promise<void> {
  try {
    const file = path.join(logsDir, label, 'failure.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 10_000 });
  } catch {
    // The page may be gone (crash); the logs are what is left.
  }
}
