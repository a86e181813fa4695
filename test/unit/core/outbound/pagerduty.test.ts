import * as assert from 'assert';
import { declare } from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import type { SeverityLevel } from '../../../../src/core/runbook/model';
import {
  checkPagerDutyEvent,
  followUpEvent,
  answerMessage,
  routingKeyProblem,
  severityFor,
  runbookLinks,
  LINKS_MAX,
  EVENT_MAX_BYTES,
  IMPACT_MAX,
  SUMMARY_MAX,
  triggerEvent,
  pagerDutyActionsFor,
  type PagerDutyEventBody,
} from '../../../../src/core/outbound/pagerduty';

const KEY = 'R0123456789abcdefABCDEF012345678';

function incident(title = 'Checkout latency', level = 1): Incident {
  const result = declare({ title, level, commander: 'ana', runbookPath: 'runbooks/payments.md', id: '2026-12-01-checkout-latency' }, new Date('2026-12-01T10:00:00Z'));
  if (!result.ok) assert.fail(result.error.message);
  return result.incident;
}

const context = { severity: 'critical' as const, source: 'payments-repo', notePath: 'incidents/2026-12-01-checkout-latency.md', severityIsDefault: true };
const withKey = (body: PagerDutyEventBody): unknown => ({ routing_key: KEY, ...body });

describe('PagerDuty Events API v2 bodies', () => {
  it('a trigger fits the schema: dedup key is the incident id, summary the title, severity mapped, details named', () => {
    const body = triggerEvent(incident(), context);
    assert.deepStrictEqual(checkPagerDutyEvent(withKey(body)), []);
    assert.strictEqual(body.event_action, 'trigger');
    assert.strictEqual(body.dedup_key, '2026-12-01-checkout-latency');
    assert.strictEqual(body.payload?.summary, 'Checkout latency');
    assert.strictEqual(body.payload?.severity, 'critical');
    assert.strictEqual(body.payload?.source, 'payments-repo');
    assert.deepStrictEqual(
      { runbook: body.payload?.custom_details?.runbook, commander: body.payload?.custom_details?.commander, note: body.payload?.custom_details?.note, known: body.payload?.custom_details?.known_incident },
      { runbook: 'runbooks/payments.md', commander: 'ana', note: context.notePath, known: 'none' },
    );
    assert.match(String(body.payload?.custom_details?.severity_mapping), /default/);
    assert.strictEqual(triggerEvent(incident(), { ...context, severityIsDefault: false }).payload?.custom_details?.severity_mapping, undefined);
  });

  it("custom_details.level names the level as the runbook does (P1, Critical); SEVn only where it names none", () => {
    const level = (n: number, name: string | undefined, origin: 'runbook' | 'default' = 'runbook'): SeverityLevel => ({
      id: `SEV${n}`, level: n, impact: '', responseMinutes: null, responseKind: 'unknown', response: '', action: '', trigger: '', examples: [], origin, ...(name ? { name } : {}),
    });
    const named = (levels: SeverityLevel[], n = 1): Record<string, unknown> | undefined => triggerEvent(incident('Checkout latency', n), { ...context, levels }).payload?.custom_details;
    assert.strictEqual(named([level(1, 'P1'), level(2, 'P2')])?.level, 'P1');
    assert.strictEqual(named([level(1, 'Critical'), level(2, 'Major')], 2)?.level, 'Major');
    assert.strictEqual(named([level(1, undefined)])?.level, 'SEV1');
    // A level the runbook lacks, or no runbook at all: its id.
    assert.strictEqual(named([level(2, 'P2')])?.level, 'SEV1');
    assert.strictEqual(triggerEvent(incident(), context).payload?.custom_details?.level, 'SEV1');
    assert.strictEqual(named([level(1, 'P1')])?.level_origin, undefined);
    // The default levels are said to be defaults.
    assert.match(String(named([level(1, undefined, 'default')])?.level_origin), /default levels/);
    assert.deepStrictEqual(checkPagerDutyEvent(withKey(triggerEvent(incident(), { ...context, levels: [level(1, 'Priority 1 (P1) - High')] }))), []);
  });

  it('acknowledge and resolve carry the same dedup key and fit the schema', () => {
    for (const action of ['acknowledge', 'resolve'] as const) {
      const body = followUpEvent(action, incident());
      assert.deepStrictEqual(checkPagerDutyEvent(withKey(body)), []);
      assert.deepStrictEqual(body, { event_action: action, dedup_key: '2026-12-01-checkout-latency' });
    }
  });

  it('a summary is cut to 1,024 characters (code points, never half an emoji)', () => {
    const body = triggerEvent(incident('🔥'.repeat(2000)), context);
    const summary = body.payload?.summary ?? '';
    assert.strictEqual([...summary].length, SUMMARY_MAX);
    assert.ok(summary.endsWith('…'));
    assert.ok(!/[\uD800-\uDBFF]…$/.test(summary));
    assert.deepStrictEqual(checkPagerDutyEvent(withKey(body)), []);
  });

  it('every event the builders make fits the published rules, whatever the incident holds', () => {
    const cases: Incident[] = [
      incident(),
      incident('x'.repeat(5000)),
      // A hand-edited note can hold an empty title.
      { ...incident(), title: '   \n\t  ' },
      incident('<!channel> **bold** {{DATE(2026-12-01T10:00:00Z)}} <at>all</at> & "quotes" \u0000'),
      { ...incident(), impact: 'i'.repeat(600 * 1024), commander: '' },
      { ...incident(), id: 'i'.repeat(300) },
    ];
    for (const c of cases) {
      for (const body of [triggerEvent(c, context), triggerEvent(c, { ...context, source: '' }), followUpEvent('acknowledge', c), followUpEvent('resolve', c)]) {
        assert.deepStrictEqual(checkPagerDutyEvent(withKey(body)), [], `${c.title.slice(0, 20)}: ${JSON.stringify(body).slice(0, 200)}`);
      }
    }
    // An empty title says which incident it is; markup goes as written (PagerDuty shows the summary as plain text).
    assert.strictEqual(triggerEvent(cases[2], context).payload?.summary, '2026-12-01-checkout-latency');
    assert.match(triggerEvent(cases[3], context).payload?.summary ?? '', /^<!channel> \*\*bold\*\*/);
  });

  it('a long impact is cut, so the event stays within its 512 KB (it was refused before it went)', () => {
    const long = { ...incident(), impact: 'i'.repeat(600 * 1024) };
    const impact = String(triggerEvent(long, context).payload?.custom_details?.impact);
    assert.strictEqual([...impact].length, IMPACT_MAX);
    const tooBig = withKey({ ...triggerEvent(long, context), payload: { ...triggerEvent(long, context).payload!, custom_details: { impact: long.impact } } });
    assert.deepStrictEqual(checkPagerDutyEvent(tooBig).map((p) => p.replace(/\d+\)$/, 'n)')), [`(body): at most ${EVENT_MAX_BYTES} bytes (has n)`]);
  });

  it('a link must be an absolute http(s) address, as the spec\'s format: url says', () => {
    const good = withKey(triggerEvent(incident(), { ...context, links: [{ href: 'https://runbooks.example/payments', text: 'Runbook' }] }));
    assert.deepStrictEqual(checkPagerDutyEvent(good), []);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...(good as object), links: [{ href: 'incidents/2026-12-01-checkout-latency.md' }] }), ['links[0].href: does not match ^https?:\\/\\/[^\\s/]+']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...(good as object), links: [{ text: 'no address' }] }), ['links[0].href: required']);
  });

  it("the trigger's links are the runbook's related documents PagerDuty can open; a workspace path is left out", () => {
    const links = runbookLinks([
      { text: 'Architecture overview', href: '../docs/architecture.md' },
      { text: 'Status page', href: 'https://status.example.com' },
      { text: '  ', href: ' HTTP://wiki.example/payments ' },
      { text: 'Mail', href: 'mailto:oncall@example.com' },
    ]);
    assert.deepStrictEqual(links, [{ href: 'https://status.example.com', text: 'Status page' }, { href: 'HTTP://wiki.example/payments' }]);
    assert.deepStrictEqual(checkPagerDutyEvent(withKey(triggerEvent(incident(), { ...context, links }))), []);
    assert.strictEqual(runbookLinks(Array.from({ length: 30 }, (_, i) => ({ text: `d${i}`, href: `https://d${i}.example` }))).length, LINKS_MAX);
    assert.strictEqual(triggerEvent(incident(), { ...context, links: [] }).links, undefined, 'no empty list is sent');
  });

  it('the schema catches what the service would refuse', () => {
    const good = withKey(triggerEvent(incident(), context)) as Record<string, unknown>;
    const payload = good.payload as Record<string, unknown>;
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, event_action: 'page' }), ['event_action: must be one of trigger, acknowledge, resolve']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, payload: { ...payload, severity: 'high' } }), ['payload.severity: must be one of critical, error, warning, info']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, payload: { ...payload, summary: 'x'.repeat(1025) } }), ['payload.summary: at most 1024 characters (has 1025)']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, payload: { ...payload, source: undefined } }), ['payload.source: required']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, payload: undefined }), ['payload: required for a trigger']);
    assert.deepStrictEqual(checkPagerDutyEvent({ routing_key: KEY, event_action: 'resolve' }), ['dedup_key: required for resolve']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, routing_key: 'short' }), ['routing_key: at least 32 characters']);
    assert.deepStrictEqual(checkPagerDutyEvent({ ...good, dedup_key: 'k'.repeat(256) }), ['dedup_key: at most 255 characters (has 256)']);
  });

  it('a routing key that is not one is refused with what to copy instead', () => {
    assert.strictEqual(routingKeyProblem(KEY), undefined);
    assert.strictEqual(routingKeyProblem(` ${KEY}\n`), undefined);
    assert.match(routingKeyProblem('https://events.pagerduty.com/v2/enqueue') ?? '', /That is a URL/);
    assert.match(routingKeyProblem('abc') ?? '', /32 letters and digits \(this is 3 characters\)/);
    assert.match(routingKeyProblem('R0123456789abcdefABCDEF01234567$') ?? '', /holds others/);
  });

  it('severity comes from the mapping only; a level it does not map has none', () => {
    const mapping = { '1': 'critical', '2': 'error', '3': 'warning', '4': 'info', '5': 'page-me' };
    assert.strictEqual(severityFor(2, mapping), 'error');
    assert.strictEqual(severityFor(5, mapping), undefined);
    assert.strictEqual(severityFor(6, mapping), undefined);
  });

  it("a 400's message and errors are read for the person; another body is kept as it came", () => {
    assert.strictEqual(answerMessage('{"status":"invalid event","message":"Event object is invalid","errors":["\'payload.summary\' is missing or blank"]}'), "Event object is invalid: 'payload.summary' is missing or blank");
    assert.strictEqual(answerMessage('{"error":{"code":"DirectApiAuthorizationRequired","message":"The request needs a valid signature."}}'), 'DirectApiAuthorizationRequired: The request needs a valid signature.');
    assert.strictEqual(answerMessage('invalid_blocks'), 'invalid_blocks');
    assert.strictEqual(answerMessage(''), 'no message');
  });
});

describe('Which PagerDuty events a note write calls for', () => {
  const pages = (level: number): boolean => level <= 2;
  const base = incident();
  const sev3 = { ...base, level: 3 };
  it('declared at a paging level: trigger; below it: nothing', () => {
    assert.deepStrictEqual(pagerDutyActionsFor(undefined, base, false, pages), ['trigger']);
    assert.deepStrictEqual(pagerDutyActionsFor(undefined, sev3, false, pages), []);
  });
  it('acknowledge and resolve of a paged incident; of one never paged: nothing', () => {
    const acked = { ...base, acknowledged: '2026-12-01T10:05:00Z' };
    const resolved = { ...acked, resolved: '2026-12-01T11:00:00Z' };
    assert.deepStrictEqual(pagerDutyActionsFor(base, acked, true, pages), ['acknowledge']);
    assert.deepStrictEqual(pagerDutyActionsFor(acked, resolved, true, pages), ['resolve']);
    assert.deepStrictEqual(pagerDutyActionsFor({ ...sev3 }, { ...sev3, acknowledged: '2026-12-01T10:05:00Z' }, false, pages), []);
  });
  it('a level changed to one that pages, or an escalation at a paging level, triggers', () => {
    assert.deepStrictEqual(pagerDutyActionsFor(sev3, { ...sev3, level: 2 }, false, pages), ['trigger']);
    assert.deepStrictEqual(pagerDutyActionsFor(base, { ...base, escalations: ['L2'] }, false, pages), ['trigger']);
    assert.deepStrictEqual(pagerDutyActionsFor(base, { ...base, escalations: ['L2'] }, true, pages), []);
    assert.deepStrictEqual(pagerDutyActionsFor(sev3, { ...sev3, escalations: ['L2'] }, false, pages), []);
  });
  it('a reopened paged incident is triggered again; a timeline event alone sends nothing', () => {
    const resolved = { ...base, resolved: '2026-12-01T11:00:00Z' };
    assert.deepStrictEqual(pagerDutyActionsFor(resolved, base, true, pages), ['trigger']);
    assert.deepStrictEqual(pagerDutyActionsFor(base, { ...base, timeline: [...base.timeline, { at: '2026-12-01T10:10:00Z', kind: 'note', text: 'x' }] }, true, pages), []);
  });
});
