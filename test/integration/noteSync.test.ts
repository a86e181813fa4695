// Incident: Sync Notes in a real VS Code, through its git extension: a local bare repository is the remote, and a
// second clone (the git CLI, as another responder) pushes what the sync brings in. The tests wait on git's state and
// on the extension's own reports (onDidReportNoteSync), never on time; the sync after events is due by the test clock.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NoteSyncReport, SyncResult } from '../../src/vscode/incident/commands/syncNotes';
import { api, closeGitRepository, declare, enableGit, notePath, testClock, waitForTree, waitUntil, workspaceRoot } from './support';

function git(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function run(cwd: string, ...args: string[]): string {
  const result = git(cwd, ...args);
  assert.strictEqual(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The note with one more event and front-matter key, as another responder's extension would write them. */
function acknowledgedBy(text: string, who: string, at: string): string {
  const lines = text.split('\n');
  const lastEvent = lines.reduce((last, line, i) => (/^- \d{4}-\d\d-\d\dT.*\[[^\]]+\]/.test(line) ? i : last), -1);
  assert.ok(lastEvent > 0, 'the note has a timeline event');
  lines.splice(lastEvent + 1, 0, `- ${at} [acknowledged] Acknowledged by ${who}`);
  const close = lines.indexOf('---', 1);
  lines.splice(close, 0, `acknowledged: ${at}`);
  return lines.join('\n');
}

interface Clones {
  /** Our clone: the workspace folder, committing as alice. */
  root: string;
  folder: vscode.Uri;
  temp: string;
  /** The bare repository both clones push to. */
  remote: string;
  /** Bob's clone, driven with the git CLI. */
  other: string;
  id: string;
  /** The note's path in the repository. */
  note: string;
}

/**
 * Runs `body` with a bare remote holding one declared incident (its Summary `summary`, when given), our clone of it
 * (the workspace, with Enable Note Merging run and VS Code's git on) and bob's; then undoes all of it.
 */
async function withClones(context: Mocha.Context, title: string, body: (clones: Clones) => Promise<void>, summary?: string): Promise<void> {
  const root = workspaceRoot();
  // Never commit into a repository the test did not make.
  if (git(root, 'rev-parse', '--show-toplevel').status === 0) context.skip();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-sync-'));
  const remote = path.join(temp, 'remote.git');
  const other = path.join(temp, 'bob');
  let restoreGit: (() => Promise<void>) | undefined;
  let id: string | undefined;
  try {
    run(temp, 'init', '-q', '--bare', '-b', 'main', remote);
    run(root, 'init', '-q', '-b', 'main');
    run(root, 'config', 'user.name', 'alice');
    run(root, 'config', 'user.email', 'alice@example.com');
    id = await declare(title, 2);
    const note = `incidents/${path.basename(notePath(id))}`;
    if (summary !== undefined) {
      const text = fs.readFileSync(notePath(id), 'utf8');
      assert.ok(text.includes('## Summary\n\n## Timeline'), text);
      fs.writeFileSync(notePath(id), text.replace('## Summary\n\n', `## Summary\n\n${summary}\n\n`));
    }
    run(root, 'add', note);
    run(root, 'commit', '-q', '-m', 'declare');
    run(root, 'remote', 'add', 'origin', remote);
    run(root, 'push', '-q', '-u', 'origin', 'main');
    run(temp, 'clone', '-q', remote, other);
    run(other, 'config', 'user.name', 'bob');
    run(other, 'config', 'user.email', 'bob@example.com');
    await vscode.commands.executeCommand('incidentRunbook.enableNoteMerging', folder);
    restoreGit = await enableGit();
    await body({ root, folder, temp, remote, other, id, note });
  } finally {
    await closeGitRepository(root);
    await restoreGit?.();
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    fs.rmSync(path.join(root, '.gitattributes'), { force: true });
    if (id) fs.rmSync(notePath(id), { force: true });
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Bob edits the note in his clone with `edit`, commits and pushes. */
function bobPushes(clones: Clones, message: string, edit: (text: string) => string): void {
  const file = path.join(clones.other, clones.note);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  run(clones.other, 'commit', '-q', '-am', message);
  run(clones.other, 'push', '-q');
}

/** The extension's note-sync reports from now on, and a wait for the first (from `from` on) that `match` accepts. */
async function followReports(): Promise<{ reports: NoteSyncReport[]; next<K extends NoteSyncReport['kind']>(what: string, kind: K, from: number, match?: (report: Extract<NoteSyncReport, { kind: K }>) => boolean): Promise<Extract<NoteSyncReport, { kind: K }>>; dispose(): void }> {
  const { onDidReportNoteSync } = await api();
  const reports: NoteSyncReport[] = [];
  const subscription = onDidReportNoteSync((report) => reports.push(report));
  return {
    reports,
    next: (what, kind, from, match = () => true) =>
      waitUntil(what, [onDidReportNoteSync], () => reports.slice(from).find((r): r is Extract<NoteSyncReport, { kind: typeof kind }> => r.kind === kind && match(r as never)), { timeoutMs: 45_000, seen: () => reports.slice(from) }),
    dispose: () => subscription.dispose(),
  };
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

suite('Note sync', () => {
  test('Sync Notes commits our event, brings in another clone’s through a bare remote, pushes both, and the tree shows them', async function () {
    const { trees } = await api();
    await withClones(this, 'Payments timing out', async (clones) => {
      const { root, folder, remote, id, note } = clones;
      // Bob, in his own clone, acknowledges and pushes.
      bobPushes(clones, 'bob acknowledges', (text) => acknowledgedBy(text, 'bob', nowIso()));

      // Meanwhile we write an event of our own: both appended to the same timeline.
      await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Rolled back payments-api to v41');

      // Another file staged: the sync refuses rather than commit it with the notes.
      try {
        fs.writeFileSync(path.join(root, 'scratch.txt'), 'not a note\n');
        run(root, 'add', 'scratch.txt');
        const headBefore = run(root, 'rev-parse', 'HEAD');
        assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.syncNotes', folder), undefined, 'refused while scratch.txt is staged');
        assert.strictEqual(run(root, 'rev-parse', 'HEAD'), headBefore, 'nothing committed');
        run(root, 'rm', '-q', '--cached', 'scratch.txt');
      } finally {
        fs.rmSync(path.join(root, 'scratch.txt'), { force: true });
      }

      const result = await vscode.commands.executeCommand<SyncResult | undefined>('incidentRunbook.syncNotes', folder);
      assert.ok(result, 'the sync returns what it did');
      // Other suites' notes may be in the folder too: they are committed with ours, each on its own line.
      assert.ok(result.committed?.split('\n').includes(`incident ${id}: 1 event (note)`), result.committed);
      assert.deepStrictEqual(result.arrived, [{ incidentId: id, count: 1, from: ['bob'] }]);
      assert.strictEqual(result.pushed, true);

      const merged = fs.readFileSync(notePath(id), 'utf8');
      assert.ok(!merged.includes('<<<<<<<'), merged);
      assert.match(merged, /\[acknowledged\] Acknowledged by bob/);
      assert.match(merged, /\[note\] Rolled back payments-api to v41/);
      assert.strictEqual(run(remote, 'show', `main:${note}`), merged.trim(), 'the remote has the merged note');
      const committedFiles = run(remote, 'show', '--name-only', '--format=', 'main~1').split('\n').filter(Boolean);
      // A post-mortem another suite drafted goes with them (sync commits both folders), nothing else.
      assert.ok(
        committedFiles.includes(note) && committedFiles.every((file) => file.startsWith('incidents/') || file.startsWith('postmortems/')),
        `our commit holds notes and post-mortems only (not .gitattributes): ${committedFiles.join(', ')}`,
      );

      await waitForTree('the tree to show bob’s event and bob among the responders', trees.incidents, (labels) => labels.some((l) => /Responders — .*\bbob\b/.test(l)) && labels.some((l) => l.includes('Acknowledged by bob')), 4);
    });
  });

  test('With syncNotesAfterEvent on, two events written in a burst are synced once, after the delay; with it off, nothing is committed', async function () {
    const clock = await testClock();
    const settings = vscode.workspace.getConfiguration('incidentRunbook');
    const before = settings.inspect<boolean>('syncNotesAfterEvent')?.workspaceValue;
    const reports = await followReports();
    try {
      await withClones(this, 'Search index lagging', async ({ root, folder, remote, id, note }) => {
        await settings.update('syncNotesAfterEvent', true, vscode.ConfigurationTarget.Workspace);
        const remoteBefore = run(remote, 'rev-parse', 'main');
        const from = reports.reports.length;
        await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Paused the reindex job');
        const first = await reports.next('the first write reported', 'written', from, (r) => r.incidentId === id);
        await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Index caught up');
        const second = await reports.next('the second write reported', 'written', reports.reports.indexOf(first) + 1, (r) => r.incidentId === id);
        assert.ok(first.syncDue && second.syncDue, 'each write schedules the sync');

        // The first write's time has come, but the second moved the sync; then the second's comes.
        if (first.syncDue < second.syncDue) await clock.set(first.syncDue);
        await clock.set(second.syncDue);
        const synced = await reports.next('the sync after the burst', 'synced', from);
        assert.strictEqual(synced.trigger, 'afterEvent');
        assert.ok(synced.result.committed?.split('\n').includes(`incident ${id}: 2 events (note)`), synced.result.committed);
        assert.strictEqual(synced.result.pushed, true);
        // Once the sync has run, a sync of our own waits for every sync started before it: then none other ran.
        const barrier = await vscode.commands.executeCommand<SyncResult | undefined>('incidentRunbook.syncNotes', folder);
        assert.strictEqual(barrier?.committed, undefined, 'nothing was left to commit');
        assert.deepStrictEqual(reports.reports.slice(from).filter((r) => r.kind === 'synced').map((r) => r.kind === 'synced' && r.trigger), ['afterEvent', 'command'], 'one sync after the burst');
        assert.strictEqual(run(remote, 'rev-list', '--count', `${remoteBefore}..main`), '1', 'one commit pushed');
        const pushed = run(remote, 'show', `main:${note}`);
        assert.match(pushed, /\[note\] Paused the reindex job/);
        assert.match(pushed, /\[note\] Index caught up/);

        // Off: a write schedules nothing, and the clock passing its time commits nothing.
        await settings.update('syncNotesAfterEvent', false, vscode.ConfigurationTarget.Workspace);
        const offFrom = reports.reports.length;
        const headBefore = run(root, 'rev-parse', 'HEAD');
        await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Reindex resumed');
        const off = await reports.next('the write with the setting off reported', 'written', offFrom, (r) => r.incidentId === id);
        assert.strictEqual(off.syncDue, undefined);
        await clock.advance(60_000);
        assert.strictEqual(run(root, 'rev-parse', 'HEAD'), headBefore, 'nothing committed');
        assert.strictEqual(run(root, 'diff', '--name-only', '--', note), note, 'the event is in the note, uncommitted');
        assert.ok(!reports.reports.slice(offFrom).some((r) => r.kind !== 'written'), 'no sync ran');
      });
    } finally {
      reports.dispose();
      await settings.update('syncNotesAfterEvent', before, vscode.ConfigurationTarget.Workspace);
      await clock.reset();
    }
  });

  test('A Summary line both clones changed: Sync Notes stops with the markers in the Summary only, opens the note at them and says what to do', async function () {
    const reports = await followReports();
    try {
      await withClones(this, 'Login errors in EU', async (clones) => {
        const { root, folder, id } = clones;
        const bobsAt = nowIso();
        bobPushes(
          clones,
          'bob acknowledges and rewords the summary',
          (text) => acknowledgedBy(text, 'bob', bobsAt).replace('Logins fail for some EU users.', 'Logins fail for EU users on the mobile app.'),
        );
        const file = notePath(id);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Logins fail for some EU users.', 'Logins fail for EU users since the 09:40 deploy.'));
        await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Rolled back auth to v12');
        const from = reports.reports.length;

        assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.syncNotes', folder), undefined, 'the sync stops on the conflict');
        const failed = await reports.next('the conflict reported', 'failed', from);
        assert.match(failed.notice.message, /incidents\/.*\.md has a conflict in its Summary section.*keep what should stay between the markers, save, commit, and sync again/);

        const text = fs.readFileSync(file, 'utf8');
        const lines = text.split('\n');
        const summaryAt = lines.indexOf('## Summary');
        const timelineAt = lines.indexOf('## Timeline');
        const markers = lines.flatMap((line, i) => (/^(<<<<<<<|=======|>>>>>>>)/.test(line) ? [i] : []));
        assert.strictEqual(markers.length, 3, text);
        assert.ok(markers.every((i) => i > summaryAt && i < timelineAt), `markers in the Summary only:\n${text}`);
        // Nothing lost: both wordings, both events, bob's acknowledgement in the front matter.
        assert.ok(text.includes('Logins fail for EU users on the mobile app.') && text.includes('Logins fail for EU users since the 09:40 deploy.'), text);
        assert.match(text, /\[acknowledged\] Acknowledged by bob/);
        assert.match(text, /\[note\] Rolled back auth to v12/);
        assert.ok(text.slice(0, text.indexOf('\n---', 3)).includes(`acknowledged: ${bobsAt}`), text);
        assert.ok(run(root, 'log', '-1', '--format=%B', 'HEAD').split('\n').includes(`incident ${id}: 1 event (note)`), 'our side is committed');

        const editor = vscode.window.activeTextEditor;
        assert.strictEqual(editor?.document.uri.fsPath, file, 'the note is open');
        assert.strictEqual(editor.selection.active.line, markers[0], 'at the first marker');
      }, 'Logins fail for some EU users.');
    } finally {
      reports.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('The remote unreachable: Sync Notes shows the failure with Retry and keeps our commit; the remote back, Retry pushes it', async function () {
    const reports = await followReports();
    try {
      await withClones(this, 'Webhooks delayed', async ({ root, folder, temp, remote, id, note }) => {
        run(root, 'remote', 'set-url', 'origin', path.join(temp, 'gone.git'));
        await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Webhook queue drained');
        const from = reports.reports.length;
        assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.syncNotes', folder), undefined, 'the fetch fails');
        const failed = await reports.next('the failure reported', 'failed', from);
        assert.match(failed.notice.message, /^Sync Notes could not pull: .*Your notes are committed in this clone; nothing is lost\. Retry when the remote can be reached\.$/);
        const retry = failed.notice.actions.find((a) => a.title === 'Retry');
        assert.ok(retry, `the notice offers Retry: ${failed.notice.actions.map((a) => a.title).join(', ')}`);
        assert.ok(run(root, 'log', '-1', '--format=%B').split('\n').includes(`incident ${id}: 1 event (note)`), 'the new event is committed');
        assert.strictEqual(run(root, 'status', '--porcelain', '--', 'incidents'), '', 'nothing of the note is left uncommitted');

        // The remote back: Retry (what the notice's button runs) pushes the commit.
        run(root, 'remote', 'set-url', 'origin', remote);
        const retried = (await retry.run()) as SyncResult | undefined;
        assert.strictEqual(retried?.pushed, true, 'the retry pushes');
        assert.strictEqual(run(remote, 'rev-parse', 'main'), run(root, 'rev-parse', 'HEAD'), 'the remote has our commit');
        assert.match(run(remote, 'show', `main:${note}`), /\[note\] Webhook queue drained/);
      });
    } finally {
      reports.dispose();
    }
  });
});
