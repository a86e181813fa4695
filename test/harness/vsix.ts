// `node out/test/harness/vsix.js [FILE.vsix]`: the test of what users install. Installs the packaged
// extension (default incident-runbook.vsix from `npm run package`) into a fresh extensions folder of
// the VS Code server, starts the server with it and no extension under development, and checks in
// the web workbench that the extension contributes its views and activates from the package.
// Records bundle.vsixKB and bundle.packagedExtensionKB in test-results/perf.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openWorkbenchIn, type Workbench } from '../e2e/driver';
import { launchBrowser } from './browser';
import { exitWith, installExitHandlers, onCleanup, reapStaleHarnesses } from './cleanup';
import { startLoad, stopLoad } from './load';
import { say, secondsSince } from './log';
import { perfFile, repoRoot } from './paths';
import { mergePerfFigures, roundFigure, type PerfFigures } from './perf';
import { extensionHostLogs, startServer, type RunningServer } from './server';
import { ensureServerInstall, type ServerInstall } from './serverInstall';

const EXTENSION_ID = 'incident-runbook.incident-runbook';
const MAX_VSIX_MB = 3;

interface Check {
  readonly name: string;
  readonly problem?: string;
}

async function main(): Promise<void> {
  installExitHandlers();
  reapStaleHarnesses();
  if (startLoad(10 * 60_000)) onCleanup(stopLoad);
  const started = Date.now();
  const vsix = path.resolve(process.argv[2] ?? path.join(repoRoot, 'incident-runbook.vsix'));
  if (!fs.existsSync(vsix)) {
    say(`No ${vsix}; build it first with \`npm run package\`.`);
    return exitWith(1);
  }
  const checks: Check[] = [];
  const sizeMB = fs.statSync(vsix).size / (1024 * 1024);
  checks.push({ name: `package size ${sizeMB.toFixed(2)} MB (limit ${MAX_VSIX_MB} MB)`, problem: sizeMB >= MAX_VSIX_MB ? 'too big' : undefined });

  const install = await ensureServerInstall();
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-vsix-extensions-'));
  onCleanup(() => fs.rmSync(extensionsDir, { recursive: true, force: true }));
  checks.push(installVsix(install, vsix, extensionsDir));
  recordPackageFigures(vsix, extensionsDir);
  checks.push(checkMcpServer(extensionsDir));

  const server = await startServer({ install, workspaceTrustEnabled: false, extensionsDir, label: 'vsix' });
  const browser = await launchBrowser();
  const workbench = await openWorkbenchIn({ server, browser }, { label: 'vsix', extensionDevelopmentPath: null });
  checks.push({ name: 'the Incidents icon is in the activity bar' }); // openWorkbenchIn waited for it
  checks.push(...(await checkActivation(workbench, server)));
  await workbench.screenshot('vsix-installed');
  await workbench.close();
  await browser.close();
  await server.stop();

  process.stdout.write(`\n.vsix check (${path.relative(repoRoot, vsix)}), ${secondsSince(started)}:\n`);
  for (const check of checks) {
    process.stdout.write(`  ${check.problem ? 'FAIL' : 'PASS'}  ${check.name}${check.problem ? ` — ${check.problem}` : ''}\n`);
  }
  return exitWith(checks.some((c) => c.problem) ? 1 : 0);
}

function installVsix(install: ServerInstall, vsix: string, extensionsDir: string): Check {
  const result = spawnSync(install.node, [install.serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const installed = fs.readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  const name = `installs into the server (${installed ?? 'nothing installed'})`;
  return result.status === 0 && /successfully installed/.test(output) && installed
    ? { name }
    : { name, problem: `--install-extension exited ${String(result.status)}: ${output}` };
}

/**
 * What users download and load, beside the development figures the integration run records:
 * the .vsix, and dist/extension.js as installed from it (the production bundle).
 */
function recordPackageFigures(vsix: string, extensionsDir: string): void {
  const installed = fs.readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  const bundle = installed ? path.join(extensionsDir, installed, 'dist', 'extension.js') : undefined;
  const figures: PerfFigures = { 'bundle.vsixKB': roundFigure(fs.statSync(vsix).size / 1024) };
  if (bundle && fs.existsSync(bundle)) {
    figures['bundle.packagedExtensionKB'] = roundFigure(fs.statSync(bundle).size / 1024);
  }
  mergePerfFigures(perfFile, figures);
  say(`Package figures: ${JSON.stringify(figures)}`);
}

async function checkActivation(workbench: Workbench, server: RunningServer): Promise<Check[]> {
  const checks: Check[] = [];
  await workbench.showIncidentsView();
  const titles = await workbench.viewTitles();
  checks.push({
    name: `the Incidents container shows ${titles.join(', ')}`,
    problem: titles.includes('Open Incidents') && titles.includes('Runbook') ? undefined : 'Open Incidents and Runbook expected',
  });
  const refresh = await attempt('"Incident: Refresh" runs without an error', async () => {
    await workbench.runCommand('Incident: Refresh');
    // A failing command shows a modal dialog or an error notification.
    const dialog = await workbench.dialogMessage();
    const errors = (await workbench.notificationItems()).filter((n) => n.severity === 'error').map((n) => n.message);
    return [dialog, ...errors].filter(Boolean).join(' | ') || undefined;
  });
  // The remote extension host logs each activation (and its failure) under <user-data-dir>/logs.
  const id = EXTENSION_ID.replace(/\./g, '\\.');
  const log = await waitForHostLog(server, new RegExp(`_doActivateExtension ${id}`), 30_000);
  const failed = new RegExp(`Activating extension '?${id}'? failed[^\\n]*`, 'i').exec(log)?.[0];
  checks.push({
    name: 'the extension host activated it from the package',
    problem: !new RegExp(`_doActivateExtension ${id}`).test(log) ? 'no activation in the extension host log' : failed,
  });
  checks.push(refresh);
  return checks;
}

/** Runs one check; an exception is that check's failure, not the end of the report. */
/** The installed package's CLI answers an MCP client's first message: the server bundle shipped with it. */
function checkMcpServer(extensionsDir: string): Check {
  const name = 'the installed CLI serves MCP (incident-runbook mcp answers initialize)';
  const installed = fs.readdirSync(extensionsDir).find((entry) => entry.startsWith(EXTENSION_ID));
  if (!installed) return { name, problem: 'the extension is not installed' };
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-vsix-mcp-'));
  try {
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'vsix-check', version: '1' } } });
    const result = spawnSync(process.execPath, [path.join(extensionsDir, installed, 'dist', 'cli.js'), 'mcp', '--workspace', workspace], { input: `${initialize}\n`, encoding: 'utf8', timeout: 60_000 });
    return { name, problem: /"serverInfo":\{"name":"incident-runbook"/.test(result.stdout) ? undefined : `no answer (exit ${result.status}): ${result.stderr.slice(0, 300)}` };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function attempt(name: string, check: () => Promise<string | undefined>): Promise<Check> {
  try {
    return { name, problem: await check() };
  } catch (error) {
    return { name, problem: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

async function waitForHostLog(server: RunningServer, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = extensionHostLogs(server).join('\n');
    if (pattern.test(text)) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return text;
}

void main().catch(async (error: unknown) => {
  say(`vsix check error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await exitWith(1);
});
