// Levels are named as the runbook names them wherever a person reads them: a P1–P4 runbook never shows "SEV1".
import * as assert from 'assert';
import { buildFlowchartData } from '../../../../src/core/flowchart/chartData';
import { parseFlowchart } from '../../../../src/core/runbook/flowchart';
import { levelName, levelNameIn } from '../../../../src/core/runbook/levelNames';
import { parseFixture } from './fixtures';

describe('runbook levelNames', () => {
  const runbook = parseFixture('views/html-table-priorities.md');

  it('names each level of an HTML table of priorities as written: P1–P4, not SEV1–SEV4', () => {
    assert.deepStrictEqual(runbook.levels.map(levelName), ['P1', 'P2', 'P3', 'P4']);
    assert.strictEqual(levelNameIn(runbook.levels, 2), 'P2');
  });

  it('falls back to the SEVn id for a level the runbook lacks, and for a runbook that names its levels SEVn', () => {
    assert.strictEqual(levelNameIn(runbook.levels, 5), 'SEV5');
    assert.strictEqual(levelNameIn(undefined, 1), 'SEV1');
    assert.deepStrictEqual(parseFixture('shapes/levels-html-table.md').levels.map(levelName), ['SEV1', 'SEV2', 'SEV3']);
  });

  it('draws the chart it makes for a runbook without one with the runbook’s names on the level nodes', () => {
    const labels = parseFlowchart(runbook.flowchart).nodes.map((node) => node.label);
    assert.deepStrictEqual(labels.filter((label) => /^(P|SEV)\d/.test(label)), ['P1: 10 minutes', 'P2: 1 hour', 'P3: Next business day', 'P4: Next business day']);
  });

  it('gives the flowchart page the runbook’s names, for its triage tags and declare buttons', () => {
    const data = buildFlowchartData('file:///ws/runbooks/ledger.md', runbook, parseFlowchart(runbook.flowchart), false);
    assert.deepStrictEqual(data.levels.map((level) => level.name), ['P1', 'P2', 'P3', 'P4']);
  });
});
