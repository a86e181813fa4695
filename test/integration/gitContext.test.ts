// The git context of an incident in a real VS Code, through its built-in git extension, on a repository the test
// makes: declaring records HEAD; the post-mortem lists the commits made before the declaration and not after;
// a confirmed trigger gives the failed deployment recovery time in the history's CSV.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { recordedHead } from '../../src/core/incident/events';
import { closeGitRepository, declare, enableGit, notePath, testClock, waitForIncident, workspaceRoot } from './support';

function git(cwd: string, args: string[], at?: Date): string {
  const stamp = at?.toISOString();
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Erin Example', GIT_AUTHOR_EMAIL: 'erin@example.com', GIT_COMMITTER_NAME: 'Erin Example', GIT_COMMITTER_EMAIL: 'erin@example.com', ...(stamp ? { GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp } : {}) };
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env });
  assert.strictEqual(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function commitFile(root: string, file: string, subject: string, at: Date): string {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.appendFileSync(path.join(root, file), `${subject}\n`);
  git(root, ['add', '--', file]);
  git(root, ['commit', '-q', '--no-verify', '-m', subject, '--', file], at);
  return git(root, ['rev-parse', 'HEAD']);
}

const HOUR = 3_600_000;

suite('Git context of an incident', () => {
  test('declare records HEAD; the post-mortem lists the commits before the declaration, not after; the confirmed trigger is in the CSV', async function () {
    const root = workspaceRoot();
    // The workspace is a fresh copy; a repository above it would get our commits, so the test needs its own.
    if (spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root }).status === 0) this.skip();
    const clock = await testClock();
    const now = clock.now();
    git(root, ['init', '-q']);
    git(root, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    const files = ['config/pool.yaml', 'web/banner.txt', 'web/after.txt'];
    const made: string[] = [];
    let restoreGit: (() => Promise<void>) | undefined;
    try {
      commitFile(root, 'config/pool.yaml', 'Too old for the window', new Date(now.getTime() - 30 * HOUR));
      const pool = commitFile(root, 'config/pool.yaml', 'Halve the payments pool', new Date(now.getTime() - 3 * HOUR));
      const banner = commitFile(root, 'web/banner.txt', 'Reword the checkout banner', new Date(now.getTime() - HOUR));

      // The harness turns git off; on for this test, waiting on the extension's own event.
      restoreGit = await enableGit();

      const id = await declare('Payments timeouts after the config/pool.yaml change', 2);
      made.push(notePath(id));
      const declared = await waitForIncident('the HEAD recorded in the note', id, (incident) => recordedHead(incident) !== null);
      assert.deepStrictEqual(recordedHead(declared), { commit: banner, branch: 'main' });
      assert.match(fs.readFileSync(notePath(id), 'utf8'), new RegExp(`\\[git\\] HEAD ${banner} on branch main`));

      // A commit after the declaration: not a candidate.
      commitFile(root, 'web/after.txt', 'Made after the declaration', new Date(Date.parse(declared.declared) + 60_000));
      await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Pool restored');
      const draftUri = await vscode.commands.executeCommand<vscode.Uri>('incidentRunbook.generatePostmortem', { incidentId: id, confirm: true, background: true });
      made.push(draftUri.fsPath);
      const draft = fs.readFileSync(draftUri.fsPath, 'utf8');
      const section = draft.slice(draft.indexOf('## Changes before the incident'), draft.indexOf('## Resolution'));
      assert.match(section, /on `main` in the 24 hours before the declaration/, section);
      assert.match(section, new RegExp(`- \\[ \\] \`${banner.slice(0, 7)}\` .* · Erin Example · Reword the checkout banner`), section);
      assert.match(section, /### Touching what the runbook or the note names\n\n- \[ \] `[0-9a-f]{7}` .* Halve the payments pool — touches `config\/pool\.yaml`/, section);
      assert.doesNotMatch(section, /Made after the declaration/, 'a commit after the declaration is not a candidate');
      assert.doesNotMatch(section, /Too old for the window/, 'nor one older than the window');

      const confirmed = await vscode.commands.executeCommand<string | null>('incidentRunbook.confirmTriggerChange', { incidentId: id, commit: pool.slice(0, 7) });
      assert.strictEqual(confirmed, pool);
      const csvUri = vscode.Uri.file(path.join(root, 'git-context-history.csv'));
      made.push(csvUri.fsPath);
      await vscode.commands.executeCommand('incidentRunbook.exportHistoryCsv', { uri: csvUri.toString() });
      const rows = fs.readFileSync(csvUri.fsPath, 'utf8').trim().split('\r\n');
      const header = rows[0].split(',');
      const row = rows.find((r) => r.startsWith(`${id},`))?.split(',');
      assert.ok(row, rows.join('\n'));
      const resolved = await waitForIncident('the trigger recorded', id, (incident) => incident.timeline.some((e) => e.kind === 'trigger'));
      assert.strictEqual(row[header.indexOf('trigger_commit')], pool);
      const expected = Math.round((Date.parse(resolved.resolved ?? '') - Math.floor((now.getTime() - 3 * HOUR) / 1000) * 1000) / 1000);
      assert.strictEqual(row[header.indexOf('failed_deployment_recovery_s')], String(expected));
    } finally {
      await closeGitRepository(root);
      await restoreGit?.();
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
      for (const file of [...files.map((f) => path.join(root, f)), ...made]) fs.rmSync(file, { force: true });
      for (const dir of ['config', 'web']) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
    }
  });
});
