// The order check: `INCIDENT_RUNBOOK_TEST_ORDER=reverse` runs every suite's tests and sub-suites last to first, and
// `shuffle` (or `shuffle:<seed>`) in a seeded random order, in the integration passes and the e2e specs alike.
// A test that used what an earlier one declared, opened or left on screen fails then; each test is meant to set up
// its own incidents. The harness fixes a shuffle's seed once (resolveTestOrder) and says it, so every pass of the
// run uses the same order and a failing order can be run again.
import type Mocha from 'mocha';
import { seededRandom } from './seededRandom';

export const ORDER_ENV = 'INCIDENT_RUNBOOK_TEST_ORDER';

export type TestOrder = { kind: 'declared' } | { kind: 'reverse' } | { kind: 'shuffle'; seed: number };

/** Reads the order asked for; a `shuffle` without a seed gets one from `seedSource`. */
export function parseTestOrder(value: string | undefined, seedSource: () => number = () => Date.now() % 2 ** 31): TestOrder {
  if (value === undefined || value === '' || value === 'declared') return { kind: 'declared' };
  if (value === 'reverse') return { kind: 'reverse' };
  const shuffle = /^shuffle(?::(\d{1,10}))?$/.exec(value);
  if (shuffle) return { kind: 'shuffle', seed: shuffle[1] === undefined ? seedSource() : Number(shuffle[1]) };
  throw new Error(`${ORDER_ENV}=${JSON.stringify(value)}: expected declared, reverse, shuffle or shuffle:<seed>`);
}

export function formatTestOrder(order: TestOrder): string {
  return order.kind === 'shuffle' ? `shuffle:${order.seed}` : order.kind;
}

/** In the harness, before any pass starts: a shuffle gets its seed now, written back for the passes to inherit. */
export function resolveTestOrder(env: NodeJS.ProcessEnv = process.env): TestOrder {
  const order = parseTestOrder(env[ORDER_ENV]);
  if (order.kind !== 'declared') env[ORDER_ENV] = formatTestOrder(order);
  return order;
}

/** Fisher–Yates with the given generator, in place. */
export function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Reorders each suite's tests and sub-suites as it begins (mocha copies the lists only then), when asked to. */
export function applyTestOrder(runner: Mocha.Runner, value = process.env[ORDER_ENV]): TestOrder {
  const order = parseTestOrder(value);
  if (order.kind === 'declared') return order;
  // One generator per suite, seeded by the run's seed and the suite's title: a suite's order does not change when
  // a test elsewhere is added or filtered out by a grep.
  runner.on('suite', (suite) => {
    if (order.kind === 'reverse') {
      suite.tests.reverse();
      suite.suites.reverse();
      return;
    }
    const random = seededRandom(order.seed ^ hashTitle(suite.fullTitle()));
    shuffleInPlace(suite.tests, random);
    shuffleInPlace(suite.suites, random);
  });
  return order;
}

function hashTitle(title: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) hash = Math.imul(hash ^ title.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
