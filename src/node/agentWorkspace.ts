// A workspace folder on disk as the agent tools see it outside VS Code (the MCP server): its runbooks (found by
// the `runbooks` setting's globs), its incident notes, and writes through the same lock and atomic write as the
// extension's store. Settings come from the folder's .vscode/settings.json, else the manifest's defaults.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import picomatch from 'picomatch';
import type { AgentWorkspace, WorkspaceRunbook } from '../core/agents/answers';
import type { Incident } from '../core/incident/model';
import { MalformedNoteError, noteFileName, parseIncidentNote, serializeIncidentNote, updateIncidentNote } from '../core/incident/note';
import { generatePostmortem, postmortemFileName } from '../core/postmortem/draft';
import { regeneratePostmortem } from '../core/postmortem/regenerate';
import { decodeRunbookBytes, parseRunbook, readDefaultLevels, type Runbook } from '../core/runbook';
import type { ShellKind } from '../core/shell/quote';
import { shellKindFromPath } from '../core/shell/quote';
import { createFileExclusive, decodeNote, fileInFolder, updateNoteFile, writeFileAtomic } from './noteFiles';
import { readWorkspaceSettings, type WorkspaceSettings } from './workspaceSettings';

/** Folders never searched for runbooks: dependencies and tool caches are not the team's runbook. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);
const MAX_RUNBOOK_SEARCH_FILES = 20_000;

export interface NodeAgentWorkspaceOptions {
  /** Use this runbook (a path inside the folder) instead of searching with the `runbooks` globs. */
  runbook?: string;
  now?: () => Date;
}

export class NodeAgentWorkspace implements AgentWorkspace {
  private readonly settings: WorkspaceSettings;
  /** Each runbook parsed once per version of its file (size and mtime): a tool call does not re-read it. */
  private readonly parsed = new Map<string, { version: string; runbook: Runbook }>();

  constructor(
    readonly root: string,
    private readonly options: NodeAgentWorkspaceOptions = {},
  ) {
    this.settings = readWorkspaceSettings(root);
  }

  /** What the settings file said that could not be used, for the server's log. */
  settingsProblems(): string[] {
    return this.settings.problems;
  }

  async runbooks(): Promise<WorkspaceRunbook[]> {
    const files = this.options.runbook ? [path.resolve(this.root, this.options.runbook)] : await this.findRunbooks();
    const parsed: WorkspaceRunbook[] = [];
    for (const file of files) {
      const relative = this.relative(file);
      const stat = await fs.stat(file);
      const version = `${stat.size}:${stat.mtimeMs}`;
      let cached = this.parsed.get(file);
      if (cached?.version !== version) {
        const text = decodeRunbookBytes(await fs.readFile(file));
        const defaults = readDefaultLevels(this.settings.get('defaultLevels')).levels;
        cached = { version, runbook: parseRunbook(text, relative, { defaultLevels: defaults }) };
        this.parsed.set(file, cached);
      }
      parsed.push({ path: relative, runbook: cached.runbook });
    }
    return parsed;
  }

  async incidents(): Promise<Incident[]> {
    return (await this.notes()).flatMap((note) => (note.incident ? [note.incident] : []));
  }

  async notePath(id: string): Promise<string | undefined> {
    const found = (await this.notes()).find((note) => note.incident?.id === id);
    return found && this.relative(found.file);
  }

  async create(incident: Incident, _runbookPath: string): Promise<{ incident: Incident; path: string }> {
    const folder = this.incidentsFolder();
    await fs.mkdir(folder, { recursive: true });
    const ids = new Set((await this.notes()).map((note) => path.basename(note.file, '.md')));
    const file = await createFileExclusive(folder, noteFileName(incident.declared, incident.title), serializeIncidentNote(incident), (name) => ids.has(path.basename(name, '.md')));
    const id = path.basename(file, '.md');
    if (id !== incident.id) await updateNoteFile(file, () => serializeIncidentNote({ ...incident, id }));
    return { incident: this.read(file, await fs.readFile(file)), path: this.relative(file) };
  }

  async update(id: string, change: (incident: Incident) => Incident): Promise<Incident> {
    const found = (await this.notes()).find((note) => note.incident?.id === id);
    if (!found) throw new Error(`No incident note with id ${id} in ${this.incidentsFolder()}.`);
    const written = await updateNoteFile(found.file, (text) => {
      const parsed = parseIncidentNote(text, path.basename(found.file));
      if (!parsed.ok) throw new MalformedNoteError(parsed.problems, found.file);
      return updateIncidentNote(text, change(parsed.incident));
    });
    return this.read(found.file, new TextEncoder().encode(written));
  }

  async draftPostmortem(incident: Incident, runbook: Runbook | null): Promise<string> {
    const noteFile = (await this.notes()).find((note) => note.incident?.id === incident.id)?.file;
    if (!noteFile) throw new Error(`No incident note with id ${incident.id}.`);
    const folder = path.join(this.root, this.settings.get('postmortemsFolder'));
    const target = fileInFolder(folder, postmortemFileName(incident));
    const relative = (to: string): string => path.relative(folder, to).split(path.sep).join('/');
    const runbookFile = incident.runbook && !incident.runbook.startsWith('bundled:') ? path.join(this.root, incident.runbook) : '';
    const fresh = generatePostmortem(incident, runbook, {
      noteRelPath: relative(noteFile),
      runbookRelPath: runbookFile ? relative(runbookFile) : '',
      links: (runbook?.links ?? [])
        .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.href))
        .map((link) => ({ text: link.text, href: relative(path.join(path.dirname(runbookFile || this.root), link.href)) })),
      now: this.now(),
      cadence: this.cadence(),
    });
    let existing: string | undefined;
    try {
      existing = decodeNote(await fs.readFile(target), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await fs.mkdir(folder, { recursive: true });
    // Regeneration keeps a person's edits, exactly as the extension's command does.
    if (existing === undefined) await createFileExclusive(folder, path.basename(target), fresh);
    else await writeFileAtomic(target, regeneratePostmortem(existing, fresh).text);
    return this.relative(target);
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  responder(): string {
    const named = this.settings.get('commander');
    if (named) return named;
    try {
      return os.userInfo().username;
    } catch {
      return '';
    }
  }

  cadence(): Record<string, number> {
    return this.settings.get('updateCadenceMinutes');
  }

  shell(): ShellKind {
    return shellKindFromPath(this.settings.get('shell') || process.env.SHELL) ?? (process.platform === 'win32' ? 'pwsh' : 'bash');
  }

  async redact(text: string): Promise<string> {
    if (!text) return text;
    const { redactWithLabels } = await import('./redact');
    return (await redactWithLabels(text, [])).text;
  }

  private incidentsFolder(): string {
    return path.join(this.root, this.settings.get('incidentsFolder'));
  }

  private relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  private read(file: string, bytes: Uint8Array): Incident {
    const parsed = parseIncidentNote(decodeNote(bytes, file), path.basename(file));
    if (!parsed.ok) throw new MalformedNoteError(parsed.problems, file);
    return parsed.incident;
  }

  /** Every note of the incidents folder; a malformed one has no incident (it is never rewritten). */
  private async notes(): Promise<Array<{ file: string; incident?: Incident }>> {
    const folder = this.incidentsFolder();
    let names: string[];
    try {
      names = (await fs.readdir(folder)).filter((name) => name.endsWith('.md')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return Promise.all(
      names.map(async (name) => {
        const file = path.join(folder, name);
        try {
          return { file, incident: this.read(file, await fs.readFile(file)) };
        } catch {
          return { file };
        }
      }),
    );
  }

  private async findRunbooks(): Promise<string[]> {
    const match = picomatch(this.settings.get('runbooks'), { dot: false });
    const found: string[] = [];
    let seen = 0;
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
        if (++seen > MAX_RUNBOOK_SEARCH_FILES) return;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) await walk(full);
        } else if (entry.isFile() && match(this.relative(full))) {
          found.push(full);
        }
      }
    };
    await walk(this.root);
    return found.sort();
  }
}
