// Post-mortem drafts in a real VS Code: resolve, draft, edit a section, regenerate, the edit is still there.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { declare, waitUntil } from './support';

/** An incident of its own for a test, acknowledged and resolved. */
async function resolvedIncident(title: string, level: number): Promise<string> {
  const id = await declare(title, level);
  await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
  await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Fixed');
  return id;
}

suite('Post-mortem drafts', () => {
  test('generate from a resolved incident, then regenerate keeping an edited section', async () => {
    const id = await declare('Image uploads failing', 2);
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Rotated the storage credentials');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('incidentRunbook.generatePostmortem', { incidentId: id, confirm: true, background: true });
    assert.ok(uri, 'the command returns the draft');
    const draft = fs.readFileSync(uri.fsPath, 'utf8');
    for (const heading of ['Summary', 'Impact', 'Timeline', 'Root Causes', 'Action Items', 'Metrics']) {
      assert.match(draft, new RegExp(`^#+ .*${heading}`, 'mi'), `${heading} missing`);
    }
    assert.match(draft, /Image uploads failing/);
    assert.match(draft, /Rotated the storage credentials/);

    // A person writes the summary.
    const edited = draft.replace(/(^#+ .*Summary.*\r?\n)([\s\S]*?)(?=^#+ )/m, '$1\nThe upload bucket credentials expired at midnight; nobody was paged.\n\n');
    assert.notStrictEqual(edited, draft);
    fs.writeFileSync(uri.fsPath, edited);
    // The incident comes back; the regenerated timeline must show it while the person's summary stays.
    await vscode.commands.executeCommand('incidentRunbook.reopen', { incidentId: id }, 'Credentials expired again on the replica bucket');
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Rotated the replica credentials');
    // The command returns once the regenerated draft is saved.
    assert.ok(await vscode.commands.executeCommand('incidentRunbook.generatePostmortem', { incidentId: id, confirm: true, background: true }));
    const regenerated = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(regenerated, /Credentials expired again on the replica bucket/);
    assert.match(regenerated, /The upload bucket credentials expired at midnight; nobody was paged\./);
  });

  test('incident history shows per-level counts and medians in a webview', async () => {
    await resolvedIncident('History row', 2);
    const summary = await vscode.commands.executeCommand<{ level: number; count: number; medianTimeToResolveSeconds: number | null }[]>('incidentRunbook.showHistory');
    assert.ok(Array.isArray(summary) && summary.length > 0, JSON.stringify(summary));
    const sev2 = summary.find((row) => row.level === 2);
    assert.ok(sev2 && sev2.count >= 1 && sev2.medianTimeToResolveSeconds !== null, JSON.stringify(summary));
    const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitUntil('the Incident History tab', [vscode.window.tabGroups.onDidChangeTabs], () => tabs().find((t) => t.label === 'Incident History'), {
      seen: () => tabs().map((t) => t.label),
    });
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the history is a webview');
    await vscode.window.tabGroups.close(tab);
  });

  test('incident history exports a CSV row per incident', async () => {
    await resolvedIncident('Exported to CSV', 3);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const target = vscode.Uri.joinPath(folder, 'history.csv');
    await vscode.commands.executeCommand('incidentRunbook.exportHistoryCsv', { uri: target.toString() });
    const csv = fs.readFileSync(target.fsPath, 'utf8');
    const rows = csv.trim().split(/\r\n/);
    assert.ok(rows.length >= 2, csv);
    assert.match(rows[0], /level/i);
    assert.ok(rows.some((r) => r.includes('Exported to CSV')), csv);
  });
});
