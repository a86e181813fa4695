import * as assert from 'assert';
import { formatCountdown, formatElapsed } from '../../../../src/core/incident/time';

describe('incident/time: clock text for the tree and status bar', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [45_000, '45s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [12 * 60_000 + 30_000, '12m'],
    [3600_000 + 5 * 60_000, '1h 05m'],
    [47 * 3600_000, '47h 00m'],
    [49 * 3600_000, '2d 1h'],
    [-5_000, '0s'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => assert.strictEqual(formatElapsed(ms), text));

  it('counts down before a deadline and up after it', () => {
    assert.strictEqual(formatCountdown(3 * 60_000), 'in 3m');
    assert.strictEqual(formatCountdown(0), 'in 0s');
    assert.strictEqual(formatCountdown(-90_000), '1m overdue');
  });
});
