// What the integration tests share: the extension's API, the workspace, and waiting for VS Code to catch up
// on the events it and the extension emit (never by polling or sleeping).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { IncidentRunbookApi, TestClockApi } from '../../src/extension';
import type { Incident } from '../../src/core/incident/model';

export const EXTENSION_ID = 'incident-runbook.incident-runbook';

export async function api(): Promise<IncidentRunbookApi> {
  const extension = vscode.extensions.getExtension<IncidentRunbookApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function incidentsDir(): string {
  return path.join(workspaceRoot(), 'incidents');
}

/**
 * Waits for `probe` to return a value (not undefined/false), checking it now and each time one of
 * `events` fires (a store change, a tree refresh): no polling. On timeout the error names what was
 * awaited and what the probe last saw (`describe` of its last input, when given).
 */
export async function waitUntil<T>(
  what: string,
  events: readonly vscode.Event<unknown>[],
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; seen?: () => unknown } = {},
): Promise<T> {
  const { timeoutMs = 20_000, seen } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let checking = Promise.resolve();
    const subscriptions: vscode.Disposable[] = [];
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      outcome();
    };
    // One check at a time, in the order the events came.
    const check = (): void => {
      checking = checking.then(async () => {
        if (settled) return;
        try {
          const value = await probe();
          if (value !== undefined && value !== false) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      });
    };
    const timer = setTimeout(() => {
      void checking.then(async () => {
        const last = seen ? JSON.stringify(await seen()) : 'n/a';
        finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${last}`)));
      });
    }, timeoutMs);
    for (const event of events) subscriptions.push(event(check));
    check();
  });
}

/** Waits for the Problems of `uris` to satisfy `probe`, re-checked as VS Code's diagnostics change. */
export function waitForProblems<T>(what: string, uris: readonly vscode.Uri[], probe: () => T | undefined | false): Promise<T> {
  return waitUntil(what, [vscode.languages.onDidChangeDiagnostics], probe, {
    seen: () => uris.map((uri) => ({ [path.basename(uri.fsPath)]: vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}: ${d.message}`) })),
  });
}

/** Waits for the tree's labels (see treeLabels) to satisfy `match`, re-read each time the tree says it changed; returns them. */
export function waitForTree<T>(what: string, provider: vscode.TreeDataProvider<T> & { onDidChangeTreeData: vscode.Event<unknown> }, match: (labels: string[]) => boolean, depth = 2): Promise<string[]> {
  return waitUntil(what, [provider.onDidChangeTreeData], async () => {
    const labels = await treeLabels(provider, undefined, depth);
    return match(labels) && labels;
  }, { seen: () => treeLabels(provider, undefined, depth) });
}

/** Waits for the incident `id` in the store to satisfy `match`, re-read at each store change; returns it. */
export async function waitForIncident(what: string, id: string, match: (incident: Incident) => boolean, timeoutMs?: number): Promise<Incident> {
  const { services } = await api();
  return waitUntil(what, [services.store.onDidChange], async () => {
    const found = (await services.store.find(id))?.incident;
    return found && match(found) && found;
  }, { timeoutMs, seen: async () => (await services.store.find(id)) ?? `no note with id ${id}` });
}

export async function declare(title: string, level: number, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('incidentRunbook.declareIncident', { level, title, knownIncident: '', background: true, ...extra });
  assert.ok(id, `declaring "${title}" returned no incident id`);
  return id;
}

export async function incident(id: string): Promise<Incident> {
  const entry = await (await api()).services.store.find(id);
  assert.ok(entry?.incident, `incident ${id} is not in the store`);
  return entry.incident;
}

export function notePath(id: string): string {
  return path.join(incidentsDir(), `${id}.md`);
}

export function readNote(id: string): string {
  return fs.readFileSync(notePath(id), 'utf8');
}

/** Labels of the tree's items, depth first, as "label — description" where there is one. */
export async function treeLabels<T>(provider: vscode.TreeDataProvider<T>, parent?: T, depth = 2): Promise<string[]> {
  const labels: string[] = [];
  for (const child of (await provider.getChildren(parent)) ?? []) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    labels.push(item.description ? `${label} — ${String(item.description)}` : label);
    if (depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) labels.push(...(await treeLabels(provider, child, depth - 1)).map((l) => `  ${l}`));
  }
  return labels;
}

/** The extension's clock, which the harness lets tests move (INCIDENT_RUNBOOK_TEST_CLOCK): each move runs a deadline check. */
export async function testClock(): Promise<TestClockApi> {
  const { testClock: clock } = await api();
  assert.ok(clock, 'the extension runs on the system clock: the harness sets INCIDENT_RUNBOOK_TEST_CLOCK for the VS Code passes');
  return clock;
}

/**
 * Removes a runbook a test wrote and waits until the extension no longer reads it: left behind, it would be in
 * the next tests' workspace (with two runbooks the Runbook tree shows one node per runbook, not the sections).
 */
export async function removeRunbook(file: string): Promise<void> {
  fs.rmSync(file, { force: true });
  const { services } = await api();
  const readNow = async (): Promise<string[]> => (await services.runbooks.all()).map((r) => r.uri.fsPath);
  await waitUntil(`${path.basename(file)} no longer read`, [services.runbooks.onDidChange], async () => !(await readNow()).includes(file), { seen: readNow });
}

interface GitExtensionEnablement {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): { readonly repositories: readonly { readonly rootUri: vscode.Uri }[]; readonly onDidCloseRepository: vscode.Event<unknown> };
}

/**
 * Turns VS Code's git on for one test (the harness turns it off) and waits until its extension says it is enabled;
 * the returned function puts the setting back. The setting is written even when the extension is enabled already:
 * turning the setting off does not disable the extension before a reload, but it opens no repository where the
 * setting is off (a test that skipped the setting after another test's restore found no repository).
 */
export async function enableGit(): Promise<() => Promise<void>> {
  const extension = vscode.extensions.getExtension<GitExtensionEnablement>('vscode.git');
  assert.ok(extension, 'the built-in git extension is present');
  const exports = extension.isActive ? extension.exports : await extension.activate();
  const settings = vscode.workspace.getConfiguration('git');
  const before = settings.inspect<boolean>('enabled')?.workspaceValue;
  const enabled = waitUntil('git enabled', [exports.onDidChangeEnablement], () => exports.enabled);
  await settings.update('enabled', true, vscode.ConfigurationTarget.Workspace);
  await enabled;
  return async () => {
    await vscode.workspace.getConfiguration('git').update('enabled', before, vscode.ConfigurationTarget.Workspace);
  };
}

/** Closes the git extension's repository at `root` before a test deletes its .git: an open one keeps running git on it. */
export async function closeGitRepository(root: string): Promise<void> {
  const extension = vscode.extensions.getExtension<GitExtensionEnablement>('vscode.git');
  const gitApi = extension?.isActive && extension.exports.enabled ? extension.exports.getAPI(1) : undefined;
  const open = gitApi?.repositories.find((r) => r.rootUri.fsPath === root);
  if (!gitApi || !open) return;
  const closed = waitUntil('the test repository closed', [gitApi.onDidCloseRepository], () => !gitApi.repositories.includes(open));
  await vscode.commands.executeCommand('git.close', open.rootUri);
  await closed;
}
