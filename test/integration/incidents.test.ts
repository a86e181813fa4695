// Incidents in a real VS Code: declared from the command, kept as notes in the workspace, followed by the tree,
// edited by hand and through dirty editors without losing a byte, malformed notes reported and left alone.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Incident, TimelineEvent } from '../../src/core/incident/model';
import type { DeadlineCheck } from '../../src/vscode/incident/clockWatcher';
import { stepArgsOf, type IncidentNode } from '../../src/vscode/incident/incidentTree';
import { IncidentStore, type ReadNoteBytes } from '../../src/vscode/incident/incidentStore';
import { workspaceSettings } from '../../src/config';
import { withNoteLock } from '../../src/node/noteFiles';
import type { RunbookNode } from '../../src/vscode/runbook/runbookTree';
import { api, declare, incident, incidentsDir, notePath, readNote, testClock, treeLabels, waitForIncident, waitForProblems, waitForTree, waitUntil, workspaceRoot } from './support';

const HOUR_MS = 3600_000;

suite('Incidents', () => {
  // A test that moved the clock leaves it where the next one expects it: at the real time.
  teardown(async () => {
    await (await testClock()).reset();
  });

  test('declare from the command: the note is written and the tree shows it under its level', async () => {
    const id = await declare('Checkout latency spike', 2);
    assert.match(id, /^\d{4}-\d{2}-\d{2}-checkout-latency-spike/);
    const text = readNote(id);
    assert.match(text, /^---\r?\n/);
    assert.match(text, /level: 2/);
    assert.match(text, /status: Investigating/);
    assert.match(text, /\[declared\]/);
    const { trees } = await api();
    const labels = await treeLabels(trees.incidents);
    const group = labels.indexOf(labels.find((l) => l.startsWith('SEV2')) ?? '');
    assert.ok(group >= 0, `no SEV2 group in ${JSON.stringify(labels)}`);
    assert.ok(labels.some((l) => l.includes('Checkout latency spike') && l.includes('Investigating')), JSON.stringify(labels));
  });

  test('acknowledge, set status, resolve: each a timeline event, the note follows, resolved moves to its group', async () => {
    const id = await declare('Search index stale', 3);
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    assert.ok((await incident(id)).acknowledged, 'acknowledged is stamped');
    await vscode.commands.executeCommand('incidentRunbook.setStatus', { incidentId: id }, 'Mitigating');
    const mitigating = await incident(id);
    assert.strictEqual(mitigating.status, 'Mitigating');
    assert.ok(mitigating.mitigated, 'mitigated is stamped when the status says so');
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Reindexed');
    const resolved = await incident(id);
    assert.strictEqual(resolved.status, 'Resolved');
    assert.ok(resolved.resolved);
    const kinds = resolved.timeline.map((e) => e.kind);
    assert.deepStrictEqual(kinds.slice(0, 4), ['declared', 'acknowledged', 'status', 'resolved']);
    const onDisk = readNote(id);
    assert.match(onDisk, /\[resolved\] Resolved: Reindexed/);
    const labels = await treeLabels((await api()).trees.incidents, undefined, 1);
    assert.ok(labels.some((l) => l.startsWith('Resolved')), JSON.stringify(labels));
  });

  test('a credential written into a timeline event or the resolve summary is redacted before the note is written', async () => {
    const id = await declare('Leaked token in chat', 3);
    // Made up here, of a GitHub token's shape; the AWS key id likewise.
    const github = `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
    const aws = `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`;
    await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, `Revoked ${github}, pasted in #ops by mistake`);
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, `Rotated the key ${aws}`);
    const onDisk = readNote(id);
    assert.ok(!onDisk.includes(github) && !onDisk.includes(aws), `a credential was written down:\n${onDisk}`);
    assert.match(onDisk, /\[note\] Revoked \[redacted: github\], pasted in #ops by mistake/);
    assert.match(onDisk, /\[resolved\] Resolved: Rotated the key \[redacted: aws\]/);
  });

  test('a credential pasted into the title, the impact, a level change or a reopen reason is redacted too', async () => {
    const token = () => `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
    const [inTitle, inImpact, inReason, inReopen] = [token(), token(), token(), token()];
    const id = await declare(`Alert: auth failing for ${inTitle}`, 3, { impact: `Logins fail with ${inImpact}` });
    await vscode.commands.executeCommand('incidentRunbook.changeLevel', { incidentId: id }, 2, `Token ${inReason} leaked`);
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'done');
    await vscode.commands.executeCommand('incidentRunbook.reopen', { incidentId: id }, `Seen again with ${inReopen}`);
    const onDisk = readNote(id);
    for (const secret of [inTitle, inImpact, inReason, inReopen]) assert.ok(!onDisk.includes(secret), `a credential was written down:\n${onDisk}`);
    assert.match(onDisk, /Alert: auth failing for \[redacted: github\]/);
    assert.match(onDisk, /\[reopened\] Reopened: Seen again with \[redacted: github\]/);
  });

  test('hand off the commander and escalate: both recorded, the escalation named after the runbook contact', async () => {
    const id = await declare('Orders API timing out', 1);
    await vscode.commands.executeCommand('incidentRunbook.handOffCommander', { incidentId: id }, 'Dana Ops');
    await vscode.commands.executeCommand('incidentRunbook.escalate', { incidentId: id }, 'L2');
    const after = await incident(id);
    assert.strictEqual(after.commander, 'Dana Ops');
    assert.deepStrictEqual(after.escalations, ['L2']);
    const texts = after.timeline.map((e) => `${e.kind}: ${e.text}`);
    assert.ok(texts.some((t) => /^commander: Commander: .* → Dana Ops$/.test(t)), JSON.stringify(texts));
    assert.ok(texts.some((t) => /^escalated: Escalated to L2: Tech lead/.test(t)), JSON.stringify(texts));
    // Escalating to the same level twice is refused and changes nothing.
    const before = readNote(id);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.escalate', { incidentId: id }, 'L2'), undefined);
    assert.strictEqual(readNote(id), before);
  });

  test('a refused transition writes nothing: acknowledging twice', async () => {
    const id = await declare('Duplicate ack', 4);
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    const before = readNote(id);
    const result = await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    assert.strictEqual(result, undefined);
    assert.strictEqual(readNote(id), before);
  });

  test('a level forced by a CRITICAL rule is not lowered without an explicit override, which is recorded', async () => {
    const id = await declare('Customer data visible to others', 1, { knownIncident: 'INC-004' });
    const refused = await vscode.commands.executeCommand('incidentRunbook.changeLevel', { incidentId: id }, 3, 'Looks small');
    assert.strictEqual(refused, undefined);
    assert.strictEqual((await incident(id)).level, 1);
    await vscode.commands.executeCommand('incidentRunbook.changeLevel', { incidentId: id }, 3, 'Only test data was exposed', true);
    const lowered = await incident(id);
    assert.strictEqual(lowered.level, 3);
    assert.strictEqual(lowered.levelOverride, true);
    assert.ok(lowered.timeline.some((e) => e.kind === 'override'), 'the override is in the timeline');
  });

  test('a known incident brings its response protocol as a checklist; ticking a step is recorded', async () => {
    const id = await declare('Bad deploy raised 500s', 2, { knownIncident: 'INC-003' });
    const declared = await incident(id);
    assert.strictEqual(declared.knownIncident, 'INC-003');
    assert.ok(declared.protocol.length >= 4, JSON.stringify(declared.protocol));
    assert.ok(declared.protocol.every((step) => !step.done));
    const labels = await treeLabels((await api()).trees.incidents, undefined, 4);
    assert.ok(labels.some((l) => l.includes('Response protocol') && l.includes(`0/${declared.protocol.length}`)), JSON.stringify(labels));
    await vscode.commands.executeCommand('incidentRunbook.toggleProtocolStep', { incidentId: id }, 0);
    const ticked = await incident(id);
    assert.strictEqual(ticked.protocol[0].done, true);
    assert.ok(ticked.timeline.some((e) => e.kind === 'protocol' && e.text.startsWith('Done:')), JSON.stringify(ticked.timeline));
    assert.match(readNote(id), /done: true/);
    // The tree's checkbox says which state it wants: ticking a step the note already has ticked writes nothing.
    const step = ticked.protocol[0].text;
    const before = readNote(id);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.toggleProtocolStep', { incidentId: id }, 0, true, step), undefined);
    assert.strictEqual(readNote(id), before);
    await vscode.commands.executeCommand('incidentRunbook.toggleProtocolStep', { incidentId: id }, 0, false, step);
    assert.strictEqual((await incident(id)).protocol[0].done, false);
  });

  test('an open incident’s tree children are its steps, runnable from the tree; times on the reader’s clock, counts in the singular when one', async () => {
    const id = await declare('Checkout returns 502 for some users', 2);
    const { trees, services } = await api();
    const tree = trees.incidents;
    const row = await waitUntil('the incident in the tree', [tree.onDidChangeTreeData], async () => {
      for (const group of (await tree.getChildren()) ?? []) {
        const found = ((await tree.getChildren(group)) ?? []).find((n: IncidentNode) => n.kind === 'incident' && n.incident.id === id);
        if (found) return found;
      }
      return undefined;
    });
    const children = (await tree.getChildren(row)) ?? [];
    const quick = children.find((n) => n.kind === 'quickDiagnosis');
    assert.ok(quick, `children: ${children.map((n) => n.kind).join(', ')}`);
    const group = await tree.getTreeItem(quick);
    assert.strictEqual(group.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const loaded = await services.runbookOf(await incident(id));
    const runbook = loaded?.runbook;
    assert.ok(loaded && runbook && runbook.diagnostics.length > 0, 'the workspace runbook has quick-diagnosis steps');
    const steps = (await tree.getChildren(quick)) ?? [];
    assert.strictEqual(steps.length, runbook.diagnostics.length);
    const first = await tree.getTreeItem(steps[0]);
    assert.strictEqual(first.label, `1. ${runbook.diagnostics[0].title}`);
    assert.strictEqual(first.contextValue, 'incident.step', 'Run and Run and Capture are inline on the step');
    assert.deepStrictEqual(stepArgsOf(steps[0]), { runbookUri: loaded.uri.toString(), kind: 'diagnostic', index: 0, incidentId: id });

    const timeline = children.find((n) => n.kind === 'timelineGroup');
    assert.ok(timeline);
    assert.strictEqual((await tree.getTreeItem(timeline)).description, '1 event');
    const [event] = (await tree.getChildren(timeline)) ?? [];
    const item = await tree.getTreeItem(event);
    assert.match(String(item.description), /^\d\d:\d\d · declared$/, 'the row shows the local time, not UTC with a Z');
    assert.match(String(item.tooltip), /\((just now|\d+ min ago)\) · \d{4}-\d\d-\d\d \d\d:\d\d UTC \[declared\]/);
    // While an incident is open, the Runbook tree shows its quick diagnosis expanded.
    await waitUntil('the Quick Diagnosis section expanded', [trees.runbook.onDidChangeTreeData], async () => {
      const sections = async (parent?: RunbookNode): Promise<RunbookNode[]> => {
        const nodes = (await trees.runbook.getChildren(parent)) ?? [];
        return (await Promise.all(nodes.map(async (n) => (n.kind === 'runbook' ? sections(n) : [n])))).flat();
      };
      const diagnostics = (await sections()).filter((n) => n.kind === 'section' && n.section === 'diagnostics');
      const items = await Promise.all(diagnostics.map((n) => trees.runbook.getTreeItem(n)));
      return items.length > 0 && items.every((i) => i.collapsibleState === vscode.TreeItemCollapsibleState.Expanded);
    });
  });

  test('a hand edit on disk is followed by the tree, and the next write keeps it', async () => {
    const id = await declare('Queue backlog growing', 3);
    const file = notePath(id);
    const handWritten = readNote(id).replace(/^title: .*$/m, 'title: Queue backlog growing (edited by hand)') + '\nA paragraph a person wrote at the end.\n';
    fs.writeFileSync(file, handWritten);
    const { trees } = await api();
    await waitForTree('the tree to show the edited title', trees.incidents, (labels) => labels.some((l) => l.includes('(edited by hand)')));
    await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Scaled consumers to 8');
    const after = readNote(id);
    assert.match(after, /A paragraph a person wrote at the end\./);
    assert.match(after, /\[note\] Scaled consumers to 8/);
  });

  test('a note deleted while the store was reading it stays deleted: the read still in flight does not bring it back', async () => {
    const id = await declare('Deleted mid-read', 4);
    const file = notePath(id);
    // A store of our own whose read of this note we hold back once, to put the deletion in the middle of it (under load
    // the deletion's event came while the extension's store was reading the note after a write, and the note stayed).
    let holding = false;
    let readHeld!: () => void;
    const held = new Promise<void>((resolve) => (readHeld = resolve));
    let releaseRead!: () => void;
    const released = new Promise<void>((resolve) => (releaseRead = resolve));
    let returned = false;
    const readBytes: ReadNoteBytes = async (uri) => {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (holding && uri.fsPath === file) {
        holding = false;
        readHeld();
        await released;
        returned = true;
      }
      return bytes;
    };
    const log = vscode.window.createOutputChannel('Incident Runbook (a test store)', { log: true });
    const store = new IncidentStore(log, workspaceSettings, readBytes);
    try {
      assert.ok((await store.find(id))?.incident, 'the test store reads the note');
      holding = true;
      fs.appendFileSync(file, '\nA line written by hand.\n');
      await held;
      fs.rmSync(file);
      await waitUntil('the test store to drop the deleted note', [store.onDidChange], async () => (await store.find(id)) === undefined);
      // The store announces each read it ends; other notes' events before the held read returns do not count.
      const readEnded = new Promise<void>((resolve) => {
        const subscription = store.onDidChange(() => {
          if (!returned) return;
          subscription.dispose();
          resolve();
        });
      });
      releaseRead();
      await readEnded;
      assert.strictEqual(await store.find(id), undefined, 'the note read before its deletion came back');
    } finally {
      store.dispose();
      log.dispose();
    }
  });

  test('after a write returns, the store holds what it wrote, even when a read that began during the write ended first', async () => {
    const id = await declare('Read during a write', 4);
    const file = notePath(id);
    // A store of our own, and the note's lock held by the test: the store's write waits for the lock after it began,
    // and a read that begins meanwhile (a watcher event of an earlier write, under load) reads the note before the
    // write lands. That read used to outrank the write, which had been numbered when it began: once the write
    // returned, the store still held the note without it (ci42: a post-mortem drafted without the reopen before it).
    let readsEnded = 0;
    const readBytes: ReadNoteBytes = async (uri) => {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (uri.fsPath === file) readsEnded += 1;
      return bytes;
    };
    const log = vscode.window.createOutputChannel('Incident Runbook (a test store)', { log: true });
    const store = new IncidentStore(log, workspaceSettings, readBytes);
    let releaseLock!: () => void;
    const lockReleased = new Promise<void>((resolve) => (releaseLock = resolve));
    let lockTaken!: () => void;
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    let writing: Promise<Incident> | undefined;
    const holder = withNoteLock(fs.realpathSync(file), async () => {
      lockTaken();
      await lockReleased;
    });
    try {
      assert.ok((await store.find(id))?.incident, 'the test store reads the note');
      // (A lock the test could not take fails here, not as a wait that never ends.)
      await Promise.race([taken, holder]);
      const event: TimelineEvent = { at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), kind: 'note', text: 'Written by the store' };
      writing = store.update(id, (i) => ({ ...i, timeline: [...i.timeline, event] }));
      // The update is waiting for the lock once the tasks queued now have run (find() takes no I/O): the old code had
      // numbered it by then.
      await new Promise((resolve) => setImmediate(resolve));
      const readsBefore = readsEnded;
      fs.appendFileSync(file, '\nA line written by hand.\n');
      // The store announces each read it ends (after storing what it read).
      await waitUntil('the test store to read the note changed by hand', [store.onDidChange], () => readsEnded > readsBefore, { seen: () => readsEnded });
      releaseLock();
      await holder;
      await writing;
      // Read at once: no file event can be handled before this, so this is what the write left in the store.
      const stored = (await store.find(id))?.incident;
      assert.ok(stored?.timeline.some((e) => e.text === 'Written by the store'), `the store lost its own write: ${JSON.stringify(stored?.timeline)}`);
    } finally {
      releaseLock();
      await holder.catch(() => undefined);
      await writing?.catch(() => undefined);
      store.dispose();
      log.dispose();
    }
  });

  test('a note open with unsaved changes is edited through the editor, keeping the unsaved text', async () => {
    const id = await declare('CDN errors in EU', 2);
    const document = await vscode.workspace.openTextDocument(notePath(id));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), '\nUnsaved thought from the responder.\n'));
    assert.ok(document.isDirty);
    const onDiskBefore = readNote(id);
    await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Purged the EU edge cache');
    assert.ok(document.getText().includes('Unsaved thought from the responder.'), 'the unsaved text is still there');
    assert.ok(document.getText().includes('Purged the EU edge cache'), 'the event went into the editor');
    assert.strictEqual(readNote(id), onDiskBefore, 'the file on disk was not written behind the editor');
    await vscode.commands.executeCommand('undo');
    assert.ok(!document.getText().includes('Purged the EU edge cache'), 'the edit is one undo step');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a change written into an unsaved editor is dropped from the views when the editor is closed without saving', async () => {
    const id = await declare('DNS flapping', 3);
    const document = await vscode.workspace.openTextDocument(notePath(id));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), '\nUnsaved line.\n'));
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    assert.ok((await incident(id)).acknowledged, 'the views follow the editor meanwhile');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForIncident('the note on disk read again', id, (i) => i.acknowledged === null);
    assert.doesNotMatch(readNote(id), /^acknowledged: \d/m);
  });

  test('notes that arrive with their folder (a git pull into a workspace that had none) are read', async () => {
    const { services } = await api();
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    const folder = path.join(workspaceRoot(), 'pulled-incidents');
    const id = '2026-11-30-pulled-with-its-folder';
    // A note as a teammate's window wrote it (declared here, in the usual folder, and copied).
    const text = readNote(await declare('Pulled with its folder', 3)).replace(/^id: .*$/m, `id: ${id}`);
    await configuration.update('incidentsFolder', 'pulled-incidents', vscode.ConfigurationTarget.Workspace);
    try {
      // The store reads the new (missing) folder when the setting changes: none of the notes it had before is left.
      // (Any store change would not do: the note declared above can still arrive through the file watcher.)
      await waitUntil('the store reloaded from the new folder', [services.store.onDidChange], async () => (await services.store.entries()).every((e) => e.uri.fsPath.startsWith(folder + path.sep)), {
        seen: async () => (await services.store.entries()).map((e) => e.uri.fsPath),
      });
      assert.ok(services.store.folderUris().some((u) => u.fsPath === folder), 'the store reads the new folder');
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, `${id}.md`), text);
      await waitUntil('the pulled note in the store', [services.store.onDidChange], async () => (await services.store.find(id))?.incident, {
        seen: async () => (await services.store.entries()).map((e) => e.uri.fsPath),
      });
    } finally {
      await configuration.update('incidentsFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a malformed note is reported (tree + Problems) and never rewritten', async () => {
    const file = path.join(incidentsDir(), '2026-01-01-broken.md');
    const broken = '---\ntitle: [unclosed\nlevel: two\n---\n# Broken\n';
    fs.mkdirSync(incidentsDir(), { recursive: true });
    fs.writeFileSync(file, broken);
    try {
      const { trees } = await api();
      await waitForTree('the malformed note in the tree', trees.incidents, (labels) => labels.some((l) => l.includes('Malformed note') && l.includes('2026-01-01-broken.md')), 1);
      const uri = vscode.Uri.file(file);
      const diagnostics = await waitForProblems('a problem on the malformed note', [uri], () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.length > 0 && found;
      });
      assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
      const result = await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: '2026-01-01-broken' });
      assert.strictEqual(result, undefined);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), broken, 'the malformed note is untouched');
    } finally {
      // Left behind, it would be in every later test's workspace.
      fs.rmSync(file, { force: true });
    }
  });

  test('last week’s note copied as a template keeps its id: both notes are flagged in Problems until the id is changed', async () => {
    const id = await declare('Queue backlog (template source)', 3);
    const copy = vscode.Uri.file(path.join(incidentsDir(), '2026-12-01-queue-backlog-again.md'));
    const original = vscode.Uri.file(notePath(id));
    const sharedIdWarnings = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => /also the id of/.test(d.message));
    fs.writeFileSync(copy.fsPath, readNote(id).replace(/^title: .*$/m, 'title: Queue backlog again'));
    try {
      await waitForProblems('a warning on both notes', [original, copy], () => sharedIdWarnings(original).length === 1 && sharedIdWarnings(copy).length === 1);
      assert.match(sharedIdWarnings(original)[0].message, new RegExp(`Incident id ${id} is also the id of incidents/2026-12-01-queue-backlog-again\\.md`));
      // The responder gives the copy its own id: the warnings go.
      fs.writeFileSync(copy.fsPath, fs.readFileSync(copy.fsPath, 'utf8').replace(/^id: .*$/m, 'id: 2026-12-01-queue-backlog-again'));
      await waitForProblems('the warnings gone', [original, copy], () => sharedIdWarnings(original).length === 0 && sharedIdWarnings(copy).length === 0);
    } finally {
      fs.rmSync(copy.fsPath, { force: true });
    }
  });

  test('a note that is not UTF-8 is reported and never rewritten (its bytes would be lost)', async () => {
    const file = path.join(incidentsDir(), '2026-01-02-latin1.md');
    const text = readNote(await declare('Encoding check', 4)).replace(/^id: .*$/m, 'id: 2026-01-02-latin1');
    const bytes = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from('\nCaf\xe9 au lait\n', 'latin1')]);
    fs.writeFileSync(file, bytes);
    try {
      const uri = vscode.Uri.file(file);
      const diagnostics = await waitForProblems('a problem on the latin-1 note', [uri], () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.length > 0 && found;
      });
      assert.match(diagnostics[0].message, /not UTF-8 text/);
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: '2026-01-02-latin1' }), undefined);
      assert.deepStrictEqual(fs.readFileSync(file), bytes, 'the note is untouched');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('a passed deadline is recorded once in the timeline, and a later check records nothing more', async () => {
    const clock = await testClock();
    const id = await declare('Login failures', 1);
    // An hour later, never acknowledged: the SEV1 response deadline (15 min) has passed, and the first update's.
    const check = await clock.advance(HOUR_MS);
    assert.ok(check.incidentIds.includes(id), JSON.stringify(check));
    const deadlineEvents = (i: Incident): TimelineEvent[] => i.timeline.filter((e) => e.kind === 'deadline');
    const withDeadlines = await incident(id);
    const recorded = deadlineEvents(withDeadlines);
    assert.ok(recorded.length >= 2, JSON.stringify(withDeadlines.timeline));
    assert.ok(recorded.some((e) => /Acknowledge/.test(e.text)), JSON.stringify(recorded));
    assert.ok(withDeadlines.notified.includes('response'), JSON.stringify(withDeadlines.notified));
    // A later check, on the same clock, finds nothing new to tell.
    assert.ok((await clock.advance(0)).incidentIds.includes(id));
    assert.strictEqual(deadlineEvents(await incident(id)).length, recorded.length);
  });

  test('a passed deadline is still announced, once, when its note cannot take the record (half-typed in an editor)', async () => {
    const { onDidAnnounceDeadline } = await api();
    const clock = await testClock();
    const id = await declare('Deadline while the note is half-typed', 1);
    const announcements: { key: string; unrecorded?: string }[] = [];
    const listening = onDidAnnounceDeadline((a) => {
      if (a.incidentId === id) announcements.push({ key: a.deadline.key, unrecorded: a.unrecorded });
    });
    const uri = vscode.Uri.file(notePath(id));
    try {
      // The responder is typing in the front matter: the open editor's text does not parse.
      const editor = await vscode.window.showTextDocument(uri);
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'title: [unclosed\n'));
      // An hour later the response deadline has passed.
      await clock.advance(HOUR_MS);
      const told = announcements.find((a) => a.key === 'response');
      assert.ok(told, `the response deadline announced: ${JSON.stringify(announcements)}`);
      assert.match(told.unrecorded ?? '', /malformed/, 'the alert says why the note does not record it');
      assert.doesNotMatch(readNote(id), /\[deadline\]/, 'nothing was written to the note');
      // A later check does not repeat it.
      assert.ok((await clock.advance(0)).incidentIds.includes(id));
      assert.strictEqual(announcements.filter((a) => a.key === 'response').length, 1, JSON.stringify(announcements));
    } finally {
      listening.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a note that arrives while a deadline check runs is checked right after it, without waiting for a tick', async () => {
    // Under the test clock no check runs on a timer, so the only check that can see the teammate's note below is
    // the one its arrival asked for. The notes arrive as files (one watcher event each, no echo of a write of
    // ours that would start a check of its own), nothing the held check does writes a file, and the test's notes
    // are alone in their own folder.
    const { onDidCheckDeadlines, services } = await api();
    const clock = await testClock();
    // A note as our window writes it, to copy as the teammates' notes.
    const template = readNote(await declare('Template for the notes of the race test', 1));
    const noteLike = (id: string, title: string): string => template.replace(/^id: .*$/m, `id: ${id}`).replace(/^title: .*$/m, `title: ${title}`);
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    const folder = path.join(workspaceRoot(), 'race-incidents');
    fs.mkdirSync(folder, { recursive: true });
    await configuration.update('incidentsFolder', 'race-incidents', vscode.ConfigurationTarget.Workspace);
    const checks: DeadlineCheck[] = [];
    const listening = onDidCheckDeadlines((c) => checks.push(c));
    const held = '2026-12-01-held-on-its-lock';
    const heldFile = path.join(folder, `${held}.md`);
    const lock = `${heldFile}.lock`;
    let checking: Promise<DeadlineCheck> | undefined;
    try {
      await waitUntil('the store reading only the race folder', [services.store.onDidChange], async () => (await services.store.entries()).every((e) => e.uri.fsPath.startsWith(folder + path.sep)));
      fs.writeFileSync(heldFile, noteLike(held, 'Deadline check held on its lock'));
      await waitForIncident('the held note in the store', held, () => true);
      // A check on the clock as it is, after any its arrival asked for: then no check runs, and none is asked for.
      assert.deepStrictEqual((await clock.advance(0)).incidentIds, [held]);
      // The check the clock's move starts waits for this note's lock (a live writer's: this process holds it)...
      fs.writeFileSync(lock, `integration-test ${os.hostname()} ${process.pid}`);
      checking = clock.advance(HOUR_MS);
      // ...while a teammate's note arrives (one watcher event, one store change)...
      const arrived = '2026-12-01-arrived-during-a-check';
      fs.writeFileSync(path.join(folder, `${arrived}.md`), noteLike(arrived, 'Arrived during a check'));
      await waitForIncident('the teammate’s note in the store', arrived, () => true);
      // ...and the held note is broken by hand, so the held check records nothing in it (and writes no file).
      fs.writeFileSync(heldFile, '---\ntitle: [unclosed\n---\n');
      await waitUntil('the held note read as malformed', [services.store.onDidChange], async () => (await services.store.malformed()).some((e) => e.uri.fsPath === heldFile));
      const state = await Promise.race([checking.then(() => 'ended'), Promise.resolve('still running')]);
      assert.strictEqual(state, 'still running', 'the check waits for the held lock');
      fs.rmSync(lock, { force: true });
      const heldCheck = await checking;
      assert.deepStrictEqual(heldCheck.incidentIds, [held], 'the held check read the store before the note arrived');
      await waitUntil(`a check after the held one that looked at ${arrived}`, [onDidCheckDeadlines], () => checks.slice(checks.indexOf(heldCheck) + 1).some((c) => c.incidentIds.includes(arrived)), {
        seen: () => checks,
      });
    } finally {
      listening.dispose();
      fs.rmSync(lock, { force: true });
      await checking;
      await configuration.update('incidentsFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('"Open in an editor" records a draft and leaves the update clock alone; "I posted it" then keeps the time the text promised', async () => {
    const id = await declare('Checkout returns 502', 2);
    const before = await incident(id);
    const drafted = await vscode.commands.executeCommand<{ text: string; posted: boolean }>('incidentRunbook.postStatusUpdate', { incidentId: id }, 'open');
    try {
      assert.ok(drafted);
      assert.strictEqual(drafted.posted, false);
      assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), drafted.text, 'the draft is open in an editor');
      const after = await incident(id);
      assert.strictEqual(after.nextUpdateDue, before.nextUpdateDue, 'the update clock did not restart');
      assert.deepStrictEqual(after.timeline.map((e) => e.kind), ['declared', 'draft']);
      assert.match(readNote(id), /\[draft\] Status update drafted \(opened in an editor\), not posted/);
      assert.doesNotMatch(readNote(id), /\[update\]/);
      // The draft promises the next update by a time; posting it later puts the clock there, to the minute.
      const promised = /\*\*Next update\*\*: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec(drafted.text)?.[1];
      assert.ok(promised, drafted.text);
      const draftEvent = after.timeline[1];
      const promisedIso = /promises the next update by (\S+)$/.exec(draftEvent.text)?.[1];
      assert.strictEqual(promisedIso?.slice(0, 16).replace('T', ' '), promised);
      await vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: id }, 'posted', promisedIso);
      const posted = await incident(id);
      assert.strictEqual(posted.nextUpdateDue, promisedIso);
      assert.deepStrictEqual(posted.timeline.map((e) => e.kind), ['declared', 'draft', 'update']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('post status update fills the runbook template and restarts the update clock', async () => {
    const clock = await testClock();
    await clock.set(new Date('2026-11-26T10:00:00Z'));
    const id = await declare('Payments slow', 2, { impact: 'Card payments take 20 s' });
    // Half an hour in, the update is posted: the next is due an hour after it (the SEV2 cadence), not after the declaration.
    await clock.advance(HOUR_MS / 2);
    const posting = clock.now().getTime();
    const result = await vscode.commands.executeCommand<{ text: string }>('incidentRunbook.postStatusUpdate', { incidentId: id }, 'none');
    const posted = clock.now().getTime();
    assert.ok(result);
    assert.match(result.text, /Payments slow/);
    assert.match(result.text, /SEV2/);
    assert.match(result.text, /Investigating/);
    const after = await incident(id);
    const update = after.timeline.find((e) => e.kind === 'update');
    assert.ok(update, JSON.stringify(after.timeline));
    // Stamped on the extension's clock, to the second.
    assert.ok(Date.parse(update.at) >= Math.floor(posting / 1000) * 1000 && Date.parse(update.at) <= posted, `${update.at} is when it was posted`);
    assert.ok(after.nextUpdateDue, 'the update clock runs');
    assert.strictEqual(Date.parse(after.nextUpdateDue) - Date.parse(update.at), HOUR_MS, `next update ${after.nextUpdateDue} is an hour after ${update.at}`);
    // The text promises the time the clock now says, to the minute.
    assert.ok(result.text.includes(`**Next update**: ${after.nextUpdateDue.slice(0, 16).replace('T', ' ')} UTC`), result.text);
  });
});
