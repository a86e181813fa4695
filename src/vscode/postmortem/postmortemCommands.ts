import * as path from 'path';
import * as vscode from 'vscode';
import { defaultSetting } from '../../config';
import type { Incident } from '../../core/incident/model';
import { generatePostmortem, postmortemFileName } from '../../core/postmortem/draft';
import { regeneratePostmortem } from '../../core/postmortem/regenerate';
import type { CommandTable } from '../commands';
import { decodeNote, fileInFolder } from '../../node/noteFiles';
import { changesHours, readChangesBefore } from '../git/gitContext';
import { pickIncident, type IncidentArg } from '../incident/pickIncident';
import type { Services } from '../services';

const PREVIEW_SCHEME = 'incident-runbook-preview';

export interface PostmortemArgs {
  incidentId?: string;
  /** Write without the preview and its question (tests and automation). */
  confirm?: boolean;
  /** Do not open the draft afterwards. */
  background?: boolean;
}

/**
 * Generate Post-mortem Draft: writes `postmortems/<note name>.md` from the note and the runbook. Regenerating keeps
 * what a person wrote (edited and added sections) and shows the difference before anything is written.
 */
export function createPostmortemCommands(services: Services): { commands: CommandTable; disposables: vscode.Disposable[] } {
  const previews = new Map<string, string>();
  const previewProvider = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
    provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '',
  });

  const generate = async (arg?: PostmortemArgs & IncidentArg): Promise<vscode.Uri | undefined> => {
    const args = (typeof arg === 'object' ? arg : {}) as PostmortemArgs;
    const incident = await pickIncident(services, (arg as IncidentArg) ?? { any: true }, 'Draft a post-mortem for which incident?');
    if (!incident) return undefined;
    const noteUri = await services.store.uriOf(incident.id);
    const place = noteUri && postmortemPlace(services, incident, noteUri);
    if (!noteUri || !place) return undefined;
    const { folder, target } = place;
    const fresh = await draftFor(services, incident, noteUri, folder);

    let existing: string | undefined;
    try {
      // Strict: a draft in another encoding is refused, not rewritten with its bytes turned into U+FFFD.
      existing = decodeNote(await vscode.workspace.fs.readFile(target), target.fsPath);
    } catch (error) {
      // Only a missing file means "no draft yet"; any other failure must not lead to writing over it.
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
      existing = undefined;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (open?.isDirty) existing = open.getText();

    if (existing === undefined) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(fresh));
    } else {
      const { text, changes } = regeneratePostmortem(existing, fresh);
      if (text === existing) {
        void vscode.window.showInformationMessage('The post-mortem draft is already up to date.');
      } else {
        const kept = changes.filter((c) => c.change === 'kept-edited').map((c) => c.section);
        const refreshed = changes.filter((c) => c.change === 'refreshed' || c.change === 'added').map((c) => c.section);
        if (!args.confirm && !(await confirmWithPreview(previews, target, text, refreshed, kept))) return undefined;
        // Through the editor, so the regeneration is one undo step and unsaved edits are the base, not lost.
        const document = await vscode.workspace.openTextDocument(target);
        // The draft may have changed while the preview was open (a teammate's edit, a pull): regenerate from
        // it as it is now, which keeps those edits as it kept the earlier ones.
        const now = document.getText();
        const final = now === existing ? text : regeneratePostmortem(now, fresh).text;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(target, new vscode.Range(0, 0, document.lineCount, 0), final);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${vscode.workspace.asRelativePath(target)}; the draft was not changed.`);
        if (!(await document.save())) throw new Error(`${vscode.workspace.asRelativePath(target)} could not be saved; the regenerated draft is in the editor, unsaved.`);
      }
    }
    if (!args.background) await vscode.window.showTextDocument(target, { preview: false });
    return target;
  };

  return {
    commands: { 'incidentRunbook.generatePostmortem': (arg) => generate(arg as PostmortemArgs & IncidentArg) },
    disposables: [previewProvider],
  };
}

/** Where an incident's draft goes: the post-mortems folder of the workspace folder that keeps its note. */
export function postmortemPlace(services: Services, incident: Incident, noteUri: vscode.Uri): { folder: vscode.Uri; target: vscode.Uri } | undefined {
  // The workspace folder that keeps the note keeps its post-mortem too (multi-root: each team its own).
  const root = vscode.workspace.getWorkspaceFolder(noteUri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!root) return undefined;
  const folder = vscode.Uri.joinPath(root.uri, services.settings.get('postmortemsFolder', root.uri) || defaultSetting('postmortemsFolder'));
  // The name comes from the note's id: it must stay a file of the post-mortems folder.
  fileInFolder(folder.fsPath, postmortemFileName(incident));
  return { folder, target: vscode.Uri.joinPath(folder, postmortemFileName(incident)) };
}

async function draftFor(services: Services, incident: Incident, noteUri: vscode.Uri, folder: vscode.Uri): Promise<string> {
  const loaded = await services.runbookOf(incident);
  const relative = (to: vscode.Uri): string => path.relative(folder.fsPath, to.fsPath).split(path.sep).join('/');
  const links = (loaded?.runbook.links ?? [])
    .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.href))
    .map((link) => ({ text: link.text, href: relative(vscode.Uri.joinPath(loaded!.uri, '..', link.href)) }));
  const { hours, problem } = changesHours(services, noteUri);
  if (problem) void vscode.window.showWarningMessage(problem);
  return generatePostmortem(incident, loaded?.runbook ?? null, {
    noteRelPath: relative(noteUri),
    runbookRelPath: loaded && !loaded.bundled ? relative(loaded.uri) : '',
    links,
    now: services.clock.now(),
    cadence: services.cadence(),
    changes: await readChangesBefore(incident, noteUri, loaded, hours),
  });
}

async function confirmWithPreview(previews: Map<string, string>, target: vscode.Uri, next: string, refreshed: string[], kept: string[]): Promise<boolean> {
  const key = `/${path.basename(target.fsPath)}`;
  previews.set(key, next);
  await vscode.commands.executeCommand('vscode.diff', target, vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: key }), `${path.basename(target.fsPath)}: current ↔ regenerated`, { preview: true });
  const detail = [refreshed.length ? `Refreshed: ${refreshed.join(', ')}.` : '', kept.length ? `Kept as you edited them: ${kept.join(', ')}.` : ''].filter(Boolean).join(' ');
  const choice = await vscode.window.showInformationMessage('Apply the regenerated post-mortem draft?', { modal: true, detail: `${detail} The diff shows every change.` }, 'Apply');
  previews.delete(key);
  return choice === 'Apply';
}
