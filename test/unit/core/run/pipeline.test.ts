import * as assert from 'assert';
import { capturePlan, judgePipeline, parseReportedCodes, readPipeline, terminalPlan } from '../../../../src/core/run/pipeline';

describe('run/pipeline: readPipeline', () => {
  const single: [string, string[]][] = [
    ['curl -s https://example.com/api/health | jq', ['curl -s https://example.com/api/health', 'jq']],
    ["kubectl get pods -n prod | grep -v 'Running|Completed' | wc -l", ['kubectl get pods -n prod', "grep -v 'Running|Completed'", 'wc -l']],
    ['echo "a | b" | cat', ['echo "a | b"', 'cat']],
    ['echo "$(date | tr a-z A-Z)" | cat', ['echo "$(date | tr a-z A-Z)"', 'cat']],
    ['ps aux |& grep x', ['ps aux', 'grep x']],
    ['make 2>&1 | tail -5', ['make 2>&1', 'tail -5']],
    ['echo a\\|b | cat', ['echo a\\|b', 'cat']],
    ['echo ${x:-a|b} | cat', ['echo ${x:-a|b}', 'cat']],
    ['(cd /tmp && ls) | wc -l', ['(cd /tmp && ls)', 'wc -l']],
    ['  journalctl -u api | tail  ', ['journalctl -u api', 'tail']],
  ];
  for (const [command, stages] of single) {
    it(`splits ${JSON.stringify(command)} into its commands`, () => {
      assert.deepStrictEqual(readPipeline(command), { stages, hasPipe: true });
    });
  }

  const lists = [
    'cd /srv && ls | wc -l',
    'a | b; c',
    'a | b || true',
    'a | b &',
    'a | b\nc',
    'a | b # note',
    'cat <<EOF | grep x\nhello\nEOF',
  ];
  for (const command of lists) {
    it(`sees a pipe but no single pipeline in ${JSON.stringify(command)}`, () => {
      assert.deepStrictEqual(readPipeline(command), { stages: undefined, hasPipe: true });
    });
  }

  const noPipe = ['echo hi', 'a || b', 'echo "a|b"', "grep 'x|y' f", 'echo hi >| out', '[[ a || b ]]', 'echo `a|b`'];
  for (const command of noPipe) {
    it(`finds no pipe in ${JSON.stringify(command)}`, () => {
      assert.strictEqual(readPipeline(command).hasPipe, false);
    });
  }

  it('claims no single pipeline for what it cannot close (an open quote, a stray parenthesis, a trailing backslash)', () => {
    for (const command of ["a | grep 'x", 'a | b)', 'a | b \\', 'a | "b', 'a | $(b', 'a |', '| a']) {
      assert.strictEqual(readPipeline(command).stages, undefined, command);
    }
  });
});

describe('run/pipeline: plans per shell', () => {
  it('leaves a command without a pipe as it is', () => {
    assert.deepStrictEqual(capturePlan('echo $HOME', '/bin/bash'), { script: 'echo $HOME' });
    assert.deepStrictEqual(terminalPlan('echo $HOME', '/bin/bash'), { line: 'echo $HOME' });
  });

  it('bash and zsh capture with pipefail and report each command’s exit code for one pipeline', () => {
    const bash = capturePlan('a | b', '/usr/bin/bash');
    assert.match(bash.script, /^set -o pipefail; a \| b\n.*PIPESTATUS.*>&3/);
    assert.deepStrictEqual([bash.reportedStages, bash.otherwise], [['a', 'b'], { known: 'pipefail' }]);
    const zsh = capturePlan('a | b', '/bin/zsh');
    assert.match(zsh.script, /^setopt pipefail 2>\/dev\/null; a \| b\n.*pipestatus.*>&3/);
    assert.deepStrictEqual(capturePlan('cd x && a | b', '/bin/bash'), { script: 'set -o pipefail; cd x && a | b', otherwise: { known: 'pipefail' } });
  });

  it('fish reports $pipestatus for one pipeline; sh, pwsh and cmd can say only the last command’s', () => {
    const fish = capturePlan('a | b', '/usr/bin/fish');
    assert.match(fish.script, /^a \| b\nset -l \S+ \$pipestatus/);
    assert.deepStrictEqual(fish.otherwise, { known: 'last', shell: 'fish' });
    assert.deepStrictEqual(capturePlan('a | b', '/bin/dash'), { script: 'a | b', otherwise: { known: 'last', shell: 'dash' } });
    assert.deepStrictEqual(capturePlan('a | b', '/bin/sh'), { script: 'a | b', otherwise: { known: 'last', shell: 'sh' } });
    assert.deepStrictEqual(capturePlan('a | b', 'C:\\Windows\\System32\\cmd.exe'), { script: 'a | b', otherwise: { known: 'last', shell: 'cmd' } });
    assert.deepStrictEqual(capturePlan('cd x && a | b', '/usr/bin/fish'), { script: 'cd x && a | b', otherwise: { known: 'last', shell: 'fish' } });
  });

  it('never sends `set -o pipefail` to sh (dash ends on it)', () => {
    for (const shell of ['/bin/sh', '/bin/dash', '/bin/ash', '/bin/ksh']) assert.doesNotMatch(capturePlan('a | b', shell).script + terminalPlan('a | b', shell).line, /pipefail/);
  });

  it('a terminal runs one pipeline in a bash or zsh subshell with pipefail, anything else as written', () => {
    assert.deepStrictEqual(terminalPlan('curl -s x | jq', '/bin/bash'), { line: ': ; (set -o pipefail; curl -s x | jq)', report: { known: 'pipefail' } });
    assert.deepStrictEqual(terminalPlan('curl -s x | jq', '/usr/bin/zsh'), { line: ': ; (set -o pipefail; curl -s x | jq)', report: { known: 'pipefail' } });
    assert.deepStrictEqual(terminalPlan('cd x && a | b', '/bin/bash'), { line: 'cd x && a | b', report: { known: 'last', shell: 'bash' } });
    assert.deepStrictEqual(terminalPlan('a | b', '/usr/bin/fish'), { line: 'a | b', report: { known: 'last', shell: 'fish' } });
    assert.deepStrictEqual(terminalPlan('a | b', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'), { line: 'a | b', report: { known: 'last', shell: 'pwsh' } });
  });
});

describe('run/pipeline: reading and judging exit codes', () => {
  it('reads one code per command, or nothing', () => {
    assert.deepStrictEqual(parseReportedCodes('6 0\n', ['curl', 'jq']), { known: 'each', stages: ['curl', 'jq'], exitCodes: [6, 0] });
    assert.strictEqual(parseReportedCodes('', ['a', 'b']), undefined);
    assert.strictEqual(parseReportedCodes('0\n', ['a', 'b']), undefined);
    assert.strictEqual(parseReportedCodes('0 x\n', ['a', 'b']), undefined);
  });

  it('fails with the last failing command’s code and names each that failed', () => {
    assert.deepStrictEqual(judgePipeline(['curl', 'jq'], [6, 0]), { exitCode: 6, failed: [{ command: 'curl', exitCode: 6 }], stoppedReading: [] });
    assert.deepStrictEqual(judgePipeline(['a', 'b', 'c'], [2, 0, 1]).exitCode, 1);
    assert.deepStrictEqual(judgePipeline(['a', 'b'], [0, 0]), { exitCode: 0, failed: [], stoppedReading: [] });
  });

  it('does not count SIGPIPE of a command whose reader stopped (`yes | head -1`) as a failure, unless it is the last', () => {
    assert.deepStrictEqual(judgePipeline(['yes', 'head -1'], [141, 0]), { exitCode: 0, failed: [], stoppedReading: ['yes'] });
    assert.strictEqual(judgePipeline(['a', 'b'], [0, 141]).exitCode, 141);
  });
});
