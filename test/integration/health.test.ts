// Runbook health in a real VS Code: runs recorded in the workspace's notes become information problems at the
// step's line in the open runbook, with "Mark as reviewed" (workspace state, the runbook untouched).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { addEvent, declare, resolve } from '../../src/core/incident/lifecycle';
import { serializeIncidentNote } from '../../src/core/incident/note';
import { parseRunbook } from '../../src/core/runbook';
import { api, incidentsDir, waitForProblems, workspaceRoot } from './support';

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
});
