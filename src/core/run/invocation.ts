// How a command is started for Run and Capture: split into argv when it has no shell syntax, else as the
// argument of a named shell with that shell's own "run this string" flag. Pure (no execa, no `vscode`), so
// the terminal side can ask for the default shell without loading the capture code.

import { shellKindFromPath, type ShellKind } from '../shell/quote';
import { needsShell, splitPlainArgv } from '../shell/words';
import { capturePlan, type CapturePlan } from './pipeline';

/** How a command is started: directly, or as an argument of a named shell. */
export interface Invocation {
  file: string;
  args: string[];
  shell: string | null;
  /** cmd.exe parses its own command line; Node must not re-quote it. */
  verbatim: boolean;
  /** What the run learns about the commands of a pipeline in it (see pipeline.ts); absent when it has no pipe. */
  pipeline?: Omit<CapturePlan, 'script'>;
}

/** The shell that runs commands needing one when none is named, on `platform` (Node's names) with `env`. */
export function defaultShellPath(platform: string, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') return env.ComSpec || 'cmd.exe';
  return env.SHELL || '/bin/sh';
}

/** The argv that runs `command` in `shellPath`, with each shell's own flag for "run this string". */
export function shellArgv(shellPath: string, command: string): { args: string[]; verbatim: boolean } {
  const kind: ShellKind | undefined = shellKindFromPath(shellPath);
  if (kind === 'pwsh') return { args: ['-NoProfile', '-NonInteractive', '-Command', command], verbatim: false };
  if (kind === 'cmd') return { args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
  return { args: ['-c', command], verbatim: false };
}

/**
 * Decides how `command` starts: split into argv when it has no shell syntax, else inside `shellPath`, with
 * what that shell can add to tell which command of a pipeline failed.
 */
export function planInvocation(command: string, shellPath: string): Invocation {
  if (!needsShell(command)) {
    const [file, ...args] = splitPlainArgv(command);
    return { file: file ?? '', args, shell: null, verbatim: false };
  }
  const { script, ...pipeline } = capturePlan(command, shellPath);
  return { file: shellPath, ...shellArgv(shellPath, script), shell: shellPath, ...(pipeline.otherwise ? { pipeline } : {}) };
}
