import * as assert from 'assert';
import { parseDemoState } from '../../../../src/core/demo/protocol';

describe('demo state file', () => {
  it('reads a loopback origin and a pid', () => {
    assert.deepStrictEqual(parseDemoState('{"origin":"http://127.0.0.1:43111","pid":12}'), { origin: 'http://127.0.0.1:43111', pid: 12 });
  });

  it('refuses an origin on another host, so a workspace file cannot send the extension’s requests elsewhere', () => {
    for (const origin of ['http://example.com:80', 'https://127.0.0.1:443', 'http://127.0.0.1:80/path', 'http://127.0.0.1.evil:80']) {
      assert.ok('problem' in parseDemoState(JSON.stringify({ origin, pid: 1 })), origin);
    }
  });

  it('says what is wrong with a file that is not the state', () => {
    assert.deepStrictEqual(parseDemoState('not json'), { problem: '.demo/service.json is not JSON' });
    assert.deepStrictEqual(parseDemoState('{"origin":"http://127.0.0.1:1"}'), { problem: '.demo/service.json names no pid' });
  });
});
