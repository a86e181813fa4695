import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BUNDLED_RUNBOOK, fixturePath, repoRoot, withoutSources } from './core/runbook/fixtures';
import type { Runbook } from '../../src/core/runbook';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const PROBLEM_LINE = /^(.+):(\d+):(\d+): (error|warning|info): (.+)$/;

describe('incident-runbook CLI (the built dist/cli.js)', function () {
  this.timeout(120000);
  const root = repoRoot();
  const cli = path.join(root, 'dist/cli.js');

  function run(...args: string[]): Run {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  before(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
    assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'), 'the CLI keeps its shebang');
  });

  it('lint: the bundled runbook has no problems and exits 0', () => {
    const result = run('lint', BUNDLED_RUNBOOK);
    assert.strictEqual(result.status, 0, result.stderr);
    assert.strictEqual(result.stdout, '');
  });

  it('lint: prints file:line:col: severity: message (1-based) and exits 1 on an error', () => {
    const file = path.relative(root, fixturePath('contradiction.md'));
    const result = run('lint', file);
    assert.strictEqual(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) assert.match(line, PROBLEM_LINE);
    assert.ok(lines.some((line) => line.startsWith(`${file}:18:1: error: SEV2:`)), result.stdout);
  });

  it('lint: warnings and infos alone exit 0, and several files are linted in one run', () => {
    const warnings = path.relative(root, fixturePath('mojibake.md'));
    const infos = path.relative(root, fixturePath('missing-links.md'));
    const result = run('lint', warnings, infos);
    assert.strictEqual(result.status, 0, result.stderr);
    const files = new Set(result.stdout.trimEnd().split('\n').map((line) => PROBLEM_LINE.exec(line)?.[1]));
    assert.deepStrictEqual([...files].sort(), [infos, warnings].sort());
    assert.ok(result.stdout.includes(`${warnings}:6:4: warning: Mis-decoded text`), result.stdout);
  });

  it('lint: reads YAML runbooks and reports schema errors at their line', () => {
    const file = path.relative(root, fixturePath('schema-errors.runbook.yaml'));
    const result = run('lint', file);
    assert.strictEqual(result.status, 1);
    assert.ok(result.stdout.includes(`${file}:11:14: error: \`diagnostics\` must be a list`), result.stdout);
  });

  it('lint: an unreadable file or no file is a usage error (exit 2)', () => {
    const missing = run('lint', 'no/such/runbook.md');
    assert.strictEqual(missing.status, 2);
    assert.match(missing.stderr, /cannot read no\/such\/runbook\.md/);
    assert.strictEqual(run('lint').status, 2);
    assert.strictEqual(run('lint', path.relative(root, fixturePath(''))).status, 2, 'a directory is not readable as a runbook');
  });

  it('usage errors exit 2; --help exits 0', () => {
    assert.strictEqual(run().status, 2);
    assert.strictEqual(run('frobnicate').status, 2);
    assert.strictEqual(run('lint', '--fix', BUNDLED_RUNBOOK).status, 2);
    assert.strictEqual(run('parse', 'a.md', 'b.md', '--json').status, 2);
    const help = run('--help');
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /incident-runbook lint FILE/);
  });

  it('parse --json prints the model with the promised keys', () => {
    const result = run('parse', BUNDLED_RUNBOOK, '--json');
    assert.strictEqual(result.status, 0, result.stderr);
    const model = JSON.parse(result.stdout) as Runbook;
    assert.strictEqual(model.title, 'Web Service Incident Runbook');
    assert.deepStrictEqual(Object.keys(model.levels[0]).filter((key) => ['id', 'level', 'impact', 'responseMinutes', 'response', 'action', 'examples'].includes(key)).sort(),
      ['action', 'examples', 'id', 'impact', 'level', 'response', 'responseMinutes']);
    assert.deepStrictEqual(model.levels.map((level) => level.responseMinutes), [15, 60, 240, null]);
    assert.strictEqual(model.incidents[3].forcedLevel, 1);
    assert.strictEqual(typeof model.flowchart, 'string');
    assert.deepStrictEqual(model.problems, []);
  });

  it('parse --json marks where each level, rule and the template came from; the summary names default levels', () => {
    const file = path.relative(root, fixturePath('no-levels.md'));
    const model = JSON.parse(run('parse', file, '--json').stdout) as Runbook;
    assert.deepStrictEqual(model.levels.map((level) => [level.id, level.origin, level.source, level.responseMinutes]), [
      ['SEV1', 'default', undefined, null], ['SEV2', 'default', undefined, null], ['SEV3', 'default', undefined, null], ['SEV4', 'default', undefined, null],
    ]);
    assert.deepStrictEqual(model.escalation.map((rule) => [rule.origin, typeof rule.source?.line]), [['runbook', 'number'], ['runbook', 'number']]);
    assert.deepStrictEqual([model.template?.origin, typeof model.template?.source?.line], ['runbook', 'number']);
    assert.match(run('parse', file).stdout, /^levels: SEV1 -, SEV2 -, SEV3 -, SEV4 - \(default levels — this runbook defines none\)$/m);
  });

  it('parse --json gives the same model for the Markdown and the YAML runbook', () => {
    const markdown = JSON.parse(run('parse', BUNDLED_RUNBOOK, '--json').stdout) as Runbook;
    const yaml = JSON.parse(run('parse', path.relative(root, fixturePath('sample.runbook.yaml')), '--json').stdout) as Runbook;
    assert.deepStrictEqual(withoutSources(yaml), withoutSources(markdown));
  });

  it('health: prints each step\'s runs and failures from the notes, the findings at the runbook\'s lines, and --json', () => {
    const folder = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cli-health-'));
    try {
      const note = (name: string, events: string) =>
        fs.writeFileSync(path.join(folder, name), `---\nid: ${name.replace(/\.md$/, '')}\ntitle: T\nlevel: 2\nstatus: Resolved\ndeclared: 2026-11-01T09:00:00Z\nresolved: 2026-11-01T10:00:00Z\n---\n\n# T\n\n## Timeline\n\n${events}`);
      note('2026-11-01-a.md', '- 2026-11-01T09:05:00Z [command] `pg_isready -h db1 -p 5432` exited 127 in 12 ms (the terminal)\n');
      note('2026-11-02-b.md', '- 2026-11-02T09:05:00Z [command] `pg_isready -h db2 -p 5432` exited 127 in 9 ms (the terminal)\n');
      fs.writeFileSync(path.join(folder, 'broken.md'), '---\n{ nope\n---\n');
      const result = run('health', BUNDLED_RUNBOOK, '--incidents', folder);
      assert.strictEqual(result.status, 0, result.stderr);
      assert.match(result.stdout, /Check the database: 2 runs, 2 failures/);
      assert.match(result.stdout, new RegExp(`^${BUNDLED_RUNBOOK}:\\d+: "Check the database" is stale`, 'm'));
      assert.match(result.stderr, /broken\.md: not read/);
      const json = JSON.parse(run('health', BUNDLED_RUNBOOK, '--incidents', folder, '--json').stdout);
      assert.strictEqual(json.incidents, 2);
      assert.strictEqual(run('health', BUNDLED_RUNBOOK).status, 2, 'without --incidents: a usage error');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
