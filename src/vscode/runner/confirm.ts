// "Run this?" — the final command (placeholders filled and quoted; a secret one still `[name]`) is shown
// before its first run, with Run / Edit / Cancel, and for a runbook's step in a trusted workspace "Trust this
// runbook's read-only commands in this workspace": after it, that runbook's commands that do not look destructive
// run without the question. Commands that look destructive ask every time. Which commands were already confirmed
// is kept per workspace as hashes, so remembered commands never hold a value in clear text; trusted runbooks by URI.
// Trusting says at once how to take it back: "Incident: Stop Trusting Runbook Commands" (a button on the same message).

import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { SettingsReader } from '../../config';
import { looksDestructive } from '../../core/shell/destructive';

const CONFIRMED_KEY = 'incidentRunbook.confirmedCommands';
const TRUSTED_RUNBOOKS_KEY = 'incidentRunbook.trustedRunbooks';
const TRUST_RUNBOOK = 'Trust this runbook’s read-only commands in this workspace';
export const STOP_TRUSTING_COMMAND = 'incidentRunbook.stopTrustingRunbookCommands';
/** As the command palette shows it (package.json), for the messages that tell how to undo. */
export const STOP_TRUSTING_TITLE = 'Incident: Stop Trusting Runbook Commands';
const MAX_REMEMBERED = 500;

export type Confirmation = { run: true; command: string } | { run: false };

export interface ConfirmRequest {
  command: string;
  /** Where it runs, for the question: 'the terminal "Incident: API down"', 'the background (Run and Capture)'. */
  where: string;
  /** Ask even when the command was confirmed before (an untrusted workspace running a bundled runbook's command). */
  always?: boolean;
  /** The caller's `confirm: false`: no question unless the command looks destructive or `always` is set. */
  skipFirstRunQuestion?: boolean;
  /** The runbook whose step this command is (its URI), when it is one: it can be trusted for its read-only commands. */
  runbook?: string;
}

export class Confirmations {
  constructor(
    private readonly state: vscode.Memento,
    private readonly settings: SettingsReader,
  ) {}

  /** Asks when needed; resolves with the command to run (perhaps edited) or a refusal. */
  async confirm(request: ConfirmRequest): Promise<Confirmation> {
    let command = request.command;
    const verdict = looksDestructive(command);
    const enabled = this.settings.get('confirmBeforeRun');
    const trustable = request.runbook !== undefined && !request.always && vscode.workspace.isTrusted;
    const trusted = trustable && this.trustedRunbooks().includes(request.runbook ?? '');
    const needed = verdict.destructive || request.always || (enabled && !request.skipFirstRunQuestion && !trusted && !this.wasConfirmed(command));
    if (!needed) return { run: true, command };

    for (;;) {
      const { destructive, reason } = looksDestructive(command);
      const detail = destructive ? `${command}\n\nThis command looks destructive (${reason}). Check it before it runs.` : command;
      // Never offered for a command that looks destructive, nor in an untrusted workspace; an edited command is no longer the runbook's.
      const offerTrust = trustable && !destructive && command === request.command && !trusted;
      const choice = await vscode.window.showWarningMessage(`Run this command in ${request.where}?`, { modal: true, detail }, 'Run', 'Edit', ...(offerTrust ? [TRUST_RUNBOOK] : []));
      if (choice === TRUST_RUNBOOK && request.runbook) await this.trustRunbook(request.runbook);
      if (choice === 'Run' || choice === TRUST_RUNBOOK) {
        await this.remember(command);
        return { run: true, command };
      }
      if (choice !== 'Edit') return { run: false };
      const edited = await vscode.window.showInputBox({
        title: 'Edit the command before it runs',
        value: command,
        prompt: 'Runs exactly as written here: placeholder values are already filled in and quoted, except a secret one, which stays [name] and is filled in as it runs.',
        ignoreFocusOut: true,
      });
      if (edited === undefined || edited.trim() === '') return { run: false };
      // The edited text is shown once more, so what runs is always what was last seen.
      command = edited;
    }
  }

  /** The URIs of the runbooks whose read-only commands run without the question in this workspace. */
  trustedRunbooks(): string[] {
    const trusted = this.state.get<unknown>(TRUSTED_RUNBOOKS_KEY);
    return Array.isArray(trusted) ? trusted.filter((r): r is string => typeof r === 'string') : [];
  }

  /** Their commands ask again before their first run; returns the ones that were trusted. */
  async stopTrusting(runbooks: readonly string[]): Promise<string[]> {
    const trusted = this.trustedRunbooks();
    await this.state.update(TRUSTED_RUNBOOKS_KEY, trusted.filter((r) => !runbooks.includes(r)));
    return trusted.filter((r) => runbooks.includes(r));
  }

  private async trustRunbook(runbook: string): Promise<void> {
    await this.state.update(TRUSTED_RUNBOOKS_KEY, [...this.trustedRunbooks().filter((r) => r !== runbook), runbook]);
    // Not awaited: the run goes on while the message stands.
    void vscode.window
      .showInformationMessage(
        `${runbookName(runbook)}: its read-only commands now run without asking in this workspace (destructive ones still ask). To undo: "${STOP_TRUSTING_TITLE}".`,
        'Stop Trusting',
      )
      .then((choice) => choice && vscode.commands.executeCommand(STOP_TRUSTING_COMMAND, { runbookUri: runbook }));
  }

  private wasConfirmed(command: string): boolean {
    return (this.state.get<string[]>(CONFIRMED_KEY) ?? []).includes(hash(command));
  }

  private async remember(command: string): Promise<void> {
    const known = (this.state.get<string[]>(CONFIRMED_KEY) ?? []).filter((h) => h !== hash(command));
    await this.state.update(CONFIRMED_KEY, [...known, hash(command)].slice(-MAX_REMEMBERED));
  }
}

/** A runbook as a person knows it: its path in the workspace. */
export function runbookName(runbook: string): string {
  try {
    return vscode.workspace.asRelativePath(vscode.Uri.parse(runbook, true));
  } catch {
    return runbook;
  }
}

function hash(command: string): string {
  return createHash('sha256').update(command).digest('hex');
}
