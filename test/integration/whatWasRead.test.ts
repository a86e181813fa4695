// Runbooks as real teams write them, in a real VS Code: levels kept in an HTML table and named P1–P4 show by those
// names in the Runbook tree, the flowchart's triage and an incident's row (never as SEV1–SEV4), and the What Was Read
// view lists what was read with its lines, and the defaults in force for a runbook that defines no levels.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { repoRoot } from '../harness/paths';
import type { IncidentNode } from '../../src/vscode/incident/incidentTree';
import type { RunbookNode } from '../../src/vscode/runbook/runbookTree';
import type { ReadNode } from '../../src/vscode/runbook/whatWasReadTree';
import { api, declare, waitUntil, workspaceRoot } from './support';

const PRIORITIES = 'html-table-priorities.md';
/** The no-levels fixture under a name of its own, so the Default levels suite's copy never collides with it. */
const NO_LEVELS = 'what-was-read-no-levels.md';

interface FlowchartState {
  rendered: boolean;
  runbookUri: string | null;
  levels: number[];
  triageLevels: string[];
}

/** "label — description @line" per item, depth first and indented: the view as a person reads it, with where a click goes. */
async function listing(provider: vscode.TreeDataProvider<ReadNode>, parent: ReadNode, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const child of (await provider.getChildren(parent)) ?? []) {
    const item = await provider.getTreeItem(child);
    const target = item.command?.command === 'incidentRunbook.openRunbook' ? ` @${(item.command.arguments?.[0] as { line: number }).line + 1}` : item.command ? ` @${String(item.command.arguments?.[0])}` : '';
    out.push(`${String(item.label)}${item.description ? ` — ${String(item.description)}` : ''}${target}`);
    if (depth > 1) out.push(...(await listing(provider, child, depth - 1)).map((line) => `  ${line}`));
  }
  return out;
}

function assertListed(lines: readonly string[], expected: readonly string[]): void {
  for (const line of expected) assert.ok(lines.includes(line), `missing "${line}" in:\n${lines.join('\n')}`);
}

async function runbookRead(file: string): Promise<ReadNode> {
  const { services, trees } = await api();
  await waitUntil(`${path.basename(file)} read`, [services.runbooks.onDidChange], async () => (await services.runbooks.all()).some((r) => r.uri.fsPath === file));
  return waitUntil(`${path.basename(file)} in What Was Read`, [trees.whatWasRead.onDidChangeTreeData], async () => trees.whatWasRead.runbookNode(vscode.Uri.file(file)));
}

suite('Runbooks as written', () => {
  const priorities = path.join(workspaceRoot(), 'runbooks', PRIORITIES);
  const noLevels = path.join(workspaceRoot(), 'runbooks', NO_LEVELS);
  const declared: string[] = [];

  suiteSetup(() => {
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/runbooks/views', PRIORITIES), priorities);
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/runbooks/no-levels.md'), noLevels);
  });

  suiteTeardown(async () => {
    for (const incidentId of declared) await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId }, 'Test over');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(priorities, { force: true });
    fs.rmSync(noLevels, { force: true });
  });

  test('HTML-table levels named P1–P4 show by their names in the Runbook tree', async () => {
    const { trees } = await api();
    await runbookRead(priorities);
    const runbookNode = await waitUntil('its node in the Runbook tree', [trees.runbook.onDidChangeTreeData], async () =>
      ((await trees.runbook.getChildren()) ?? []).find((n: RunbookNode) => n.kind === 'runbook' && n.loaded.uri.fsPath === priorities),
    );
    const levels = ((await trees.runbook.getChildren(runbookNode)) ?? []).find((n) => n.kind === 'section' && n.section === 'levels');
    assert.ok(levels, 'a Severity Levels section');
    const labels = await Promise.all(((await trees.runbook.getChildren(levels)) ?? []).map(async (n) => String((await trees.runbook.getTreeItem(n)).label)));
    assert.deepStrictEqual(labels, ['P1: respond within 10 min', 'P2: respond within 1 hour', 'P3: respond by next business day', 'P4: respond by next business day']);
  });

  test('the flowchart view’s triage names the levels P1–P4, and each level is a node to click', async () => {
    const { onDidChangeFlowchart } = await api();
    await runbookRead(priorities);
    await vscode.window.showTextDocument(vscode.Uri.file(priorities), { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
    const state = (): Thenable<FlowchartState> => vscode.commands.executeCommand<FlowchartState>('incidentRunbook.flowchartState');
    const drawn = await waitUntil('the ledger runbook’s chart drawn', [onDidChangeFlowchart], async () => {
      const now = await state();
      return now.rendered && now.runbookUri?.endsWith(`/runbooks/${PRIORITIES}`) && now;
    }, { timeoutMs: 45_000, seen: state });
    assert.deepStrictEqual(drawn.triageLevels, ['P1', 'P2', 'P3', 'P4']);
    assert.deepStrictEqual([...drawn.levels].sort(), [1, 2, 3, 4]);
  });

  test('an incident declared at P1 is grouped and described as P1 in the Open Incidents tree', async () => {
    const { trees } = await api();
    const id = await declare('Journal entries doubled', 1, { runbookUri: vscode.Uri.file(priorities).toString() });
    declared.push(id);
    // Until the tree has read the incident's runbook it names the level by its number: wait for the row as it
    // settles (named from the runbook), not for its first appearance (a run filtered to this test saw "SEV1" then).
    const [group, row] = await waitUntil('the incident in the tree, named from its runbook', [trees.incidents.onDidChangeTreeData], async () => {
      for (const node of (await trees.incidents.getChildren()) ?? []) {
        const found = ((await trees.incidents.getChildren(node)) ?? []).find((n: IncidentNode) => n.kind === 'incident' && n.incident.id === id);
        if (!found) continue;
        const item = await trees.incidents.getTreeItem(found);
        return /^SEV\d/.test(String(item.description)) ? undefined : ([await trees.incidents.getTreeItem(node), item] as const);
      }
      return undefined;
    });
    // Other suites' open SEV1 incidents (from the bundled runbook) share the group: their name stands beside ours.
    assert.match(String(group.label), /(^|\/ )P1( \/|$)/, String(group.label));
    assert.match(String(row.description), /^P1 · /, String(row.description));
  });

  test('What Was Read lists the levels, steps and playbooks with their lines; a click opens the line', async () => {
    const { trees } = await api();
    const node = await runbookRead(priorities);
    const lines = await listing(trees.whatWasRead, node, 3);
    assertListed(lines, [
      'Levels — 4',
      '  P1 — respond within 10 min @12',
      '  P3 — next business day (no clock before it) @24',
      'Diagnostic steps — 2',
      '  Is the posting queue draining? — ledgerctl queue depth --queue postings @41',
      '    ledgerctl queue depth --queue postings @42',
      'Playbooks (known incidents) — 1',
      '  INC-001: Duplicate postings after a writer restart — severity P1 @49',
      'Status-update template — the default template — this runbook has none',
    ]);
    assert.deepStrictEqual(lines.filter((line) => /\bSEV\d\b/.test(line) && !/Read as/.test(line)), [], lines.join('\n'));

    const levels = ((await trees.whatWasRead.getChildren(node)) ?? []).find((n) => n.kind === 'item' && n.item.key === 'levels');
    assert.ok(levels);
    const [p1] = (await trees.whatWasRead.getChildren(levels)) ?? [];
    const open = (await trees.whatWasRead.getTreeItem(p1)).command;
    assert.ok(open, 'P1 opens its line');
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const editor = await waitUntil('the runbook at P1’s row', [vscode.window.onDidChangeActiveTextEditor, vscode.window.onDidChangeTextEditorSelection], () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath === priorities && active.selection.active.line === 11 && active;
    });
    // The row's first line: its <tr>, with P1's cell just below.
    assert.match(editor.document.getText(new vscode.Range(11, 0, 13, 0)), /^\s*<tr>\s*\n\s*<td><b>P1<\/b><\/td>/);
  });

  test('for a runbook that defines no levels, What Was Read says so and lists the defaults in force, each opening its setting', async () => {
    const { trees } = await api();
    const node = await runbookRead(noLevels);
    const lines = await listing(trees.whatWasRead, node, 2);
    assertListed(lines, [
      'Levels — default levels — this runbook defines none',
      '  Default levels — this runbook defines none — open incidentRunbook.defaultLevels @incidentRunbook.defaultLevels',
      '  SEV1 — default — no response time stated @incidentRunbook.defaultLevels',
      'Defaults in force — 3',
      '  Default levels — this runbook defines none — SEV1, SEV2, SEV3, SEV4 @incidentRunbook.defaultLevels',
    ]);
    assert.ok(lines.some((line) => /^ {2}Status-update cadence: your setting, not the runbook — SEV1 every .* @incidentRunbook\.updateCadenceMinutes$/.test(line)), lines.join('\n'));
    // The runbook's own parts are still its own, at their lines.
    assert.ok(lines.includes('Escalation rules — 2') && lines.includes('  L2: Search lead — clock: 45 min after declaration, for SEV1 @28'), lines.join('\n'));
  });

  test('Runbook: Show What Was Read opens the view on the runbook it is given', async () => {
    await runbookRead(priorities);
    await vscode.commands.executeCommand('incidentRunbook.showWhatWasRead', vscode.Uri.file(priorities).toString());
  });
});
