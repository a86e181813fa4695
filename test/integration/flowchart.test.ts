// The flowchart panel inside a real VS Code: the command opens one panel beside the editor, the
// webview draws the runbook's chart and reports it (incidentRunbook.flowchartState), a second
// command reveals the same panel, and closing it forgets it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRunbook } from '../../src/core/runbook';
import { api, waitUntil } from './support';

interface FlowchartState {
  panelOpen: boolean;
  rendered: boolean;
  runbookUri: string | null;
  nodeCount: number;
  levels: number[];
  ms: number | null;
  error: string | null;
}

const VIEW_TYPE = 'incidentRunbook.flowchart';

async function state(): Promise<FlowchartState> {
  return (await vscode.commands.executeCommand<FlowchartState>('incidentRunbook.flowchartState'));
}

/** Waits for the flowchart's state to match, re-read each time the extension says it changed. */
async function waitForState(what: string, predicate: (s: FlowchartState) => boolean, timeoutMs = 45_000): Promise<FlowchartState> {
  const { onDidChangeFlowchart } = await api();
  return waitUntil(what, [onDidChangeFlowchart], async () => {
    const now = await state();
    return predicate(now) && now;
  }, { timeoutMs, seen: state });
}

/** The panel open with its chart drawn, whatever the tests before left (each test sets up its own). */
async function openPanel(): Promise<void> {
  await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
  await waitForState('the chart drawn', (s) => s.panelOpen && s.rendered);
  // The tab shows up in the extension host's tab model a moment after the panel opens.
  await waitUntil('the flowchart tab', [vscode.window.tabGroups.onDidChangeTabs], () => flowchartTabs().length > 0, { seen: () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label) });
}

function flowchartTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    // Webview tabs report the view type with an extension-specific prefix.
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE));
}

suite('Flowchart panel', () => {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const runbookFile = path.join(workspace, 'runbooks', 'default-runbook.md');

  // Each test starts with no panel open: what one test opened (and where) is not the next one's start.
  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (flowchartTabs().length > 0 || (await state()).panelOpen) await waitForState('no panel open', (s) => !s.panelOpen);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens beside the editor and draws one clickable node per level of the runbook', async () => {
    const runbook = parseRunbook(fs.readFileSync(runbookFile, 'utf8'), runbookFile);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspace, 'README.md')), { viewColumn: vscode.ViewColumn.One });

    await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
    const drawn = await waitForState('the chart drawn', (s) => s.rendered);

    assert.strictEqual(drawn.panelOpen, true);
    assert.strictEqual(drawn.error, null);
    assert.deepStrictEqual([...drawn.levels].sort(), runbook.levels.map((l) => l.level).sort());
    assert.ok(drawn.nodeCount >= runbook.levels.length * 2, `nodes drawn: ${drawn.nodeCount}`);
    assert.ok(drawn.runbookUri?.endsWith('/runbooks/default-runbook.md'), drawn.runbookUri ?? 'no runbook');
    const tabs = flowchartTabs();
    assert.strictEqual(tabs.length, 1);
    assert.strictEqual(tabs[0].group.viewColumn, vscode.ViewColumn.Two, 'the panel opens beside the README');
  });

  test('running the command again reveals the same panel', async () => {
    await openPanel();
    await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
    assert.strictEqual(flowchartTabs().length, 1);
    assert.strictEqual((await state()).panelOpen, true);
  });

  test('closing the panel forgets its chart', async () => {
    await openPanel();
    const tab = flowchartTabs()[0];
    assert.ok(tab, 'the panel is open');
    await vscode.window.tabGroups.close(tab);
    await waitForState('the panel closed', (s) => !s.panelOpen);
    assert.strictEqual(flowchartTabs().length, 0);
  });
});
