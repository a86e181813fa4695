// The foundation in a real VS Code: the extension activates from its manifest, its commands are
// registered, the Incidents container shows its two trees, and activation stays cheap. It also
// records the activation figures (test-results/perf.json) that only a real extension host can measure.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { mergePerfFigures, roundFigure } from '../harness/perf';
import { api, waitUntil } from './support';

const EXTENSION_ID = 'incident-runbook.incident-runbook';

interface ExtensionApi {
  readonly activateMs: number;
  readonly activateCpuMs: number | undefined;
}

interface ContributedView {
  readonly id: string;
  readonly name: string;
}

interface Manifest {
  readonly activationEvents?: readonly string[];
  readonly contributes: {
    readonly viewsContainers: { readonly activitybar: readonly { id: string; title: string }[] };
    readonly views: Readonly<Record<string, readonly ContributedView[]>>;
  };
}

function ourExtension(): vscode.Extension<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

suite('Activation', () => {
  test('activates and reports how long activate() took', async () => {
    const extension = ourExtension();
    const api = await extension.activate();
    assert.strictEqual(extension.isActive, true);
    assert.ok(api && typeof api.activateMs === 'number' && Number.isFinite(api.activateMs) && api.activateMs >= 0,
      `activate() should return { activateMs }, got ${String(api?.activateMs)}`);

    // The tests run in the extension host itself: where its Node has thread CPU time, so does the figure.
    if (typeof (process as unknown as { threadCpuUsage?: unknown }).threadCpuUsage === 'function') {
      assert.ok(typeof api.activateCpuMs === 'number' && api.activateCpuMs >= 0 && api.activateCpuMs <= api.activateMs + 1,
        `activateCpuMs ${String(api.activateCpuMs)} is the thread's CPU time within activateMs ${api.activateMs}`);
    }

    const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
    const figures = {
      'activation.activateMs': roundFigure(api.activateMs),
      ...(api.activateCpuMs === undefined ? {} : { 'activation.activateCpuMs': roundFigure(api.activateCpuMs) }),
      'bundle.extensionKB': roundFigure(fs.statSync(bundle).size / 1024),
    };
    mergePerfFigures(path.join(extension.extensionPath, 'test-results', 'perf.json'), figures);
    console.log(`    activation figures: ${JSON.stringify(figures)}`);
  });

  test('reads the workspace runbooks just after activation, before a view or command asks', async () => {
    // The first test of the run: nothing has asked for a runbook yet (the Incidents views are closed).
    const { services } = await api();
    // The first read ends with a change event; it may have ended already.
    await waitUntil('the first read of the runbooks', [services.runbooks.onDidChange], () => services.runbooks.hasRead);
  });

  test('activates only on need, never on startup', () => {
    const events = (ourExtension().packageJSON as Manifest).activationEvents ?? [];
    for (const eager of ['*', 'onStartupFinished']) {
      assert.ok(!events.includes(eager), `activationEvents must not contain ${eager}`);
    }
  });

  test('the refresh command is registered and runs', async () => {
    await ourExtension().activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('incidentRunbook.refresh'), 'incidentRunbook.refresh is not registered');
    await vscode.commands.executeCommand('incidentRunbook.refresh');
  });

  test('the Incidents container contributes the incidents and runbook trees and opens', async () => {
    const manifest = ourExtension().packageJSON as Manifest;
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'incidentRunbook');
    assert.strictEqual(container?.title, 'Incidents');
    const views = manifest.contributes.views.incidentRunbook.map((v) => `${v.id}=${v.name}`);
    assert.ok(views.includes('incidentRunbook.incidents=Open Incidents'), views.join(', '));
    assert.ok(views.includes('incidentRunbook.runbook=Runbook'), views.join(', '));

    // These commands exist only when the workbench has registered the container and its views.
    await vscode.commands.executeCommand('workbench.view.extension.incidentRunbook');
    await vscode.commands.executeCommand('incidentRunbook.incidents.focus');
    await vscode.commands.executeCommand('incidentRunbook.runbook.focus');
  });
});
