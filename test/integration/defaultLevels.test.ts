// A runbook that defines no levels, in a real VS Code: the Runbook tree says its levels are the defaults and opens
// the setting they come from, and an incident declared from it runs no response clock.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { repoRoot } from '../harness/paths';
import type { IncidentNode } from '../../src/vscode/incident/incidentTree';
import type { RunbookNode } from '../../src/vscode/runbook/runbookTree';
import { api, declare, incident, removeRunbook, treeLabels, waitUntil, workspaceRoot } from './support';

const FIXTURE = 'no-levels.md';

async function childItems<T>(provider: vscode.TreeDataProvider<T>, parent?: T): Promise<{ node: T; item: vscode.TreeItem }[]> {
  const children = (await provider.getChildren(parent)) ?? [];
  return Promise.all(children.map(async (node) => ({ node, item: await provider.getTreeItem(node) })));
}

suite('Default levels', () => {
  const file = path.join(workspaceRoot(), 'runbooks', FIXTURE);
  let incidentId: string | undefined;

  suiteSetup(() => {
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/runbooks', FIXTURE), file);
  });

  suiteTeardown(async () => {
    // Resolved before the runbook goes, so the open incidents other suites see are their own.
    if (incidentId) await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId }, 'Test over');
    await removeRunbook(file);
  });

  test('the Runbook tree says the levels are defaults, with one click to their setting', async () => {
    const { services, trees } = await api();
    await waitUntil('the runbook without levels', [services.runbooks.onDidChange], async () => (await services.runbooks.all()).some((r) => r.uri.fsPath === file));
    const runbookNode = await waitUntil('its node in the Runbook tree', [trees.runbook.onDidChangeTreeData], async () =>
      ((await trees.runbook.getChildren()) ?? []).find((n: RunbookNode) => n.kind === 'runbook' && n.loaded.uri.fsPath === file),
    );
    const sections = await childItems(trees.runbook, runbookNode);
    const levels = sections.find(({ node }) => node.kind === 'section' && node.section === 'levels');
    assert.ok(levels, JSON.stringify(sections.map(({ item }) => item.label)));
    assert.match(String(levels.item.description), /default levels — this runbook defines none/);
    const [notice, ...levelRows] = await childItems(trees.runbook, levels.node);
    assert.strictEqual(notice.node.kind, 'defaultLevels');
    assert.match(String(notice.item.label), /^Default levels — this runbook defines none$/);
    assert.deepStrictEqual([notice.item.command?.command, notice.item.command?.arguments], ['workbench.action.openSettings', ['incidentRunbook.defaultLevels']]);
    // No invented time beside a level.
    assert.deepStrictEqual(levelRows.map(({ item }) => item.label), ['SEV1: no response time stated', 'SEV2: no response time stated', 'SEV3: no response time stated', 'SEV4: no response time stated']);
    // The runbook that states its levels says nothing of the kind.
    const labels = await treeLabels(trees.runbook, undefined, 3);
    assert.strictEqual(labels.filter((l) => l.includes('default levels')).length, 1, JSON.stringify(labels));

    const open = notice.item.command;
    assert.ok(open);
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    await waitUntil('the Settings editor', [vscode.window.tabGroups.onDidChangeTabs], () => vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes('Settings'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('an incident declared from it runs no response clock: its row counts down to nothing but the cadence setting’s update', async () => {
    const { trees } = await api();
    const id = await declare('Search answers nothing', 2, { runbookUri: vscode.Uri.file(file).toString() });
    incidentId = id;
    assert.match((await incident(id)).runbook, /no-levels\.md$/);
    const row = await waitUntil('the incident in the tree', [trees.incidents.onDidChangeTreeData], async () => {
      for (const group of (await trees.incidents.getChildren()) ?? []) {
        const found = ((await trees.incidents.getChildren(group)) ?? []).find((n: IncidentNode) => n.kind === 'incident' && n.incident.id === id);
        if (found) return trees.incidents.getTreeItem(found);
      }
      return undefined;
    });
    const description = String(row.description);
    assert.doesNotMatch(description, /Acknowledge/, description);
    assert.match(description, /^SEV2 · Investigating · \S+ · Post a status update in .+ \(cadence setting\)$/, description);
    const tooltip = row.tooltip instanceof vscode.MarkdownString ? row.tooltip.value : String(row.tooltip);
    assert.match(tooltip, /No response clock: SEV2 is a default level \(the runbook defines none\) with no response time\./, tooltip);
    assert.match(tooltip, /your setting incidentRunbook\.updateCadenceMinutes, not the runbook's/, tooltip);
  });

  test('the setting’s levels replace the shipped ones as soon as it changes', async () => {
    const { services } = await api();
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    await configuration.update('defaultLevels', [{ level: 1, impact: 'Nobody can search' }, { level: 2, impact: 'Search is slow' }], vscode.ConfigurationTarget.Workspace);
    try {
      const levels = await waitUntil('the runbook read with the new setting', [services.runbooks.onDidChange], async () => {
        const found = (await services.runbooks.all()).find((r) => r.uri.fsPath === file)?.runbook.levels;
        return found?.length === 2 && found;
      });
      assert.deepStrictEqual(levels.map((level) => [level.id, level.impact, level.origin]), [['SEV1', 'Nobody can search', 'default'], ['SEV2', 'Search is slow', 'default']]);
    } finally {
      await configuration.update('defaultLevels', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
