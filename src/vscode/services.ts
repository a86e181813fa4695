import * as os from 'os';
import * as vscode from 'vscode';
import type { SettingsReader } from '../config';
import type { Incident } from '../core/incident/model';
import type { CadenceMinutes } from '../core/incident/runbookFacts';
import type { Clock } from '../core/incident/time';
import { redactionMark, type KnownSecret } from '../core/shell/secrets';
import type { IncidentStore } from './incident/incidentStore';
import type { OutboundService } from './outbound/outboundService';
import type { LoadedRunbook, RunbookService } from './runbook/runbookService';

/** What every feature is given: built once in `activate()`, passed down, never a module-level singleton. */
export interface Services {
  log: vscode.LogOutputChannel;
  settings: SettingsReader;
  runbooks: RunbookService;
  store: IncidentStore;
  clock: Clock;
  /** PagerDuty, Slack and Teams: the connections and the outbox. */
  outbound: OutboundService;
  /** The runbook an incident was declared from (by its workspace-relative path), else the active runbook. */
  runbookOf(incident: Incident): Promise<LoadedRunbook | undefined>;
  cadence(): CadenceMinutes;
  /** The responder's name for the timeline: the setting, else the OS user. */
  responder(): string;
  /**
   * Text a person wrote, bound for an incident note (a timeline event, a resolve summary, a reason), with
   * secret placeholder values and credentials of known shapes hidden as in what a run writes; says so when it hid any.
   */
  redactWritten(text: string, where: string): Promise<string>;
}

export function createServices(
  log: vscode.LogOutputChannel,
  settings: SettingsReader,
  runbooks: RunbookService,
  store: IncidentStore,
  clock: Clock,
  outbound: OutboundService,
  knownSecrets: () => Promise<KnownSecret[]>,
): Services {
  /**
   * The runbook a note names that the watchers have not read (written a moment ago, or outside the `runbooks` globs):
   * read from its file, so the incident's clocks are its runbook's and not the active runbook's.
   */
  async function unreadRunbookNamed(incident: Incident): Promise<LoadedRunbook | undefined> {
    if (!/\.(md|markdown|ya?ml)$/i.test(incident.runbook) || incident.runbook.startsWith('bundled:')) return undefined;
    const note = await store.uriOf(incident.id);
    const noteFolder = note && vscode.workspace.getWorkspaceFolder(note);
    const folders = vscode.workspace.workspaceFolders ?? [];
    // The note's own folder first. A multi-root note names `<folder name>/<path>`, a single-root note the path inside its folder.
    const byNote = [...(noteFolder ? [noteFolder] : []), ...folders.filter((f) => f.uri.toString() !== noteFolder?.uri.toString())];
    const named = folders.length > 1 ? byNote.filter((f) => incident.runbook.startsWith(`${f.name}/`)).map((f) => vscode.Uri.joinPath(f.uri, incident.runbook.slice(f.name.length + 1))) : [];
    const candidates = [...named, ...byNote.map((f) => vscode.Uri.joinPath(f.uri, incident.runbook))];
    for (const uri of candidates) {
      const found = await runbooks.get(uri);
      if (found && !found.bundled) return found;
    }
    return undefined;
  }

  return {
    log,
    settings,
    runbooks,
    store,
    clock,
    outbound,
    async runbookOf(incident) {
      const all = await runbooks.all();
      const named = all.find((r) => runbookPath(r) === incident.runbook);
      if (named) return named;
      // A note written in a single-folder workspace (or before notes named the folder) gives the path
      // inside its folder only. Take the runbook at that path, in the note's own folder when several match.
      const inFolder = all.filter((r) => !r.bundled && vscode.workspace.asRelativePath(r.uri, false) === incident.runbook);
      if (inFolder.length > 1) {
        const note = await store.uriOf(incident.id);
        const noteFolder = note && vscode.workspace.getWorkspaceFolder(note);
        return inFolder.find((r) => noteFolder && vscode.workspace.getWorkspaceFolder(r.uri)?.uri.toString() === noteFolder.uri.toString()) ?? (await runbooks.active());
      }
      return inFolder[0] ?? (await unreadRunbookNamed(incident)) ?? (await runbooks.active());
    },
    cadence: () => settings.get('updateCadenceMinutes'),
    responder: () => settings.get('commander') || safeUserName(),
    async redactWritten(text, where) {
      // Loaded on first use, as for a run: secretlint's rules weigh ~200 KB that activation does not need.
      const { redactWithLabels } = await import('../node/redact');
      const redacted = await redactWithLabels(text, await knownSecrets());
      if (redacted.hidden.length > 0) {
        const marks = redacted.hidden.map(redactionMark).join(', ');
        void vscode.window.showInformationMessage(`A secret in ${where} was left out: it has ${marks} in its place (an incident note is shared through git).`);
      }
      return redacted.text;
    },
  };
}

/**
 * How an incident note names its runbook: workspace-relative (prefixed with the workspace folder's name in a
 * multi-root workspace, where two folders may both hold runbooks/runbook.md), or `bundled:<name>` for ours.
 */
export function runbookPath(loaded: LoadedRunbook): string {
  return loaded.bundled ? `bundled:${loaded.uri.path.split('/').pop() ?? ''}` : vscode.workspace.asRelativePath(loaded.uri);
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
