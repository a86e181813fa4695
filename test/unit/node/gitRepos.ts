// Real git repositories in a temporary folder, for the merge driver's tests: a bare "remote" and clones of it, each
// with the incident-note driver set up as Enable Note Merging sets it up.
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Quiet, fast and the same on every machine: no hooks, no background gc, no global config. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_TERMINAL_PROMPT: '0',
  GIT_MERGE_AUTOEDIT: 'no',
  GIT_EDITOR: 'true',
  GIT_AUTHOR_DATE: '2026-11-27T04:41:00Z',
  GIT_COMMITTER_DATE: '2026-11-27T04:41:00Z',
  LC_ALL: 'C',
};
const GIT_OPTIONS = ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', '-c', 'core.fsync=none', '-c', 'advice.detachedHead=false', '-c', 'init.defaultBranch=main'];

export function gitSync(cwd: string, ...args: string[]): GitResult {
  const result = spawnSync('git', [...GIT_OPTIONS, ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** git without blocking this process: the simulation's driver answers from here while git waits on it. */
export function git(cwd: string, ...args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', [...GIT_OPTIONS, ...args], { cwd, env: GIT_ENV, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

export function mustSync(cwd: string, ...args: string[]): string {
  const result = gitSync(cwd, ...args);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export const NOTE_PATH = 'incidents/2026-11-27-checkout-latency.md';

/**
 * A bare remote holding `note` (and the `.gitattributes` line), and `clones` clones of it, each with the driver
 * entry `driver` (a shell command with git's %O %A %B %P) in its local config.
 */
export function makeRepos(root: string, note: string, clones: number, driver: string): { remote: string; clones: string[] } {
  const remote = path.join(root, 'remote.git');
  mustSync(root, 'init', '-q', '--bare', '--template=', remote);
  const seed = path.join(root, 'seed');
  mustSync(root, 'init', '-q', '--template=', seed);
  fs.mkdirSync(path.join(seed, 'incidents'));
  fs.writeFileSync(path.join(seed, '.gitattributes'), 'incidents/*.md merge=incident-note\n');
  fs.writeFileSync(path.join(seed, NOTE_PATH), note);
  mustSync(seed, 'add', '.');
  mustSync(seed, '-c', 'user.name=seed', '-c', 'user.email=seed@example.invalid', 'commit', '-q', '-m', 'Declare the incident');
  mustSync(seed, 'push', '-q', remote, 'HEAD:main');
  const paths: string[] = [];
  for (let i = 0; i < clones; i++) {
    const clone = path.join(root, `clone${i}`);
    mustSync(root, 'clone', '-q', '--template=', remote, clone);
    // Relative, so that a copy of the whole folder is a set of repositories of its own.
    mustSync(clone, 'config', 'remote.origin.url', '../remote.git');
    mustSync(clone, 'config', 'user.name', `responder${i}`);
    mustSync(clone, 'config', 'user.email', `responder${i}@example.invalid`);
    mustSync(clone, 'config', 'merge.incident-note.name', 'Incident Runbook note merge');
    mustSync(clone, 'config', 'merge.incident-note.driver', driver);
    paths.push(clone);
  }
  fs.rmSync(seed, { recursive: true, force: true });
  return { remote, clones: paths };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The compiled CLI (tsc's output, beside this file's), run by the Node running the tests. */
export function cliDriver(): string {
  const cli = path.resolve(__dirname, '../../../src/cli.js');
  return `"${process.execPath}" "${cli}" merge-note %O %A %B %P`;
}
