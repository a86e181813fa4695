import * as assert from 'assert';
import { isHistoryHostMessage, isHistoryWebviewMessage, type HistoryWebviewMessage } from '../../../src/protocol/history';

describe('history/protocol: isHistoryWebviewMessage', () => {
  const valid: HistoryWebviewMessage[] = [
    { type: 'webview/ready' },
    { type: 'health/openRuns', row: 0 },
    { type: 'health/markReviewed', row: 12 },
    { type: 'health/rendered', rows: ['Check the ledger API | runs 6 | failed 1', ''] },
    { type: 'health/rendered', rows: [] },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => assert.strictEqual(isHistoryWebviewMessage(message), true));
  }
  // A row is named by the id the host gave it, never by a path, a key or a note.
  const invalid: unknown[] = [
    null,
    'webview/ready',
    { type: 'toString' },
    { type: 'webview/ready', extra: 1 },
    { type: 'health/openRuns' },
    { type: 'health/openRuns', row: -1 },
    { type: 'health/openRuns', row: 1.5 },
    { type: 'health/openRuns', row: '1' },
    { type: 'health/markReviewed', row: 1, key: 'runbooks/x.md#anything' },
    { type: 'health/markReviewed', row: 10_000 },
    { type: 'health/rendered', rows: [1] },
    { type: 'health/rendered', rows: ['x'.repeat(2_001)] },
    { type: 'health/openNote', uri: 'file:///etc/passwd' },
  ];
  for (const message of invalid) {
    it(`rejects ${JSON.stringify(message)}`, () => assert.strictEqual(isHistoryWebviewMessage(message), false));
  }
});

describe('history/protocol: isHistoryHostMessage', () => {
  it('accepts a render and nothing else', () => {
    assert.strictEqual(isHistoryHostMessage({ type: 'health/render', runbooks: [] }), true);
    assert.strictEqual(isHistoryHostMessage({ type: 'health/render', runbooks: [{ runbook: 'runbooks/a.md' }] }), true);
    assert.strictEqual(isHistoryHostMessage({ type: 'health/render' }), false);
    assert.strictEqual(isHistoryHostMessage({ type: 'health/render', runbooks: [1] }), false);
    assert.strictEqual(isHistoryHostMessage({ type: 'flowchart/render', data: null }), false);
  });
});
