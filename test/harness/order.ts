// The order check: `INCIDENT_RUNBOOK_TEST_ORDER=reverse` (or `--order=reverse`) runs every suite's tests and
// sub-suites last to first, in the integration passes and the e2e specs alike. A test that used what an earlier
// one declared, opened or left on screen fails then; each test is meant to set up its own incidents.
import type Mocha from 'mocha';

export const ORDER_ENV = 'INCIDENT_RUNBOOK_TEST_ORDER';

/** Reverses each suite's tests and sub-suites as it begins (mocha copies the lists only then), when asked to. */
export function applyTestOrder(runner: Mocha.Runner, order = process.env[ORDER_ENV]): void {
  if (order === undefined || order === '' || order === 'declared') return;
  if (order !== 'reverse') throw new Error(`${ORDER_ENV}=${JSON.stringify(order)}: expected reverse or declared`);
  runner.on('suite', (suite) => {
    suite.tests.reverse();
    suite.suites.reverse();
  });
}
