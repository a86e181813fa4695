// A failed test as the harness's closing summary lists it: CI shows only the end of the log, so the reason is there.
import * as assert from 'assert';
import { failureLine } from '../../harness/suiteResult';

describe('harness/suiteResult: a failure in the summary', () => {
  it('keeps the title and the first lines of the reason, on one line', () => {
    const error = new Error('Tree "Open Incidents" never matched within 30000 ms\n  last labels: []\n\nat waitForListRows\nat more');
    assert.strictEqual(failureLine('Suite a test', error), 'Suite a test — Tree "Open Incidents" never matched within 30000 ms ⏎ last labels: [] ⏎ at waitForListRows');
  });

  it('says what an assertion with its own message compared, before that message', () => {
    let thrown: unknown;
    try {
      assert.deepStrictEqual(['0', '22'], ['0'], '---\nid: a-whole-note');
    } catch (error) {
      thrown = error;
    }
    assert.ok(failureLine('t', thrown).startsWith("t — expected [ '0' ], got [ '0', '22' ] ⏎ --- ⏎ id: a-whole-note"), failureLine('t', thrown));
  });

  it('shortens a long reason, and says the title alone when there is none', () => {
    const line = failureLine('t', new Error('x'.repeat(1000)));
    assert.ok(line.length <= 't — '.length + 400, `${line.length} characters`);
    assert.ok(line.endsWith('…'));
    assert.strictEqual(failureLine('t', new Error('')), 't');
    assert.strictEqual(failureLine('t', 'thrown text'), 't — thrown text');
  });
});
