// Incident: Sync Notes — commits the incidents and post-mortems folders' changes (only those), fetches and merges (git
// merges the notes with the merge-note driver) and pushes, never forced, through VS Code's git extension so the person's own git set-up and
// credentials apply; then says whose events arrived. With `incidentRunbook.syncNotesAfterEvent`, it runs after the
// extension writes an event, a few seconds after the last of a burst.
import * as path from 'path';
import * as vscode from 'vscode';
import { defaultSetting, openSetting } from '../../../config';
import type { TimelineEvent } from '../../../core/incident/model';
import { parseIncidentNote } from '../../../core/incident/note';
import { arrivedSummary, eventsAdded, syncCommitMessage, type ArrivedEvents, type NoteChange } from '../../../core/incident/sync';
import { gitFailure, repositoryOf, type GitRepository } from '../../git/gitApi';
import { ActionableError, manageTrustAction, noticeFor, showNotice, type CommandTable, type Notice, type NoticeAction } from '../../commands';
import type { Services } from '../../services';

export interface SyncResult {
  /** The commit message, when there was something of ours to commit. */
  committed?: string;
  arrived: ArrivedEvents[];
  pushed: boolean;
}

/** A write's sync waits this long for the next write of the same burst (acknowledge, then a status change), on the services' clock. */
const AFTER_EVENT_DELAY_MS = 5_000;

interface SyncFolders {
  folder: vscode.WorkspaceFolder;
  incidents: vscode.Uri;
  postmortems: vscode.Uri;
}

function foldersOf(services: Services, folder: vscode.WorkspaceFolder): SyncFolders {
  const incidents = vscode.Uri.joinPath(folder.uri, services.settings.get('incidentsFolder', folder.uri) || defaultSetting('incidentsFolder'));
  const postmortems = vscode.Uri.joinPath(folder.uri, services.settings.get('postmortemsFolder', folder.uri) || defaultSetting('postmortemsFolder'));
  return { folder, incidents, postmortems };
}

function isInside(file: vscode.Uri, folder: vscode.Uri): boolean {
  const relative = path.relative(folder.fsPath, file.fsPath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Each note in the incidents folder: its incident id and timeline, as on disk now. */
async function readTimelines(incidents: vscode.Uri): Promise<Map<string, { id: string; timeline: TimelineEvent[] }>> {
  const notes = new Map<string, { id: string; timeline: TimelineEvent[] }>();
  let names: [string, vscode.FileType][];
  try {
    names = await vscode.workspace.fs.readDirectory(incidents);
  } catch {
    return notes;
  }
  for (const [name, type] of names) {
    if (type !== vscode.FileType.File || !name.endsWith('.md')) continue;
    const uri = vscode.Uri.joinPath(incidents, name);
    const parsed = parseIncidentNote(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), name);
    if (parsed.ok) notes.set(uri.fsPath, { id: parsed.incident.id, timeline: parsed.incident.timeline });
  }
  return notes;
}

/** The first conflict marker's section, for the message: the heading above it. */
function conflictSection(text: string): string | undefined {
  let heading: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/.exec(line);
    if (m) heading = m[1];
    if (line.startsWith('<<<<<<<')) return heading;
  }
  return undefined;
}

class NoteSync {
  private running: Promise<SyncResult | undefined> | undefined;

  constructor(private readonly services: Services) {}

  /** One sync at a time per window: a second request waits for the first, then runs (it may have new events). */
  async run(folders: SyncFolders, location: vscode.ProgressLocation): Promise<SyncResult | undefined> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.sync(folders, location);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async sync(folders: SyncFolders, location: vscode.ProgressLocation): Promise<SyncResult | undefined> {
    if (!vscode.workspace.isTrusted) throw new ActionableError('Sync Notes runs git (and the note merge driver): trust this workspace first.', [manageTrustAction], 'warning');
    const repository = await repositoryOf(folders.folder.uri);
    if (!repository) {
      throw new ActionableError(
        `Sync Notes needs the folder ${folders.folder.name} in a git repository, and VS Code's git extension enabled (the git.enabled setting).`,
        [{ title: 'Open Git Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'git.enabled') }],
        'warning',
      );
    }
    const retry: NoticeAction = { title: 'Retry', run: () => vscode.commands.executeCommand('incidentRunbook.syncNotes', folders.folder.uri) };
    return vscode.window.withProgress({ location, title: 'Incident: Sync Notes' }, async (progress) => {
      await repository.status();
      if (repository.state.mergeChanges.length > 0) {
        throw new ActionableError(`Sync Notes: the repository has unresolved conflicts (${this.names(repository.state.mergeChanges.map((c) => c.uri))}); resolve and commit them, then sync again.`, [], 'warning');
      }
      const ours = (uri: vscode.Uri): boolean => isInside(uri, folders.incidents) || isInside(uri, folders.postmortems);
      const otherStaged = repository.state.indexChanges.filter((c) => !ours(c.uri));
      if (otherStaged.length > 0) {
        throw new ActionableError(
          `Sync Notes commits only the incidents and post-mortems folders, and other files are staged (${this.names(otherStaged.map((c) => c.uri))}): commit or unstage them first.`,
          [],
          'warning',
        );
      }
      const changed = [...repository.state.workingTreeChanges, ...repository.state.indexChanges, ...(repository.state.untrackedChanges ?? [])].filter((c) => ours(c.uri));
      const result: SyncResult = { arrived: [], pushed: false };
      if (changed.length > 0) {
        progress.report({ message: 'committing the notes' });
        result.committed = await this.commit(repository, folders, [...new Set(changed.map((c) => c.uri.fsPath))]);
      }
      const head = repository.state.HEAD;
      if (!head?.upstream) {
        if (repository.state.remotes.length === 0) {
          void vscode.window.showInformationMessage(`${result.committed ? 'Notes committed' : 'Nothing to commit'}; the repository has no remote to sync with.`);
          return result;
        }
      }
      const before = await readTimelines(folders.incidents);
      // Asked of git, not of the extension's state, which may not have caught up with our commit yet.
      const headBefore = (await repository.log({ maxEntries: 1 }).catch(() => []))[0]?.hash ?? head?.commit;
      const upstream = head?.upstream;
      if (upstream) {
        // Fetch, then merge: `git pull` stops on divergent branches in a clone without pull.rebase or pull.ff set.
        progress.report({ message: 'pulling' });
        try {
          await repository.fetch(upstream.remote);
        } catch (error) {
          throw this.remoteFailure('pull', error, retry);
        }
        try {
          await repository.merge(`${upstream.remote}/${upstream.name}`);
        } catch (error) {
          await repository.status();
          const conflicted = repository.state.mergeChanges.map((c) => c.uri);
          if (gitFailure(error).gitErrorCode === 'Conflict' || conflicted.length > 0) return this.conflict(conflicted, folders);
          throw this.remoteFailure('pull', error, retry);
        }
        result.arrived = await this.arrived(repository, before, await readTimelines(folders.incidents), headBefore);
      }
      progress.report({ message: 'pushing' });
      try {
        if (upstream) await repository.push();
        else await repository.push(repository.state.remotes.find((r) => r.name === 'origin')?.name ?? repository.state.remotes[0].name, head?.name, true);
        result.pushed = true;
      } catch (error) {
        throw this.remoteFailure('push', error, retry);
      }
      this.services.log.info(`syncNotes: ${result.committed ? `committed "${result.committed.split('\n')[0]}"` : 'nothing to commit'}; arrived: ${JSON.stringify(result.arrived)}`);
      const summary = arrivedSummary(result.arrived);
      if (location === vscode.ProgressLocation.Notification || summary) {
        void vscode.window.showInformationMessage(`Notes synced${summary ? `: ${summary}` : result.committed ? '; no new events from others' : ', nothing new'}.`);
      }
      return result;
    });
  }

  private names(uris: readonly vscode.Uri[]): string {
    const shown = uris.slice(0, 3).map((uri) => vscode.workspace.asRelativePath(uri));
    return uris.length > 3 ? `${shown.join(', ')} and ${uris.length - 3} more` : shown.join(', ');
  }

  /** Stages our changed files by path and commits them, the message naming the events each note gained since HEAD. */
  private async commit(repository: GitRepository, folders: SyncFolders, files: string[]): Promise<string> {
    const changes: NoteChange[] = [];
    for (const file of files) {
      if (!isInside(vscode.Uri.file(file), folders.incidents) || !file.endsWith('.md')) continue;
      let now: string;
      try {
        now = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
      } catch {
        continue; // deleted: nothing to name
      }
      const after = parseIncidentNote(now, path.basename(file));
      if (!after.ok) continue;
      const committed = await repository.show('HEAD', file).catch(() => '');
      const before = committed ? parseIncidentNote(committed, path.basename(file)) : undefined;
      changes.push({ incidentId: after.incident.id, added: eventsAdded(before?.ok ? before.incident.timeline : [], after.incident.timeline) });
    }
    const message = changes.length > 0 ? syncCommitMessage(changes) : 'post-mortem drafts';
    await repository.add(files);
    await repository.commit(message);
    return message;
  }

  private async arrived(repository: GitRepository, before: Map<string, { id: string; timeline: TimelineEvent[] }>, after: Map<string, { id: string; timeline: TimelineEvent[] }>, headBefore: string | undefined): Promise<ArrivedEvents[]> {
    const arrived: ArrivedEvents[] = [];
    for (const [file, note] of after) {
      const count = eventsAdded(before.get(file)?.timeline ?? [], note.timeline).length;
      if (count === 0) continue;
      const commits = headBefore ? await repository.log({ range: `${headBefore}..HEAD`, path: file }).catch(() => []) : [];
      // A merge commit is this clone's own (ours, or one a pull made): it brings no responder's events of its own.
      const from = [...new Set(commits.flatMap((c) => (c.authorName && c.parents.length <= 1 ? [c.authorName] : [])))];
      arrived.push({ incidentId: note.id, count, from });
    }
    return arrived;
  }

  /** A prose section both sides changed: git left markers there; open the note at them and say which. */
  private async conflict(conflicted: vscode.Uri[], folders: SyncFolders): Promise<never> {
    const note = conflicted.find((uri) => isInside(uri, folders.incidents) || isInside(uri, folders.postmortems)) ?? conflicted[0];
    if (!note) throw new ActionableError('Sync Notes: the pull stopped on a conflict; see the Source Control view.');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(note));
    const section = conflictSection(text);
    const line = text.split(/\r?\n/).findIndex((l) => l.startsWith('<<<<<<<'));
    await vscode.window.showTextDocument(note, { selection: new vscode.Range(Math.max(line, 0), 0, Math.max(line, 0), 0) });
    throw new ActionableError(
      `Sync Notes: ${vscode.workspace.asRelativePath(note)} has a conflict${section ? ` in its ${section} section` : ''}, which both sides changed: keep what should stay between the markers, save, commit, and sync again.`,
      [{ title: 'Open Note', run: () => vscode.window.showTextDocument(note) }],
      'warning',
    );
  }

  private remoteFailure(step: 'pull' | 'push', error: unknown, retry: NoticeAction): ActionableError {
    const failure = gitFailure(error);
    this.services.log.error(`syncNotes: ${step} failed (${failure.gitErrorCode ?? 'no code'}): ${failure.stderr ?? failure.message}`);
    const why: Record<string, string> = {
      AuthenticationFailed: 'git could not authenticate with the remote',
      RemoteConnectionError: 'the remote could not be reached',
      CantAccessRemote: 'the remote could not be reached',
      PushRejected: 'the remote has commits this clone does not (someone pushed meanwhile)',
    };
    const detail = why[failure.gitErrorCode ?? ''] ?? (failure.stderr ?? failure.message).split('\n')[0];
    return new ActionableError(`Sync Notes could not ${step}: ${detail}. Your notes are committed in this clone; nothing is lost. Retry when the remote can be reached.`, [retry]);
  }
}

async function pickFolder(folderArg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folderArg instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(folderArg);
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Sync the incident notes of which folder?' });
}

/** What started a sync: the command (or a notice's Retry, which runs it), or the extension's own write of an event. */
export type SyncTrigger = 'command' | 'afterEvent';

/** What a sync did, or when the next is due: other extensions and the integration tests follow syncs through it. */
export type NoteSyncReport =
  /** The extension wrote an event: its folder's sync is due then (a later write moves it), or none is (the setting off, or no folder). */
  | { kind: 'written'; incidentId: string; syncDue: Date | undefined }
  | { kind: 'synced'; trigger: SyncTrigger; result: SyncResult }
  /** What the person was told instead of a result; an action's `run` is what its button does. */
  | { kind: 'failed'; trigger: SyncTrigger; notice: Notice };

export interface NoteSyncRegistration {
  commands: CommandTable;
  onDidReport: vscode.Event<NoteSyncReport>;
  /** Starts the after-event syncs due by the clock now; the harness's test clock calls it as it moves (no timers then). */
  startDue(): void;
  disposable: vscode.Disposable;
}

/**
 * Incident: Sync Notes, and `incidentRunbook.syncNotesAfterEvent`: a sync a few seconds after the extension writes an
 * event to a note. Both go through one NoteSync, so a command and a write's sync never run at once. `timers: false`
 * (the test clock) leaves the after-event syncs to `startDue`.
 */
export function registerNoteSync(services: Services, { timers = true }: { timers?: boolean } = {}): NoteSyncRegistration {
  const sync = new NoteSync(services);
  const reported = new vscode.EventEmitter<NoteSyncReport>();
  const failed = (trigger: SyncTrigger, notice: Notice): void => reported.fire({ kind: 'failed', trigger, notice });
  // An error nobody can act on is reported by its message (the person sees it with a pointer to the log).
  const unactionable = (error: unknown): Notice => ({ severity: 'error', message: error instanceof Error ? error.message : String(error), actions: [] });
  const commands: CommandTable = {
    'incidentRunbook.syncNotes': async (folderArg): Promise<SyncResult | undefined> => {
      try {
        const folder = await pickFolder(folderArg);
        if (!folder) {
          if ((vscode.workspace.workspaceFolders ?? []).length === 0) throw new ActionableError('Open the folder that holds your incident notes first.', [], 'warning');
          return undefined;
        }
        const result = await sync.run(foldersOf(services, folder), vscode.ProgressLocation.Notification);
        if (result) reported.fire({ kind: 'synced', trigger: 'command', result });
        return result;
      } catch (error) {
        failed('command', noticeFor(error) ?? unactionable(error));
        throw error;
      }
    },
  };
  const afterWrite = (folder: vscode.WorkspaceFolder): void => {
    sync.run(foldersOf(services, folder), vscode.ProgressLocation.Window).then(
      (result) => {
        if (result) reported.fire({ kind: 'synced', trigger: 'afterEvent', result });
      },
      (error: unknown) => {
        const notice = noticeFor(error);
        if (notice) {
          const shown: Notice = { ...notice, actions: [...notice.actions, { title: 'Sync Settings', run: () => openSetting('syncNotesAfterEvent') }] };
          showNotice(shown);
          failed('afterEvent', shown);
        } else {
          services.log.error(`syncNotesAfterEvent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          failed('afterEvent', unactionable(error));
        }
      },
    );
  };
  // Per folder: when its sync is due, on the services' clock, and the timer that starts it (none under the test clock).
  const due = new Map<string, { folder: vscode.WorkspaceFolder; at: number; timer?: ReturnType<typeof setTimeout> }>();
  const start = (key: string): void => {
    const entry = due.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    due.delete(key);
    // Turned off meanwhile: the sync it had scheduled is dropped too.
    if (services.settings.get('syncNotesAfterEvent', entry.folder.uri)) afterWrite(entry.folder);
  };
  const subscription = services.store.onDidWrite(async ({ after }) => {
    const uri = await services.store.uriOf(after.id);
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !services.settings.get('syncNotesAfterEvent', folder.uri)) {
      reported.fire({ kind: 'written', incidentId: after.id, syncDue: undefined });
      return;
    }
    const key = folder.uri.toString();
    clearTimeout(due.get(key)?.timer);
    const at = services.clock.now().getTime() + AFTER_EVENT_DELAY_MS;
    due.set(key, { folder, at, timer: timers ? setTimeout(() => start(key), AFTER_EVENT_DELAY_MS) : undefined });
    reported.fire({ kind: 'written', incidentId: after.id, syncDue: new Date(at) });
  });
  const startDue = (): void => {
    const now = services.clock.now().getTime();
    for (const [key, entry] of [...due]) if (entry.at <= now) start(key);
  };
  const disposable = {
    dispose: (): void => {
      subscription.dispose();
      reported.dispose();
      for (const entry of due.values()) clearTimeout(entry.timer);
    },
  };
  return { commands, onDidReport: reported.event, startDue, disposable };
}
