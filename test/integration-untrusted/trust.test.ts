// Workspace trust in a real VS Code: in a workspace that is not trusted, nothing from the workspace runbook runs,
// while runbooks, incidents and the views still work (limited support).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/vscode/runner';
import { api, declare, incident } from '../integration/support';

suite('Untrusted workspace', () => {
  test('the workspace is not trusted and the extension still activates', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const { services } = await api();
    const runbooks = await services.runbooks.all();
    assert.ok(runbooks.some((r) => !r.bundled), 'the workspace runbook is read');
  });

  test('a workspace runbook command does not run, as a step or as a literal', async () => {
    const { services } = await api();
    const workspaceRunbook = (await services.runbooks.all()).find((r) => !r.bundled);
    assert.ok(workspaceRunbook);
    const id = await declare('Untrusted run attempt', 3);
    const marker = path.join(os.tmpdir(), `untrusted-ran-${Date.now()}`);
    const outcomes = [
      await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runStep', { command: `touch ${marker}`, runbookUri: workspaceRunbook.uri.toString(), incidentId: id, confirm: false }),
      await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runAndCapture', { command: `touch ${marker}`, runbookUri: workspaceRunbook.uri.toString(), incidentId: id, confirm: false }),
      await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runStep', { runbookUri: workspaceRunbook.uri.toString(), kind: 'diagnostic', index: 0, incidentId: id, confirm: false, variables: { domain: 'example.invalid', service: 'web', namespace: 'default' } }),
    ];
    // Each run has ended, refused before it started anything: then nothing else may have happened.
    assert.deepStrictEqual(outcomes.map((o) => [o.status, o.runs.length]), [['refused', 0], ['refused', 0], ['refused', 0]], JSON.stringify(outcomes));
    assert.strictEqual(fs.existsSync(marker), false, 'the command ran in an untrusted workspace');
    assert.strictEqual((await incident(id)).timeline.filter((e) => e.kind === 'command').length, 0, 'nothing was recorded as run');
    assert.ok(!vscode.window.terminals.some((t) => t.name.startsWith('Incident:') || t.name === 'Runbook'), 'no runbook terminal was opened');
  });
  test('nothing is sent: no service can be connected, and even a kept routing key pages nobody', async () => {
    const { services } = await api();
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', 'Zq9TestRoutingKey0000000000000Zq', false), undefined);
    assert.deepStrictEqual(await services.outbound.connected(), []);
    // A key kept from when the workspace was trusted: still nothing is queued, and chat is not offered.
    await services.outbound.storeSecret('pagerduty', 'Zq9TestRoutingKey0000000000000Zq');
    try {
      const id = await declare('Untrusted page attempt', 1);
      await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
      assert.deepStrictEqual(services.outbound.itemsOf(id), []);
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: id }, 'chat', undefined, 'text'), undefined);
      assert.deepStrictEqual(services.outbound.itemsOf(id), []);
    } finally {
      await services.outbound.deleteSecret('pagerduty');
    }
  });
});

suite('Agent tools in an untrusted workspace', () => {
  test('a tool that writes is refused, and one that reads still answers', async () => {
    await api();
    const token = new vscode.CancellationTokenSource().token;
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('incident_declare', { input: { title: 'Agent in untrusted', level: 2 }, toolInvocationToken: undefined }, token)),
      /not trusted/,
    );
    const outline = await vscode.lm.invokeTool('runbook_outline', { input: {}, toolInvocationToken: undefined }, token);
    assert.ok(outline.content.length > 0);
  });
});
