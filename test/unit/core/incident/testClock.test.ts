import * as assert from 'assert';
import { AdjustableClock, TEST_CLOCK_ENV, testClockFrom } from '../../../../src/core/incident/testClock';
import type { Clock } from '../../../../src/core/incident/time';

/** A real clock the test moves by hand, so "keeps running" is checked without waiting. */
function fakeReal(startIso: string): Clock & { pass(ms: number): void } {
  let ms = Date.parse(startIso);
  return { now: () => new Date(ms), pass: (by) => (ms += by) };
}

describe('the test clock', () => {
  it('follows the real clock until moved, and keeps running after set or advance', () => {
    const real = fakeReal('2026-12-01T10:00:00Z');
    const clock = new AdjustableClock(real);
    assert.strictEqual(clock.now().toISOString(), '2026-12-01T10:00:00.000Z');
    clock.advance(3600_000);
    real.pass(5_000);
    assert.strictEqual(clock.now().toISOString(), '2026-12-01T11:00:05.000Z');
    clock.set(new Date('2026-11-26T09:00:00Z'));
    real.pass(1_000);
    assert.strictEqual(clock.now().toISOString(), '2026-11-26T09:00:01.000Z');
    clock.reset();
    assert.strictEqual(clock.now().toISOString(), '2026-12-01T10:00:06.000Z');
  });

  it('started at a time, it runs from there and reset goes back to that start', () => {
    const real = fakeReal('2026-12-01T10:00:00Z');
    const clock = testClockFrom('2026-11-26T10:00:00Z', real);
    assert.ok(clock);
    real.pass(2_000);
    clock.advance(60_000);
    assert.strictEqual(clock.now().toISOString(), '2026-11-26T10:01:02.000Z');
    clock.reset();
    assert.strictEqual(clock.now().toISOString(), '2026-11-26T10:00:02.000Z');
  });

  it('is off unless the environment asks for it, and a value it cannot read is an error naming it', () => {
    const real = fakeReal('2026-12-01T10:00:00Z');
    assert.strictEqual(testClockFrom(undefined, real), undefined);
    assert.strictEqual(testClockFrom('', real), undefined);
    assert.strictEqual(testClockFrom('1', real)?.now().toISOString(), '2026-12-01T10:00:00.000Z');
    // A time without a zone could be anyone's local time.
    assert.throws(() => testClockFrom('2026-11-26 10:00', real), new RegExp(`${TEST_CLOCK_ENV}="2026-11-26 10:00": expected 1 or an ISO-8601 time with a zone`));
    assert.throws(() => testClockFrom('yes', real), /expected 1 or an ISO-8601 time/);
  });
});
