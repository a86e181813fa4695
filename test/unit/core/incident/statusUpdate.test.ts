import * as assert from 'assert';
import { declare, lastUpdateTime, recordStatusDraft, recordStatusUpdate } from '../../../../src/core/incident/lifecycle';
import { incidentMetrics } from '../../../../src/core/incident/metrics';
import type { Incident } from '../../../../src/core/incident/model';
import { parseIncidentNote, serializeIncidentNote } from '../../../../src/core/incident/note';
import { fillStatusTemplate, statusUpdateAt } from '../../../../src/core/incident/statusUpdate';
import { parseRunbook } from '../../../../src/core/runbook';
import { at, fixtureIncident, fixtureRunbook } from './fixtures';

const runbook = fixtureRunbook();

describe('incident status update', () => {
  it("fills the runbook's template; unknown fields stay for the person; example timeline lines become the events", () => {
    const incident = fixtureIncident('resolved-on-time.md');
    const text = fillStatusTemplate(runbook.template, incident, runbook, at('2026-11-27T05:35:00Z'));
    assert.strictEqual(
      text,
      [
        '**Incident**: Checkout latency',
        '**Severity**: SEV2',
        '**Impact**: EU customers could not pay',
        '**Status**: Resolved',
        '**Started**: 2026-11-27 04:41 UTC',
        '**Next update**: None (resolved)',
        '**Customer ticket**: [Ticket id]',
        '',
        '**Timeline**:',
        '- 04:41 - SEV2 declared by alice: Checkout latency',
        '- 04:44 - Acknowledged by bob',
        '- 04:50 - `curl -s https://shop.example/api/health | jq` exited 0 in 0.4s',
        '- 04:52 - `docker ps | grep app` exited 1 in 0.2s',
        '- 05:02 - Status: Investigating → Mitigating',
        '- 05:10 - Status update posted; next due 2026-11-27T06:10:00Z',
        '- 05:30 - Resolved: worker restarted',
        '',
      ].join('\n'),
    );
  });

  it('uses a default template when the runbook has none, dating events that are not from today', () => {
    const declared = declare({ title: 'Queue backlog', level: 3, commander: 'frank' }, at('2026-12-05T23:50:00Z'));
    assert.ok(declared.ok);
    const text = fillStatusTemplate(null, declared.incident, null, at('2026-12-06T00:10:00Z'));
    assert.match(text, /^\*\*Incident\*\*: Queue backlog$/m);
    assert.match(text, /^\*\*Severity\*\*: SEV3$/m);
    assert.match(text, /^\*\*Status\*\*: Investigating$/m);
    assert.match(text, /^\*\*Commander\*\*: frank$/m);
    assert.match(text, /^\*\*Next update\*\*: 2026-12-06 03:50 UTC$/m);
    // No impact given and no runbook to describe the level: the placeholder stays.
    assert.match(text, /^\*\*Impact\*\*: \[Users affected\]$/m);
    assert.match(text, /^- 2026-12-05 23:50 - SEV3 declared by frank: Queue backlog$/m);
  });

  it('fills the same default template for an incident with a runbook that has none as for one without a runbook', () => {
    const withoutTemplate = parseRunbook('# Queue service\n\nNothing written here yet.\n', 'queue.md');
    const declared = declare({ title: 'Queue backlog', level: 3, commander: 'frank', impact: 'Jobs run late' }, at('2026-12-05T23:50:00Z'));
    assert.ok(declared.ok);
    const now = at('2026-12-06T00:10:00Z');
    const withRunbook = fillStatusTemplate(withoutTemplate.template, declared.incident, withoutTemplate, now);
    assert.strictEqual(withRunbook, fillStatusTemplate(null, declared.incident, null, now));
    assert.match(withRunbook, /^\*\*Started\*\*: 2026-12-05 23:50 UTC$/m);
    assert.match(withRunbook, /^\*\*Commander\*\*: frank$/m);
  });

  it("takes the level's impact from the runbook when the incident has none, and reads `**Field:**` labels and CRLF", () => {
    const incident = { ...fixtureIncident('reopened.md'), impact: '' };
    const template = {
      fields: [],
      text: '**Service impact:** n/a\r\n**Impact:** [Users affected]\r\n* **Status:** Investigating | Resolved\r\n',
    };
    const text = fillStatusTemplate(template, incident, runbook, at('2026-12-03T13:05:00Z'));
    assert.strictEqual(text, '**Service impact:** n/a\r\n**Impact:** Minor feature degraded\r\n* **Status:** Resolved\r\n');
  });

  it('leaves out bookkeeping events (deadlines, protocol ticks)', () => {
    const incident = fixtureIncident('sla-missed.md');
    const text = fillStatusTemplate(runbook.template, incident, runbook, at('2026-11-28T23:10:00Z'));
    assert.ok(!/Deadline passed/.test(text));
    assert.match(text, /^- 22:40 - Escalated to L2: Tech lead$/m);
  });
});

describe('incident status update: a draft is not a post', () => {
  const declaredAt = at('2026-12-01T10:00:00Z');
  const opened = (): Incident => {
    const result = declare({ title: 'Checkout down', level: 2, commander: 'alice', runbook }, declaredAt);
    assert.ok(result.ok);
    return result.incident;
  };

  it('the text’s "Next update" is where the clock goes when it is posted at that moment, to the minute', () => {
    const incident = opened();
    const now = at('2026-12-01T10:17:42Z');
    const { text, promisedNext } = statusUpdateAt(runbook.template, incident, runbook, now, { runbook });
    assert.strictEqual(promisedNext, '2026-12-01T11:17:42Z', 'SEV2: an hour from now, not from the declaration');
    assert.match(text, /^\*\*Next update\*\*: 2026-12-01 11:17 UTC$/m);
    const posted = recordStatusUpdate(incident, now, { runbook });
    assert.ok(posted.ok);
    assert.strictEqual(posted.incident.nextUpdateDue, promisedNext);
  });

  it('records a draft as its own event, leaving the update clock as it was', () => {
    const incident = opened();
    const drafted = recordStatusDraft(incident, at('2026-12-01T10:17:42Z'), 'opened in an editor', '2026-12-01T11:17:42Z');
    assert.ok(drafted.ok);
    assert.strictEqual(drafted.incident.nextUpdateDue, incident.nextUpdateDue);
    const event = drafted.incident.timeline[drafted.incident.timeline.length - 1];
    assert.deepStrictEqual(event, {
      at: '2026-12-01T10:17:42Z',
      kind: 'draft',
      text: 'Status update drafted (opened in an editor), not posted; it promises the next update by 2026-12-01T11:17:42Z',
    });
    assert.strictEqual(lastUpdateTime(drafted.incident), incident.declared, 'a draft does not restart the clock');
    assert.strictEqual(incidentMetrics(drafted.incident, runbook, { now: at('2026-12-01T10:20:00Z') }).updates.updatesPosted, 0);
    // The note keeps it as a draft.
    const reread = parseIncidentNote(serializeIncidentNote(drafted.incident), `${incident.id}.md`);
    assert.ok(reread.ok, JSON.stringify(reread));
    assert.deepStrictEqual(reread.incident.timeline.at(-1), event);
    // And the next update's text does not announce it.
    assert.doesNotMatch(fillStatusTemplate(runbook.template, drafted.incident, runbook, at('2026-12-01T10:30:00Z')), /drafted/);
  });

  it('a draft posted later keeps the clock at the time its text promised', () => {
    const drafted = recordStatusDraft(opened(), at('2026-12-01T10:17:42Z'), 'copied to the clipboard', '2026-12-01T11:17:42Z');
    assert.ok(drafted.ok);
    const posted = recordStatusUpdate(drafted.incident, at('2026-12-01T10:21:05Z'), { runbook }, '2026-12-01T11:17:42Z');
    assert.ok(posted.ok);
    assert.strictEqual(posted.incident.nextUpdateDue, '2026-12-01T11:17:42Z');
    assert.strictEqual(posted.incident.timeline.at(-1)?.text, 'Status update posted; next due 2026-12-01T11:17:42Z');
  });
});
