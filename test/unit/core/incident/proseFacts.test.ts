// What a runbook states only in prose reaches the incident as stated, and nothing more: escalation sentences start no
// clock, a stated update cadence sets the update clock for its levels only, and `- [ ]` checklists are ticked.
import * as assert from 'assert';
import { computeDeadlines, nextDeadline } from '../../../../src/core/incident/clocks';
import { declare, recordStatusUpdate, TransitionResult } from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import { escalationsDue, nextEscalation, type Runbook } from '../../../../src/core/runbook';
import { parseFixture } from '../runbook/fixtures';
import { at } from './fixtures';

const DECLARED = '2026-12-01T10:00:00Z';

function ok(result: TransitionResult): Incident {
  if (!result.ok) assert.fail(result.error.message);
  return result.incident;
}

function declaredUnder(runbook: Runbook, level: number, knownIncident: Runbook['incidents'][number] | null = null): Incident {
  return ok(declare({ title: 'Trouble', level, commander: 'alice', runbook, knownIncident }, at(DECLARED)));
}

describe('incident facts stated in prose', () => {
  it('escalation written only in prose starts no escalation clock, now or days later', () => {
    const runbook = parseFixture('shapes/escalation-prose.md');
    assert.ok(runbook.escalation.length > 0 && runbook.escalation.every((rule) => rule.afterMinutes === null));
    for (const level of [1, 2, 3]) {
      const incident = declaredUnder(runbook, level);
      assert.deepStrictEqual(computeDeadlines(incident, runbook).map((deadline) => deadline.kind), ['update']);
      assert.deepStrictEqual(escalationsDue(runbook.escalation, level, 10_000), []);
      assert.strictEqual(nextEscalation(runbook.escalation, level, 0), null);
    }
  });

  it('a stated cadence sets the update clock for the levels it names; the others keep the setting', () => {
    const runbook = parseFixture('shapes/cadence-prose.md');
    const sev1 = declaredUnder(runbook, 1);
    assert.strictEqual(sev1.nextUpdateDue, '2026-12-01T10:20:00Z', '"every 20–30 minutes": the shorter bound');
    const update = computeDeadlines(sev1, runbook).find((deadline) => deadline.kind === 'update');
    assert.strictEqual(update?.setting, undefined, "the runbook's time, not the setting's");
    const posted = ok(recordStatusUpdate(sev1, at('2026-12-01T10:10:00Z'), { runbook }));
    assert.strictEqual(posted.nextUpdateDue, '2026-12-01T10:30:00Z');
    assert.strictEqual(declaredUnder(runbook, 2).nextUpdateDue, '2026-12-01T11:00:00Z', '"hourly updates"');
    const sev3 = declaredUnder(runbook, 3, null);
    const cadence = { 3: 45 };
    assert.strictEqual(ok(declare({ title: 'x', level: 3, commander: 'a', runbook, cadence }, at(DECLARED))).nextUpdateDue, '2026-12-01T10:45:00Z');
    assert.strictEqual(computeDeadlines(sev3, runbook).find((deadline) => deadline.kind === 'update')?.setting, 'updateCadenceMinutes');
  });

  it("a declared incident gets its playbook's checklist, then the runbook's, to tick", () => {
    const runbook = parseFixture('shapes/playbooks-with-checklists.md');
    const known = runbook.incidents.find((incident) => incident.id === 'high-error-rate') ?? null;
    const incident = declaredUnder(runbook, 2, known);
    assert.deepStrictEqual(incident.protocol, [
      { text: 'Find the origin with the most errors on the edge dashboard', done: false },
      { text: 'Roll back the last config push if it is less than an hour old', done: false },
      { text: 'Post the alert in #edge-oncall', done: false },
      { text: 'Check the status page for a provider incident', done: false },
    ]);
    assert.deepStrictEqual(declaredUnder(runbook, 2).protocol.map((step) => step.text), ['Post the alert in #edge-oncall', 'Check the status page for a provider incident']);
    assert.ok(nextDeadline(incident, runbook, at(DECLARED)));
  });
});
