// The test harness's last way out: when the harness itself is SIGKILLed (no handler runs), the
// reaper that trackProcessGroup starts kills the process groups it tracked (the VS Code server and
// its extension hosts in a real run; a `sleep` here).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLEANUP_MODULE = path.resolve(__dirname, '..', '..', 'harness', 'cleanup.js');

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('test harness: process groups outlive no harness', function () {
  this.timeout(20_000);

  it('a SIGKILLed harness takes the process group it started with it', async function () {
    if (process.platform === 'win32') this.skip(); // no process groups to signal there (the reaper is off)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-reaper-'));
    const script = path.join(dir, 'fake-harness.js');
    fs.writeFileSync(
      script,
      `const { spawn } = require('child_process');
const { trackProcessGroup } = require(${JSON.stringify(CLEANUP_MODULE)});
const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
trackProcessGroup(child);
console.log(child.pid);
setInterval(() => {}, 1000);
`,
    );
    const harness = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const group = await new Promise<number>((resolve, reject) => {
      harness.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      harness.once('error', reject);
    });
    try {
      assert.ok(group > 0 && groupAlive(group), `the fake harness started process group ${group}`);
      harness.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (groupAlive(group) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(!groupAlive(group), `process group ${group} is still there 10 s after its harness was SIGKILLed`);
    } finally {
      if (groupAlive(group)) process.kill(-group, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a harness killed with its reaper leaves a pid file, and the next harness ends the groups it lists', async function () {
    if (process.platform === 'win32') this.skip();
    const { reapStaleGroups } = require(CLEANUP_MODULE) as typeof import('../../harness/cleanup');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-pids-'));
    const left = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid as number)));
    const running = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    try {
      const group = left.pid as number;
      fs.writeFileSync(path.join(dir, `${deadPid}.json`), JSON.stringify({ harness: deadPid, groups: [group] }));
      // A harness still running keeps its groups: its file names this very process.
      fs.writeFileSync(path.join(dir, `${process.ppid}.json`), JSON.stringify({ harness: process.ppid, groups: [running.pid] }));
      fs.writeFileSync(path.join(dir, 'garbage.json'), '{ not json');
      assert.ok(groupAlive(group));
      assert.deepStrictEqual(reapStaleGroups(dir), [group]);
      await new Promise((resolve) => (left.exitCode !== null || left.signalCode !== null ? resolve(undefined) : left.once('exit', resolve)));
      assert.ok(!groupAlive(group), 'the listed group is gone');
      assert.ok(groupAlive(running.pid as number), 'a live harness keeps its group');
      assert.deepStrictEqual(fs.readdirSync(dir), [`${process.ppid}.json`]);
    } finally {
      for (const child of [left, running]) if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
