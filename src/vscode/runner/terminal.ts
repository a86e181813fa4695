// The integrated terminals commands run in: one per incident ("Incident: <title>"), one "Runbook" terminal
// for runs outside an incident, reused for later steps. With shell integration a run is watched to its end
// (exit code, duration, output); without it (sh, or it never activates) the text is sent and the run is
// recorded as such. Nothing here waits without a bound except for a running command to end.

import * as vscode from 'vscode';
import { stripTerminalEscapes, TailBuffer } from '../../core/shell/output';
import { hostShellPath } from '../../node/platform';
import type { TerminalRunEnd } from '../../core/run/record';

export interface TerminalOwner {
  id: string;
  title: string;
}

/**
 * How long a terminal gets to report shell integration before the command is sent as plain text, paid once per
 * terminal. A shell VS Code injects its integration into (bash, zsh, fish, pwsh) will report it: on a busy 2-core
 * machine bash took over 4 s, and a command sent as text then was recorded with no exit code, so such a shell gets
 * long. Any other shell rarely reports it (sh, dash, a wrapper): a short wait, as VS Code's samples (3 s).
 */
const SHELL_INTEGRATION_WAIT_MS = { injected: 30_000, other: 3_000 } as const;
/** The shells VS Code's automatic shell integration injection supports (terminal.integrated.shellIntegration). */
const INJECTED_SHELL = /(?:^|[\\/])(?:bash|zsh|fish|pwsh|powershell)(?:\.exe)?$/i;
/** After the end event, how long the output stream gets to deliver its last chunk. */
const OUTPUT_DRAIN_MS = 1000;
/** Raw terminal output kept per run before cleaning: the saved full output (if wanted) is at most this; the note keeps far less. */
export const RAW_OUTPUT_BYTES = 256 * 1024;

export function terminalName(owner: TerminalOwner | undefined): string {
  return owner ? `Incident: ${owner.title}` : 'Runbook';
}

/** The terminal for a run with secret values: its own, since they are in its environment (src/node/secretEnv.ts). */
export function secretTerminalName(owner: TerminalOwner | undefined): string {
  return `${terminalName(owner)} (secrets)`;
}

/** A run that ends a journey (the declare command's first check): told each stage on the way, and when the command is sent. */
export interface TerminalJourney {
  mark: (stage: string) => void;
  started: () => void;
}

export class RunnerTerminals implements vscode.Disposable {
  private readonly byOwner = new Map<string, vscode.Terminal>();
  /** Each owner's terminal started with secret values in its environment, reused while they stay the same. */
  private readonly withSecrets = new Map<string, vscode.Terminal>();
  /** Terminals that did not report shell integration in time: later runs do not wait for it again. */
  private readonly withoutIntegration = new WeakSet<vscode.Terminal>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      vscode.window.onDidCloseTerminal((closed) => {
        for (const map of [this.byOwner, this.withSecrets]) for (const [key, terminal] of map) if (terminal === closed) map.delete(key);
      }),
    ];
  }

  /** The open terminal for `owner`, also one left from before a window reload (found by name). */
  existing(owner: TerminalOwner | undefined): vscode.Terminal | undefined {
    const known = this.byOwner.get(owner?.id ?? '');
    if (known && known.exitStatus === undefined) return known;
    const name = terminalName(owner);
    return vscode.window.terminals.find((t) => t.name === name && t.exitStatus === undefined);
  }

  /** The shell a run for `owner` would use: its terminal's, or the one a new terminal would get. */
  shellPathFor(owner: TerminalOwner | undefined, configuredShell: string | undefined): string {
    const terminal = this.existing(owner);
    const options = terminal?.creationOptions;
    const fromTerminal = options && 'shellPath' in options ? options.shellPath : undefined;
    if (terminal) return fromTerminal || vscode.env.shell || hostShellPath();
    return configuredShell || vscode.env.shell || hostShellPath();
  }

  /**
   * The terminal for a run with `env` (secret values) in its environment: started for it, with the shell the
   * command was quoted for, and never saved for a restart (VS Code would keep its environment on disk).
   */
  secretTerminalFor(owner: TerminalOwner | undefined, cwd: vscode.Uri | undefined, shellPath: string, env: Record<string, string>): vscode.Terminal {
    const key = owner?.id ?? '';
    const known = this.withSecrets.get(key);
    const knownEnv = known && 'env' in known.creationOptions ? known.creationOptions.env : undefined;
    if (known && known.exitStatus === undefined && sameEnv(knownEnv, env)) return known;
    const terminal = vscode.window.createTerminal({
      name: secretTerminalName(owner),
      cwd,
      shellPath,
      env,
      isTransient: true,
      iconPath: new vscode.ThemeIcon('lock'),
    });
    this.withSecrets.set(key, terminal);
    return terminal;
  }

  /**
   * Starts the terminal an incident titled `title` will get, before the incident exists (its id is known once its note
   * is written): terminalFor finds it by its name. Returns it when started here, undefined when one was open already.
   */
  startAhead(title: string, cwd: vscode.Uri | undefined, configuredShell: string | undefined): vscode.Terminal | undefined {
    const name = terminalName({ id: '', title });
    if (vscode.window.terminals.some((t) => t.name === name && t.exitStatus === undefined)) return undefined;
    const terminal = this.create(name, cwd, configuredShell, 'flame');
    // Shown (without the focus) from its start: started hidden, its first prompt was drawn again when the run showed
    // it, and a command sent into that redraw never reported its end (the run waited for good; the demo e2e, 2 of 2).
    terminal.show(true);
    return terminal;
  }

  terminalFor(owner: TerminalOwner | undefined, cwd: vscode.Uri | undefined, configuredShell: string | undefined): vscode.Terminal {
    const found = this.existing(owner);
    if (found) {
      this.byOwner.set(owner?.id ?? '', found);
      return found;
    }
    const terminal = this.create(terminalName(owner), cwd, configuredShell, owner ? 'flame' : 'terminal');
    this.byOwner.set(owner?.id ?? '', terminal);
    return terminal;
  }

  private create(name: string, cwd: vscode.Uri | undefined, configuredShell: string | undefined, icon: string): vscode.Terminal {
    return vscode.window.createTerminal({ name, cwd, ...(configuredShell ? { shellPath: configuredShell } : {}), iconPath: new vscode.ThemeIcon(icon) });
  }

  /**
   * Runs `command` in `terminal` and resolves when it has ended (or was sent, without shell integration).
   * With shell integration `line` is typed instead (the command made to report a pipeline's failure).
   */
  async run(terminal: vscode.Terminal, command: string, line = command, journey?: TerminalJourney): Promise<TerminalRunEnd> {
    terminal.show(true);
    const integration = await this.shellIntegrationOf(terminal);
    journey?.mark(integration ? 'shell integration ready' : 'no shell integration');
    if (!integration) {
      this.log.info(`No shell integration in "${terminal.name}": sending the command as text.`);
      terminal.sendText(command, true);
      journey?.started();
      return { command, via: 'sendText', exitCode: undefined };
    }
    return this.executeAndWatch(terminal, integration, command, line, journey?.started);
  }

  private async shellIntegrationOf(terminal: vscode.Terminal): Promise<vscode.TerminalShellIntegration | undefined> {
    if (terminal.shellIntegration) return terminal.shellIntegration;
    if (this.withoutIntegration.has(terminal)) return undefined;
    const options = terminal.creationOptions;
    const shellPath = ('shellPath' in options ? options.shellPath : undefined) || vscode.env.shell;
    const injected = INJECTED_SHELL.test(shellPath) && vscode.workspace.getConfiguration('terminal.integrated').get<boolean>('shellIntegration.enabled', true);
    const waiting = waitForShellIntegration(terminal, SHELL_INTEGRATION_WAIT_MS[injected ? 'injected' : 'other']);
    vscode.window.setStatusBarMessage(`$(sync~spin) Waiting for the shell of "${terminal.name}" to start…`, waiting);
    const integration = await waiting;
    if (!integration) {
      this.withoutIntegration.add(terminal);
      if (injected) this.log.warn(`"${terminal.name}" (${shellPath}) reported no shell integration in ${SHELL_INTEGRATION_WAIT_MS.injected / 1000} s: its commands are sent as text, without their exit codes.`);
    }
    return integration;
  }

  private async executeAndWatch(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration, command: string, line: string, onStarted?: () => void): Promise<TerminalRunEnd> {
    const started = Date.now();
    let execution: vscode.TerminalShellExecution | undefined;
    let settle: (end: { exitCode: number | undefined; closed: boolean }) => void = () => undefined;
    const ended = new Promise<{ exitCode: number | undefined; closed: boolean }>((resolve) => (settle = resolve));
    const listeners = [
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution === execution) settle({ exitCode: e.exitCode, closed: false });
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) settle({ exitCode: undefined, closed: true });
      }),
    ];
    try {
      execution = integration.executeCommand(line);
      // read() must be called right away, or the first output is lost.
      const raw = new TailBuffer(RAW_OUTPUT_BYTES);
      const reading = drain(execution.read(), raw, this.log).then(() => 'read' as const);
      onStarted?.();
      const end = await ended;
      const durationMs = Date.now() - started;
      const outputComplete = (await Promise.race([reading, delay(OUTPUT_DRAIN_MS)])) === 'read';
      return {
        command,
        via: 'shellIntegration',
        exitCode: end.exitCode,
        durationMs,
        terminalClosed: end.closed,
        output: stripTerminalEscapes(raw.text()),
        outputTruncated: raw.truncated,
        outputComplete,
      };
    } finally {
      for (const listener of listeners) listener.dispose();
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function sameEnv(a: { [key: string]: string | null | undefined } | undefined, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return a !== undefined && Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}

/** Resolves with the terminal's shell integration once it is active, or undefined after `timeoutMs` or on close. */
export function waitForShellIntegration(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const finish = (value: vscode.TerminalShellIntegration | undefined): void => {
      clearTimeout(timer);
      changed.dispose();
      closed.dispose();
      resolve(value);
    };
    const timer = setTimeout(() => finish(terminal.shellIntegration), timeoutMs);
    const changed = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal) finish(e.shellIntegration);
    });
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) finish(undefined);
    });
  });
}

async function drain(stream: AsyncIterable<string>, into: TailBuffer, log: vscode.LogOutputChannel): Promise<void> {
  try {
    for await (const chunk of stream) into.push(chunk);
  } catch (error) {
    log.warn(`Reading terminal output failed: ${String(error)}`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
