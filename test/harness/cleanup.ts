// Every process the harness starts (VS Code server, its extension hosts, Chromium) must go away on
// every way out: success, failure, timeout, Ctrl-C, an exception. Each starter registers how to
// stop what it started; `exitWith` and the signal handlers run them all.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { say } from './log';
import { harnessPidDir } from './paths';

type Cleanup = () => Promise<void> | void;

const cleanups = new Set<Cleanup>();
/** Process groups to kill synchronously if the process exits before async cleanup could run. */
const groups = new Set<number>();

export function onCleanup(cleanup: Cleanup): { dispose(): void } {
  cleanups.add(cleanup);
  return { dispose: () => cleanups.delete(cleanup) };
}

/** Runs every registered cleanup once, newest first, never throwing. */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`[harness] cleanup failed: ${String(error)}\n`);
    }
  }
}

/**
 * Tracks a child started with `detached: true` (its own process group), so the whole tree it
 * spawns (the server's extension hosts, pty host, file watcher) can be killed together.
 */
export function trackProcessGroup(child: ChildProcess): void {
  if (child.pid !== undefined) {
    groups.add(child.pid);
    writePidFile();
    child.once('exit', () => {
      groups.delete(child.pid as number);
      writePidFile();
    });
    startReaper(child.pid);
  }
}

/**
 * Where each harness lists the process groups it started (`<harness pid>.json`). The reaper covers a
 * SIGKILL of the harness alone; a kill of the reaper too (`kill -9` of the whole terminal's group, a
 * machine suspended mid-run) still leaves the file, and the next harness ends what it lists.
 */
let pidDir: string | undefined;

/** At a harness's start: ends the VS Code servers an earlier, killed harness left running. */
export function reapStaleHarnesses(): void {
  const killed = usePidDir(harnessPidDir);
  if (killed.length) say(`Stopped ${killed.length} process group(s) a killed harness left running (${killed.join(', ')}).`);
}

/** Ends what dead harnesses left running (see reapStaleGroups), then lists this harness's groups in `dir`. */
export function usePidDir(dir: string): number[] {
  const killed = reapStaleGroups(dir);
  fs.mkdirSync(dir, { recursive: true });
  pidDir = dir;
  return killed;
}

function writePidFile(): void {
  if (!pidDir) return;
  const file = path.join(pidDir, `${process.pid}.json`);
  if (groups.size === 0) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, JSON.stringify({ harness: process.pid, groups: [...groups] }));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills the process groups that harnesses no longer running left behind; returns the groups it killed. */
export function reapStaleGroups(dir: string): number[] {
  const killed: number[] = [];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    let listed: { harness?: unknown; groups?: unknown };
    try {
      listed = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof listed;
    } catch {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (typeof listed.harness === 'number' && listed.harness !== process.pid && alive(listed.harness)) continue;
    for (const group of Array.isArray(listed.groups) ? listed.groups : []) {
      if (typeof group === 'number' && group > 0 && alive(-group)) {
        signalGroup(group, 'SIGKILL');
        killed.push(group);
      }
    }
    fs.rmSync(file, { force: true });
  }
  return killed;
}

/**
 * The one way out no handler sees is SIGKILL of the harness itself (`kill -9`, an OOM kill, a CI
 * runner timing out): a small process of its own watches the harness and kills the group when the
 * harness is gone. It ends by itself when the group does.
 */
const REAPER = `
const [harness, group] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const timer = setInterval(() => {
  if (!alive(-group)) { clearInterval(timer); return; }
  if (!alive(harness)) { try { process.kill(-group, 'SIGKILL'); } catch {} clearInterval(timer); }
}, 1000);
`;

function startReaper(group: number): void {
  if (process.platform === 'win32') return; // no process groups to kill by number there
  const reaper = spawn(process.execPath, ['-e', REAPER, String(process.pid), String(group)], { detached: true, stdio: 'ignore' });
  reaper.unref();
}

/** SIGTERM the group, then SIGKILL whatever is still there after `graceMs`. */
export async function killProcessGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || !groups.has(pid)) {
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([exited, timer]);
  // Children of the group (extension hosts) may outlive the leader; kill them regardless.
  signalGroup(pid, 'SIGKILL');
  groups.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let handlersInstalled = false;
let exiting: Promise<never> | undefined;

/** Installs the exit paths once per process. */
export function installExitHandlers(): void {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  // A reader that goes away (`npm test | head`) must not turn every later write into an
  // uncaught EPIPE: that loops through the exception handler and starves the event loop.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        void exitWith(1);
      }
    });
  }
  process.on('exit', () => {
    for (const pid of groups) {
      signalGroup(pid, 'SIGKILL');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      writeSafely(process.stdout, `\n[harness] ${signal}: stopping everything\n`);
      void exitWith(signal === 'SIGINT' ? 130 : 143);
    });
  }
  process.on('uncaughtException', (error) => {
    writeSafely(process.stderr, `[harness] uncaught exception: ${error.stack ?? String(error)}\n`);
    void exitWith(1);
  });
  process.on('unhandledRejection', (reason) => {
    // Logged, not fatal: mocha and Playwright report their own failures; the run's verdict stands.
    writeSafely(process.stderr, `[harness] unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
  });
}

/**
 * Ends the process after cleaning up: the only way the harness entry points exit. Safe to call
 * again (later calls wait for the first); a cleanup that hangs cannot keep the process alive.
 */
export function exitWith(code: number): Promise<never> {
  exiting ??= (async (): Promise<never> => {
    setTimeout(() => process.exit(code), 30_000);
    await runCleanups();
    process.exit(code);
  })();
  return exiting;
}

function writeSafely(stream: NodeJS.WriteStream, text: string): void {
  if (stream.writable && !stream.destroyed) {
    stream.write(text);
  }
}
