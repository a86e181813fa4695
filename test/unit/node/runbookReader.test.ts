// Runbooks read in a worker thread (src/node/runbookReader.ts): the model is the core parser's, a read that
// never ends is stopped at its budget while the host's own thread keeps running, a read that needs too much
// memory is stopped, and a file over the size limit is not read at all. Each failure is a problem at line 1.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_RUNBOOK_BYTES, RunbookReader } from '../../../src/node/runbookReader';
import { parseRunbook } from '../../../src/core/runbook';

const root = path.resolve(__dirname, '../../../..');
const defaultRunbook = fs.readFileSync(path.join(root, 'runbooks/default-runbook.md'), 'utf8');
const hanging = path.join(__dirname, 'hangingRunbookWorker.js');

/** A severity table of about `bytes` bytes. */
function tableOf(bytes: number): string {
  const rows = ['# Big\n\n## Severity Levels\n\n| SEV | Impact | Response | Examples |\n|---|---|---|---|\n'];
  for (let i = 0, size = 0; size < bytes; i++) {
    const row = `| ${1 + (i % 4)} | Impact number ${i} of the service | 15 min | example ${i}, other ${i} |\n`;
    rows.push(row);
    size += row.length;
  }
  return rows.join('');
}

describe('runbooks are read in a worker thread', () => {
  const readers: RunbookReader[] = [];
  const reader = (options?: ConstructorParameters<typeof RunbookReader>[0]): RunbookReader => {
    const made = new RunbookReader(options);
    readers.push(made);
    return made;
  };
  afterEach(() => {
    for (const r of readers.splice(0)) r.dispose();
  });

  it('gives the model the core parser gives, for several runbooks in a row', async () => {
    const r = reader();
    const [first, second] = await Promise.all([r.read(defaultRunbook, 'runbooks/default-runbook.md'), r.read('# Other\n', 'other.md')]);
    assert.deepStrictEqual(first, parseRunbook(defaultRunbook, 'runbooks/default-runbook.md'));
    assert.deepStrictEqual(second, parseRunbook('# Other\n', 'other.md'));
  });

  it('stops a read that overruns its budget, says so at line 1, and the host thread keeps running meanwhile', async () => {
    const r = reader({ workerPath: hanging, budgetMs: 1500 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    try {
      const runbook = await r.read(defaultRunbook, 'slow.md');
      assert.deepStrictEqual(runbook.problems.map((p) => [p.line, p.code, p.severity]), [[0, 'read-timeout', 'error']]);
      assert.match(runbook.problems[0].message, /^This runbook took longer than 1\.5 s to read; reading it was stopped/);
      // A parse on the host's thread would have held every timer until it ended.
      assert.ok(ticks >= 5, `the host's timers ran ${ticks} times during the read`);
      assert.ok(runbook.levels.every((level) => level.origin === 'default'), 'nothing is made up: the levels are the marked defaults');
    } finally {
      clearInterval(ticker);
    }
  });

  it('keeps the last reading of the file, with the problem, when a new read overruns', async () => {
    const previous = parseRunbook(defaultRunbook, 'edited.md');
    const runbook = await reader({ workerPath: hanging, budgetMs: 300 }).read(defaultRunbook + '\nmore', 'edited.md', {}, previous);
    assert.strictEqual(runbook.problems[0].code, 'read-timeout');
    assert.match(runbook.problems[0].message, /What was read before it changed is shown/);
    assert.deepStrictEqual(runbook.problems.slice(1), previous.problems);
    assert.deepStrictEqual(runbook.levels, previous.levels);
  });

  it('stops a read that needs more memory than the worker may use, then reads the next runbook in a new worker', async () => {
    const r = reader({ heapMb: 16, maxBytes: 64 * 1024 * 1024 });
    const runbook = await r.read(tableOf(4_000_000), 'huge.md');
    assert.strictEqual(runbook.problems[0].code, 'read-failed');
    assert.match(runbook.problems[0].message, /needed more than 16 MB of memory/);
    assert.strictEqual((await r.read('# Next\n', 'next.md')).title, 'Next');
  });

  it(`does not read a runbook over ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB, and says so at line 1`, async () => {
    const r = reader({ workerPath: hanging });
    const runbook = await r.read(tableOf(MAX_RUNBOOK_BYTES + 1000), 'big.md');
    assert.deepStrictEqual(runbook.problems.map((p) => [p.line, p.code]), [[0, 'too-large']]);
    assert.match(runbook.problems[0].message, /^This runbook is 2 MB; runbooks over 2 MB are not read/);
    assert.strictEqual(r.tooLarge(MAX_RUNBOOK_BYTES, 'x.md'), undefined);
    assert.strictEqual(r.tooLarge(9_800_000, 'x.md')?.problems[0].message.startsWith('This runbook is 9.3 MB'), true);
  });
});
