// The desktop route: where VS Code can be downloaded (a laptop, public CI), @vscode/test-electron
// fetches it and we run the same suite folder as --extensionTestsPath. We spawn VS Code ourselves
// (test-electron's runTests always adds --disable-workspace-trust, which the untrusted pass must not).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { killProcessGroup, onCleanup, trackProcessGroup } from './cleanup';
import { say, secondsSince } from './log';
import { cacheDir, repoRoot } from './paths';
import { quietUserSettings, writeUserSettings } from './server';
import type { SuiteRun } from './suiteInServer';
import { countsFromMochaLog, judge, readCountsFile, suiteEnvironment, type SuiteOutcome } from './suiteResult';

const RELEASES_API = 'https://update.code.visualstudio.com/api/releases/stable';

/** A quick look at the download site: a few seconds, so an offline machine moves on at once. */
export function canDownloadVSCode(timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(RELEASES_API, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 400);
    });
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.once('error', () => resolve(false));
  });
}

/** Electron needs a display on Linux; without one (headless CI without xvfb-run) it cannot start. */
export function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

export async function downloadVSCode(): Promise<string> {
  say('Downloading VS Code (cached in .vscode-test) with @vscode/test-electron…');
  return downloadAndUnzipVSCode({ version: 'stable', cachePath: cacheDir, extensionDevelopmentPath: repoRoot });
}

export async function runSuiteInElectron(executable: string, run: SuiteRun & { readonly workspaceTrustEnabled: boolean }): Promise<SuiteOutcome> {
  const started = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `incident-runbook-electron-${run.label}-`));
  const userDataDir = path.join(root, 'user-data');
  const resultsFile = path.join(root, 'results.json');
  writeUserSettings(userDataDir, { ...quietUserSettings });
  const args = [
    run.workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    ...(run.workspaceTrustEnabled ? [] : ['--disable-workspace-trust']),
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${path.join(root, 'extensions')}`,
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${run.suiteDir}`,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ...suiteEnvironment(resultsFile), ELECTRON_RUN_AS_NODE: undefined };
  say(`Running the ${run.label} suite in desktop VS Code (workspace ${run.workspace}).`);
  const child = spawn(executable, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  trackProcessGroup(child);
  const registration = onCleanup(() => killProcessGroup(child));
  let log = '';
  const relayOutput = (chunk: Buffer): void => {
    log += chunk.toString();
    process.stdout.write(chunk);
  };
  child.stdout.on('data', relayOutput);
  child.stderr.on('data', relayOutput);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await new Promise<{ exitCode: number } | { problem: string }>((resolve) => {
    timer = setTimeout(() => resolve({ problem: `timed out after ${run.timeoutMs / 1000} s` }), run.timeoutMs);
    child.once('error', (error) => resolve({ problem: `VS Code did not start: ${error.message}` }));
    child.once('exit', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1) }));
  });
  clearTimeout(timer);
  registration.dispose();
  await killProcessGroup(child);
  const counts = readCountsFile(resultsFile) ?? countsFromMochaLog(log);
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  say(`The ${run.label} suite finished in ${secondsSince(started)}.`);
  const problem = 'problem' in outcome ? outcome.problem : judge(outcome.exitCode, counts);
  return { label: run.label, ok: !problem, counts, problem, seconds: (Date.now() - started) / 1000 };
}
