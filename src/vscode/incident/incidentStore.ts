import * as path from 'path';
import * as vscode from 'vscode';
import type { Incident } from '../../core/incident/model';
import { appendToNote, MalformedNoteError, noteFileName, parseIncidentNote, serializeIncidentNote, updateIncidentNote, type NoteProblem } from '../../core/incident/note';
import { defaultSetting, settingId, type SettingsReader } from '../../config';
import { watchFiles } from '../watchFiles';
import { createFileExclusive, decodeNote, LOCK_TIMING, NotUtf8Error, updateNoteFile } from '../../node/noteFiles';
import { ReadOrder } from '../../core/incident/readOrder';

/** How the store reads a note's bytes (a test holds a read back to put an event in the middle of it). */
export type ReadNoteBytes = (uri: vscode.Uri) => Thenable<Uint8Array>;

/** A note read from the workspace: either an incident, or a file we could not understand (reported, never rewritten). */
export type NoteEntry =
  | { uri: vscode.Uri; incident: Incident; problems?: undefined }
  | { uri: vscode.Uri; incident?: undefined; problems: NoteProblem[] };

/** A note written by this store: `before` is the incident as the note said just before (undefined for a new note). */
export interface IncidentWrite {
  before?: Incident;
  after: Incident;
}

/** A workspace folder's incidents folder: its own `incidentRunbook.incidentsFolder`, else the default's. */
function incidentsFolderOf(settings: SettingsReader, root: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(root.uri, settings.get('incidentsFolder', root.uri) || defaultSetting('incidentsFolder'));
}

function entryOf(uri: vscode.Uri, text: string): NoteEntry {
  const parsed = parseIncidentNote(text, path.basename(uri.fsPath));
  return parsed.ok ? { uri, incident: parsed.incident } : { uri, problems: parsed.problems };
}

/** An incident's id is its note's file name without `.md` (`file` is a path or a bare name). */
function noteId(file: string): string {
  return path.basename(file, '.md');
}

/**
 * The incident notes of the workspace: reads them lazily, follows them on disk (git pull, another window),
 * and writes them without losing anybody's bytes: dirty editors are edited through a WorkspaceEdit (undoable),
 * files on disk through a lock and an atomic rename, always from the text as it is now.
 */
export class IncidentStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly wrote = new vscode.EventEmitter<IncidentWrite>();
  /** Fires after each note this store created or updated is written (outbound events follow transitions from it). */
  readonly onDidWrite = this.wrote.event;
  private entriesByUri = new Map<string, NoteEntry>();
  /** Which reads and writes of a note may still store what they hold (see readEntry and storeWritten). */
  private readonly readOrder = new ReadOrder();
  private loaded: Promise<void> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [this.changed, this.wrote];
  /** The incident the responder is working on: set by selecting it in the tree or opening its note. */
  private focusedId: string | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: SettingsReader,
    private readonly readBytes: ReadNoteBytes = (uri) => vscode.workspace.fs.readFile(uri),
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingId('incidentsFolder'))) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const entry = editor && this.entriesByUri.get(editor.document.uri.toString());
        if (entry?.incident) this.focusedId = entry.incident.id;
      }),
      // Hand edits in an open editor show in the tree once saved; dirty text is read when writing.
      vscode.workspace.onDidSaveTextDocument((document) => this.rereadIfNote(document.uri)),
      // A change we wrote into an unsaved editor is dropped if the editor is reverted or closed without
      // saving: the note on disk is the truth again.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.document.isDirty && e.contentChanges.length > 0) this.rereadIfNote(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.rereadIfNote(document.uri)),
    );
  }

  private rereadIfNote(uri: vscode.Uri): void {
    if (this.entriesByUri.has(uri.toString())) void this.readEntry(uri).then(() => this.changed.fire());
  }

  /** The incidents folder of every workspace folder (each may set its own): where notes are read from. */
  folderUris(): vscode.Uri[] {
    return (vscode.workspace.workspaceFolders ?? []).map((root) => incidentsFolderOf(this.settings, root));
  }

  /**
   * Where a new note goes: the incidents folder of the workspace folder that holds `near` (the runbook it was
   * declared from), else of the first workspace folder. In a multi-root workspace each team's notes stay
   * beside its own runbook.
   */
  folderFor(near?: vscode.Uri): vscode.Uri | undefined {
    const root = (near && vscode.workspace.getWorkspaceFolder(near)) || vscode.workspace.workspaceFolders?.[0];
    return root && incidentsFolderOf(this.settings, root);
  }

  async entries(): Promise<NoteEntry[]> {
    // The first read is announced like any change: what follows the store (Problems, the status bar) learns of notes
    // already there when the window opened, whoever read them first.
    this.loaded ??= this.load().then(() => this.changed.fire());
    await this.loaded;
    return [...this.entriesByUri.values()];
  }

  async incidents(): Promise<Incident[]> {
    return (await this.entries()).flatMap((e) => (e.incident ? [e.incident] : []));
  }

  async open(): Promise<Incident[]> {
    return (await this.incidents()).filter((i) => i.resolved === null);
  }

  async find(id: string): Promise<NoteEntry | undefined> {
    return (await this.entries()).find((e) => e.incident?.id === id);
  }

  /** Notes that could not be read (their problems are in the Problems panel). */
  async malformed(): Promise<NoteEntry[]> {
    return (await this.entries()).filter((e) => e.problems);
  }

  /** The unreadable note whose file name gives `id`, if that is why `find(id)` finds nothing. */
  async malformedNamed(id: string): Promise<NoteEntry | undefined> {
    return (await this.malformed()).find((e) => noteId(e.uri.path) === id);
  }

  async uriOf(id: string): Promise<vscode.Uri | undefined> {
    return (await this.find(id))?.uri;
  }

  focus(id: string | undefined): void {
    this.focusedId = id;
  }

  /** The incident a command without an explicit incident applies to: the focused one, else the only open one. */
  async current(): Promise<Incident | undefined> {
    const open = await this.open();
    return open.find((i) => i.id === this.focusedId) ?? (open.length === 1 ? open[0] : undefined);
  }

  async openCountsByLevel(): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const incident of await this.open()) counts.set(incident.level, (counts.get(incident.level) ?? 0) + 1);
    return counts;
  }

  /**
   * Writes a new note for `incident` (in the incidents folder beside `near`, see folderFor) and returns it with
   * the id its file name gave it. The id is unique across all the workspace's incidents folders.
   */
  async create(incident: Incident, near?: vscode.Uri): Promise<{ uri: vscode.Uri; incident: Incident }> {
    const folder = this.folderFor(near);
    if (!folder) throw new Error('Open a folder first: incident notes are kept in the workspace.');
    const ids = new Set((await this.entries()).map((e) => noteId(e.uri.path)));
    // Numbered as each write lands (see storeWritten).
    let landed = 0;
    const land = (): void => void (landed = this.readOrder.begin());
    const file = await createFileExclusive(
      folder.fsPath,
      noteFileName(incident.declared, incident.title),
      serializeIncidentNote(incident),
      (name) => ids.has(noteId(name)),
      land,
    );
    const uri = vscode.Uri.file(file);
    const id = noteId(file);
    const renamed = id === incident.id ? undefined : serializeIncidentNote({ ...incident, id });
    if (renamed !== undefined) await updateNoteFile(file, () => renamed, LOCK_TIMING, land);
    await this.entries();
    const entry = this.storeWritten(uri, renamed ?? serializeIncidentNote(incident), landed);
    this.focusedId = id;
    this.changed.fire();
    if (!entry.incident) throw new Error(`The new note ${file} could not be read back.`);
    this.wrote.fire({ after: entry.incident });
    return { uri, incident: entry.incident };
  }

  /**
   * Applies `change` to the incident as its note says now (not as we last read it), then writes the result.
   * `change` may throw to refuse (an invalid transition); nothing is written then.
   */
  async update(id: string, change: (incident: Incident) => Incident): Promise<Incident> {
    let before: Incident | undefined;
    const after = await this.editText(id, (text, uri) => {
      const parsed = parseIncidentNote(text, path.basename(uri.fsPath));
      if (!parsed.ok) throw new MalformedNoteError(parsed.problems, uri.fsPath);
      before = parsed.incident;
      return updateIncidentNote(text, change(parsed.incident));
    });
    this.wrote.fire({ before, after });
    return after;
  }

  /** Appends Markdown at the end of the note (captured command output), through the same safe write. */
  async appendMarkdown(id: string, markdown: string): Promise<Incident> {
    return this.editText(id, (text, uri) => {
      const parsed = parseIncidentNote(text, path.basename(uri.fsPath));
      if (!parsed.ok) throw new MalformedNoteError(parsed.problems, uri.fsPath);
      return appendToNote(text, markdown);
    });
  }

  /**
   * The one way notes are written. A note open with unsaved changes is edited through the editor (one undo step,
   * the unsaved text is the base); otherwise the file is rewritten under its lock from the text on disk now.
   */
  private async editText(id: string, change: (text: string, uri: vscode.Uri) => string): Promise<Incident> {
    const entry = await this.find(id);
    if (!entry) throw new Error(`No incident note with id ${id} in ${this.folderUris().map((f) => f.fsPath).join(', ') || 'the workspace'}.`);
    const { uri } = entry;
    // The core refuses a note it cannot update without knowing its file; the refusal names it, so it can be opened.
    const transform = (text: string, at: vscode.Uri): string => {
      try {
        return change(text, at);
      } catch (error) {
        throw error instanceof MalformedNoteError ? error.withFile(at.fsPath) : error;
      }
    };
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let written: string;
    let landed = 0;
    if (document?.isDirty) {
      written = transform(document.getText(), uri);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), written);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${uri.fsPath}.`);
      landed = this.readOrder.begin();
    } else {
      written = await updateNoteFile(uri.fsPath, (text) => transform(text, uri), LOCK_TIMING, () => void (landed = this.readOrder.begin()));
    }
    const updated = this.storeWritten(uri, written, landed);
    this.changed.fire();
    if (!updated.incident) throw new Error(`${uri.fsPath} could not be read back after the update.`);
    return updated.incident;
  }

  private async reload(): Promise<void> {
    this.loaded = this.load();
    await this.loaded;
    this.changed.fire();
  }

  private async load(): Promise<void> {
    this.entriesByUri = new Map();
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
    const folders = this.folderUris();
    await Promise.all(folders.map((folder) => this.loadFolder(folder)));
    this.warnAboutSharedIds();
  }

  private async loadFolder(folder: vscode.Uri): Promise<void> {
    this.watchers.push(
      watchFiles(
        new vscode.RelativePattern(folder, '*.md'),
        (uri) => void this.readEntry(uri).then(() => this.changed.fire()),
        (uri) => {
          this.readOrder.deleted(uri.toString());
          if (this.entriesByUri.delete(uri.toString())) this.changed.fire();
        },
      ),
    );
    let names: [string, vscode.FileType][];
    try {
      names = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      // No folder yet (the first declared incident creates it, or a git pull brings it). VS Code watches a
      // folder that does not exist only once it appears, and misses the notes written with it: watch for
      // the folder itself, from where it will appear, and read it whole then.
      this.watchers.push(this.whenFolderAppears(folder, () => void this.readFolder(folder).then(() => this.changed.fire())));
      return;
    }
    await this.readNotes(folder, names);
  }

  private whenFolderAppears(folder: vscode.Uri, appeared: () => void): vscode.Disposable {
    const root = vscode.workspace.getWorkspaceFolder(folder);
    const inside = root ? path.posix.relative(root.uri.path, folder.path) : '';
    const pattern =
      root && inside && !inside.startsWith('..') ? new vscode.RelativePattern(root, inside) : new vscode.RelativePattern(vscode.Uri.joinPath(folder, '..'), path.posix.basename(folder.path));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, true);
    let seen = false;
    return vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(() => {
        if (seen) return;
        seen = true;
        appeared();
      }),
    );
  }

  private async readFolder(folder: vscode.Uri): Promise<void> {
    try {
      await this.readNotes(folder, await vscode.workspace.fs.readDirectory(folder));
    } catch (error) {
      this.log.warn(`Could not read the incidents folder ${folder.fsPath}: ${String(error)}`);
    }
  }

  private async readNotes(folder: vscode.Uri, names: [string, vscode.FileType][]): Promise<void> {
    const notes = names.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md') && !name.startsWith('.'));
    await Promise.all(notes.map(([name]) => this.readEntry(vscode.Uri.joinPath(folder, name))));
    this.log.info(`Read ${notes.length} incident note(s) from ${folder.fsPath}.`);
  }

  /**
   * Ids that more than one note has, with those notes. Notes we wrote never share an id (see create);
   * notes copied by hand can: last week's note copied as a template keeps its `id:`, and a note copied
   * into another workspace folder keeps its file name. Call after entries() has loaded.
   */
  sharedIds(): Map<string, vscode.Uri[]> {
    const byId = new Map<string, vscode.Uri[]>();
    for (const { uri, incident } of this.entriesByUri.values()) {
      const id = incident?.id ?? noteId(uri.path);
      byId.set(id, [...(byId.get(id) ?? []), uri]);
    }
    return new Map([...byId].filter(([, uris]) => uris.length > 1));
  }

  private warnAboutSharedIds(): void {
    for (const [id, uris] of this.sharedIds()) {
      this.log.warn(`Incident notes ${uris.map((u) => u.fsPath).join(' and ')} share the id ${id}; a command given that id acts on only one of them. Rename one.`);
    }
  }

  private async readEntry(uri: vscode.Uri): Promise<void> {
    // A read started before a reload (a file event of a folder no longer watched) must not add its note to the
    // entries the reload built: it stayed there for good, from a folder the store no longer reads.
    // Nor may a read the note's deletion outdated, or one older than what is stored (see ReadOrder): under load a
    // note came back after it was deleted and stayed in the tree.
    const entries = this.entriesByUri;
    const key = uri.toString();
    const begun = this.readOrder.begin();
    let text: string | undefined;
    let failure: unknown;
    try {
      text = decodeNote(await this.readBytes(uri), uri.fsPath);
    } catch (error) {
      failure = error;
    }
    if (entries !== this.entriesByUri || !this.readOrder.claim(key, begun)) return;
    if (text !== undefined) {
      this.entriesByUri.set(key, entryOf(uri, text));
    } else if (failure instanceof NotUtf8Error) {
      // Shown as a malformed note, and so never written.
      this.entriesByUri.set(key, { uri, problems: [{ line: 0, message: failure.message }] });
    } else {
      // Deleted between the event and the read, or unreadable: drop it; a later event brings it back.
      this.entriesByUri.delete(key);
      this.log.warn(`Could not read incident note ${uri.fsPath}: ${String(failure)}`);
    }
  }

  /**
   * The text we wrote as the note's entry, unless the note was deleted or read anew since the write landed (`landed`
   * is its number, taken then; see ReadOrder); returned either way, as what this write made of the note. Numbered as
   * it began, a write was outranked by a read begun while it waited for the lock, which read the note before it:
   * the store lost the write as it returned (ci42).
   */
  private storeWritten(uri: vscode.Uri, text: string, landed: number): NoteEntry {
    const entry = entryOf(uri, text);
    if (this.readOrder.claim(uri.toString(), landed)) this.entriesByUri.set(uri.toString(), entry);
    return entry;
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
