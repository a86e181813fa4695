// A multi-root workspace: `web-service` (the bundled runbook, notes in incidents/) beside `payments`
// (its own runbook, notes in ops/incidents/ by its folder setting, one earlier incident there).
// Each team's incidents stay in its own folder, and everything that reads them sees both.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, declare, treeLabels, waitForIncident, waitForProblems, waitUntil } from '../integration/support';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `the workspace has a folder named ${name}: ${vscode.workspace.workspaceFolders?.map((f) => f.name).join(', ')}`);
  return found;
}

function runbookUri(folderName: string, file: string): string {
  return vscode.Uri.joinPath(folder(folderName).uri, 'runbooks', file).toString();
}

async function noteOf(id: string): Promise<string> {
  const uri = await (await api()).services.store.uriOf(id);
  assert.ok(uri, `incident ${id} has a note`);
  return uri.fsPath;
}

/** The folders the window's .code-workspace file names, as URIs. */
function foldersOfWorkspaceFile(): string[] {
  const file = vscode.workspace.workspaceFile;
  assert.ok(file?.scheme === 'file', `the multiroot pass opens a .code-workspace file: ${String(file)}`);
  const { folders } = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as { folders: { path: string }[] };
  return folders.map((f) => vscode.Uri.file(path.resolve(path.dirname(file.fsPath), f.path)).toString());
}

/**
 * The window shows the folders of its workspace file. VS Code's web workbench (1.139, the server route) can open a
 * remote .code-workspace it has not opened before without them: it starts from its cached copy of the file (none
 * yet, so no folders) and, when the file's own content arrives before its workspace object is set up, drops that
 * update (WorkspaceService.onWorkspaceConfigurationChanged returns while `this.workspace` is unset) and keeps no
 * folders for the window's life (Explorer: "You have not yet added a folder to the workspace"). Nothing can find a
 * runbook then; the folders go back through the API, as a person would add them.
 */
async function windowShowsItsFolders(): Promise<void> {
  const expected = foldersOfWorkspaceFile();
  const shown = (): boolean => JSON.stringify((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString())) === JSON.stringify(expected);
  if (shown()) return;
  const arrived = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (shown()) {
        listener.dispose();
        resolve();
      }
    });
  });
  const current = vscode.workspace.workspaceFolders?.length ?? 0;
  console.log(`The window opened its workspace with ${current} of its ${expected.length} folders; adding them.`);
  assert.ok(vscode.workspace.updateWorkspaceFolders(0, current, ...expected.map((uri) => ({ uri: vscode.Uri.parse(uri) }))), `VS Code takes the folders ${expected.join(', ')}`);
  await arrived;
}

suite('Multi-root workspace', () => {
  suiteSetup(async () => {
    await windowShowsItsFolders();
    // Both runbooks read (the read starts after activation).
    const { services } = await api();
    await waitUntil('both runbooks', [services.runbooks.onDidChange], async () => (await services.runbooks.workspaceRunbooks()).length === 2, {
      seen: async () => (await services.runbooks.workspaceRunbooks()).map((r) => r.uri.toString()),
    });
  });

  test('a note already unreadable when the window opens is in Problems, with no change to it first', async () => {
    // Problems followed only the store's changes, and the first read of the notes is not one: a note broken before
    // the window opened (a copy in a new folder, found in the multiroot run) stayed out of Problems until some other note changed.
    const cutShort = vscode.Uri.file(path.join(folder('payments').uri.fsPath, 'ops', 'incidents', '2026-10-20-cut-short.md'));
    const before = fs.readFileSync(cutShort.fsPath, 'utf8');
    const problems = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(cutShort).filter((d) => /^Incident note not understood/.test(d.message));
    await waitForProblems('a problem on the note cut short', [cutShort], () => problems().length === 1);
    assert.strictEqual(fs.readFileSync(cutShort.fsPath, 'utf8'), before, 'reported, never rewritten');
  });

  test('reads the notes of every folder, each from its own incidents folder', async () => {
    const { services } = await api();
    const entry = await services.store.find('2026-11-01-refund-queue-stuck');
    assert.ok(entry?.incident, 'the earlier payments incident is read from payments/ops/incidents');
    assert.strictEqual(entry.uri.fsPath, path.join(folder('payments').uri.fsPath, 'ops', 'incidents', '2026-11-01-refund-queue-stuck.md'));
  });

  test('an incident declared from a runbook is written beside it, in that folder’s incidents folder', async () => {
    const payments = await declare('Double charges on Visa (multi-root)', 0, { runbookUri: runbookUri('payments', 'payments-sev0.md') });
    const web = await declare('Checkout slow (multi-root)', 2, { runbookUri: runbookUri('web-service', 'default-runbook.md') });
    assert.strictEqual(path.dirname(await noteOf(payments)), path.join(folder('payments').uri.fsPath, 'ops', 'incidents'));
    assert.strictEqual(path.dirname(await noteOf(web)), path.join(folder('web-service').uri.fsPath, 'incidents'));
    // The note names its runbook with the folder, so the right one is found again later.
    assert.match(fs.readFileSync(await noteOf(payments), 'utf8'), /^runbook: payments\/runbooks\/payments-sev0\.md$/m);
    const { services } = await api();
    const incident = (await services.store.find(payments))?.incident;
    assert.ok(incident);
    assert.strictEqual((await services.runbookOf(incident))?.uri.toString(), runbookUri('payments', 'payments-sev0.md'));
  });

  test('the same title declared in both folders on one day gets two ids, so a command never acts on the wrong note', async () => {
    const first = await declare('Same title in both folders', 2, { runbookUri: runbookUri('payments', 'payments-sev0.md') });
    const second = await declare('Same title in both folders', 2, { runbookUri: runbookUri('web-service', 'default-runbook.md') });
    assert.notStrictEqual(first, second);
    assert.strictEqual(second, `${first}-2`);
    assert.notStrictEqual(path.dirname(await noteOf(first)), path.dirname(await noteOf(second)));
  });

  test('the Open Incidents tree lists the incidents of both folders, and says where each note is', async () => {
    await declare('Refunds double-booked (tree, multi-root)', 1, { runbookUri: runbookUri('payments', 'payments-sev0.md') });
    await declare('Images missing (tree, multi-root)', 3, { runbookUri: runbookUri('web-service', 'default-runbook.md') });
    const { trees, services } = await api();
    const labels = await treeLabels(trees.incidents, undefined, 3);
    for (const title of ['Refunds double-booked (tree, multi-root)', 'Images missing (tree, multi-root)']) {
      assert.ok(labels.some((l) => l.includes(title)), `${title} in ${JSON.stringify(labels)}`);
    }
    const payments = (await services.store.incidents()).find((i) => i.title === 'Refunds double-booked (tree, multi-root)');
    assert.ok(payments);
    const item = await trees.incidents.getTreeItem({ kind: 'incident', incident: payments } as never);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.match(tooltip, /Note: payments\/ops\/incidents\//);
  });

  test('a note that names its runbook without the folder (written in a single-folder workspace) still finds it', async () => {
    const fixture = fs.readFileSync(path.join(folder('payments').uri.fsPath, 'ops', 'incidents', '2026-11-01-refund-queue-stuck.md'), 'utf8');
    const id = '2026-11-02-legacy-runbook-path';
    const legacy = fixture
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^runbook: .*$/m, 'runbook: runbooks/payments-sev0.md');
    fs.writeFileSync(path.join(folder('payments').uri.fsPath, 'ops', 'incidents', `${id}.md`), legacy);
    const { services } = await api();
    const incident = await waitForIncident('the legacy note read', id, () => true);
    assert.strictEqual(incident.runbook, 'runbooks/payments-sev0.md');
    // The other folder's runbook in the editor is the active one: what runbookOf would fall back to.
    await vscode.window.showTextDocument(vscode.Uri.parse(runbookUri('web-service', 'default-runbook.md')));
    try {
      assert.strictEqual((await services.runbooks.active())?.uri.toString(), runbookUri('web-service', 'default-runbook.md'));
      assert.strictEqual((await services.runbookOf(incident))?.uri.toString(), runbookUri('payments', 'payments-sev0.md'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('two notes with one id (copied in by hand, one per folder) are flagged in Problems until one goes', async () => {
    const original = vscode.Uri.file(path.join(folder('payments').uri.fsPath, 'ops', 'incidents', '2026-11-01-refund-queue-stuck.md'));
    const copy = vscode.Uri.file(path.join(folder('web-service').uri.fsPath, 'incidents', '2026-11-01-refund-queue-stuck.md'));
    const sharedIdWarnings = (uri: vscode.Uri): vscode.Diagnostic[] =>
      vscode.languages.getDiagnostics(uri).filter((d) => /also the id of/.test(d.message) && d.severity === vscode.DiagnosticSeverity.Warning);
    const before = fs.readFileSync(original.fsPath, 'utf8');
    fs.mkdirSync(path.dirname(copy.fsPath), { recursive: true });
    fs.copyFileSync(original.fsPath, copy.fsPath);
    try {
      await waitForProblems('a warning on both notes', [original, copy], () => sharedIdWarnings(original).length === 1 && sharedIdWarnings(copy).length === 1);
      assert.match(sharedIdWarnings(original)[0].message, /2026-11-01-refund-queue-stuck is also the id of web-service\/incidents\/2026-11-01-refund-queue-stuck\.md/);
      assert.match(sharedIdWarnings(copy)[0].message, /also the id of payments\/ops\/incidents\/2026-11-01-refund-queue-stuck\.md/);
    } finally {
      fs.rmSync(copy.fsPath, { force: true });
    }
    await waitForProblems('the warnings gone with the copy', [original], () => sharedIdWarnings(original).length === 0);
    assert.strictEqual(fs.readFileSync(original.fsPath, 'utf8'), before, 'the notes are reported, never rewritten');
  });

  test('a secret placeholder’s value set in one folder’s settings is hidden from what is written', async () => {
    // The secret values to hide were read with no folder, which in a multi-root workspace sees no folder's settings:
    // a value set for the payments folder alone went into the note as typed.
    const secret = `hunter2-${Date.now().toString(36)}`;
    const configuration = vscode.workspace.getConfiguration('incidentRunbook', folder('payments').uri);
    await configuration.update('variables', { DB_PASSWORD: secret }, vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const id = await declare(`Ledger login fails with ${secret}`, 2, { runbookUri: runbookUri('payments', 'payments-sev0.md') });
      const note = fs.readFileSync(await noteOf(id), 'utf8');
      assert.ok(!note.includes(secret), note);
      assert.match(note, /Ledger login fails with \[redacted: DB_PASSWORD\]/);
      await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Test over');
    } finally {
      await configuration.update('variables', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });

  test('a post-mortem draft goes to the folder that keeps the note', async () => {
    const target = await vscode.commands.executeCommand<vscode.Uri>('incidentRunbook.generatePostmortem', {
      incidentId: '2026-11-01-refund-queue-stuck',
      confirm: true,
      background: true,
    });
    assert.ok(target, 'the draft was written');
    assert.strictEqual(path.dirname(target.fsPath), path.join(folder('payments').uri.fsPath, 'postmortems'));
    assert.match(fs.readFileSync(target.fsPath, 'utf8'), /Refund queue stuck/);
  });
});
