import * as vscode from 'vscode';
import { openSetting, settingId, type SettingsReader } from '../../config';
import { watchFiles } from '../watchFiles';
import { readDefaultLevels, type ParseOptions } from '../../core/runbook';
import { RunbookReader } from '../../node/runbookReader';
import { decodeRunbookBytes } from '../../core/runbook/text';
import type { Runbook } from '../../core/runbook/model';

export interface LoadedRunbook {
  uri: vscode.Uri;
  runbook: Runbook;
  /** True for the runbook shipped with the extension (used when the workspace has none). */
  bundled: boolean;
}

const EXCLUDE = '**/node_modules/**';
/** A scan whose searches failed or found nothing is tried again after 2, 4 and 6 s, then left to the file watchers. */
const SCAN_RETRIES = 3;

/**
 * Finds the workspace's runbooks, parses them and keeps them current.
 * Nothing is scanned inside activate(), so activation stays cheap: the first read starts when a
 * view or command asks, or when activate() has returned (`readSoon`).
 */
export class RunbookService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly byUri = new Map<string, LoadedRunbook>();
  /** Runbooks read because something named them (see readNamed), with the file's mtime and size when read. */
  private readonly namedReads = new Map<string, { mtime: number; size: number; loaded: LoadedRunbook }>();
  private scanned: Promise<void> | undefined;
  private firstReadDone = false;
  private bundledRunbook: LoadedRunbook | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pendingReparse = new Map<string, ReturnType<typeof setTimeout>>();
  /** The `defaultLevels` setting as read and checked, until it changes. */
  private options: ParseOptions | undefined;
  /** Parses in a worker thread, under a time budget and a size limit: no runbook can freeze the editor. */
  private readonly reader: RunbookReader;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: SettingsReader,
  ) {
    this.reader = new RunbookReader({ log: (message) => this.log.warn(message) });
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingId('defaultLevels'))) {
          // Every runbook that defines no levels shows them: read all again, the bundled one too.
          this.options = undefined;
          this.bundledRunbook = undefined;
          this.namedReads.clear();
          void this.rescan();
        } else if (e.affectsConfiguration(settingId('runbooks'))) {
          void this.rescan();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      // Problems follow typing, not only saving.
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleReparse(e.document)),
    );
  }

  /** All workspace runbooks, or the bundled one when the workspace has none. */
  async all(): Promise<LoadedRunbook[]> {
    await this.ensureScanned();
    const found = [...this.byUri.values()].sort((a, b) => a.uri.path.localeCompare(b.uri.path));
    return found.length > 0 ? found : [await this.bundled()];
  }

  /** Workspace runbooks only (no bundled fallback): the files whose problems we report. */
  async workspaceRunbooks(): Promise<LoadedRunbook[]> {
    await this.ensureScanned();
    return [...this.byUri.values()];
  }

  /** The runbook of the active editor when it is one, else the first runbook. */
  async active(): Promise<LoadedRunbook | undefined> {
    const all = await this.all();
    const activeUri = vscode.window.activeTextEditor?.document.uri.toString();
    return all.find((r) => r.uri.toString() === activeUri) ?? all[0];
  }

  async get(uri: string | vscode.Uri): Promise<LoadedRunbook | undefined> {
    const key = uri.toString();
    const bundled = await this.bundled();
    // The bundled runbook answers by its URI even when the workspace has runbooks of its own.
    const known = (await this.all()).find((r) => r.uri.toString() === key) ?? (bundled.uri.toString() === key ? bundled : undefined);
    return known ?? this.readNamed(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  }

  /**
   * A runbook named by its URI that the watchers have not brought in yet (written a moment ago, or named by an
   * agent): read now for the one who asks, so an incident declared from it is not declared without it. The set
   * of runbooks is left to the watchers and the `runbooks` setting. A runbook outside the globs is asked for on each
   * tree refresh and clock tick: it is parsed again only when its file changed.
   */
  private async readNamed(uri: vscode.Uri): Promise<LoadedRunbook | undefined> {
    if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
    try {
      const { type, mtime, size } = await vscode.workspace.fs.stat(uri);
      if (type !== vscode.FileType.File) return undefined;
      const cached = this.namedReads.get(uri.toString());
      if (cached && cached.mtime === mtime && cached.size === size) return cached.loaded;
      const loaded: LoadedRunbook = { uri, runbook: await this.read(uri), bundled: false };
      this.namedReads.set(uri.toString(), { mtime, size, loaded });
      return loaded;
    } catch {
      return undefined;
    }
  }

  async bundled(): Promise<LoadedRunbook> {
    if (!this.bundledRunbook) {
      const uri = vscode.Uri.joinPath(this.extensionUri, 'runbooks', 'default-runbook.md');
      this.bundledRunbook = { uri, runbook: await this.read(uri), bundled: true };
    }
    return this.bundledRunbook;
  }

  /**
   * Starts the first read shortly after activation instead of on the first request. We are
   * activated by a workspace that holds runbooks, and whatever the person opens first (the chart,
   * the tree, a diagnostic) needs them: read while they look around, it is drawn at once, and the
   * chart's first page carries its data instead of waiting for a read that started with the click
   * (measured in the e2e run: the first open then drew ~80–120 ms later).
   */
  readSoon(): vscode.Disposable {
    // A timer, not a call: activate() returns first, and activation is not charged for the read.
    const timer = setTimeout(() => void this.ensureScanned(), 0);
    return new vscode.Disposable(() => clearTimeout(timer));
  }

  /** True once the first read of the workspace has finished. */
  get hasRead(): boolean {
    return this.firstReadDone;
  }

  isRunbookUri(uri: vscode.Uri): boolean {
    return this.byUri.has(uri.toString());
  }

  private ensureScanned(): Promise<void> {
    // Consumers that came before the first scan learn of its result through onDidChange. A large workspace
    // can take a while to search: the status bar says so meanwhile.
    this.scanned ??= Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Incident Runbook: reading runbooks' }, () => this.scan()),
    ).then(
      () => {
        this.firstReadDone = true;
        this.changed.fire();
      },
      (error: unknown) => {
        // Not kept as a rejected promise for the session: the next request reads again.
        this.scanned = undefined;
        throw error;
      },
    );
    return this.scanned;
  }

  private async rescan(): Promise<void> {
    this.scanned = this.scan();
    await this.scanned;
    this.changed.fire();
  }

  private async scan(): Promise<void> {
    for (const d of this.watchers.splice(0)) d.dispose();
    this.byUri.clear();
    const patterns = this.settings.get('runbooks');
    const uris = new Map<string, vscode.Uri>();
    const searches = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => patterns.map((glob) => new vscode.RelativePattern(folder, glob)));
    // All searches at once: one after another they made the first flowchart open wait on each.
    // A search that fails (the workspace's search service not up yet, early in a window's start)
    // costs its own results only, and the scan is tried again a little later.
    let failed = 0;
    const found = await Promise.all(
      searches.map((pattern) =>
        Promise.resolve(vscode.workspace.findFiles(pattern, EXCLUDE)).catch((error: unknown) => {
          failed += 1;
          this.log.warn(`Searching ${pattern.baseUri.fsPath} for ${pattern.pattern} failed: ${String(error)}`);
          return [] as vscode.Uri[];
        }),
      ),
    );
    for (const uri of found.flat()) uris.set(uri.toString(), uri);
    searches.forEach((pattern) => this.watch(pattern));
    await Promise.all([...uris.values()].map((uri) => this.load(uri)));
    this.log.info(`Found ${this.byUri.size} runbook(s) in the workspace${failed ? ` (${failed} of ${searches.length} searches failed)` : ''}.`);
    // Early in a window's start the workspace search can also answer "nothing" (seen in a multi-root window:
    // 0 of 2 runbooks, no error). We are activated by a workspace that holds runbooks or notes, so an empty
    // answer is asked again too, a few times; later files arrive through the watchers.
    if (failed > 0 || (searches.length > 0 && this.byUri.size === 0)) this.retryScanLater();
  }

  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  private retryScanLater(): void {
    if (this.retries >= SCAN_RETRIES || this.retryTimer) return;
    this.retries += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.rescan();
    }, 2_000 * this.retries);
  }

  private readonly watchers: vscode.Disposable[] = [];

  private watch(pattern: vscode.RelativePattern): void {
    const reload = (uri: vscode.Uri): void => {
      if (uri.path.includes('/node_modules/')) return;
      void this.load(uri).then(() => this.changed.fire());
    };
    const forget = (uri: vscode.Uri): void => {
      if (this.byUri.delete(uri.toString())) this.changed.fire();
    };
    this.watchers.push(watchFiles(pattern, reload, forget));
  }

  private async load(uri: vscode.Uri): Promise<void> {
    try {
      this.byUri.set(uri.toString(), { uri, runbook: await this.read(uri), bundled: false });
    } catch (error) {
      this.log.warn(`Could not read runbook ${uri.fsPath}: ${String(error)}`);
    }
  }

  private async read(uri: vscode.Uri): Promise<Runbook> {
    // An open editor may hold newer text than the disk.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const previous = this.byUri.get(uri.toString())?.runbook;
    if (open) return this.reader.read(open.getText(), uri.path, this.parseOptions(), previous);
    // A file over the size limit is refused before its bytes are read into memory.
    const refused = this.reader.tooLarge((await vscode.workspace.fs.stat(uri)).size, uri.path, this.parseOptions());
    return refused ?? this.reader.read(decodeRunbookBytes(await vscode.workspace.fs.readFile(uri)), uri.path, this.parseOptions(), previous);
  }

  private parseOptions(): ParseOptions {
    if (!this.options) {
      const reading = readDefaultLevels(this.settings.get('defaultLevels'));
      this.options = { defaultLevels: reading.levels };
      if (reading.problems.length > 0) {
        for (const problem of reading.problems) this.log.warn(problem);
        const more = reading.problems.length > 1 ? ` (and ${reading.problems.length - 1} more in the log)` : '';
        void vscode.window.showWarningMessage(`${reading.problems[0]}${more}`, 'Open Setting').then((choice) => {
          if (choice) void openSetting('defaultLevels');
        });
      }
    }
    return this.options;
  }

  private scheduleReparse(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.byUri.has(key)) return;
    clearTimeout(this.pendingReparse.get(key));
    this.pendingReparse.set(
      key,
      setTimeout(() => {
        this.pendingReparse.delete(key);
        const version = document.version;
        void this.reader.read(document.getText(), document.uri.path, this.parseOptions(), this.byUri.get(key)?.runbook).then((runbook) => {
          // A later edit's read is on its way (or the file is no longer a runbook): this one is already stale.
          if (document.version !== version || this.pendingReparse.has(key) || !this.byUri.has(key)) return;
          this.byUri.set(key, { uri: document.uri, runbook, bundled: false });
          this.changed.fire();
        });
      }, 300),
    );
  }

  dispose(): void {
    for (const timer of this.pendingReparse.values()) clearTimeout(timer);
    clearTimeout(this.retryTimer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
    this.reader.dispose();
  }
}
