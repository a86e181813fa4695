// The demo's commands (Demo: Break the Service, Demo: Restart the Service), offered while a demo service runs
// beside a workspace folder: `npm start` runs it and it writes its address to the folder's .demo/service.json,
// removed when it stops. The commands talk to its control endpoints over HTTP; the service is never loaded here.
import * as vscode from 'vscode';
import { BREAK_MODES, DEMO_CONTROL_PATHS, DEMO_STATE_FILE, isBreakMode, parseDemoState, type BreakModeInfo } from '../../core/demo/protocol';
import { postJson } from '../../node/outbound';
import { ActionableError, type CommandTable } from '../commands';

/** True while a workspace folder has a running demo service: the palette shows the demo commands then. */
export const DEMO_RUNNING_CONTEXT = 'incidentRunbook.demoRunning';
const CONTROL_TIMEOUT_MS = 5_000;

export function registerDemo(log: vscode.LogOutputChannel): { commands: CommandTable; disposable: vscode.Disposable } {
  const origins = new Map<string, string>();
  const watchers: vscode.Disposable[] = [];

  const readState = async (folder: vscode.WorkspaceFolder): Promise<void> => {
    const file = vscode.Uri.joinPath(folder.uri, DEMO_STATE_FILE);
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      text = undefined; // no demo service in this folder
    }
    const state = text === undefined ? undefined : parseDemoState(text);
    if (state && 'problem' in state) log.warn(`Demo: ${state.problem} (${file.fsPath}); no demo command for that folder.`);
    if (state && 'origin' in state) origins.set(folder.uri.toString(), state.origin);
    else origins.delete(folder.uri.toString());
    void vscode.commands.executeCommand('setContext', DEMO_RUNNING_CONTEXT, origins.size > 0);
  };

  const watchFolders = (): void => {
    vscode.Disposable.from(...watchers.splice(0)).dispose();
    origins.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, DEMO_STATE_FILE));
      const reread = (): void => void readState(folder);
      watchers.push(watcher, watcher.onDidCreate(reread), watcher.onDidChange(reread), watcher.onDidDelete(reread));
      reread();
    }
  };
  watchFolders();

  const control = async (path: string, body: unknown): Promise<void> => {
    const origin = [...origins.values()][0];
    if (!origin) throw new ActionableError('No demo service is running: start one with `npm start` in the extension’s repository.', [], 'warning');
    const outcome = await postJson(`${origin}${path}`, body, { timeoutMs: CONTROL_TIMEOUT_MS });
    if (outcome.kind === 'sent') return;
    const why = outcome.kind === 'http' ? `it answered ${outcome.status} ${outcome.message}` : outcome.message;
    throw new ActionableError(`The demo service at ${origin} did not take the command (${why}). Is \`npm start\` still running?`);
  };

  const breakService = async (arg?: unknown): Promise<BreakModeInfo | undefined> => {
    const asked = (typeof arg === 'object' && arg !== null ? (arg as { mode?: unknown }).mode : undefined) ?? undefined;
    if (asked !== undefined && !isBreakMode(asked)) throw new ActionableError(`No demo failure is called “${String(asked)}”: use ${BREAK_MODES.map((m) => m.mode).join(', ')}.`);
    const chosen = asked
      ? BREAK_MODES.find((m) => m.mode === asked)
      : await vscode.window.showQuickPick(
          BREAK_MODES.map((m) => ({ label: m.label, detail: m.detail, info: m })),
          { title: 'Demo: Break the Service', placeHolder: 'How should the demo service fail?' },
        ).then((pick) => pick?.info);
    if (!chosen) return undefined;
    await control(DEMO_CONTROL_PATHS.break, { mode: chosen.mode });
    void vscode.window.showInformationMessage(`The demo service is failing: ${chosen.label.toLowerCase()}. Declare an incident and run the runbook’s quick checks.`);
    return chosen;
  };

  const restartService = async (): Promise<boolean> => {
    await control(DEMO_CONTROL_PATHS.restart, {});
    void vscode.window.showInformationMessage('The demo service restarted. Run the health check again to confirm, then resolve the incident.');
    return true;
  };

  return {
    commands: { 'incidentRunbook.demoBreakService': breakService, 'incidentRunbook.demoRestartService': restartService },
    disposable: vscode.Disposable.from(vscode.workspace.onDidChangeWorkspaceFolders(watchFolders), { dispose: () => vscode.Disposable.from(...watchers).dispose() }),
  };
}
