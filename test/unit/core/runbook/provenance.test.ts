// Where each level, escalation rule and template came from: a range in the runbook, or `default`. A default is
// never presented as the runbook's, and the default levels state no time the team did not.
import * as assert from 'assert';
import {
  DEFAULT_LEVELS,
  parseRunbook,
  readDefaultLevels,
  usesDefaultLevels,
  type Runbook,
} from '../../../../src/core/runbook';
import { buildFlowchartData } from '../../../../src/core/flowchart/chartData';
import { parseFlowchart } from '../../../../src/core/runbook/flowchart';
import { contributes } from '../../../../package.json';
import { bundledText, fixtureText, parseBundled, parseFixture } from './fixtures';

function origins(runbook: Runbook): { levels: string[]; escalation: string[]; template: string | undefined } {
  return {
    levels: runbook.levels.map((level) => `${level.id}:${level.origin}`),
    escalation: runbook.escalation.map((rule) => `${rule.level}:${rule.origin}`),
    template: runbook.template?.origin,
  };
}

describe('runbook provenance: runbook or default', () => {
  it('the bundled runbook: every level, rule and the template are the runbook’s, each with its source line, and keep their stated times', () => {
    const runbook = parseBundled();
    assert.deepStrictEqual(origins(runbook), {
      levels: ['SEV1:runbook', 'SEV2:runbook', 'SEV3:runbook', 'SEV4:runbook'],
      escalation: ['L1:runbook', 'L2:runbook', 'L3:runbook', 'L4:runbook'],
      template: 'runbook',
    });
    for (const element of [...runbook.levels, ...runbook.escalation, runbook.template]) {
      assert.ok(element?.source && element.source.line > 0, `${JSON.stringify(element)} has a source range`);
    }
    assert.deepStrictEqual(runbook.levels.map((level) => [level.responseMinutes, level.responseKind]), [[15, 'minutes'], [60, 'minutes'], [240, 'minutes'], [null, 'nextBusinessDay']]);
    assert.strictEqual(usesDefaultLevels(runbook), false);
  });

  it('a runbook that defines no levels: the levels are defaults with no source and no time; its template and rules are its own', () => {
    const runbook = parseFixture('no-levels.md');
    assert.deepStrictEqual(origins(runbook), {
      levels: ['SEV1:default', 'SEV2:default', 'SEV3:default', 'SEV4:default'],
      escalation: ['L1:runbook', 'L2:runbook'],
      template: 'runbook',
    });
    assert.ok(usesDefaultLevels(runbook));
    for (const level of runbook.levels) {
      assert.strictEqual(level.source, undefined, `${level.id} has no line in the runbook`);
      assert.deepStrictEqual([level.response, level.responseMinutes, level.responseKind, level.action, level.trigger], ['', null, 'unknown', '', '']);
    }
    const lines = fixtureText('no-levels.md').split('\n');
    assert.match(lines[runbook.escalation[1].source?.line ?? -1], /^\| L2 \| Search lead/);
    assert.match(lines[runbook.template?.source?.line ?? -1], /^```markdown/);
  });

  it('no template in the runbook: the default template, marked default', () => {
    const runbook = parseFixture('missing-template.md');
    assert.strictEqual(runbook.template?.origin, 'default');
    assert.strictEqual(runbook.template?.source, undefined);
    assert.ok(runbook.levels.every((level) => level.origin === 'runbook'));
  });

  it('YAML runbooks carry the same marks', () => {
    assert.deepStrictEqual(origins(parseFixture('sample.runbook.yaml')), origins(parseBundled()));
    const withoutLevels = parseRunbook('title: Queue workers\ndiagnostics:\n  - title: Depth\n    commands: [queue-depth]\n', 'queue.runbook.yaml');
    assert.deepStrictEqual(origins(withoutLevels).levels, ['SEV1:default', 'SEV2:default', 'SEV3:default', 'SEV4:default']);
    assert.strictEqual(withoutLevels.template?.origin, 'default');
  });

  it('empty and unreadable files get the defaults, marked so', () => {
    assert.ok(usesDefaultLevels(parseRunbook('', 'empty.md')));
    assert.strictEqual(parseRunbook('', 'empty.md').template?.origin, 'default');
  });

  it('the levels of the defaultLevels setting replace ours, still marked default; a level table in the runbook wins over both', () => {
    const { levels, problems } = readDefaultLevels([{ level: 'P1', impact: 'Customers cannot search', response: '30 min' }, { level: 2, impact: 'Search is slow' }]);
    assert.deepStrictEqual(problems, []);
    const runbook = parseRunbook(fixtureText('no-levels.md'), 'no-levels.md', { defaultLevels: levels });
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.origin, level.impact, level.responseMinutes]), [
      ['SEV1', 'default', 'Customers cannot search', 30],
      ['SEV2', 'default', 'Search is slow', null],
    ]);
    assert.match(runbook.problems[0].message, /SEV1 30 min, SEV2, from the setting incidentRunbook\.defaultLevels\)/);
    const bundled = parseRunbook(bundledText(), 'default-runbook.md', { defaultLevels: levels });
    assert.deepStrictEqual(bundled.levels.map((level) => [level.id, level.origin, level.responseMinutes]), [['SEV1', 'runbook', 15], ['SEV2', 'runbook', 60], ['SEV3', 'runbook', 240], ['SEV4', 'runbook', null]]);
  });

  it('the flowchart data says the levels are defaults, and the generated chart states no time or action', () => {
    const runbook = parseFixture('no-levels.md');
    const chart = parseFlowchart(runbook.flowchart);
    const data = buildFlowchartData('file:///no-levels.md', runbook, chart, false);
    assert.strictEqual(data.defaultLevels, true);
    assert.deepStrictEqual(chart.nodes.filter((node) => /^S\d$/.test(node.id)).map((node) => node.label), ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    assert.deepStrictEqual(data.actions, []);
    const bundled = parseBundled();
    assert.strictEqual(buildFlowchartData('file:///default-runbook.md', bundled, parseFlowchart(bundled.flowchart), false).defaultLevels, undefined);
  });
});

describe('runbook defaults: the incidentRunbook.defaultLevels setting', () => {
  it('ships the same levels as the core’s fallback: SEV1–SEV4 with an impact and without response times', () => {
    const shipped = (contributes.configuration.properties as Record<string, { default?: unknown }>)['incidentRunbook.defaultLevels'].default;
    const reading = readDefaultLevels(shipped);
    assert.deepStrictEqual(reading, { levels: DEFAULT_LEVELS.map((row) => ({ ...row })), problems: [] });
    assert.ok(DEFAULT_LEVELS.every((row) => row.impact !== '' && row.response === '' && row.action === '' && row.trigger === ''));
  });

  it('reports what it cannot read and leaves it out, keeping the rest', () => {
    const reading = readDefaultLevels([{ level: 1, impact: 'Down' }, { impact: 'no level' }, 'SEV3', { level: 1, impact: 'again' }, { level: 'SEV-2', impact: 7 }]);
    assert.deepStrictEqual(reading.levels.map((row) => [row.level, row.impact]), [[1, 'Down'], [2, '']]);
    assert.deepStrictEqual(reading.problems, [
      'incidentRunbook.defaultLevels[1] has no "level" (a number such as 1, or a name such as "SEV1"); it is left out.',
      'incidentRunbook.defaultLevels[2] has no "level" (a number such as 1, or a name such as "SEV1"); it is left out.',
      'incidentRunbook.defaultLevels[3]: SEV1 is listed twice; the first is used.',
      'incidentRunbook.defaultLevels[4].impact should be text; it is left out.',
    ]);
  });

  it('a value that names no readable level falls back to the shipped levels and says so', () => {
    for (const value of [[], 'SEV1', { level: 1 }, [{ level: 1.5 }]]) {
      const reading = readDefaultLevels(value);
      assert.deepStrictEqual(reading.levels.map((row) => row.level), [1, 2, 3, 4], JSON.stringify(value));
      assert.strictEqual(reading.problems.length > 0, true, JSON.stringify(value));
    }
    assert.deepStrictEqual(readDefaultLevels(undefined).problems, []);
  });
});
