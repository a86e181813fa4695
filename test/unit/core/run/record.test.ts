import * as assert from 'assert';
import { captureSummary, commandSlug, outputFileName, outputLink, savedOutputText, terminalRunEvent, utcStamp, withOutputLink, type CaptureResult, type TerminalRunEnd } from '../../../../src/core/run/record';
import { commandOutcome, isFailedCommand } from '../../../../src/core/incident/events';
import { TIMELINE_OUTPUT_BOUNDS } from '../../../../src/core/shell/output';

describe('runner/record: what a pipeline’s record says', () => {
  const curl = 'curl -s https://example.com/api/health';
  const command = `${curl} | jq`;
  const capture = (extra: Partial<CaptureResult>): CaptureResult => ({ exitCode: 0, timedOut: false, cancelled: false, durationMs: 437, output: '{}\n', truncated: false, shell: '/bin/bash', ...extra });
  const terminal = (extra: Partial<TerminalRunEnd>): string =>
    terminalRunEvent({ command, via: 'shellIntegration', exitCode: 0, durationMs: 437, output: '{}', outputComplete: true, ...extra }, TIMELINE_OUTPUT_BOUNDS).text;
  /** What the note's reader (events.ts) makes of a record line, as the post-mortem and the tree use it. */
  const readBack = (text: string): { exitCode: number | null; failed: boolean } => {
    const outcome = commandOutcome({ at: '2026-01-01T00:00:00Z', kind: 'command', text });
    assert.ok(outcome, text);
    return { exitCode: outcome.exitCode, failed: isFailedCommand(outcome) };
  };

  it('names the command that failed when each one’s exit code is known', () => {
    const text = captureSummary(command, capture({ exitCode: 6, output: '', pipeline: { known: 'each', stages: [curl, 'jq'], exitCodes: [6, 0] } }));
    assert.strictEqual(text, `\`${command}\` exited 6 in 437 ms: \`${curl}\` failed with exit 6; it printed nothing (Run and Capture)`);
    assert.deepStrictEqual(readBack(text), { exitCode: 6, failed: true });
    const two = captureSummary('a | b | c', capture({ exitCode: 1, pipeline: { known: 'each', stages: ['a', 'b', 'c'], exitCodes: [2, 0, 1] } }));
    assert.strictEqual(two, '`a | b | c` exited 1 in 437 ms: `a` failed with exit 2, `c` with exit 1 (Run and Capture)');
  });

  it('says a command stopped by SIGPIPE stopped because its reader did, and records success', () => {
    const text = captureSummary('yes | head -1', capture({ pipeline: { known: 'each', stages: ['yes', 'head -1'], exitCodes: [141, 0] } }));
    assert.strictEqual(text, '`yes | head -1` exited 0 in 437 ms: `yes` stopped when the next command stopped reading (Run and Capture)');
    assert.deepStrictEqual(readBack(text), { exitCode: 0, failed: false });
  });

  it('with pipefail, a failure is one though the command is not named', () => {
    const text = terminal({ exitCode: 6, output: '', pipeline: { known: 'pipefail' } });
    assert.strictEqual(text, `\`${command}\` exited 6 in 437 ms: a command in its pipeline failed (pipefail; which one is not reported); it printed nothing`);
    assert.deepStrictEqual(readBack(text), { exitCode: 6, failed: true });
    assert.strictEqual(terminal({ pipeline: { known: 'pipefail' } }), `\`${command}\` exited 0 in 437 ms`);
    assert.match(terminal({ exitCode: 141, pipeline: { known: 'pipefail' } }), /exited 141 in 437 ms \(SIGPIPE: .*not necessarily a failure\)$/);
  });

  it('never records a success the shell could not see: only the last command’s 0 is "exit code unknown"', () => {
    const text = captureSummary(command, capture({ shell: '/bin/dash', pipeline: { known: 'last', shell: 'dash' } }));
    assert.strictEqual(text, `\`${command}\` ended in 437 ms, exit code unknown: the shell reported 0, the last command's, and dash does not report the others in a pipeline (Run and Capture)`);
    assert.deepStrictEqual(readBack(text), { exitCode: null, failed: false });
    assert.match(terminal({ pipeline: { known: 'last', shell: 'fish' } }), /ended in 437 ms, exit code unknown: the terminal reported 0, .* fish does not report/);
    // The last command failing is a known failure.
    assert.strictEqual(terminal({ exitCode: 5, pipeline: { known: 'last', shell: 'fish' } }), `\`${command}\` exited 5 in 437 ms`);
  });

  it('flags a run that printed nothing, only when its output was read to the end', () => {
    assert.strictEqual(captureSummary('true', capture({ output: ' \n', shell: null })), '`true` exited 0 in 437 ms; it printed nothing (Run and Capture)');
    assert.strictEqual(terminalRunEvent({ command: 'true', via: 'shellIntegration', exitCode: 0, durationMs: 5, output: '', outputComplete: true }, TIMELINE_OUTPUT_BOUNDS).text, '`true` exited 0 in 5 ms; it printed nothing');
    assert.strictEqual(terminalRunEvent({ command: 'true', via: 'shellIntegration', exitCode: 0, durationMs: 5, output: '', outputComplete: false }, TIMELINE_OUTPUT_BOUNDS).text, '`true` exited 0 in 5 ms');
  });
});

describe('runner/record: full output saved beside the incident note', () => {
  const at = new Date('2026-11-27T05:43:01.987Z');

  it('stamps the UTC second without separators', () => {
    assert.strictEqual(utcStamp(at), '20261127T054301Z');
    assert.strictEqual(utcStamp(new Date('2026-01-02T03:04:05Z')), '20260102T030405Z');
  });

  it('slugs a command into a short, file-name-safe word list', () => {
    assert.strictEqual(commandSlug('kubectl get pods -n prod'), 'kubectl-get-pods-n-prod');
    assert.strictEqual(commandSlug("curl -s 'https://x.example/health' | jq .status"), 'curl-s-https-x-example-health-jq-status');
    assert.strictEqual(commandSlug('  ../../etc/passwd; rm -rf ~  '), 'etc-passwd-rm-rf');
    assert.strictEqual(commandSlug('café'), 'cafe');
    assert.strictEqual(commandSlug('日本 | ; $()'), 'command');
  });

  it('keeps the slug to 40 characters, never ending on a hyphen', () => {
    const slug = commandSlug(`${'a'.repeat(39)} bbbbbbbb`);
    assert.strictEqual(slug, 'a'.repeat(39));
    for (const command of ['x '.repeat(100), 'word '.repeat(30), 'A-b_c/d\\e:f*g?h"i<j>k|l'.repeat(5)]) {
      const s = commandSlug(command);
      assert.ok(s.length <= 40 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s), `${JSON.stringify(command)} -> ${s}`);
    }
  });

  it('names the file by start time and command, so a listing reads in run order', () => {
    assert.strictEqual(outputFileName(at, 'seq 1 100'), '20261127T054301Z-seq-1-100.log');
    const names = [outputFileName(new Date('2026-11-27T05:43:59Z'), 'zz'), outputFileName(new Date('2026-11-27T05:44:00Z'), 'aa')];
    assert.deepStrictEqual([...names].sort(), names);
  });

  it('links from the note to the file in <id>.outputs/, URL-encoding what a link cannot hold', () => {
    assert.strictEqual(outputLink('2026-11-27-db-down', '20261127T054301Z-seq.log'), '2026-11-27-db-down.outputs/20261127T054301Z-seq.log');
    assert.strictEqual(outputLink('2026-11-27-a (b', 'x) y.log'), '2026-11-27-a%20%28b.outputs/x%29%20y.log');
    assert.strictEqual(outputLink('2026-11-27-café', 'x.log'), '2026-11-27-caf%C3%A9.outputs/x.log');
  });

  it('appends the link to the first line of the timeline event, keeping its output apart', () => {
    const event = withOutputLink({ kind: 'command', text: '`seq 100` exited 0 in 1.2 s', output: '99\n100' }, 'inc.outputs/20261127T054301Z-seq-100.log');
    assert.deepStrictEqual(event, {
      kind: 'command',
      text: '`seq 100` exited 0 in 1.2 s — full output: [20261127T054301Z-seq-100.log](inc.outputs/20261127T054301Z-seq-100.log)',
      output: '99\n100',
    });
    const twoLines = withOutputLink({ kind: 'command', text: 'first\nsecond' }, 'a.outputs/x%20y.log');
    assert.strictEqual(twoLines.text, 'first — full output: [x y.log](a.outputs/x%20y.log)\nsecond');
  });

  it('escapes a file name that would break the link text', () => {
    assert.strictEqual(withOutputLink({ kind: 'command', text: 't' }, 'a.outputs/%5Bx%5D_1.log').text, 't — full output: [\\[x\\]\\_1.log](a.outputs/%5Bx%5D_1.log)');
  });

  it('saves the output whole, ending with a line break, and says so at the top when its beginning was dropped', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    assert.strictEqual(savedOutputText(lines, false, 256 * 1024), `${lines}\n`);
    assert.strictEqual(savedOutputText(`${lines}\n`, false, 256 * 1024), `${lines}\n`);
    assert.strictEqual(savedOutputText('tail\n', true, 256 * 1024), '[earlier output dropped: only the last 256 KB were kept]\ntail\n');
  });
});
