import * as assert from 'assert';
import {
  isHostToWebviewMessage,
  isRequest,
  isWebviewToHostMessage,
  replyMessage,
  replyType,
  requestMessage,
  webviewToHost,
  type Reply,
  type WebviewMessageHandlers,
  type WebviewToHostMessage,
} from '../../../src/protocol/flowchart';

describe('flowchart/protocol: isWebviewToHostMessage', () => {
  const valid: WebviewToHostMessage[] = [
    { type: 'webview/ready' },
    { type: 'flowchart/declare', requestId: 1, level: 2 },
    { type: 'flowchart/declare', requestId: 0, level: 0 },
    { type: 'flowchart/runStep', requestId: 3, stepRef: { kind: 'diagnostic', index: 0 } },
    { type: 'flowchart/runStep', requestId: 4, stepRef: { kind: 'tree', index: 2, incidentIndex: 1 } },
    { type: 'flowchart/openSource', line: 12 },
    { type: 'flowchart/openPanel' },
    { type: 'flowchart/rendered', ms: 123.4, renderedAt: 1_700_000_000_000.5, nodeCount: 10, levels: [1, 2, 3, 4], triageLevels: ['P1', 'Priority 2 (P2)'], error: null },
    { type: 'flowchart/rendered', ms: 5, renderedAt: 1, nodeCount: 0, levels: [], triageLevels: [], error: 'Parse error on line 3' },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      assert.strictEqual(isWebviewToHostMessage(message), true);
    });
  }

  // [why it is wrong, the message]
  const invalid: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'webview/ready'],
    ['a number', 42],
    ['an array', [{ type: 'webview/ready' }]],
    ['a function', () => ({ type: 'webview/ready' })],
    ['no type', { level: 2, requestId: 1 }],
    ['unknown type', { type: 'flowchart/delete', requestId: 1 }],
    ['type of another direction', { type: 'flowchart/render', data: null }],
    ['type not a string', { type: ['webview/ready'] }],
    ['type with different case', { type: 'Webview/Ready' }],
    ['extra field on ready', { type: 'webview/ready', now: true }],
    ['declare without level', { type: 'flowchart/declare', requestId: 1 }],
    ['declare without requestId', { type: 'flowchart/declare', level: 1 }],
    ['declare level as string', { type: 'flowchart/declare', requestId: 1, level: '2' }],
    ['declare level fractional', { type: 'flowchart/declare', requestId: 1, level: 1.5 }],
    ['declare level negative', { type: 'flowchart/declare', requestId: 1, level: -1 }],
    ['declare level huge', { type: 'flowchart/declare', requestId: 1, level: 1e9 }],
    ['declare level NaN', { type: 'flowchart/declare', requestId: 1, level: NaN }],
    ['declare level Infinity', { type: 'flowchart/declare', requestId: 1, level: Infinity }],
    ['declare requestId negative', { type: 'flowchart/declare', requestId: -1, level: 1 }],
    ['declare requestId string', { type: 'flowchart/declare', requestId: '1', level: 1 }],
    ['declare with a runbookUri chosen by the page', { type: 'flowchart/declare', requestId: 1, level: 1, runbookUri: 'file:///etc/passwd' }],
    ['runStep without stepRef', { type: 'flowchart/runStep', requestId: 1 }],
    ['runStep stepRef null', { type: 'flowchart/runStep', requestId: 1, stepRef: null }],
    ['runStep unknown kind', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'shell', index: 0 } }],
    ['runStep index negative', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'diagnostic', index: -1 } }],
    ['runStep index string', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'diagnostic', index: '0' } }],
    ['runStep tree step without incidentIndex', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'tree', index: 0 } }],
    ['runStep diagnostic with incidentIndex', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'diagnostic', index: 0, incidentIndex: 0 } }],
    ['runStep with a command in stepRef', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'diagnostic', index: 0, command: 'rm -rf ~' } }],
    ['runStep with runbookUri in stepRef', { type: 'flowchart/runStep', requestId: 1, stepRef: { kind: 'diagnostic', index: 0, runbookUri: 'file:///x.md' } }],
    ['openSource without line', { type: 'flowchart/openSource' }],
    ['openSource line fractional', { type: 'flowchart/openSource', line: 2.5 }],
    ['openSource line as string', { type: 'flowchart/openSource', line: '2' }],
    ['openSource with a path', { type: 'flowchart/openSource', line: 2, path: '/etc/passwd' }],
    ['openPanel with extra field', { type: 'flowchart/openPanel', column: 2 }],
    ['rendered missing error', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [] }],
    ['rendered missing triageLevels', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], error: null }],
    ['rendered triageLevels not text', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [1], error: null }],
    ['rendered triage level name of a megabyte', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: ['P'.repeat(1_000_000)], error: null }],
    ['rendered error as number', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [], error: 1 }],
    ['rendered negative ms', { type: 'flowchart/rendered', ms: -1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [], error: null }],
    ['rendered ms NaN', { type: 'flowchart/rendered', ms: NaN, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [], error: null }],
    ['rendered levels not numbers', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: ['1'], triageLevels: [], error: null }],
    ['rendered levels not an array', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: { 0: 1 }, triageLevels: [], error: null }],
    ['rendered huge error', { type: 'flowchart/rendered', ms: 1, renderedAt: 1, nodeCount: 1, levels: [], triageLevels: [], error: 'x'.repeat(20_000) }],
  ];
  for (const [why, message] of invalid) {
    it(`rejects ${why}`, () => {
      assert.strictEqual(isWebviewToHostMessage(message), false);
    });
  }

  it('ignores inherited properties: a prototype cannot supply a missing field', () => {
    const message: unknown = Object.assign(Object.create({ level: 2 }) as object, { type: 'flowchart/declare', requestId: 1 });
    assert.strictEqual(isWebviewToHostMessage(message), false);
  });
});

describe('flowchart/protocol: isHostToWebviewMessage', () => {
  it('accepts the host messages the webview handles', () => {
    const chart = { source: 'graph TD; A-->B', line: 3, nodes: [], edges: [] };
    const data = { runbookUri: 'file:///r.md', runbookTitle: 'R', compact: false, flowchart: chart, levels: [], actions: [], choices: [], sequence: null, escalation: [], steps: [] };
    for (const message of [
      { type: 'flowchart/render', data },
      { type: 'flowchart/render', data: null },
      { type: 'incidents/counts', counts: [{ level: 1, count: 2 }] },
      { type: 'theme/changed', kind: 'highContrastLight' },
      { type: 'flowchart/declare/reply', requestId: 1, ok: false, error: 'No such level' },
      { type: 'flowchart/runStep/reply', requestId: 2, ok: true },
    ]) {
      assert.strictEqual(isHostToWebviewMessage(message), true, JSON.stringify(message));
    }
  });

  it('rejects malformed host messages', () => {
    for (const message of [
      null,
      'flowchart/render',
      { type: 'flowchart/render' },
      { type: 'flowchart/render', data: { runbookUri: 1 } },
      { type: 'incidents/counts', counts: [{ level: 1, count: -2 }] },
      { type: 'theme/changed', kind: 'sepia' },
      { type: 'flowchart/declare/reply', requestId: 1, ok: 'yes' },
      { type: 'flowchart/declare/reply', requestId: -1, ok: true },
      { type: 'webview/ready' },
    ]) {
      assert.strictEqual(isHostToWebviewMessage(message), false, JSON.stringify(message));
    }
  });
});

describe('flowchart/protocol: messages derived from their descriptors', () => {
  it('a request needs a requestId and a notification refuses one', () => {
    assert.strictEqual(isWebviewToHostMessage({ type: 'flowchart/openSource', requestId: 1, line: 2 }), false);
    assert.strictEqual(isWebviewToHostMessage({ type: 'webview/ready', requestId: 1 }), false);
    for (const [type, descriptor] of Object.entries(webviewToHost)) {
      const message = { type, requestId: 1 } as WebviewToHostMessage;
      assert.strictEqual(isRequest(message), 'result' in descriptor, type);
    }
  });

  it('a reply is checked against the result of the request it names', () => {
    // Both requests answer only "done": any field beside ok is refused.
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/declare/reply', requestId: 1, ok: true }), true);
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/declare/reply', requestId: 1, ok: true, error: null }), false);
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/runStep/reply', requestId: 1, ok: true, incidentId: 'x' }), false);
    // A failure says why.
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/declare/reply', requestId: 1, ok: false }), false);
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/declare/reply', requestId: 1, ok: false, error: null }), false);
    assert.strictEqual(isHostToWebviewMessage({ type: 'flowchart/declare/reply', ok: true }), false);
  });

  it('only requests have replies', () => {
    for (const type of ['webview/ready/reply', 'flowchart/openSource/reply', 'flowchart/render/reply', 'host/reply', 'toString/reply', '/reply', 'flowchart/declare/reply/reply']) {
      assert.strictEqual(isHostToWebviewMessage({ type, requestId: 1, ok: true }), false, type);
    }
  });

  it('builds the requests and replies its validators accept', () => {
    const declare = requestMessage('flowchart/declare', 7, { level: 2 });
    assert.deepStrictEqual(declare, { type: 'flowchart/declare', requestId: 7, level: 2 });
    assert.strictEqual(isWebviewToHostMessage(declare), true);
    const done = replyMessage(declare, { ok: true });
    assert.deepStrictEqual(done, { type: 'flowchart/declare/reply', requestId: 7, ok: true });
    assert.strictEqual(isHostToWebviewMessage(done), true);
    const refused = replyMessage(requestMessage('flowchart/runStep', 8, { stepRef: { kind: 'diagnostic', index: 0 } }), { ok: false, error: 'gone' });
    assert.deepStrictEqual(refused, { type: 'flowchart/runStep/reply', requestId: 8, ok: false, error: 'gone' });
    assert.strictEqual(isHostToWebviewMessage(refused), true);
    assert.strictEqual(replyType('flowchart/runStep'), 'flowchart/runStep/reply');
  });

  it('types each message, reply and handler from its descriptor (the compiler checks these lines)', () => {
    const failed: Reply<'flowchart/declare'> = { ok: false, error: 'No runbook is shown.' };
    // @ts-expect-error a failed reply says why
    const silent: Reply<'flowchart/declare'> = { ok: false };
    // @ts-expect-error declare takes a level, not a step
    const wrongFields = requestMessage('flowchart/declare', 1, { stepRef: { kind: 'diagnostic', index: 0 } });
    // @ts-expect-error openSource is a notification: it has no reply
    const noReply = replyType('flowchart/openSource');
    // @ts-expect-error the handler table needs every message of the webview
    const partial: WebviewMessageHandlers = { 'webview/ready': () => undefined };
    assert.ok([failed, silent, wrongFields, noReply, partial]);
  });
});
