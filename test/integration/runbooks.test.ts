// Runbooks in a real VS Code: problems at their lines in the Problems panel, the mis-decoding quick fix, the tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LoadedRunbook } from '../../src/vscode/runbook/runbookService';
import { api, removeRunbook, waitForProblems, waitForTree, waitUntil, workspaceRoot } from './support';

function writeRunbook(name: string, text: string): vscode.Uri {
  const file = path.join(workspaceRoot(), 'runbooks', name);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** Waits for the runbook at `uri` to be read and to satisfy `match`, re-checked as the runbooks change. */
async function waitForRunbook(what: string, uri: vscode.Uri, match: (loaded: LoadedRunbook) => boolean): Promise<LoadedRunbook> {
  const { services } = await api();
  const find = async (): Promise<LoadedRunbook | undefined> => (await services.runbooks.all()).find((r) => r.uri.fsPath === uri.fsPath);
  return waitUntil(what, [services.runbooks.onDidChange], async () => {
    const loaded = await find();
    return loaded && match(loaded) && loaded;
  }, { seen: async () => (await services.runbooks.all()).map((r) => `${r.uri.fsPath}: ${r.runbook.diagnostics.map((d) => d.title).join(', ')}`) });
}

suite('Runbooks', () => {
  test('the Runbook tree shows the sections of the workspace runbook', async () => {
    const { trees } = await api();
    const labels = await waitForTree('runbook sections', trees.runbook, (found) => found.some((l) => l.includes('Severity Levels')), 3);
    for (const section of ['Severity Levels', 'Quick Diagnosis', 'Known Incidents', 'Escalation Path']) {
      assert.ok(labels.some((l) => l.includes(section)), `${section} missing from ${JSON.stringify(labels)}`);
    }
    assert.ok(labels.some((l) => /SEV1: respond within 15 min/.test(l)), JSON.stringify(labels));
    assert.ok(labels.some((l) => l.includes('INC-001')), JSON.stringify(labels));

    // Items name their source line and open it.
    const sections = await trees.runbook.getChildren();
    const levelsSection = sections?.find((n) => n.kind === 'section' && n.section === 'levels');
    assert.ok(levelsSection);
    const [sev1] = (await trees.runbook.getChildren(levelsSection)) ?? [];
    const item = trees.runbook.getTreeItem(sev1);
    const sourceLine = fs.readFileSync(path.join(workspaceRoot(), 'runbooks', 'default-runbook.md'), 'utf8').split('\n').findIndex((l) => /^\|\s*\**1\**\s*\|/.test(l));
    assert.ok(sourceLine > 0, 'the SEV1 row is in the runbook');
    assert.match(String(item.tooltip), new RegExp(`default-runbook\\.md:${sourceLine + 1} `));
    // What a screen reader hears keeps the label and the description, which the string tooltip would replace.
    assert.ok(item.accessibilityInformation?.label.startsWith(`${String(item.label)}, ${String(item.description)}`), JSON.stringify(item.accessibilityInformation));
    assert.strictEqual(item.command?.command, 'incidentRunbook.openRunbook');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    assert.strictEqual(vscode.window.activeTextEditor?.selection.active.line, sourceLine);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('opening a broken runbook shows its problems at the right lines', async () => {
    const text = [
      '# Broken runbook',
      '',
      '## Severity Levels',
      '',
      '| SEV | Impact | Response |',
      '|-----|--------|----------|',
      '| **1** | Total outage | 15 min |',
      '| **2** | Degraded | whenever convenient |',
      '',
      '## Escalation Path',
      '',
      '| Level | Contact | When |',
      '|-------|---------|------|',
      '| L2 | Tech lead | on a full moon |',
      '',
    ].join('\n');
    const uri = writeRunbook('broken-runbook.md', text);
    try {
      await vscode.window.showTextDocument(uri);
      const diagnostics = await waitForProblems('problems on the broken runbook', [uri], () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.some((d) => d.range.start.line === 7) && found.some((d) => d.range.start.line === 13) && found;
      });
      const response = diagnostics.find((d) => d.range.start.line === 7);
      assert.ok(response && /whenever convenient/.test(response.message), JSON.stringify(diagnostics.map((d) => d.message)));
      const escalation = diagnostics.find((d) => d.range.start.line === 13);
      assert.ok(escalation && /full moon/.test(escalation.message), JSON.stringify(diagnostics.map((d) => d.message)));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await removeRunbook(uri.fsPath);
    }
  });

  test('a runbook over the size limit is not read: one problem at line 1 says so, and the editor keeps working', async () => {
    // A 2.2 MB severity table (a 9.8 MB one once took ~400 MB of the extension host's memory to read).
    const rows = Array.from({ length: 34_000 }, (_, i) => `| ${1 + (i % 4)} | Impact number ${i} of the service | 15 min | example ${i} |`);
    const uri = writeRunbook('huge-runbook.md', ['# Huge', '', '## Severity Levels', '', '| SEV | Impact | Response | Examples |', '|---|---|---|---|', ...rows, ''].join('\n'));
    try {
      const diagnostics = await waitForProblems('the size problem on the huge runbook', [uri], () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.some((d) => d.code === 'too-large') && found;
      });
      assert.deepStrictEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [[0, 'too-large']]);
      assert.match(diagnostics[0].message, /^This runbook is 2\.\d MB; runbooks over 2 MB are not read/);
    } finally {
      await removeRunbook(uri.fsPath);
    }
  });

  test('the quick fix repairs mis-decoded text, as one undoable edit; the file is not rewritten on its own', async () => {
    const text = '# Mojibake runbook\n\n## Common Incidents\n\n### INC-001: Slow\n\n**Diagnostic Tree**:\n1. App up? â†’ `curl -s localhost:8080/health`\n';
    const uri = writeRunbook('mojibake-runbook.md', text);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await waitForProblems('the mis-decoding problem', [uri], () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'mojibake'));
      assert.strictEqual(diagnostic.range.start.line, 7);
      assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), text, 'nothing rewrote the file');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.edit && /mis-decoded/i.test(a.title));
      assert.ok(fix?.edit, `no quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.getText(), /App up\? → `curl/);
      assert.doesNotMatch(document.getText(), /â†’/);
      await vscode.commands.executeCommand('undo');
      assert.match(document.getText(), /â†’/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await removeRunbook(uri.fsPath);
    }
  });

  test('a file mis-decoded in many places is mended by one "repair all" action', async () => {
    const good = '# Whole file\n\n## Common Incidents\n\n### INC-001: Slow — really slow\n\n**Diagnostic Tree**:\n1. App up? → `curl -s localhost/health`\n2. DB up? → `pg_isready`\n';
    // What the file looks like after a save through Windows-1252: → became â†’ and — became â€”.
    const cp1252 = good.replace(/→/g, 'â†’').replace(/—/g, 'â€”');
    const uri = writeRunbook('mis-decoded-everywhere.md', cp1252);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitForProblems('three mis-decoding problems', [uri], () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'mojibake');
        return found.length === 3 && found;
      });
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix.value);
      const all = actions.find((a) => /Repair all mis-decoded text in this file \(3 places\)/.test(a.title));
      assert.ok(all?.edit, `no repair-all among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(all.edit));
      assert.strictEqual(document.getText(), good);
    } finally {
      // Failed or not, the editor goes: an open runbook stays read after its file is removed.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await removeRunbook(uri.fsPath);
    }
  });

  test('a runbook changed on disk is re-read', async () => {
    const uri = writeRunbook('second-service.md', '# Second service\n\n## Quick Diagnosis\n\n```bash\n# 1. Ping\nping -c1 [host]\n```\n');
    try {
      const loaded = await waitForRunbook('the new runbook', uri, () => true);
      assert.strictEqual(loaded.runbook.diagnostics[0]?.title, 'Ping');
      fs.writeFileSync(uri.fsPath, '# Second service\n\n## Quick Diagnosis\n\n```bash\n# 1. Trace\ntraceroute [host]\n```\n');
      await waitForRunbook('the re-read runbook', uri, (r) => r.runbook.diagnostics[0]?.title === 'Trace');
    } finally {
      await removeRunbook(uri.fsPath);
    }
  });

  test('a runbook saved as UTF-16 with a BOM (Windows tools) is read like UTF-8', async () => {
    const text = '# Windows service\r\n\r\n## Quick Diagnosis\r\n\r\n```bash\r\n# 1. Disk – free space\r\ndf -h\r\n```\r\n';
    const uri = vscode.Uri.file(path.join(workspaceRoot(), 'runbooks', 'windows-service.md'));
    fs.writeFileSync(uri.fsPath, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    try {
      const loaded = await waitForRunbook('the UTF-16 runbook', uri, () => true);
      assert.strictEqual(loaded.runbook.title, 'Windows service');
      assert.strictEqual(loaded.runbook.diagnostics[0]?.title, 'Disk – free space');
    } finally {
      await removeRunbook(uri.fsPath);
    }
  });
});
