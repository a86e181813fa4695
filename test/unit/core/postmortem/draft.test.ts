import * as assert from 'assert';
import { draftSections, sectionHash } from '../../../../src/core/postmortem/regenerate';
import { fixtureIncident } from '../incident/fixtures';
import { draft } from './support';

/** The text of one generated section. */
function section(text: string, id: string): string {
  const lines = draftSections(text).get(id);
  assert.ok(lines, `no ${id} section`);
  return `${lines.join('\n')}\n`;
}

describe('post-mortem draft', () => {
  it('resolved on time: shared template sections, metrics, root-cause checklist, failed step as an action item', () => {
    const text = draft(fixtureIncident('resolved-on-time.md'));
    for (const heading of [
      '# Post-mortem: Checkout latency',
      '## Summary',
      '## Impact',
      '## Metrics',
      '## Detection',
      '## Response',
      '## Root causes',
      '## Trigger',
      '## Resolution',
      '## Action items',
      '## Lessons learned',
      '### What went well',
      '### What went wrong',
      '### Where we got lucky',
      '## Timeline',
      '## Supporting information',
    ]) {
      assert.ok(`\n${text}`.includes(`\n${heading}\n`), `missing ${heading}`);
    }
    assert.ok(section(text, 'header').includes('- **Status**: Draft'));
    assert.ok(section(text, 'header').includes('- **Authors**: alice (incident commander), bob'));
    assert.ok(section(text, 'summary').includes('Checkout requests timed out for EU customers'));
    assert.ok(section(text, 'impact').includes('- **Level**: SEV2 — Major feature broken'));
    assert.ok(section(text, 'impact').includes('- **Duration**: 49m 05s (2026-11-27 04:41 UTC → 2026-11-27 05:30 UTC)'));
    const metrics = section(text, 'metrics');
    assert.ok(metrics.includes('| Time to acknowledge | 3m 12s (192 s) |'));
    assert.ok(metrics.includes('| Time to mitigate | 21m 30s (1290 s) |'));
    assert.ok(metrics.includes('| Time to resolve | 49m 05s (2945 s) |'));
    assert.ok(metrics.includes('| Response time (1-hour) | Met: 56m 48s to spare (due 2026-11-27 05:41 UTC) |'));
    assert.ok(metrics.includes('| Status updates (every 60 min, cadence setting) | Kept: 1 posted, longest gap 29m 00s |'));
    assert.ok(section(text, 'root-causes').includes('- [ ] Memory leak in the worker\n- [ ] Database connection pool exhausted\n'));
    const actions = section(text, 'action-items');
    assert.ok(actions.includes("| Make the runbook's resolution for INC-001 permanent: Restart the app container and raise the pool size |  |  |"));
    assert.ok(actions.includes('| Fix or document the failing diagnostic `docker ps \\| grep app` (exit 1) |  |  |'));
    assert.ok(!actions.includes('curl'), 'a command that exited 0 is no action item');
    const timeline = section(text, 'timeline');
    assert.ok(timeline.includes('| 2026-11-27 04:52:10 | command | `docker ps \\| grep app` exited 1 in 0.2s |'));
    assert.strictEqual(timeline.split('\n').filter((l) => l.startsWith('| 2026-')).length, 7);
    const links = section(text, 'links');
    assert.ok(links.includes('- [Incident note 2026-11-27-checkout-latency](../incidents/2026-11-27-checkout-latency.md)'));
    assert.ok(links.includes('- [Runbook: Web Service Incident Runbook](../runbooks/RUNBOOK.md)'));
    assert.ok(links.includes('- [Dashboard](https://grafana.example.com/d/checkout)'));
    assert.ok(links.includes('- [Status page](https://status.example.com)'));
    assert.ok(!links.includes('docs/architecture.md'), 'relative runbook links need resolving by the caller');
  });

  it('SLA missed: by how much, the late update, and a paging action item', () => {
    const text = draft(fixtureIncident('sla-missed.md'));
    const metrics = section(text, 'metrics');
    assert.ok(metrics.includes('| Response time (15-minute) | Missed by 6m 40s (400 s; due 2026-11-28 22:25 UTC) |'), metrics);
    assert.ok(metrics.includes('Missed 1 time: 1 posted, longest gap 35m 00s, worst overrun 5m 00s'));
    assert.ok(metrics.includes('| Escalations | L2 at 2026-11-28 22:40 UTC (+30m 00s) |'));
    assert.ok(section(text, 'went-wrong').includes('- Response time (15-minute) missed by 6m 40s.'));
    assert.ok(section(text, 'action-items').includes('| Review paging for SEV1: response time missed by 6m 40s |'));
    assert.ok(section(text, 'root-causes').includes('_What made this possible?'), 'no known incident: a prompt, no checklist');
  });

  it('escalated: escalations with their times, hand-off, protocol state, a timed-out step', () => {
    const text = draft(fixtureIncident('escalated.md'));
    assert.ok(section(text, 'metrics').includes('| Escalations | L2 at 2026-12-01 10:30 UTC (+30m 00s); L3 at 2026-12-01 11:02 UTC (+1h 02m 00s) |'));
    const response = section(text, 'response');
    assert.ok(response.includes('- Command passed from alice to dave at 2026-12-01 10:40 UTC.'));
    assert.ok(response.includes('  - [x] IMMEDIATE: Block affected session\n  - [ ] Notify the security team'));
    assert.ok(section(text, 'header').includes('- **Authors**: dave (incident commander), alice'));
    assert.ok(section(text, 'detection').includes('Declared SEV1 at 2026-12-01 10:00 UTC by alice.'), 'by who declared, not the later commander');
    assert.ok(section(text, 'action-items').includes('`grep -c "admin login" /var/log/auth.log` (timed out)'));
    assert.ok(section(text, 'went-wrong').includes('Protocol steps not done: Notify the security team.'));
  });

  it('reopened: counted in the metrics and in what went wrong', () => {
    const text = draft(fixtureIncident('reopened.md'));
    assert.ok(section(text, 'metrics').includes('| Reopened | 1 time |'));
    assert.ok(section(text, 'went-wrong').includes('- Reopened 1 time after being resolved.'));
    assert.ok(section(text, 'impact').includes('5h 00m 00s'));
  });

  it('Resolution: what the responder wrote when resolving, each time; the prompt asks only what nobody wrote', () => {
    const resolution = section(draft(fixtureIncident('resolved-on-time.md')), 'resolution');
    assert.ok(resolution.includes('- Mitigated at 2026-11-27 05:02 UTC.\n- Resolved at 2026-11-27 05:30 UTC: worker restarted\n'), resolution);
    assert.ok(resolution.includes('_What will fix it for good?_'), resolution);
    const reopened = section(draft(fixtureIncident('reopened.md')), 'resolution');
    assert.ok(reopened.includes('- Resolved at 2026-12-03 09:00 UTC: index rebuilt\n- Resolved at 2026-12-03 13:00 UTC: cache warmed\n'), reopened);
    // Resolved without a word: the time, and the whole question left for the person.
    const silent = section(draft(fixtureIncident('sla-missed.md')), 'resolution');
    assert.ok(silent.includes('- Resolved at 2026-11-28 23:05 UTC.\n'), silent);
    assert.ok(silent.includes('_What was done to stop the impact, and what to fix it for good?_'), silent);
  });

  it('Users affected: what the responder stated, never the level’s impact again', () => {
    const stated = section(draft(fixtureIncident('resolved-on-time.md')), 'impact');
    assert.ok(stated.includes('- **Users affected**: EU customers could not pay'), stated);
    const incident = fixtureIncident('resolved-on-time.md');
    for (const impact of ['', 'Major feature broken']) {
      const impactSection = section(draft({ ...incident, impact }), 'impact');
      assert.ok(impactSection.includes('- **Level**: SEV2 — Major feature broken'), impactSection);
      assert.ok(impactSection.includes('- **Users affected**: _who and how many'), `${JSON.stringify(impact)}: ${impactSection}`);
    }
  });

  it('reads as a document: one state block at the end, with the hash of every generated section', () => {
    const text = draft(fixtureIncident('resolved-on-time.md'));
    const start = text.indexOf('<!-- postmortem-draft ');
    assert.ok(start > 0 && !text.slice(0, start).includes('<!--'), 'no comment before the block');
    assert.ok(text.startsWith('# Post-mortem: Checkout latency\n\n- **Date**'), text.slice(0, 80));
    assert.ok(text.endsWith('\n-->\n'), 'the block closes the file');
    const entries = [...text.slice(start).matchAll(/^([a-z-]+) hash=([0-9a-f]+)/gm)];
    assert.strictEqual(entries.length, 17);
    for (const [, id, hash] of entries) {
      assert.strictEqual(sectionHash(section(text, id).split('\n')), hash, id);
    }
  });
});
