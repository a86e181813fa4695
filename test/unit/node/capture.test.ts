import * as assert from 'assert';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runAndCapture, type CaptureOptions } from '../../../src/node/capture';
import { planInvocation, shellArgv } from '../../../src/core/run/invocation';
import { livingProcesses, uniqueSleep } from '../../harness/processes';

describe('runner/invocation: planInvocation', () => {
  it('runs a command without shell syntax directly, split at whitespace', () => {
    assert.deepStrictEqual(planInvocation('kubectl  get pods -n prod', '/bin/bash'), {
      file: 'kubectl',
      args: ['get', 'pods', '-n', 'prod'],
      shell: null,
      verbatim: false,
    });
  });

  const shellNeeded = [
    'echo hi > out.txt',
    'make && make test',
    'a; b',
    'echo $HOME',
    'ls *.log',
    "grep 'two words' file",
    'echo "x"',
    'echo a\\ b',
    'FOO=1 run',
    'echo ~',
    'cat <<EOF',
    'echo `id`',
  ];
  for (const command of shellNeeded) {
    it(`runs ${JSON.stringify(command)} in the named shell`, () => {
      assert.deepStrictEqual(planInvocation(command, '/usr/bin/zsh'), { file: '/usr/bin/zsh', args: ['-c', command], shell: '/usr/bin/zsh', verbatim: false });
    });
  }

  it('runs a pipeline in the named shell with what that shell can tell about its commands', () => {
    const plan = planInvocation('kubectl get pods | grep -v Running', '/usr/bin/zsh');
    assert.deepStrictEqual([plan.file, plan.shell, plan.args[0]], ['/usr/bin/zsh', '/usr/bin/zsh', '-c']);
    assert.match(plan.args[1], /^setopt pipefail 2>\/dev\/null; kubectl get pods \| grep -v Running\n/);
    assert.deepStrictEqual(plan.pipeline, { reportedStages: ['kubectl get pods', 'grep -v Running'], otherwise: { known: 'pipefail' } });
  });

  it('uses each shell’s own flag', () => {
    assert.deepStrictEqual(shellArgv('/usr/bin/fish', 'a | b').args, ['-c', 'a | b']);
    assert.deepStrictEqual(shellArgv('C:\\pwsh\\pwsh.exe', 'a | b').args, ['-NoProfile', '-NonInteractive', '-Command', 'a | b']);
    assert.deepStrictEqual(shellArgv('C:\\Windows\\System32\\cmd.exe', 'a | b'), { args: ['/d', '/s', '/c', '"a | b"'], verbatim: true });
  });
});

describe('runner/capture: runAndCapture', () => {
  let cwd: string;
  const options = (extra: Partial<CaptureOptions> = {}): CaptureOptions => ({ cwd, timeoutMs: 10000, maxOutputBytes: 64 * 1024, shellPath: '/bin/sh', ...extra });
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'capture-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('captures the output of a direct command', async () => {
    const result = await runAndCapture('echo hello capture', options());
    assert.strictEqual(result.exitCode, 0);
    assert.strictEqual(result.output, 'hello capture\n');
    assert.strictEqual(result.shell, null);
    assert.deepStrictEqual([result.timedOut, result.cancelled, result.truncated], [false, false, false]);
    assert.ok(result.durationMs >= 0);
  });

  it('captures stdout and stderr of a pipeline run in the shell, in the cwd', async () => {
    writeFileSync(join(cwd, 'marker.txt'), 'from cwd\n');
    const result = await runAndCapture('cat marker.txt | tr a-z A-Z; echo oops >&2', options());
    assert.strictEqual(result.shell, '/bin/sh');
    assert.strictEqual(result.exitCode, 0);
    assert.match(result.output, /FROM CWD/);
    assert.match(result.output, /oops/);
  });

  it('records a non-zero exit code', async () => {
    const result = await runAndCapture('ls /nonexistent-dir-for-capture', options());
    assert.strictEqual(result.exitCode, 2);
    assert.match(result.output, /nonexistent-dir-for-capture/);
    assert.strictEqual(result.timedOut, false);
  });

  it('reports a command that cannot start', async () => {
    const result = await runAndCapture(`no-such-program-${randomUUID()} --x`, options());
    assert.strictEqual(result.exitCode, null);
    assert.match(result.error ?? '', /ENOENT|not found/);
  });

  it('records a timeout and kills the whole pipeline', async () => {
    const marker = join(cwd, 'late');
    const sleep = uniqueSleep(5);
    const result = await runAndCapture(`echo before; ${sleep} | cat; touch ${marker}`, options({ timeoutMs: 300 }));
    assert.strictEqual(result.timedOut, true);
    assert.strictEqual(result.exitCode, null);
    assert.match(result.output, /before/);
    // The pipeline's own children are gone too (a shell killed alone would leave them running), so nothing
    // of the script can run after the timeout.
    assert.deepStrictEqual(livingProcesses(sleep), [], 'the pipeline outlived the timeout');
    assert.ok(!existsSync(marker), 'the rest of the script ran after the timeout');
  });

  it('records a cancel from the AbortSignal, and the command is gone', async () => {
    const controller = new AbortController();
    const sleep = uniqueSleep(5);
    setTimeout(() => controller.abort(), 200);
    const result = await runAndCapture(sleep, options({ signal: controller.signal }));
    assert.deepStrictEqual([result.cancelled, result.timedOut, result.exitCode], [true, false, null]);
    assert.deepStrictEqual(livingProcesses(sleep), [], 'the cancelled command is still running');
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const marker = join(cwd, 'started');
    const result = await runAndCapture(`touch ${marker}`, options({ signal: controller.signal }));
    assert.strictEqual(result.cancelled, true);
    assert.ok(!existsSync(marker));
  });

  it('keeps only the last bytes of a large output', async () => {
    const result = await runAndCapture('seq 1 100000', options({ maxOutputBytes: 1000 }));
    assert.strictEqual(result.exitCode, 0);
    assert.strictEqual(result.truncated, true);
    assert.ok(Buffer.byteLength(result.output) <= 1000);
    assert.ok(result.output.endsWith('99999\n100000\n'));
  });

  it('strips terminal escapes from the output', async () => {
    const result = await runAndCapture("printf '\\033[31mred\\033[0m\\n'", options());
    assert.strictEqual(result.output, 'red\n');
  });

  describe('a pipeline whose first command fails', () => {
    // `false` stands for curl failing on an unreachable host; `cat` for jq, which exits 0 on no input.
    const failingFirst = "false | cat; : 'quoted, so it needs a shell'";
    const pipeline = "printf '' | false | cat";
    for (const shell of ['/bin/bash', '/usr/bin/zsh', '/usr/bin/fish']) {
      it(`fails and names the failed command in ${shell}`, async function () {
        if (!existsSync(shell)) this.skip();
        const result = await runAndCapture(pipeline, options({ shellPath: shell }));
        assert.strictEqual(result.exitCode, 1);
        assert.deepStrictEqual(result.pipeline, { known: 'each', stages: ["printf ''", 'false', 'cat'], exitCodes: [0, 1, 0] });
      });
    }

    it('bash and zsh fail a list holding a failing pipeline (pipefail), without naming the command', async () => {
      for (const shell of ['/bin/bash', '/usr/bin/zsh'].filter(existsSync)) {
        const result = await runAndCapture(failingFirst, options({ shellPath: shell }));
        assert.deepStrictEqual([result.exitCode, result.pipeline], [0, { known: 'pipefail' }], `${shell}: the list ends with \`:\``);
        const failing = await runAndCapture('false | cat && echo after', options({ shellPath: shell }));
        assert.deepStrictEqual([failing.exitCode, failing.output], [1, ''], shell);
      }
    });

    it('in dash, runs the command as written (no pipefail, which ends dash) and says only the last status is known', async function () {
      if (!existsSync('/usr/bin/dash')) this.skip();
      const result = await runAndCapture(`${pipeline}; echo ran`, options({ shellPath: '/usr/bin/dash' }));
      assert.deepStrictEqual([result.exitCode, result.output, result.pipeline], [0, 'ran\n', { known: 'last', shell: 'dash' }]);
    });

    it('does not count a command stopped by SIGPIPE when the next stopped reading', async () => {
      const result = await runAndCapture('yes | head -n 1', options({ shellPath: '/bin/bash' }));
      assert.strictEqual(result.exitCode, 0);
      assert.deepStrictEqual(result.pipeline, { known: 'each', stages: ['yes', 'head -n 1'], exitCodes: [141, 0] });
      assert.strictEqual(result.output, 'y\n', 'the report on fd 3 is not in the output');
    });

    it('keeps the shell’s own exit code and report when the command exits itself', async () => {
      const result = await runAndCapture('exit 3 | cat', options({ shellPath: '/bin/bash' }));
      assert.strictEqual(result.exitCode, 3);
    });
  });
});
