// The VS Code server comes from the npm package `code-server` (a full VS Code OSS build) and runs
// under Node 24, which also comes from the registry (npm package `node`). Both are installed once
// into the cache folder, the way @vscode/test-electron caches its download; later runs reuse them.
// See docs: real-vscode-tests.md in the shared docs and "How tests run offline" in the README.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from './paths';
import { say, secondsSince } from './log';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export interface ServerInstall {
  /** The Node 24 binary that runs the server. */
  readonly node: string;
  /** `<code-server>/lib/vscode/out/server-main.js`: the bare VS Code server. */
  readonly serverMain: string;
  /** VS Code version inside code-server, e.g. 1.139.1. */
  readonly vscodeVersion: string;
}

const node24Dir = path.join(cacheDir, 'node24');
const codeServerDir = path.join(cacheDir, 'code-server');
const node24Binary = path.join(node24Dir, 'node_modules', 'node', 'bin', 'node');
const vscodeDir = path.join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
const serverMain = path.join(vscodeDir, 'out', 'server-main.js');
/** Written only after a verified install, so a half-finished one is never mistaken for a cache. */
const readyMarker = path.join(codeServerDir, '.incident-runbook-ready.json');

/**
 * Native modules the server loads; a missing build (no compiler, no libkrb5-dev, an install whose
 * scripts were skipped) shows up here with a clear message instead of as a server that never starts.
 */
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', 'kerberos', '@vscode/sqlite3', '@parcel/watcher', '@vscode/native-watchdog'];

export async function ensureServerInstall(): Promise<ServerInstall> {
  const node = await ensureNode24();
  return ensureCodeServer(node);
}

async function ensureNode24(): Promise<string> {
  const found = nodeVersionOf(node24Binary);
  if (found?.startsWith('v24.')) {
    return node24Binary;
  }
  say(`Node 24 not in the cache (${node24Dir}); installing node@${NODE_VERSION} from the npm registry…`);
  await npmInstallInto(node24Dir, 'node', NODE_VERSION, process.env.PATH ?? '');
  const installed = nodeVersionOf(node24Binary);
  if (!installed?.startsWith('v24.')) {
    throw new Error(`npm installed node@${NODE_VERSION} but ${node24Binary} does not run as Node 24 (got ${installed ?? 'nothing'})`);
  }
  say(`Node ${installed} ready.`);
  return node24Binary;
}

async function ensureCodeServer(node: string): Promise<ServerInstall> {
  if (readMarker() === CODE_SERVER_VERSION) {
    return { node, serverMain, vscodeVersion: vscodeVersionOf(node) ?? 'unknown' };
  }
  // An install made by hand (or before the marker existed) is kept if it checks out.
  if (fs.existsSync(serverMain) && verifyCodeServer(node).ok) {
    writeMarker();
    return { node, serverMain, vscodeVersion: vscodeVersionOf(node) ?? 'unknown' };
  }
  warnIfKerberosHeadersMissing();
  say(`VS Code server not in the cache (${codeServerDir}); installing code-server@${CODE_SERVER_VERSION}.`);
  say('This builds native modules and takes about 3 minutes on 2 cores; only the first run pays it.');
  // code-server's postinstall checks that npm runs on Node 24 and builds against it: put it first.
  const pathWithNode24 = `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await npmInstallInto(codeServerDir, 'code-server', CODE_SERVER_VERSION, pathWithNode24);
      const check = verifyCodeServer(node);
      if (!check.ok) {
        throw new Error(`code-server installed but does not work: ${check.problem}`);
      }
      break;
    } catch (error) {
      if (attempt >= 2) {
        throw error;
      }
      // A failed native build leaves node_modules half-written; the retry must start clean.
      say(`Install attempt ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying from scratch.`);
    }
  }
  writeMarker();
  const vscodeVersion = vscodeVersionOf(node) ?? 'unknown';
  say(`VS Code server ${vscodeVersion} (code-server ${CODE_SERVER_VERSION}) ready.`);
  return { node, serverMain, vscodeVersion };
}

function verifyCodeServer(node: string): { ok: true } | { ok: false; problem: string } {
  if (!fs.existsSync(serverMain)) {
    return { ok: false, problem: `${serverMain} is missing` };
  }
  if (!vscodeVersionOf(node)) {
    return { ok: false, problem: `${serverMain} --version did not answer` };
  }
  const probe = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) { try { require(m) } catch (e) { console.log(m + ': ' + e.message); process.exitCode = 1 } }`;
  const result = spawnSync(node, ['-e', probe], { cwd: vscodeDir, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    return { ok: false, problem: `native modules did not load:\n${result.stdout}${result.stderr}` };
  }
  return { ok: true };
}

function nodeVersionOf(binary: string): string | undefined {
  if (!fs.existsSync(binary)) {
    return undefined;
  }
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function vscodeVersionOf(node: string): string | undefined {
  const result = spawnSync(node, [serverMain, '--version'], { encoding: 'utf8', timeout: 60_000 });
  const firstLine = result.status === 0 ? result.stdout.split('\n')[0].trim() : '';
  return /^\d+\.\d+\.\d+/.test(firstLine) ? firstLine : undefined;
}

function readMarker(): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(readyMarker, 'utf8')) as { codeServer?: string }).codeServer;
  } catch {
    return undefined;
  }
}

function writeMarker(): void {
  fs.writeFileSync(readyMarker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, verifiedAt: new Date().toISOString() }) + '\n');
}

function warnIfKerberosHeadersMissing(): void {
  if (process.platform === 'linux' && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    say('WARNING: /usr/include/gssapi/gssapi.h is missing; code-server\'s `kerberos` module will not build.');
    say('         Install it first: sudo apt-get install -y libkrb5-dev (also needs g++, make, python3).');
  }
}

/**
 * `npm install <name>@<version>` into a private folder (its own package.json, so nothing touches
 * the project's dependencies). Output goes to `<dir>/install.log`; a heartbeat line with the
 * latest log line shows progress without flooding the console with compiler output.
 */
async function npmInstallInto(dir: string, name: string, version: string, searchPath: string): Promise<void> {
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    private: true,
    description: 'Cache for the Incident Runbook test harness (see test/harness/serverInstall.ts).',
    dependencies: { [name]: version },
    // npm 11 asks projects to approve dependencies' install scripts; these need theirs.
    allowScripts: { [`${name}@${version}`]: true },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
  const logFile = path.join(dir, 'install.log');
  const log = fs.openSync(logFile, 'w');
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=http'], {
    cwd: dir,
    env: { ...envWithoutNpmConfig(), PATH: searchPath },
    stdio: ['ignore', log, log],
  });
  const heartbeat = setInterval(() => {
    say(`  installing ${name}@${version}… ${secondsSince(started)}  ${lastLogLine(logFile)}`);
  }, 15_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => !l.startsWith('npm http ')).slice(-40).join('\n');
      const hint = /gssapi\.h/.test(tail) ? '\nHint: sudo apt-get install -y libkrb5-dev' : '';
      throw new Error(`npm install ${name}@${version} exited with ${String(code)}; last lines of ${logFile}:\n${tail}${hint}`);
    }
  } finally {
    clearInterval(heartbeat);
    fs.closeSync(log);
  }
  say(`  ${name}@${version} installed in ${secondsSince(started)}.`);
}

/**
 * Our environment minus what an outer npm (`npm test`) put there: npm reads `npm_config_*` as its own
 * config, and an inherited `npm_config_user_agent` naming Node 20 makes code-server's postinstall
 * refuse to build, although the inner npm runs on Node 24.
 */
function envWithoutNpmConfig(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
}

function lastLogLine(logFile: string): string {
  try {
    const size = fs.statSync(logFile).size;
    const handle = fs.openSync(logFile, 'r');
    const tail = Buffer.alloc(Math.min(size, 4096));
    fs.readSync(handle, tail, 0, tail.length, size - tail.length);
    fs.closeSync(handle);
    const lines = tail.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const last = lines[lines.length - 1] ?? '';
    return last.length > 100 ? `${last.slice(0, 97)}…` : last;
  } catch {
    return '';
  }
}
