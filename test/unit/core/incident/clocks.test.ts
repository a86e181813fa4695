import * as assert from 'assert';
import { computeDeadlines, dueNotifications, elapsedSeconds, nextDeadline } from '../../../../src/core/incident/clocks';
import { acknowledge, declare, escalate, recordDeadlinesNotified, recordStatusUpdate, resolve, TransitionResult } from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import { parseIncidentNote, serializeIncidentNote } from '../../../../src/core/incident/note';
import { nextBusinessDayAt9Utc } from '../../../../src/core/incident/time';
import { at, fixtureRunbook } from './fixtures';

const runbook = fixtureRunbook();

function ok(result: TransitionResult): Incident {
  if (!result.ok) assert.fail(`refused: ${result.error.message}`);
  return result.incident;
}

function declaredAt(level: number, when: string): Incident {
  return ok(declare({ title: 'Clocks', level, commander: 'alice', runbook }, at(when)));
}

function dueKeys(incident: Incident, now: string): string[] {
  return dueNotifications(incident, runbook, at(now)).map((d) => d.key);
}

/** Asserts that `key` is not due one second before `due`, and is due at and one second after it. */
function assertDueAt(incident: Incident, key: string, due: string): void {
  const dueMs = Date.parse(due);
  const iso = (ms: number): string => new Date(ms).toISOString();
  assert.ok(!dueKeys(incident, iso(dueMs - 1000)).includes(key), `${key} is due before ${due}`);
  assert.ok(dueKeys(incident, iso(dueMs)).includes(key), `${key} is not due at ${due}`);
  assert.ok(dueKeys(incident, iso(dueMs + 1000)).includes(key), `${key} is not due after ${due}`);
}

describe('incident clocks', () => {
  it('response deadline: the level response time after declaration, until acknowledged', () => {
    const incident = declaredAt(1, '2026-12-01T10:00:00Z');
    const response = computeDeadlines(incident, runbook).find((d) => d.kind === 'response');
    assert.deepStrictEqual(response, { key: 'response', kind: 'response', due: '2026-12-01T10:15:00Z', action: 'Acknowledge' });
    assertDueAt(incident, 'response', '2026-12-01T10:15:00Z');
    const acknowledged = ok(acknowledge(incident, at('2026-12-01T10:14:00Z')));
    assert.ok(!dueKeys(acknowledged, '2026-12-01T10:20:00Z').includes('response'));
  });

  it('response deadline for "next business day": 09:00 UTC on the next weekday', () => {
    // 2026-11-27 is a Friday: the next business day is Monday the 30th.
    assert.strictEqual(nextBusinessDayAt9Utc('2026-11-27T16:00:00Z'), '2026-11-30T09:00:00Z');
    assert.strictEqual(nextBusinessDayAt9Utc('2026-11-28T08:00:00Z'), '2026-11-30T09:00:00Z');
    assert.strictEqual(nextBusinessDayAt9Utc('2026-11-30T08:00:00Z'), '2026-12-01T09:00:00Z', 'the next day, even before 09:00');
    const incident = declaredAt(4, '2026-11-27T16:00:00Z');
    assertDueAt(incident, 'response', '2026-11-30T09:00:00Z');
  });

  it('no response deadline for a level the runbook does not time', () => {
    const incident = declaredAt(7, '2026-12-01T10:00:00Z');
    assert.ok(!computeDeadlines(incident, runbook).some((d) => d.kind === 'response'));
    assert.ok(!computeDeadlines(declaredAt(1, '2026-12-01T10:00:00Z'), null).some((d) => d.kind === 'response'));
  });

  it('update deadline: from nextUpdateDue, restarted by each posted update', () => {
    const incident = declaredAt(2, '2026-12-01T10:00:00Z');
    assertDueAt(incident, 'update@2026-12-01T11:00:00Z', '2026-12-01T11:00:00Z');
    const updated = ok(recordStatusUpdate(incident, at('2026-12-01T10:40:00Z')));
    assert.ok(!dueKeys(updated, '2026-12-01T11:00:01Z').some((k) => k.startsWith('update@')));
    assertDueAt(updated, 'update@2026-12-01T11:40:00Z', '2026-12-01T11:40:00Z');
  });

  it('update deadline falls back to the cadence when a person deleted nextUpdateDue', () => {
    const incident = { ...declaredAt(3, '2026-12-01T10:00:00Z'), nextUpdateDue: null };
    assertDueAt(incident, 'update@2026-12-01T14:00:00Z', '2026-12-01T14:00:00Z');
    const custom = computeDeadlines(incident, runbook, { 3: 90 }).find((d) => d.kind === 'update');
    assert.strictEqual(custom?.due, '2026-12-01T11:30:00Z');
  });

  it('escalation deadlines: each rule for the level after its delay, until escalated', () => {
    const sev1 = declaredAt(1, '2026-12-01T10:00:00Z');
    const escalations = computeDeadlines(sev1, runbook).filter((d) => d.kind === 'escalation');
    assert.deepStrictEqual(escalations, [
      { key: 'escalate:L2', kind: 'escalation', due: '2026-12-01T10:30:00Z', action: 'Escalate to L2: Tech lead' },
      { key: 'escalate:L3', kind: 'escalation', due: '2026-12-01T11:00:00Z', action: 'Escalate to L3: Engineering manager' },
    ]);
    assertDueAt(sev1, 'escalate:L2', '2026-12-01T10:30:00Z');
    assertDueAt(sev1, 'escalate:L3', '2026-12-01T11:00:00Z');
    const escalated = ok(escalate(sev1, 'L2', at('2026-12-01T10:31:00Z'), { runbook }));
    assert.deepStrictEqual(
      dueKeys(escalated, '2026-12-01T11:00:00Z').filter((k) => k.startsWith('escalate:')),
      ['escalate:L3'],
    );
    // SEV2 gets L2 only; SEV3 none; L1 ("All incidents", no delay) is never a deadline.
    const sev2Keys = computeDeadlines(declaredAt(2, '2026-12-01T10:00:00Z'), runbook).map((d) => d.key);
    assert.ok(sev2Keys.includes('escalate:L2') && !sev2Keys.includes('escalate:L3'));
    assert.ok(!computeDeadlines(declaredAt(3, '2026-12-01T10:00:00Z'), runbook).some((d) => d.kind === 'escalation'));
    assert.ok(!computeDeadlines(sev1, runbook).some((d) => d.key === 'escalate:L1'));
  });

  it('tells each deadline once, and remembers across a reload of the note', () => {
    const incident = declaredAt(1, '2026-12-01T10:00:00Z');
    const due = dueNotifications(incident, runbook, at('2026-12-01T10:31:00Z'));
    assert.deepStrictEqual(
      due.map((d) => d.key),
      ['response', 'update@2026-12-01T10:30:00Z', 'escalate:L2'],
    );
    const told = ok(recordDeadlinesNotified(incident, due, at('2026-12-01T10:31:00Z')));
    const reloaded = parseIncidentNote(serializeIncidentNote(told), `${told.id}.md`);
    assert.ok(reloaded.ok);
    assert.deepStrictEqual(dueKeys(reloaded.incident, '2026-12-01T10:31:00Z'), []);
    // Later, only what newly came due is told.
    assert.deepStrictEqual(dueKeys(reloaded.incident, '2026-12-01T11:00:00Z'), ['escalate:L3']);
  });

  it('nextDeadline is the earliest one, negative once overdue; a resolved incident has none', () => {
    const incident = declaredAt(1, '2026-12-01T10:00:00Z');
    const early = nextDeadline(incident, runbook, at('2026-12-01T10:05:00Z'));
    assert.deepStrictEqual(early && [early.deadline.key, early.remainingSeconds], ['response', 600]);
    const late = nextDeadline(incident, runbook, at('2026-12-01T10:16:40Z'));
    assert.deepStrictEqual(late && [late.deadline.key, late.remainingSeconds], ['response', -100]);
    const acknowledged = ok(acknowledge(incident, at('2026-12-01T10:16:40Z')));
    const next = nextDeadline(acknowledged, runbook, at('2026-12-01T10:17:00Z'));
    assert.deepStrictEqual(next && [next.deadline.key, next.remainingSeconds], ['update@2026-12-01T10:30:00Z', 780]);
    const resolved = ok(resolve(acknowledged, at('2026-12-01T10:20:00Z')));
    assert.strictEqual(nextDeadline(resolved, runbook, at('2026-12-01T12:00:00Z')), null);
    assert.deepStrictEqual(dueNotifications(resolved, runbook, at('2026-12-01T12:00:00Z')), []);
    assert.strictEqual(elapsedSeconds(resolved, at('2026-12-01T12:00:00Z')), 1200);
  });
});
