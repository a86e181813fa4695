// Starts the bare VS Code server (server-main.js, not the code-server wrapper, whose CLI rejects
// --enable-smoke-test-driver) with fresh data folders, and builds the workbench URLs that load
// our extension into it.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { killProcessGroup, onCleanup, trackProcessGroup } from './cleanup';
import { relay, say, secondsSince, verbose } from './log';
import type { ServerInstall } from './serverInstall';

export interface ServerOptions {
  readonly install: ServerInstall;
  /** true starts without --disable-workspace-trust, so a new folder opens in Restricted Mode. */
  readonly workspaceTrustEnabled: boolean;
  /** Reuse an extensions folder (the .vsix test installs into one first); default: fresh and empty. */
  readonly extensionsDir?: string;
  /** Name for logs and temp folders. */
  readonly label: string;
  /** Extra user settings on top of `quietUserSettings`. */
  readonly userSettings?: Record<string, unknown>;
  /**
   * Keep user data, server data and extensions here across runs (`npm start`); default: fresh
   * temporary folders, deleted on stop.
   */
  readonly persistentDir?: string;
  /**
   * The smoke-test driver (default on) makes the workbench honour the URL `payload` (extension under
   * development, test module) and report to Playwright, but it also suppresses notification toasts,
   * so a window meant for a person (`npm start`) runs without it.
   */
  readonly smokeTestDriver?: boolean;
  /** Default: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface RunningServer {
  readonly port: number;
  /** `http://<host>:<port>`, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** Also holds the remote extension hosts' logs: logs/<session>/exthost<N>/remoteexthost.log. */
  readonly userDataDir: string;
  readonly serverDataDir: string;
  readonly extensionsDir: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Settles when the server process ends, with its exit code (or signal). */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

/**
 * User settings for a quiet, deterministic window: nothing opens on its own, no AI, no network
 * fetches, no extension host noise from built-in features that scan the workspace, and terminals
 * that are always bash with shell integration (the runner tests depend on it).
 */
export const quietUserSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.reduceMotion': 'on',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'task.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'markdown.validate.enabled': false,
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'terminal.integrated.defaultProfile.linux': 'bash',
  'terminal.integrated.shellIntegration.enabled': true,
  'terminal.integrated.enablePersistentSessions': false,
  'terminal.integrated.persistentSessionReviveProcess': 'never',
  'editor.accessibilitySupport': 'off',
};

const LISTENING = /Extension host agent listening on (\d+)/;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // A free port can be taken between probing and binding; a retry covers that and a slow start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(options);
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
      say(`Server start attempt ${attempt} failed: ${error instanceof Error ? error.message : String(error)}; retrying.`);
    }
  }
}

async function startServerOnce(options: ServerOptions): Promise<RunningServer> {
  const started = Date.now();
  const root = options.persistentDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `incident-runbook-${options.label}-`));
  const userDataDir = path.join(root, 'user-data');
  const serverDataDir = path.join(root, 'server-data');
  const extensionsDir = options.extensionsDir ?? path.join(root, 'extensions');
  for (const dir of [userDataDir, serverDataDir, extensionsDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(userDataDir, { ...quietUserSettings, ...options.userSettings });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const args = [
    options.install.serverMain,
    '--host', host,
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    ...(options.workspaceTrustEnabled ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--server-data-dir', serverDataDir,
    '--extensions-dir', extensionsDir,
    // A closed page's extension host otherwise lingers for 3 hours, waiting for a reconnect.
    '--reconnection-grace-time', '20',
  ];
  const child = spawn(options.install.node, args, {
    cwd: root,
    detached: true, // own process group: stop() kills the extension hosts it spawns too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
  });
  trackProcessGroup(child);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let output = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    if (verbose()) {
      relay(`server:${options.label}`, text);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    stopped = true;
    registration.dispose();
    await killProcessGroup(child);
    if (!options.persistentDir) {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  const registration = onCleanup(stop);

  try {
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no "Extension host agent listening" within 90 s:\n${output}`)), 90_000);
      const check = (): void => {
        if (LISTENING.test(output)) {
          clearTimeout(timeout);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timeout);
        reject(new Error(`server exited (${String(code ?? signal)}) before listening:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  say(`VS Code server ${options.install.vscodeVersion} (${options.label}) listening on port ${port} after ${secondsSince(started)}.`);
  return { port, origin: `http://${host}:${port}`, userDataDir, serverDataDir, extensionsDir, output: () => output, exited, stop };
}

/** Writes (merging) `<user-data-dir>/User/settings.json`, which the web workbench reads through the server. */
/** The text of every extension host log the server has written (each window's), in no particular order. */
export function extensionHostLogs(server: RunningServer): string[] {
  const dir = path.join(server.userDataDir, 'logs');
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /exthost.*\.log$/i.test(entry.name)) {
      found.push(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    }
  }
  return found;
}

/** The log files of an extension's output channel named `channel` (one per window that ran it), oldest first. */
export function outputChannelLogs(server: RunningServer, channel: string): string[] {
  const dir = path.join(server.userDataDir, 'logs');
  if (!fs.existsSync(dir)) return [];
  const files: { file: string; mtimeMs: number }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === `${channel}.log`) {
      const file = path.join(entry.parentPath, entry.name);
      files.push({ file, mtimeMs: fs.statSync(file).mtimeMs });
    }
  }
  return files.sort((a, b) => a.mtimeMs - b.mtimeMs).map(({ file }) => file);
}

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  }
  fs.writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2) + '\n');
}

/** A local path as the web workbench addresses files on the server. */
export function remoteUri(server: RunningServer, absolutePath: string): string {
  return `vscode-remote://${new URL(server.origin).host}${path.resolve(absolutePath).split(path.sep).join('/')}`;
}

export interface WorkbenchLaunch {
  /** The folder to open. */
  readonly folder: string;
  /** Loads the extension from this folder, as `--extensionDevelopmentPath` does on the desktop. */
  readonly extensionDevelopmentPath?: string;
  /** A module or folder (index.js) exporting `run()`, as `--extensionTestsPath` does. */
  readonly extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  readonly extensionEnvironment?: Record<string, string>;
}

/**
 * The URL that opens a folder with our extension. The `payload` query is honoured only because the
 * server runs with --enable-smoke-test-driver; it carries what the desktop passes on the command line.
 */
export function workbenchUrl(server: RunningServer, launch: WorkbenchLaunch): string {
  const payload: [string, string][] = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (launch.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(server, launch.extensionDevelopmentPath)]);
  }
  if (launch.extensionTestsPath) {
    payload.push(['extensionTestsPath', remoteUri(server, launch.extensionTestsPath)]);
  }
  if (launch.extensionEnvironment) {
    payload.push(['extensionEnvironment', JSON.stringify(launch.extensionEnvironment)]);
  }
  const target = path.resolve(launch.folder).split(path.sep).join('/');
  // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
  const kind = target.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${server.origin}/?${kind}=${encodeURIComponent(target)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
