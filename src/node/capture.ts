// "Run and Capture": a runbook command run without a terminal, its output kept for the incident note.
// Node only (execa), no `vscode` import, so it is tested in plain Node.
//
// No shell unless the command needs one: `kubectl get pods -n prod` runs kubectl directly with that argv;
// `kubectl get pods | grep -v Running` runs in the user's shell, named explicitly. Never hangs: a timeout
// and an AbortSignal both kill the whole process group (a pipeline's children too), and if the streams
// still do not close the result comes back anyway.

import { execa } from 'execa';
import { stripTerminalEscapes, TailBuffer } from '../core/shell/output';
import { planInvocation } from '../core/run/invocation';
import { judgePipeline, parseReportedCodes, type PipelineReport } from '../core/run/pipeline';
import type { CaptureResult } from '../core/run/record';
import { hostShellPath } from './platform';

export type { CaptureResult };

export interface CaptureOptions {
  cwd: string;
  timeoutMs: number;
  /** Only the last this many bytes of output are kept. */
  maxOutputBytes: number;
  signal?: AbortSignal;
  /** The shell to use when the command needs one; default $SHELL (ComSpec on Windows), else /bin/sh. */
  shellPath?: string;
  env?: Record<string, string>;
}

/** How long a killed process group gets to close its output before the result is returned regardless. */
const SETTLE_AFTER_KILL_MS = 3000;
const SIGKILL_AFTER_MS = 1500;

export async function runAndCapture(command: string, options: CaptureOptions): Promise<CaptureResult> {
  const started = performance.now();
  const invocation = planInvocation(command, options.shellPath || hostShellPath());
  const base = { shell: invocation.shell, output: '', truncated: false, timedOut: false };
  if (options.signal?.aborted) return { ...base, exitCode: null, cancelled: true, durationMs: 0 };
  if (!invocation.file) return { ...base, exitCode: null, cancelled: false, durationMs: 0, error: 'The command is empty.' };

  const groupKill = process.platform !== 'win32';
  const reportedStages = invocation.pipeline?.reportedStages;
  const subprocess = execa(invocation.file, invocation.args, {
    cwd: options.cwd,
    env: options.env,
    // fd 3 carries the exit code of each command of a pipeline, when the shell can tell them (pipeline.ts).
    stdio: ['ignore', 'pipe', 'pipe', reportedStages ? 'pipe' : 'ignore'],
    buffer: false,
    reject: false,
    windowsHide: true,
    windowsVerbatimArguments: invocation.verbatim,
    // Its own process group, so that a timeout reaches every process of a pipeline.
    detached: groupKill,
    forceKillAfterDelay: false,
  });

  const tail = new TailBuffer(options.maxOutputBytes);
  subprocess.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
  subprocess.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  let reportedCodes = '';
  subprocess.stdio[3]?.on('data', (chunk: Buffer) => (reportedCodes += chunk.toString('utf8')));

  let timedOut = false;
  let cancelled = false;
  let killedAt: number | undefined;
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (groupKill && subprocess.pid !== undefined) process.kill(-subprocess.pid, signal);
      else subprocess.kill(signal);
    } catch {
      // Already gone.
    }
  };
  let settleAfterKill: (() => void) | undefined;
  const gaveUp = new Promise<'gave-up'>((resolve) => {
    settleAfterKill = () => setTimeout(() => resolve('gave-up'), SETTLE_AFTER_KILL_MS).unref();
  });
  const stop = (): void => {
    if (killedAt !== undefined) return;
    killedAt = performance.now();
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), SIGKILL_AFTER_MS).unref();
    settleAfterKill?.();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = (): void => {
    cancelled = true;
    stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const settled = await Promise.race([subprocess, gaveUp]);
    if (settled === 'gave-up') {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    }
    const result = settled === 'gave-up' ? undefined : settled;
    const killed = timedOut || cancelled;
    const startFailed = result !== undefined && result.failed && result.exitCode === undefined && !result.signal && !killed;
    const pipeline: PipelineReport | undefined = (reportedStages && parseReportedCodes(reportedCodes, reportedStages)) || invocation.pipeline?.otherwise;
    const exitCode = killed ? null : (result?.exitCode ?? null);
    return {
      shell: invocation.shell,
      exitCode: exitCode !== null && pipeline?.known === 'each' ? judgePipeline(pipeline.stages, pipeline.exitCodes).exitCode : exitCode,
      ...(pipeline && !killed && !startFailed ? { pipeline } : {}),
      timedOut,
      cancelled,
      durationMs: (killedAt ?? performance.now()) - started,
      output: stripTerminalEscapes(tail.text()),
      truncated: tail.truncated,
      ...(startFailed ? { error: result.shortMessage ?? `Could not start ${invocation.file}.` } : {}),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
