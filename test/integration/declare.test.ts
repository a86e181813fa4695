// Declaring from the alert text in a real VS Code: the triage proposes the runbook's known incident and level, and
// the declare notification's first button runs the first check in the incident's terminal. Driven through the
// command's arguments (`acceptProposal` answers the pick with its proposal, `then` answers the notification).
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { repoRoot } from '../harness/paths';
import type { IncidentNode } from '../../src/vscode/incident/incidentTree';
import { api, declare, incident, readNote, removeRunbook, waitUntil, workspaceRoot } from './support';

async function declareFromAlert(args: Record<string, unknown>): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('incidentRunbook.declareIncident', { acceptProposal: true, background: true, ...args });
  assert.ok(id, `declaring ${JSON.stringify(args)} returned no incident id`);
  return id;
}

suite('Declare from the alert text', () => {
  test('"checkout returns 502" proposes the known incident whose symptoms say 502, at the level its words point at', async () => {
    const id = await declareFromAlert({ title: `checkout returns 502 ${randomUUID().slice(0, 6)}` });
    const declared = await incident(id);
    // The bundled runbook: INC-001's symptoms say "502/504 from the load balancer"; SEV2's examples "Checkout errors above 5%".
    assert.deepStrictEqual([declared.knownIncident, declared.level], ['INC-001', 2]);
  });

  test('the notification’s "Run <first check>" runs the known incident’s first step in the incident’s terminal', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const id = await declareFromAlert({ title: `checkout is down, 502 from the load balancer ${service}`, then: 'runFirstCheck', firstCheck: { variables: { service }, confirm: false } });
    const declared = await incident(id);
    assert.deepStrictEqual([declared.knownIncident, declared.level], ['INC-001', 1]);
    // INC-001's first step: "Container running? → `docker ps --filter "name=[service]"`" (docker may be missing: any exit is a run).
    const note = readNote(id);
    assert.match(note, new RegExp(`\\[command\\] .*\`docker ps --filter "name=${service}"\` (exited|ran)`), note);
    assert.ok(vscode.window.terminals.some((t) => t.name === `Incident: ${declared.title}`), 'no terminal named after the incident');
  });
});

suite('Declare from a runbook just written', () => {
  test('a runbook written a moment ago is the one declared from, before the file watcher has read it', async () => {
    // Found by a shuffled-order run: a declaration naming a runbook the watchers had not yet brought in went ahead
    // without it (no runbook in the note, the default levels) instead of reading the file it named.
    const file = path.join(workspaceRoot(), 'runbooks', `written-now-${randomUUID().slice(0, 8)}.md`);
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/runbooks/no-levels.md'), file);
    let id: string | undefined;
    try {
      id = await declare('Search answers nothing (runbook just written)', 2, { runbookUri: vscode.Uri.file(file).toString() });
      assert.strictEqual((await incident(id)).runbook, `runbooks/${path.basename(file)}`);
    } finally {
      if (id) await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Test over');
      await removeRunbook(file);
    }
  });
});

suite('A runbook the watchers do not read', () => {
  test('an incident declared from a runbook outside the `runbooks` globs keeps that runbook’s clocks, not the active runbook’s', async () => {
    // Found by a shuffled-order run: until the watchers had read the runbook a note names, the tree showed the
    // active runbook's "Escalate to L2 in 29m" for it. A runbook outside the globs is never read by them, so the
    // note's runbook must be read from its file.
    const file = path.join(workspaceRoot(), 'ops', `guide-${randomUUID().slice(0, 8)}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/runbooks/no-levels.md'), file);
    let id: string | undefined;
    try {
      id = await declare('Search answers nothing (runbook outside the globs)', 2, { runbookUri: vscode.Uri.file(file).toString() });
      const declared = await incident(id);
      assert.strictEqual(declared.runbook, `ops/${path.basename(file)}`);
      const { services, trees } = await api();
      assert.strictEqual((await services.runbookOf(declared))?.uri.fsPath, file, 'the runbook of the incident is the one its note names');
      const description = await waitUntil('the incident in the tree', [trees.incidents.onDidChangeTreeData], async () => {
        for (const group of (await trees.incidents.getChildren()) ?? []) {
          const found = ((await trees.incidents.getChildren(group)) ?? []).find((n: IncidentNode) => n.kind === 'incident' && n.incident.id === id);
          if (found) return String((await trees.incidents.getTreeItem(found)).description);
        }
        return undefined;
      });
      // Its runbook states no levels: no response clock, only the cadence setting's update.
      assert.match(description, /^SEV2 · Investigating · \S+ · Post a status update in .+ \(cadence setting\)$/, description);
    } finally {
      if (id) await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Test over');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

suite('Declare: the first check’s terminal starts early', () => {
  test('declared from a typed title, the incident’s terminal is started while the notification waits for Run', async () => {
    const title = `checkout is down ${randomUUID().slice(0, 8)}`;
    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const { showInputBox } = window;
    // The person types the title; the pick is answered by its proposal, and the notification is left unanswered.
    window.showInputBox = () => Promise.resolve(title);
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidOpenTerminal((terminal) => {
        if (terminal.name !== `Incident: ${title}`) return;
        listener.dispose();
        resolve(terminal);
      });
    });
    let id: string | undefined;
    try {
      id = await vscode.commands.executeCommand<string | undefined>('incidentRunbook.declareIncident', { acceptProposal: true, background: true });
    } finally {
      window.showInputBox = showInputBox;
    }
    assert.ok(id, 'declaring returned no incident id');
    const terminal = await opened;
    assert.strictEqual(terminal.exitStatus, undefined, 'the terminal is running');
    assert.doesNotMatch(readNote(id), /\[command\]/, 'nothing ran before Run was pressed');
  });
});
