import * as assert from 'assert';
import {
  acknowledge,
  addEvent,
  changeLevel,
  declare,
  escalate,
  handOff,
  recordDeadlinesNotified,
  recordStatusUpdate,
  reopen,
  resolve,
  setProtocolStep,
  setStatus,
  toggleProtocolStep,
  TransitionResult,
} from '../../../../src/core/incident/lifecycle';
import { mostSevereFirst, type Incident } from '../../../../src/core/incident/model';
import { at, fixtureRunbook } from './fixtures';

const runbook = fixtureRunbook();
const breach = runbook.incidents.find((i) => i.id === 'INC-003') ?? null;

function ok(result: TransitionResult): Incident {
  if (!result.ok) assert.fail(`refused: ${result.error.code}: ${result.error.message}`);
  return result.incident;
}

function refusal(result: TransitionResult): string {
  assert.strictEqual(result.ok, false, 'expected a refusal');
  return result.ok ? '' : result.error.code;
}

function declared(level = 2): Incident {
  return ok(declare({ title: 'Checkout latency', level, commander: 'alice', impact: 'EU users', runbook, runbookPath: 'runbooks/RUNBOOK.md' }, at('2026-11-27T04:41:00.750Z')));
}

describe('incident lifecycle', () => {
  it('declares an incident with a stamped declaration, first status, update clock and one event', () => {
    const incident = declared();
    assert.strictEqual(incident.id, '2026-11-27-checkout-latency');
    assert.strictEqual(incident.declared, '2026-11-27T04:41:00Z', 'stamped to the whole second');
    assert.strictEqual(incident.status, 'Investigating');
    assert.strictEqual(incident.nextUpdateDue, '2026-11-27T05:41:00Z', 'SEV2 cadence is 60 minutes');
    assert.deepStrictEqual(incident.timeline, [
      { at: '2026-11-27T04:41:00Z', kind: 'declared', text: 'SEV2 declared by alice: Checkout latency' },
    ]);
  });

  it('takes the update cadence from the setting', () => {
    const incident = ok(declare({ title: 'x', level: 2, commander: 'a', cadence: { '2': 15 } }, at('2026-11-27T04:41:00Z')));
    assert.strictEqual(incident.nextUpdateDue, '2026-11-27T04:56:00Z');
  });

  it('refuses to declare a known incident below its forced level, unless overridden (recorded)', () => {
    const params = { title: 'Sessions', level: 3, commander: 'a', knownIncident: breach, runbook };
    const refused = declare(params, at('2026-12-01T10:00:00Z'));
    assert.strictEqual(refusal(refused), 'forced-level');
    assert.strictEqual(!refused.ok && refused.error.forcedLevel, 1);
    const overridden = ok(declare({ ...params, override: true }, at('2026-12-01T10:00:00Z')));
    assert.strictEqual(overridden.level, 3);
    assert.strictEqual(overridden.levelOverride, true);
    assert.deepStrictEqual(overridden.timeline.map((e) => e.kind), ['declared', 'override']);
    const atForced = ok(declare({ ...params, level: 1 }, at('2026-12-01T10:00:00Z')));
    assert.deepStrictEqual(atForced.protocol, [
      { text: 'IMMEDIATE: Block affected session', done: false },
      { text: 'Notify the security team', done: false },
    ]);
    assert.strictEqual(atForced.knownIncident, 'INC-003');
  });

  it('acknowledges once', () => {
    const incident = ok(acknowledge(declared(), at('2026-11-27T04:44:12Z'), 'bob'));
    assert.strictEqual(incident.acknowledged, '2026-11-27T04:44:12Z');
    assert.deepStrictEqual(incident.timeline[1], { at: '2026-11-27T04:44:12Z', kind: 'acknowledged', text: 'Acknowledged by bob' });
    assert.strictEqual(refusal(acknowledge(incident, at('2026-11-27T04:45:00Z'))), 'already-acknowledged');
  });

  it('moves through the runbook statuses; the mitigation status stamps mitigated once', () => {
    const incident = declared();
    // The fixture runbook's statuses: Investigating | Identified | Monitoring | Resolved.
    assert.strictEqual(refusal(setStatus(incident, 'Mitigating', at('2026-11-27T04:50:00Z'), { runbook })), 'unknown-status');
    const identified = ok(setStatus(incident, 'identified', at('2026-11-27T04:50:00Z'), { runbook }));
    assert.strictEqual(identified.status, 'Identified');
    assert.strictEqual(identified.mitigated, null);
    const monitoring = ok(setStatus(identified, 'Monitoring', at('2026-11-27T05:00:00Z'), { runbook }));
    assert.strictEqual(monitoring.mitigated, '2026-11-27T05:00:00Z');
    const back = ok(setStatus(monitoring, 'Identified', at('2026-11-27T05:05:00Z'), { runbook }));
    const again = ok(setStatus(back, 'Monitoring', at('2026-11-27T05:10:00Z'), { runbook }));
    assert.strictEqual(again.mitigated, '2026-11-27T05:00:00Z', 'the first mitigation stays');
    assert.strictEqual(refusal(setStatus(again, 'Monitoring', at('2026-11-27T05:11:00Z'), { runbook })), 'no-change');
  });

  it('default statuses: Mitigating stamps mitigated, Resolved resolves', () => {
    const mitigating = ok(setStatus(declared(), 'Mitigating', at('2026-11-27T05:00:00Z')));
    assert.strictEqual(mitigating.mitigated, '2026-11-27T05:00:00Z');
    const resolved = ok(setStatus(mitigating, 'Resolved', at('2026-11-27T05:30:00Z')));
    assert.strictEqual(resolved.resolved, '2026-11-27T05:30:00Z');
    assert.strictEqual(resolved.nextUpdateDue, null);
    assert.strictEqual(resolved.timeline[resolved.timeline.length - 1].kind, 'resolved');
  });

  it('changes level with a reason, and re-derives the update clock from the new cadence', () => {
    const incident = declared(3);
    assert.strictEqual(refusal(changeLevel(incident, 2, '  ', at('2026-11-27T04:50:00Z'), { runbook })), 'invalid');
    assert.strictEqual(refusal(changeLevel(incident, 3, 'same', at('2026-11-27T04:50:00Z'), { runbook })), 'no-change');
    const raised = ok(changeLevel(incident, 1, 'all regions down', at('2026-11-27T04:50:00Z'), { runbook }));
    assert.strictEqual(raised.level, 1);
    assert.strictEqual(raised.nextUpdateDue, '2026-11-27T05:11:00Z', 'declared + SEV1 cadence of 30 minutes');
    assert.deepStrictEqual(raised.timeline[1], { at: '2026-11-27T04:50:00Z', kind: 'level', text: 'Level: SEV3 → SEV1: all regions down' });
  });

  it('cannot lower a runbook-forced level without an override, which is recorded', () => {
    const incident = ok(declare({ title: 'Sessions', level: 1, commander: 'a', knownIncident: breach, runbook }, at('2026-12-01T10:00:00Z')));
    const refused = changeLevel(incident, 2, 'false alarm?', at('2026-12-01T10:10:00Z'), { runbook });
    assert.strictEqual(refusal(refused), 'forced-level');
    const lowered = ok(changeLevel(incident, 2, 'test account only', at('2026-12-01T10:10:00Z'), { runbook, override: true }));
    assert.strictEqual(lowered.level, 2);
    assert.strictEqual(lowered.levelOverride, true);
    const last = lowered.timeline[lowered.timeline.length - 1];
    assert.strictEqual(last.kind, 'override');
    assert.match(last.text, /SEV1 → SEV2, overriding INC-003 \(forces SEV1\): test account only/);
    // Without the runbook the rule is unknown, so nothing is forced.
    assert.ok(changeLevel(incident, 2, 'x', at('2026-12-01T10:10:00Z'), { runbook: null }).ok);
  });

  it('hands off command, escalates once, records updates, toggles protocol steps', () => {
    let incident = ok(declare({ title: 'Sessions', level: 1, commander: 'alice', knownIncident: breach, runbook }, at('2026-12-01T10:00:00Z')));
    incident = ok(handOff(incident, 'dave', at('2026-12-01T10:40:00Z')));
    assert.strictEqual(incident.commander, 'dave');
    assert.strictEqual(refusal(handOff(incident, 'dave', at('2026-12-01T10:41:00Z'))), 'no-change');
    incident = ok(escalate(incident, 'L2', at('2026-12-01T10:41:00Z'), { runbook }));
    assert.deepStrictEqual(incident.escalations, ['L2']);
    assert.strictEqual(incident.timeline[incident.timeline.length - 1].text, 'Escalated to L2: Tech lead');
    assert.strictEqual(refusal(escalate(incident, 'L2', at('2026-12-01T10:42:00Z'))), 'already-escalated');
    incident = ok(recordStatusUpdate(incident, at('2026-12-01T10:45:30Z')));
    assert.strictEqual(incident.nextUpdateDue, '2026-12-01T11:15:30Z');
    incident = ok(toggleProtocolStep(incident, 0, at('2026-12-01T10:46:00Z')));
    assert.deepStrictEqual(incident.protocol[0], { text: 'IMMEDIATE: Block affected session', done: true });
    incident = ok(toggleProtocolStep(incident, 0, at('2026-12-01T10:47:00Z')));
    assert.strictEqual(incident.protocol[0].done, false);
    assert.strictEqual(refusal(toggleProtocolStep(incident, 5, at('2026-12-01T10:48:00Z'))), 'no-such-step');
    assert.deepStrictEqual(
      incident.timeline.map((e) => e.kind),
      ['declared', 'commander', 'escalated', 'update', 'protocol', 'protocol'],
    );
  });

  it('sets a protocol step to the chosen state, found by its text, and leaves one already in that state alone', () => {
    let incident = ok(declare({ title: 'Sessions', level: 1, commander: 'alice', knownIncident: breach, runbook }, at('2026-12-01T10:00:00Z')));
    const [first, second] = incident.protocol.map((p) => p.text);
    assert.ok(first && second, 'the known incident brings at least two steps');
    incident = ok(setProtocolStep(incident, { index: 0, text: first }, true, at('2026-12-01T10:01:00Z')));
    assert.strictEqual(incident.protocol[0].done, true);
    // The box was drawn unticked, a teammate ticked the step since: ticking it again changes nothing.
    assert.strictEqual(refusal(setProtocolStep(incident, { index: 0, text: first }, true, at('2026-12-01T10:02:00Z'))), 'no-change');
    // Steps reordered by hand since the tree was drawn: the text finds the step, not the old index.
    const reordered: Incident = { ...incident, protocol: [incident.protocol[1], incident.protocol[0], ...incident.protocol.slice(2)] };
    const unticked = ok(setProtocolStep(reordered, { index: 0, text: first }, false, at('2026-12-01T10:03:00Z')));
    assert.deepStrictEqual(unticked.protocol.slice(0, 2), [{ text: second, done: false }, { text: first, done: false }]);
    assert.match(unticked.timeline[unticked.timeline.length - 1].text, new RegExp(first.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.strictEqual(refusal(setProtocolStep(incident, { index: 0, text: 'A step that was deleted' }, true, at('2026-12-01T10:04:00Z'))), 'no-such-step');
  });

  it('offers incidents most severe first, then the newest', () => {
    const offered = [
      { id: 'old-sev2', level: 2, declared: '2026-11-01T00:00:00Z' },
      { id: 'sev1', level: 1, declared: '2026-10-01T00:00:00Z' },
      { id: 'new-sev2', level: 2, declared: '2026-11-20T00:00:00Z' },
    ].sort(mostSevereFirst);
    assert.deepStrictEqual(offered.map((i) => i.id), ['sev1', 'new-sev2', 'old-sev2']);
  });

  it('refuses times that go backwards, and actions on a resolved incident except reopen', () => {
    const incident = ok(acknowledge(declared(), at('2026-11-27T04:50:00Z')));
    assert.strictEqual(refusal(addEvent(incident, { kind: 'note', text: 'late' }, at('2026-11-27T04:49:59Z'))), 'time-backwards');
    assert.strictEqual(
      refusal(addEvent(incident, { kind: 'note', text: 'x', at: '2026-11-27T04:45:00Z' }, at('2026-11-27T05:00:00Z'))),
      'time-backwards',
    );
    assert.ok(addEvent(incident, { kind: 'note', text: 'same second' }, at('2026-11-27T04:50:00Z')).ok);
    assert.strictEqual(refusal(addEvent(incident, { kind: 'two words', text: 'x' }, at('2026-11-27T05:00:00Z'))), 'invalid');
    const resolved = ok(resolve(incident, at('2026-11-27T05:30:00Z'), 'worker restarted'));
    for (const attempt of [
      acknowledge(resolved, at('2026-11-27T05:31:00Z')),
      addEvent(resolved, { kind: 'note', text: 'x' }, at('2026-11-27T05:31:00Z')),
      resolve(resolved, at('2026-11-27T05:31:00Z')),
      escalate(resolved, 'L2', at('2026-11-27T05:31:00Z')),
      setStatus(resolved, 'Mitigating', at('2026-11-27T05:31:00Z')),
    ]) {
      assert.strictEqual(refusal(attempt), 'resolved');
    }
    assert.strictEqual(refusal(reopen(incident, 'x', at('2026-11-27T05:31:00Z'))), 'not-resolved');
    assert.strictEqual(refusal(reopen(resolved, 'x', at('2026-11-27T05:29:00Z'))), 'time-backwards');
    const reopened = ok(reopen(resolved, 'errors are back', at('2026-11-27T06:00:00Z')));
    assert.strictEqual(reopened.resolved, null);
    assert.strictEqual(reopened.status, 'Investigating');
    assert.strictEqual(reopened.mitigated, '2026-11-27T05:30:00Z', 'the first mitigation is kept');
    assert.strictEqual(reopened.nextUpdateDue, '2026-11-27T07:00:00Z');
    assert.deepStrictEqual(reopened.timeline[reopened.timeline.length - 1], {
      at: '2026-11-27T06:00:00Z',
      kind: 'reopened',
      text: 'Reopened: errors are back',
    });
  });

  it('refuses everything on an incident that was never declared', () => {
    const never: Incident = { ...declared(), declared: '', timeline: [] };
    assert.strictEqual(refusal(resolve(never, at('2026-11-27T05:00:00Z'))), 'not-declared');
    assert.strictEqual(refusal(acknowledge(never, at('2026-11-27T05:00:00Z'))), 'not-declared');
  });

  it('resolving before the declaration is refused as time going backwards', () => {
    assert.strictEqual(refusal(resolve(declared(), at('2026-11-27T04:40:00Z'))), 'time-backwards');
  });

  it('records told deadlines once, in notified and the timeline', () => {
    const incident = declared();
    const deadline = { key: 'response', due: '2026-11-27T05:41:00Z', action: 'Acknowledge' };
    const told = ok(recordDeadlinesNotified(incident, [deadline], at('2026-11-27T05:41:05Z')));
    assert.deepStrictEqual(told.notified, ['response']);
    assert.deepStrictEqual(told.timeline[1], {
      at: '2026-11-27T05:41:05Z',
      kind: 'deadline',
      text: 'Deadline passed (due 2026-11-27T05:41:00Z): Acknowledge',
    });
    assert.strictEqual(refusal(recordDeadlinesNotified(told, [deadline], at('2026-11-27T05:42:00Z'))), 'no-change');
  });

  it('never mutates the incident it was given', () => {
    const incident = declared();
    const snapshot = JSON.stringify(incident);
    ok(acknowledge(incident, at('2026-11-27T04:50:00Z')));
    ok(escalate(incident, 'L2', at('2026-11-27T04:50:00Z')));
    ok(resolve(incident, at('2026-11-27T05:00:00Z')));
    assert.strictEqual(JSON.stringify(incident), snapshot);
  });
});
