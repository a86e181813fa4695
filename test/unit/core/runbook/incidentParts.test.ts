// The bold labels and headings of a common incident that the reader does not know: reported, and never filed under
// the part above them.
import * as assert from 'assert';
import { parseFixture, problemLines } from './fixtures';

describe('runbook: incident parts the reader does not know', () => {
  const runbook = parseFixture('incident-unknown-labels.md');
  const [disk, queue] = runbook.incidents;

  it('ends the part above an unknown label, in its own paragraph or on the next line', () => {
    assert.deepStrictEqual(disk.symptoms, ['Writes failing']);
    assert.deepStrictEqual(disk.rootCauses, ['Log rotation broken']);
    assert.deepStrictEqual(queue.rootCauses, ['Slow consumer']);
  });

  it('keeps bold text without a colon as text of its part', () => {
    assert.strictEqual(disk.resolution, 'Free space, then fix rotation.\nDo not delete database files.');
  });

  it('tells the author at each unknown label or heading which labels are understood', () => {
    const unknown = runbook.problems.filter((problem) => problem.code === 'unknown-incident-part');
    assert.deepStrictEqual(problemLines(unknown), ['7:unknown-incident-part', '14:unknown-incident-part', '16:unknown-incident-part',
      '23:unknown-incident-part', '30:unknown-incident-part']);
    assert.deepStrictEqual([...new Set(unknown.map((problem) => problem.severity))], ['info']);
    assert.match(unknown[1].message, /^INC-001: "Prevention" /);
    assert.match(unknown[4].message, /^INC-002: "Prevention" /);
    assert.match(unknown[2].message, /"Lessons Learned"/);
    for (const problem of unknown) assert.match(problem.message, /Symptoms, Diagnostic Tree, Root Causes, Resolution, CRITICAL, Response Protocol/);
  });
});
