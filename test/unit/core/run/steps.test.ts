import * as assert from 'assert';
import type { Runbook } from '../../../../src/core/runbook/model';
import type { CaptureResult } from '../../../../src/node/capture';
import { captureBlock, captureSummary, fencedBlock, formatRunDuration, inlineCode, terminalRunEvent } from '../../../../src/core/run/record';
import { parseRunArgs, resolveStep, runnableCommands } from '../../../../src/core/run/steps';
import { TIMELINE_OUTPUT_BOUNDS } from '../../../../src/core/shell/output';

const URI = 'file:///w/runbooks/web.md';

function runbook(): Runbook {
  const at = (line: number) => ({ line, column: 0, endLine: line, endColumn: 40 });
  return {
    title: 'Web',
    path: '/w/runbooks/web.md',
    format: 'markdown',
    levels: [],
    diagnostics: [
      { title: 'Check health', commands: ['curl -s https://[domain]/health', 'uptime'], placeholders: ['domain'], source: at(10), commandSources: [at(11), at(12)] },
      { title: 'No commands', commands: [], placeholders: [] },
    ],
    incidents: [
      {
        id: 'INC-001',
        title: 'Application Unresponsive',
        symptoms: [],
        steps: [
          { question: 'Container running?', command: 'docker ps | grep app', hint: null, placeholders: [], source: at(30) },
          { question: 'WebRTC issues?', command: null, hint: 'Client-side debugging needed', placeholders: [] },
        ],
        rootCauses: [],
        resolution: '',
        forcedLevel: null,
        critical: null,
        protocol: [],
      },
    ],
    template: null,
    escalation: [],
    flowchart: '',
    sequence: null,
    links: [],
    version: null,
    problems: [],
  };
}

describe('runner/steps: runnableCommands and resolveStep', () => {
  it('lists one entry per command, quick diagnosis first, tree steps without a command left out', () => {
    const list = runnableCommands(URI, runbook());
    assert.deepStrictEqual(
      list.map((c) => [c.group, c.title, c.command, c.source?.line]),
      [
        ['Quick diagnosis', 'Check health', 'curl -s https://[domain]/health', 11],
        ['Quick diagnosis', 'Check health', 'uptime', 12],
        ['INC-001: Application Unresponsive', 'Container running?', 'docker ps | grep app', 30],
      ],
    );
    assert.deepStrictEqual(list[1].ref, { runbookUri: URI, kind: 'diagnostic', index: 0, commandIndex: 1 });
    assert.deepStrictEqual(list[2].ref, { runbookUri: URI, kind: 'tree', incidentIndex: 0, index: 0 });
  });

  it('resolves a whole step, one command, and a tree step', () => {
    const rb = runbook();
    assert.deepStrictEqual(resolveStep({ runbookUri: URI, kind: 'diagnostic', index: 0 }, rb), { title: 'Check health', commands: ['curl -s https://[domain]/health', 'uptime'] });
    assert.deepStrictEqual(resolveStep({ runbookUri: URI, kind: 'diagnostic', index: 0, commandIndex: 1 }, rb), { title: 'Check health', commands: ['uptime'] });
    assert.deepStrictEqual(resolveStep({ runbookUri: URI, kind: 'tree', incidentIndex: 0, index: 0 }, rb), { title: 'Container running?', commands: ['docker ps | grep app'] });
  });

  it('resolves nothing where the runbook has nothing to run', () => {
    const rb = runbook();
    assert.strictEqual(resolveStep({ runbookUri: URI, kind: 'diagnostic', index: 1 }, rb), undefined);
    assert.strictEqual(resolveStep({ runbookUri: URI, kind: 'diagnostic', index: 0, commandIndex: 5 }, rb), undefined);
    assert.strictEqual(resolveStep({ runbookUri: URI, kind: 'diagnostic', index: 9 }, rb), undefined);
    assert.strictEqual(resolveStep({ runbookUri: URI, kind: 'tree', incidentIndex: 0, index: 1 }, rb), undefined);
    assert.strictEqual(resolveStep({ runbookUri: URI, kind: 'tree', index: 0 }, rb), undefined);
  });
});

describe('runner/steps: parseRunArgs', () => {
  const valid: [unknown, unknown][] = [
    [undefined, undefined],
    [{ runbookUri: URI, kind: 'diagnostic', index: 0 }, { runbookUri: URI, kind: 'diagnostic', index: 0 }],
    [
      { runbookUri: URI, kind: 'tree', incidentIndex: 2, index: 1, incidentId: 'inc-1', extra: 'ignored' },
      { runbookUri: URI, kind: 'tree', incidentIndex: 2, index: 1, incidentId: 'inc-1' },
    ],
    [
      { command: 'echo hi', incidentId: 'x', variables: { a: 'b' }, confirm: false, dryRun: true },
      { command: 'echo hi', incidentId: 'x', variables: { a: 'b' }, confirm: false, dryRun: true },
    ],
    [{ command: 'echo hi', runbookUri: URI, incidentId: null }, { command: 'echo hi', runbookUri: URI, incidentId: null }],
    [{ command: 'seq 100', saveOutput: true }, { command: 'seq 100', saveOutput: true }],
    [
      { runbookUri: URI, kind: 'diagnostic', index: 0, saveOutput: false },
      { runbookUri: URI, kind: 'diagnostic', index: 0, saveOutput: false },
    ],
  ];
  for (const [input, expected] of valid) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.deepStrictEqual(parseRunArgs(input), { ok: true, args: expected }));
  }

  const invalid: unknown[] = [
    'echo hi',
    [],
    42,
    { command: '   ' },
    { command: 'x', variables: { a: 1 } },
    { command: 'x', variables: ['a'] },
    { command: 'x', confirm: 'no' },
    { command: 'x', saveOutput: 'yes' },
    { command: 'x', saveOutput: 1 },
    { command: 'x', incidentId: 3 },
    { command: 'x', runbookUri: 5 },
    { runbookUri: URI, kind: 'other', index: 0 },
    { runbookUri: URI, kind: 'diagnostic', index: -1 },
    { runbookUri: URI, kind: 'diagnostic', index: 1.5 },
    { runbookUri: URI, kind: 'tree', index: 0 },
    { runbookUri: URI, kind: 'diagnostic', index: 0, commandIndex: '1' },
    { kind: 'diagnostic', index: 0 },
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const parsed = parseRunArgs(input);
      assert.strictEqual(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.error.length > 0);
    });
  }
});

describe('runner/record: the words left in the incident', () => {
  const capture = (extra: Partial<CaptureResult>): CaptureResult => ({
    exitCode: 0,
    timedOut: false,
    cancelled: false,
    durationMs: 1234,
    output: 'ok\n',
    truncated: false,
    shell: null,
    ...extra,
  });

  it('formats durations', () => {
    assert.deepStrictEqual([850, 12_340, 125_000, 3_840_000].map(formatRunDuration), ['850 ms', '12.3 s', '2 min 5 s', '1 h 4 min']);
  });

  it('writes commands as inline code on one line, whatever backticks they hold', () => {
    assert.strictEqual(inlineCode('echo hi'), '`echo hi`');
    assert.strictEqual(inlineCode('echo `id`'), '`` echo `id` ``');
    assert.strictEqual(inlineCode('a\nb'), '`a ⏎ b`');
    assert.ok(inlineCode('x'.repeat(500)).length < 210);
  });

  it('fences output that itself holds a fence', () => {
    assert.strictEqual(fencedBlock('a\n```\nb'), '````text\na\n```\nb\n````');
    assert.strictEqual(fencedBlock('plain\n'), '```text\nplain\n```');
  });

  it('summarises a terminal run with its exit code, duration and last output lines', () => {
    const output = Array.from({ length: 60 }, (_, i) => `l${i}`).join('\n');
    const event = terminalRunEvent({ command: 'echo hi', via: 'shellIntegration', exitCode: 0, durationMs: 1500, output }, TIMELINE_OUTPUT_BOUNDS);
    assert.strictEqual(event.text, '`echo hi` exited 0 in 1.5 s');
    assert.strictEqual(event.output?.split('\n').length, 40);
    assert.ok(event.output?.endsWith('l59'));
  });

  it('says when the exit code is unknown', () => {
    assert.deepStrictEqual(terminalRunEvent({ command: 'ls', via: 'sendText', exitCode: undefined }, TIMELINE_OUTPUT_BOUNDS), {
      kind: 'command',
      text: '`ls` ran, exit code unknown (no shell integration)',
    });
    assert.strictEqual(terminalRunEvent({ command: 'ls', via: 'shellIntegration', exitCode: undefined, durationMs: 10 }, TIMELINE_OUTPUT_BOUNDS).text, '`ls` ended in 10 ms, exit code unknown');
    assert.strictEqual(terminalRunEvent({ command: 'ls', via: 'shellIntegration', exitCode: undefined, terminalClosed: true }, TIMELINE_OUTPUT_BOUNDS).text, '`ls` stopped: its terminal was closed');
  });

  it('summarises captures: exit, non-zero exit, timeout, cancel, failure to start', () => {
    assert.strictEqual(captureSummary('x', capture({})), '`x` exited 0 in 1.2 s (Run and Capture)');
    assert.strictEqual(captureSummary('x', capture({ exitCode: 3 })), '`x` exited 3 in 1.2 s (Run and Capture)');
    assert.strictEqual(captureSummary('x', capture({ exitCode: null, timedOut: true, durationMs: 60_000 })), '`x` timed out after 1 min 0 s (Run and Capture)');
    assert.strictEqual(captureSummary('x', capture({ exitCode: null, cancelled: true })), '`x` was cancelled after 1.2 s (Run and Capture)');
    assert.strictEqual(captureSummary('x', capture({ exitCode: null, error: 'spawn x ENOENT\nmore' })), '`x` could not start: spawn x ENOENT (Run and Capture)');
  });

  it('appends captured output as a fenced block of its last lines', () => {
    const block = captureBlock('seq 1 300', capture({ output: Array.from({ length: 300 }, (_, i) => String(i + 1)).join('\n') + '\n' }), { maxLines: 200, maxBytes: 16384 });
    assert.ok(block.startsWith('**`seq 1 300` exited 0 in 1.2 s (Run and Capture)** (output truncated to its last lines)\n\n```text\n101\n'));
    assert.ok(block.endsWith('\n300\n```\n'));
  });
});
