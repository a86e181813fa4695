// `npm start` (after the build): shows the extension on a demo workspace that holds the demo runbook, with the
// demo web service running beside it (see demoWorkspace.ts) until `npm start` ends.
// With desktop VS Code on PATH (`code`), opens it there as an extension under development;
// otherwise runs the VS Code server with the extension linked in and prints the URL to open, until
// Ctrl-C. INCIDENT_RUNBOOK_START=server forces the server; INCIDENT_RUNBOOK_PORT / _HOST pick where
// it listens (e.g. INCIDENT_RUNBOOK_HOST=0.0.0.0 in a container).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { installExitHandlers, exitWith, reapStaleHarnesses } from './cleanup';
import { say } from './log';
import { cacheDir, repoRoot } from './paths';
import { startServer } from './server';
import { ensureServerInstall } from './serverInstall';
import { prepareDemoWorkspace, startDemoServiceProcess, useDemoService } from './demoWorkspace';

const demoWorkspace = path.join(cacheDir, 'demo-workspace');

interface Manifest {
  readonly publisher: string;
  readonly name: string;
  readonly version: string;
}

async function main(): Promise<void> {
  installExitHandlers();
  reapStaleHarnesses();
  prepareDemoWorkspace(demoWorkspace);
  const serviceOrigin = await startDemoServiceProcess(demoWorkspace);
  useDemoService(demoWorkspace, serviceOrigin);
  say(`The demo web service listens on ${serviceOrigin} (its log: ${path.join(demoWorkspace, 'logs', 'service.log')})`);
  if (process.env.INCIDENT_RUNBOOK_START !== 'server' && desktopCodeAvailable()) {
    say(`Opening desktop VS Code with the extension under development on ${demoWorkspace}`);
    // --wait: the demo service runs until the window closes, not until the launcher returns.
    const child = spawn('code', ['--wait', `--extensionDevelopmentPath=${repoRoot}`, demoWorkspace], { stdio: 'inherit' });
    child.once('exit', (code) => void exitWith(code ?? 0));
    return;
  }
  const install = await ensureServerInstall();
  const persistentDir = path.join(cacheDir, 'start');
  const extensionsDir = path.join(persistentDir, 'extensions');
  linkExtension(extensionsDir);
  const server = await startServer({
    install,
    label: 'start',
    persistentDir,
    extensionsDir,
    // The demo folder is ours: trust it so diagnostics can run.
    workspaceTrustEnabled: false,
    smokeTestDriver: false,
    port: process.env.INCIDENT_RUNBOOK_PORT ? Number(process.env.INCIDENT_RUNBOOK_PORT) : undefined,
    host: process.env.INCIDENT_RUNBOOK_HOST,
  });
  const url = `${server.origin}/?folder=${encodeURIComponent(demoWorkspace)}`;
  process.stdout.write(
    `\n  Incident Runbook is running in VS Code ${install.vscodeVersion} (web).\n` +
      `  Open: ${url}\n` +
      `  The demo workspace is ${demoWorkspace}; its web service is ${serviceOrigin}.\n` +
      '  Break it with "Demo: Break the Service" in the command palette; the walkthrough (Welcome: Open Walkthrough…, "Respond to your first incident") shows the rest.\n' +
      `  After \`npm run build\`, reload the window to pick up changes.\n` +
      '  Press Ctrl-C to stop.\n\n',
  );
  // Runs until Ctrl-C (the exit handlers stop the server) or until the server dies on its own.
  const code = await server.exited;
  say(`The VS Code server stopped (${String(code)}); its last output:\n${server.output().split('\n').slice(-20).join('\n')}`);
  await exitWith(1);
}

function desktopCodeAvailable(): boolean {
  const probe = spawnSync('code', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0;
}

/**
 * Registers the repository itself as an installed extension of the server (an extensions.json entry
 * pointing at it), so the window needs no smoke-test payload and behaves like a user's VS Code.
 */
function linkExtension(extensionsDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  fs.mkdirSync(extensionsDir, { recursive: true });
  const entry = {
    identifier: { id: `${manifest.publisher}.${manifest.name}` },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path: repoRoot.split(path.sep).join('/') },
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  };
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([entry], null, 2) + '\n');
}

void main().catch(async (error: unknown) => {
  say(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await exitWith(1);
});
