// Incident: Enable Note Merging in a real VS Code: the .gitattributes line and the driver in the repository's config.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, workspaceRoot } from './support';

function git(cwd: string, ...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim() };
}

suite('Note merging', () => {
  test('Enable Note Merging writes the .gitattributes line and the merge.incident-note driver', async () => {
    await api();
    const root = workspaceRoot();
    // The test workspace is a copy, not always a repository: make it one for this test, and undo what the test did.
    const madeRepo = git(root, 'rev-parse', '--show-toplevel').status !== 0;
    if (madeRepo) assert.strictEqual(git(root, 'init', '-q').status, 0);
    const repository = git(root, 'rev-parse', '--show-toplevel').stdout;
    const attributes = path.join(repository, '.gitattributes');
    const before = fs.existsSync(attributes) ? fs.readFileSync(attributes, 'utf8') : null;
    try {
      const setup = (await vscode.commands.executeCommand('incidentRunbook.enableNoteMerging', vscode.workspace.workspaceFolders?.[0]?.uri)) as { attributesLine: string } | undefined;
      assert.ok(setup, 'the command returns what it set up');
      const relative = path.relative(repository, path.join(root, 'incidents')).replace(/\\/g, '/');
      assert.strictEqual(setup.attributesLine, `${relative}/*.md merge=incident-note`);
      assert.ok(fs.readFileSync(attributes, 'utf8').split('\n').includes(setup.attributesLine));
      const driver = git(repository, 'config', '--local', 'merge.incident-note.driver').stdout;
      assert.match(driver, /dist[\\/]cli\.js" merge-note %O %A %B %P$/);
      assert.strictEqual(git(repository, 'check-attr', 'merge', `${relative}/x.md`).stdout, `${relative}/x.md: merge: incident-note`);
    } finally {
      if (madeRepo) fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
      else {
        git(repository, 'config', '--local', '--remove-section', 'merge.incident-note');
      }
      if (before === null) fs.rmSync(attributes, { force: true });
      else fs.writeFileSync(attributes, before);
    }
  });
});
