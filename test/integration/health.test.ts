// Runbook health in a real VS Code: runs recorded in the workspace's notes become information problems at the
// step's line in the open runbook, with "Mark as reviewed" (workspace state, the runbook untouched).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { healthFindings, runbookHealth } from '../../src/core/health/health';
import { addEvent, declare, resolve } from '../../src/core/incident/lifecycle';
import { parseIncidentNote, serializeIncidentNote } from '../../src/core/incident/note';
import { parseRunbook } from '../../src/core/runbook';
import { repoRoot } from '../harness/paths';
import { api, incidentsDir, removeRunbook, waitForProblems, waitUntil, workspaceRoot } from './support';

suite('Runbook health', () => {
  const runbookFile = path.join(workspaceRoot(), 'runbooks', 'default-runbook.md');
  const written: string[] = [];

  suiteTeardown(() => {
    for (const file of written) fs.rmSync(file, { force: true });
  });

  test('a step whose last runs ended "command not found" is a problem at its line, until marked as reviewed', async () => {
    const { services } = await api();
    const before = fs.readFileSync(runbookFile, 'utf8');
    const runbook = parseRunbook(before, runbookFile);
    const database = runbook.diagnostics.find((d) => d.title === 'Check the database');
    assert.ok(database?.source);
    fs.mkdirSync(incidentsDir(), { recursive: true });
    for (const n of [1, 2]) {
      const start = new Date(Date.UTC(2026, 9, n, 9));
      const declared = declare({ title: `Health check ${n}`, level: 3, commander: 'ana', runbook, runbookPath: vscode.workspace.asRelativePath(runbookFile) }, start);
      assert.ok(declared.ok);
      const ran = addEvent(declared.incident, { kind: 'command', text: `\`pg_isready -h db${n} -p 5432\` exited 127 in 9 ms (the terminal)` }, new Date(start.getTime() + 60_000));
      assert.ok(ran.ok);
      const resolved = resolve(ran.incident, new Date(start.getTime() + 120_000), 'replaced the tool');
      assert.ok(resolved.ok);
      const file = path.join(incidentsDir(), `${resolved.incident.id}.md`);
      fs.writeFileSync(file, serializeIncidentNote(resolved.incident));
      written.push(file);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(runbookFile));
    const uri = vscode.Uri.file(runbookFile);
    const stale = await waitForProblems('the stale-step health problem', [uri], () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Incident Runbook (health)' && d.message.startsWith('"Check the database" is stale')),
    );
    assert.strictEqual(stale.range.start.line, database.source.line);
    assert.strictEqual(stale.severity, vscode.DiagnosticSeverity.Information);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, stale.range);
    const review = actions.find((a) => a.title.startsWith('Mark as reviewed'));
    const open = actions.find((a) => a.title === 'Open the note of its last run');
    assert.ok(review?.command && open?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.strictEqual((open.command.arguments?.[0] as vscode.Uri).fsPath, written[1]);
    await vscode.commands.executeCommand(review.command.command, ...(review.command.arguments ?? []));
    await waitForProblems('the reviewed problem gone', [uri], () => !vscode.languages.getDiagnostics(uri).some((d) => d.message.startsWith('"Check the database" is stale')));
    assert.strictEqual(fs.readFileSync(runbookFile, 'utf8'), before, 'the runbook is never written');
    assert.ok(services);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the Incident History panel has a Runbook Health section with the figures the CLI prints', async () => {
    const { services, onDidRenderHistoryHealth } = await api();
    const fixture = path.join(repoRoot, 'test/fixtures/health-history');
    const runbookCopy = path.join(workspaceRoot(), 'runbooks', 'ledger-runbook.md');
    const noteNames = fs.readdirSync(path.join(fixture, 'incidents'));
    let shown: string[] = [];
    const listening = onDidRenderHistoryHealth((rows) => (shown = rows));
    try {
      fs.copyFileSync(path.join(fixture, 'runbooks', 'ledger-runbook.md'), runbookCopy);
      fs.mkdirSync(incidentsDir(), { recursive: true });
      for (const name of noteNames) fs.copyFileSync(path.join(fixture, 'incidents', name), path.join(incidentsDir(), name));
      const readNow = async (): Promise<string[]> => (await services.runbooks.all()).map((r) => r.uri.fsPath);
      await waitUntil('the ledger runbook read', [services.runbooks.onDidChange], async () => (await readNow()).includes(runbookCopy), { seen: readNow });
      await waitUntil('the ledger notes read', [services.store.onDidChange], async () => (await services.store.incidents()).filter((i) => i.runbook === 'runbooks/ledger-runbook.md').length === noteNames.length);

      await vscode.commands.executeCommand('incidentRunbook.showHistory');
      const rows = await waitUntil('the Runbook Health rows of the ledger runbook', [onDidRenderHistoryHealth], () => shown.some((r) => r.startsWith('Check the ledger API')) && shown, { seen: () => shown });

      // What the panel shows, row by row, as the person reads it.
      for (const row of [
        'Check the ledger API | runs 6 | failed 1 | last 2026-11-10 16:20 UTC | failed 1 of 6',
        'Check the posting queue | runs 2 | failed 2 | last 2026-10-08 14:05 UTC | stale (last 2 runs: command not found)',
        'Check replication lag | runs 0 | failed 0 | last never | never run in 7 incidents',
        'Known incident INC-102 (Ledger Unreachable) was never declared in 7 incidents.',
        '1 incident resolved with no diagnostic run: 2026-10-15-slow-export.',
        'SEV1: response SLA missed in 1 of 1 incident.',
        'SEV2: response SLA missed in 1 of 3 incidents.',
      ]) {
        assert.ok(rows.includes(row), `${row}\nnot among:\n${rows.join('\n')}`);
      }
      // The same figures as `incident-runbook health` (runbookHealth and healthFindings over the same files).
      const runbook = parseRunbook(fs.readFileSync(runbookCopy, 'utf8'), runbookCopy);
      const incidents = noteNames.map((name) => {
        const parsed = parseIncidentNote(fs.readFileSync(path.join(fixture, 'incidents', name), 'utf8'), name);
        assert.ok(parsed.ok, name);
        return parsed.incident;
      });
      const health = runbookHealth(runbook, incidents, { neverRunIncidents: 5, staleRuns: 2, now: new Date('2026-12-01T00:00:00Z') });
      for (const step of health.steps) assert.ok(rows.some((r) => r.startsWith(`${step.title} | runs ${step.runs.length} | failed ${step.failures} |`)), step.title);
      for (const finding of healthFindings({ ...health, steps: [] })) assert.ok(rows.includes(finding.message), finding.message);
    } finally {
      listening.dispose();
      for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Incident History')) await vscode.window.tabGroups.close(tab);
      for (const name of noteNames) fs.rmSync(path.join(incidentsDir(), name), { force: true });
      await removeRunbook(runbookCopy);
    }
  });
});
