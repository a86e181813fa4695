// Triage from the alert text: the level and known incident it proposes come from the runbook's own words, with
// the reason said in them, and nothing the runbook does not have is ever proposed.
import * as assert from 'assert';
import { triageRunbook } from '../../../../src/core/triage/fromRunbook';
import { firstCheck } from '../../../../src/core/triage/firstCheck';
import { triage, triageWords } from '../../../../src/core/triage/triage';
import type { KnownIncident, SeverityLevel } from '../../../../src/core/runbook/model';
import { parseBundled } from '../runbook/fixtures';
import { parseShape } from '../runbook/shapes.test';

function proposalOf(text: string, runbook = parseBundled()): { level: string | null; incident: string | null; reasons: Array<string | null> } {
  const { proposal } = triageRunbook(text, runbook, runbook.levels);
  return { level: proposal.level?.level.id ?? null, incident: proposal.incident?.incident.id ?? null, reasons: [proposal.level?.reason ?? null, proposal.incident?.reason ?? null] };
}

function known(id: string, fields: Partial<KnownIncident> = {}): KnownIncident {
  return { id, title: id, symptoms: [], steps: [], rootCauses: [], resolution: '', forcedLevel: null, critical: null, protocol: [], ...fields };
}

function level(n: number, fields: Partial<SeverityLevel> = {}): SeverityLevel {
  return { id: `SEV${n}`, level: n, impact: '', responseMinutes: null, responseKind: 'unknown', response: '', action: '', trigger: '', examples: [], ...fields };
}

describe('triage from the alert text', () => {
  it('"checkout returns 502" proposes the known incident whose symptoms say 502, and says so', () => {
    const { incident, reasons } = proposalOf('checkout returns 502');
    assert.strictEqual(incident, 'INC-001');
    assert.strictEqual(reasons[1], 'symptoms say “502/504 from the load balancer”');
  });

  it('"checkout is down" proposes SEV1 from the chart’s edge label', () => {
    const { level, reasons } = proposalOf('checkout is down');
    assert.strictEqual(level, 'SEV1');
    assert.strictEqual(reasons[0], 'chart says “Service Down”');
  });

  it('a level table example is a reason too: "p95 latency is 4 s" is SEV2', () => {
    assert.deepStrictEqual(proposalOf('p95 latency is 4 s').level, 'SEV2');
    assert.match(String(proposalOf('p95 latency is 4 s').reasons[0]), /^example “p95 latency over 3 s”$/);
  });

  it('a known incident’s CRITICAL rule sets the level, whatever the words point at', () => {
    const { level, incident, reasons } = proposalOf('users see other users data, a minor issue');
    assert.deepStrictEqual([level, incident], ['SEV1', 'INC-004']);
    assert.strictEqual(reasons[0], 'INC-004 is always SEV1 per the runbook');
  });

  it('an alert runbook’s playbook is found by the alert’s name in the text, camelCase or not', () => {
    const runbook = parseShape('playbooks-per-alert-sections.md');
    assert.strictEqual(proposalOf('[FIRING:1] IngressControllerDown (prod)', runbook).incident, 'ingress-controller-down');
    assert.strictEqual(proposalOf('[FIRING:1] IngressControllerDown (prod)', runbook).reasons[1], 'the alert is IngressControllerDown');
    assert.strictEqual(proposalOf('certificate expiring soon on ingress', runbook).incident, 'ingress-certificate-expiring');
  });

  it('default levels are never matched to a playbook’s stated severity (nobody’s scale)', () => {
    const runbook = parseShape('playbooks-per-alert-sections.md');
    assert.ok(runbook.levels.every((l) => l.origin === 'default'));
    // "critical" is the playbook's word, not a default level's name: the reason is the default level's own words.
    assert.deepStrictEqual(proposalOf('IngressControllerDown', runbook).reasons[0], 'impact “Service down or data at risk for all users”');
    assert.deepStrictEqual(proposalOf('IngressCertificateExpiring', runbook).level, null);
  });

  it('a stated severity that names one of the runbook’s own levels proposes it', () => {
    const levels = [level(1, { name: 'Critical' }), level(2, { name: 'Major' })];
    const result = triage('HighErrorRate on api', { levels, incidents: [known('HighErrorRate', { severity: 'major' })] });
    assert.strictEqual(result.proposal.level?.level.id, 'SEV2');
    assert.strictEqual(result.proposal.level?.reason, 'HighErrorRate says severity “major”');
  });

  it('never proposes a level the runbook does not have: a CRITICAL rule for SEV0 on a SEV1–2 runbook falls back to the words', () => {
    const levels = [level(1, { examples: ['site down'] }), level(2)];
    const result = triage('site down', { levels, incidents: [known('INC-9', { title: 'site down', forcedLevel: 0 })] });
    assert.strictEqual(result.proposal.level?.level.id, 'SEV1');
    assert.strictEqual(result.proposal.level?.reason, 'example “site down”');
  });

  it('nothing matched: no level and no known incident are proposed, every one is listed with score 0', () => {
    const result = triageRunbook('zzz qqq', parseBundled(), parseBundled().levels);
    assert.deepStrictEqual(result.proposal, { level: null, incident: null });
    assert.deepStrictEqual(result.levels.map((l) => [l.level.id, l.score]), [['SEV1', 0], ['SEV2', 0], ['SEV3', 0], ['SEV4', 0]]);
    assert.deepStrictEqual(result.incidents.map((i) => i.incident.id), ['INC-001', 'INC-002', 'INC-003', 'INC-004']);
  });

  it('known incidents are ranked best first, the runbook’s order among equals', () => {
    const result = triageRunbook('the 5xx rate jumped after the deploy', parseBundled(), parseBundled().levels);
    assert.deepStrictEqual(result.incidents.map((i) => i.incident.id), ['INC-003', 'INC-002', 'INC-001', 'INC-004']);
    assert.ok(result.incidents[0].score > result.incidents[1].score);
  });

  it('words: camelCase, codes and plurals become the same stems as the runbook’s', () => {
    assert.deepStrictEqual(triageWords('IngressHighErrorRate: 502s, timeouts on the DBHost'), ['ingress', 'high', 'error', 'rate', '502s', 'timeout', 'db', 'host']);
    assert.deepStrictEqual(triageWords('Errors returned; hanging requests'), ['error', 'return', 'hang', 'request']);
  });
});

describe('the first check after declaring', () => {
  it('is the known incident’s first step with a command, else the runbook’s first quick-diagnosis step', () => {
    const runbook = parseBundled();
    assert.deepStrictEqual(firstCheck('file:///r.md', runbook, 0), { ref: { runbookUri: 'file:///r.md', kind: 'tree', incidentIndex: 0, index: 0 }, title: 'Container running?' });
    assert.deepStrictEqual(firstCheck('file:///r.md', runbook, null), { ref: { runbookUri: 'file:///r.md', kind: 'diagnostic', index: 0 }, title: 'Check service health' });
  });

  it('a known incident without a command falls back to the quick diagnosis; a runbook with neither has none', () => {
    const runbook = { ...parseBundled(), incidents: [known('INC-1', { steps: [{ question: 'Look at the graph', command: null, hint: 'dashboards', placeholders: [] }] })] };
    assert.strictEqual(firstCheck('u', runbook, 0)?.ref.kind, 'diagnostic');
    assert.strictEqual(firstCheck('u', { ...runbook, diagnostics: [] }, 0), null);
  });
});
