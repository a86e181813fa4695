import * as assert from 'assert';
import { parseRunbook } from '../../../../src/core/runbook';
import { codes, fixtureText, parseBundled, parseFixture, problemLines, withoutSources } from './fixtures';

describe('runbook: YAML runbooks', () => {
  it('reads sample.runbook.yaml into the same model as the bundled Markdown runbook', () => {
    const yaml = parseFixture('sample.runbook.yaml');
    assert.strictEqual(yaml.format, 'yaml');
    assert.deepStrictEqual(yaml.problems, []);
    assert.deepStrictEqual(withoutSources(yaml), withoutSources(parseBundled()));
  });

  it('points sources at the YAML lines of levels, steps, commands, incidents and rules', () => {
    const text = fixtureText('sample.runbook.yaml');
    const lines = text.split('\n');
    const yaml = parseFixture('sample.runbook.yaml');
    assert.ok(lines[yaml.levels[0].source?.line ?? -1].includes('level: 1'));
    const command = yaml.diagnostics[0].commandSources?.[0];
    assert.strictEqual(lines[command?.line ?? -1].slice(command?.column, command?.endColumn), yaml.diagnostics[0].commands[0]);
    assert.ok(lines[yaml.incidents[2].source?.line ?? -1].includes('id: INC-003'));
    assert.ok(lines[yaml.incidents[2].steps[0].source?.line ?? -1].includes('Did a deploy just happen?'));
    assert.ok(lines[yaml.escalation[1].source?.line ?? -1].includes('level: L2'));
    assert.strictEqual(lines[(yaml.flowchartSource?.line ?? -1)], 'flowchart: |');
  });

  it('points contradictions inside a YAML flowchart at the node line', () => {
    const text = fixtureText('sample.runbook.yaml').replace('S2[SEV2: 1 hour response]', 'S2[SEV2: 2 hours response]');
    const runbook = parseRunbook(text, 'edited.runbook.yaml');
    const [problem] = runbook.problems;
    assert.deepStrictEqual(codes(runbook.problems), ['level-contradiction']);
    const chartLine = text.split('\n').findIndex((line) => line.includes('S2[SEV2: 2 hours response]')) + 1;
    assert.ok(problem.message.includes(`line ${chartLine}`), problem.message);
  });

  it('reports schema errors at the line of the node they are about', () => {
    const runbook = parseFixture('schema-errors.runbook.yaml');
    const schema = runbook.problems.filter((problem) => problem.code === 'yaml-schema' || problem.code === 'unknown-key');
    assert.deepStrictEqual(problemLines(schema), [
      '7:yaml-schema',
      '9:yaml-schema',
      '11:yaml-schema',
      '18:yaml-schema',
      '19:unknown-key',
      '24:yaml-schema',
    ]);
    assert.ok(schema.every((problem) => problem.severity === (problem.code === 'unknown-key' ? 'warning' : 'error')));
    assert.ok(schema[2].message.includes('`diagnostics` must be a list'));
  });

  it('still loads what it can from a YAML runbook with schema errors', () => {
    const runbook = parseFixture('schema-errors.runbook.yaml');
    assert.deepStrictEqual(runbook.levels.map((level) => level.id), ['SEV1']);
    assert.deepStrictEqual(runbook.incidents.map((incident) => [incident.id, incident.symptoms, incident.steps[0].command]), [['INC-001', ['a', 'b'], null]]);
    assert.deepStrictEqual(runbook.escalation.map((rule) => [rule.level, rule.levels, rule.afterMinutes]), [['L1', [1], 0]]);
  });

  it('reports a YAML syntax error where the broken string starts', () => {
    const runbook = parseFixture('syntax-error.runbook.yaml');
    const syntax = runbook.problems.filter((problem) => problem.code === 'yaml-syntax');
    assert.deepStrictEqual(problemLines(syntax), ['6:yaml-syntax']);
    assert.strictEqual(syntax[0].severity, 'error');
    assert.deepStrictEqual(runbook.levels.map((level) => level.id), ['SEV1', 'SEV2']);
  });

  it('reports a YAML document that is not a mapping, and an empty one', () => {
    assert.deepStrictEqual(codes(parseRunbook('- just\n- a list\n', 'list.runbook.yaml').problems), ['yaml-schema']);
    assert.deepStrictEqual(codes(parseRunbook('', 'empty.runbook.yaml').problems), ['empty-file']);
  });
});
