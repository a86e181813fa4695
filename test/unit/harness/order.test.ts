// The order check's orders: a shuffle is a permutation, the same for one seed, different across seeds, and one
// suite's order does not depend on what else ran.
import * as assert from 'assert';
import { EventEmitter } from 'events';
import type Mocha from 'mocha';
import { applyTestOrder, formatTestOrder, ORDER_ENV, parseTestOrder, resolveTestOrder } from '../../harness/order';

interface FakeSuite {
  tests: string[];
  suites: string[];
  fullTitle(): string;
}

function orderOf(value: string, title = 'suite', count = 12): string[] {
  const runner = new EventEmitter();
  applyTestOrder(runner as unknown as Mocha.Runner, value);
  const suite: FakeSuite = { tests: Array.from({ length: count }, (_, i) => `t${i}`), suites: [], fullTitle: () => title };
  runner.emit('suite', suite);
  return suite.tests;
}

describe('harness/order: the test order check', () => {
  it('declared and reverse as before', () => {
    assert.deepStrictEqual(orderOf('declared', 's', 3), ['t0', 't1', 't2']);
    assert.deepStrictEqual(orderOf('reverse', 's', 3), ['t2', 't1', 't0']);
  });

  it('a shuffle is a permutation, the same for one seed and suite, another for another seed', () => {
    const a = orderOf('shuffle:42');
    assert.deepStrictEqual([...a].sort(), orderOf('declared').sort());
    assert.deepStrictEqual(orderOf('shuffle:42'), a);
    assert.notDeepStrictEqual(orderOf('shuffle:43'), a);
    assert.notDeepStrictEqual(a, orderOf('declared'));
  });

  it('each suite is shuffled by its own title', () => {
    assert.notDeepStrictEqual(orderOf('shuffle:42', 'one'), orderOf('shuffle:42', 'two'));
  });

  it('the harness fixes a seed once and passes it on; a bad value is refused with what to write', () => {
    const env: NodeJS.ProcessEnv = { [ORDER_ENV]: 'shuffle' };
    const order = resolveTestOrder(env);
    assert.strictEqual(order.kind, 'shuffle');
    assert.strictEqual(env[ORDER_ENV], formatTestOrder(order));
    assert.deepStrictEqual(parseTestOrder(env[ORDER_ENV]), order);
    assert.throws(() => parseTestOrder('random'), /expected declared, reverse, shuffle or shuffle:<seed>/);
  });
});
