// Incident: Sync Notes in a real VS Code, through its git extension: a local bare repository is the remote, and a
// second clone (the git CLI, as another responder) pushes an event that the sync brings in.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SyncResult } from '../../src/vscode/incident/commands/syncNotes';
import { api, closeGitRepository, declare, enableGit, notePath, waitForTree, workspaceRoot } from './support';

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

suite('Note sync', () => {
  test('Sync Notes commits our event, brings in another clone’s through a bare remote, pushes both, and the tree shows them', async function () {
    const root = workspaceRoot();
    // Never commit into a repository the test did not make.
    if (git(root, 'rev-parse', '--show-toplevel').status === 0) this.skip();
    const { trees } = await api();
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
      id = await declare('Payments timing out', 2);
      const note = `incidents/${path.basename(notePath(id))}`;
      run(root, 'add', note);
      run(root, 'commit', '-q', '-m', 'declare');
      run(root, 'remote', 'add', 'origin', remote);
      run(root, 'push', '-q', '-u', 'origin', 'main');

      // Bob, in his own clone, acknowledges and pushes.
      run(temp, 'clone', '-q', remote, other);
      run(other, 'config', 'user.name', 'bob');
      run(other, 'config', 'user.email', 'bob@example.com');
      const bobsAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      fs.writeFileSync(path.join(other, note), acknowledgedBy(fs.readFileSync(path.join(other, note), 'utf8'), 'bob', bobsAt));
      run(other, 'commit', '-q', '-am', 'bob acknowledges');
      run(other, 'push', '-q');

      // Meanwhile we write an event of our own: both appended to the same timeline.
      await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Rolled back payments-api to v41');
      await vscode.commands.executeCommand('incidentRunbook.enableNoteMerging', folder);
      restoreGit = await enableGit();

      // Another file staged: the sync refuses rather than commit it with the notes.
      fs.writeFileSync(path.join(root, 'scratch.txt'), 'not a note\n');
      run(root, 'add', 'scratch.txt');
      const headBefore = run(root, 'rev-parse', 'HEAD');
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.syncNotes', folder), undefined, 'refused while scratch.txt is staged');
      assert.strictEqual(run(root, 'rev-parse', 'HEAD'), headBefore, 'nothing committed');
      run(root, 'rm', '-q', '--cached', 'scratch.txt');
      fs.rmSync(path.join(root, 'scratch.txt'));

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
      assert.ok(committedFiles.includes(note) && committedFiles.every((file) => file.startsWith('incidents/')), `our commit holds notes only (not .gitattributes): ${committedFiles.join(', ')}`);

      // The remote unreachable: the sync fails (shown with Retry) and our new event stays committed in this clone.
      run(root, 'remote', 'set-url', 'origin', path.join(temp, 'gone.git'));
      await vscode.commands.executeCommand('incidentRunbook.addTimelineEvent', { incidentId: id }, 'Payments recovering');
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.syncNotes', folder), undefined, 'the fetch fails');
      assert.ok(run(root, 'log', '-1', '--format=%B').split('\n').includes(`incident ${id}: 1 event (note)`), 'the new event is committed');
      assert.strictEqual(run(root, 'status', '--porcelain', '--', 'incidents'), '', 'nothing of the note is left uncommitted');

      await waitForTree('the tree to show bob’s event and bob among the responders', trees.incidents, (labels) => labels.some((l) => /Responders — .*\bbob\b/.test(l)) && labels.some((l) => l.includes('Acknowledged by bob')), 4);
    } finally {
      await closeGitRepository(root);
      await restoreGit?.();
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
      fs.rmSync(path.join(root, '.gitattributes'), { force: true });
      fs.rmSync(path.join(root, 'scratch.txt'), { force: true });
      if (id) fs.rmSync(notePath(id), { force: true });
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
