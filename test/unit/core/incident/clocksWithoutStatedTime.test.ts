// No clock without a stated time: a level the runbook gives no response time (or a default level) runs no response
// clock, and a time that is a setting's, not the runbook's, says so.
import * as assert from 'assert';
import { computeDeadlines, noResponseClockReason } from '../../../../src/core/incident/clocks';
import { acknowledge, declare, TransitionResult } from '../../../../src/core/incident/lifecycle';
import { incidentMetrics } from '../../../../src/core/incident/metrics';
import type { Incident } from '../../../../src/core/incident/model';
import { parseRunbook, readDefaultLevels, type Runbook } from '../../../../src/core/runbook';
import { fixtureText, parseBundled } from '../runbook/fixtures';
import { at } from './fixtures';

const DECLARED = '2026-12-01T10:00:00Z';

function declaredUnder(runbook: Runbook, level: number): Incident {
  const result: TransitionResult = declare({ title: 'Search is down', level, commander: 'alice', runbook }, at(DECLARED));
  if (!result.ok) assert.fail(result.error.message);
  return result.incident;
}

function kinds(incident: Incident, runbook: Runbook): string[] {
  return computeDeadlines(incident, runbook).map((deadline) => `${deadline.kind}${deadline.setting ? ` (${deadline.setting})` : ''}`);
}

describe('incident clocks: no clock without a stated time', () => {
  const noLevels = parseRunbook(fixtureText('no-levels.md'), 'no-levels.md');

  it('a default level runs no response clock; the update clock is the cadence setting’s; a stated escalation delay still runs', () => {
    const sev1 = declaredUnder(noLevels, 1);
    assert.deepStrictEqual(kinds(sev1, noLevels), ['update (updateCadenceMinutes)', 'escalation']);
    assert.strictEqual(computeDeadlines(sev1, noLevels).find((d) => d.kind === 'escalation')?.due, '2026-12-01T10:45:00Z', 'the runbook’s "SEV1 after 45 min"');
    assert.strictEqual(noResponseClockReason(sev1, noLevels), 'No response clock: SEV1 is a default level (the runbook defines none) with no response time.');
    // SEV2: the runbook's only timed rule is for SEV1, and "All incidents" has no delay.
    assert.deepStrictEqual(kinds(declaredUnder(noLevels, 2), noLevels), ['update (updateCadenceMinutes)']);
    assert.strictEqual(incidentMetrics(sev1, noLevels, { now: at('2026-12-01T11:00:00Z') }).responseSla, null, 'no response SLA to meet or miss');
  });

  it('a level of the runbook with no response time, or one that is not a time, runs no response clock and says why', () => {
    const runbook = parseRunbook(
      ['# Billing', '', '## Severity Levels', '', '| SEV | Impact | Response |', '|---|---|---|', '| 1 | Nobody can pay | |', '| 2 | Some cannot pay | when someone is free |', ''].join('\n'),
      'billing.md',
    );
    const sev1 = declaredUnder(runbook, 1);
    assert.deepStrictEqual(kinds(sev1, runbook), ['update (updateCadenceMinutes)']);
    assert.strictEqual(noResponseClockReason(sev1, runbook), 'No response clock: the runbook states no response time for SEV1.');
    // A Response cell that says what to do, not when, is the level's action (see the levels reader).
    assert.strictEqual(noResponseClockReason(declaredUnder(runbook, 2), runbook), 'No response clock: the runbook says what to do for SEV2 ("when someone is free"), not by when.');
    assert.strictEqual(noResponseClockReason(declaredUnder(runbook, 5), runbook), 'No response clock: SEV5 is not one of the runbook\'s levels.');
  });

  it('a response time the person put in the defaultLevels setting runs, marked as the setting’s', () => {
    const { levels } = readDefaultLevels([{ level: 1, impact: 'Down', response: '20 min' }]);
    const runbook = parseRunbook(fixtureText('no-levels.md'), 'no-levels.md', { defaultLevels: levels });
    const response = computeDeadlines(declaredUnder(runbook, 1), runbook).find((deadline) => deadline.kind === 'response');
    assert.deepStrictEqual(response, { key: 'response', kind: 'response', due: '2026-12-01T10:20:00Z', action: 'Acknowledge', setting: 'defaultLevels' });
  });

  it('the bundled runbook keeps its stated response clocks, as the runbook’s', () => {
    const bundled = parseBundled();
    const sev1 = declaredUnder(bundled, 1);
    const response = computeDeadlines(sev1, bundled).find((deadline) => deadline.kind === 'response');
    assert.deepStrictEqual(response, { key: 'response', kind: 'response', due: '2026-12-01T10:15:00Z', action: 'Acknowledge' });
    assert.strictEqual(noResponseClockReason(sev1, bundled), null);
    const acknowledged = acknowledge(sev1, at('2026-12-01T10:05:00Z'));
    assert.ok(acknowledged.ok);
    assert.strictEqual(noResponseClockReason(acknowledged.incident, noLevels), null, 'an acknowledged incident needs no response clock');
  });
});
