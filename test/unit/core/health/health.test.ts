import * as assert from 'assert';
import { healthFindings, isRunOf, runbookHealth } from '../../../../src/core/health/health';
import { acknowledge, addEvent, declare, resolve } from '../../../../src/core/incident/lifecycle';
import type { Incident } from '../../../../src/core/incident/model';
import { parseRunbook } from '../../../../src/core/runbook';
import { captureSummary, terminalRunEvent, TIMELINE_BOUNDS_FOR_TESTS } from './support';
import { bundledText } from '../runbook/fixtures';
import { assertLinearGrowth } from '../../growth';

const runbook = parseRunbook(bundledText(), 'runbooks/runbook.md');
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

function minutes(n: number): Date {
  return new Date(T0 + n * 60_000);
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  assert.ok(result.ok, JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

/** An incident declared at `start` minutes, with the runs given (command, exit code), resolved when asked. */
function incidentWith(n: number, runs: Array<[string, number]>, options: { known?: string; level?: number; ackAfter?: number; resolved?: boolean } = {}): Incident {
  const start = n * 1000;
  const known = options.known ? runbook.incidents.find((k) => k.id === options.known) ?? null : null;
  let incident = ok(declare({ title: `Incident ${n}`, level: options.level ?? 2, commander: 'ana', runbook, knownIncident: known, override: true }, minutes(start))).incident;
  if (options.ackAfter !== undefined) incident = ok(acknowledge(incident, minutes(start + options.ackAfter), 'ana')).incident;
  let at = start + 100;
  for (const [command, exitCode] of runs) {
    const event = n % 2 === 0 ? terminalRunEvent({ command, via: 'shellIntegration', exitCode, durationMs: 420 }, TIMELINE_BOUNDS_FOR_TESTS) : { kind: 'command', text: captureSummary(command, exitCode) };
    incident = ok(addEvent(incident, event, minutes(at++))).incident;
  }
  if (options.resolved !== false) incident = ok(resolve(incident, minutes(start + 200), 'fixed', { runbook })).incident;
  return incident;
}

describe('health: isRunOf', () => {
  const cases: Array<[string, string, boolean]> = [
    ['df -h', 'df -h', true],
    ['df -h', 'df -hT', false],
    ['curl -s https://[domain]/api/health | jq', "curl -s https://'shop.example.com'/api/health | jq", true],
    ['curl -s https://[domain]/api/health | jq', 'curl -s https://shop.example.com/health | jq', false],
    ['docker logs --since 15m [service] 2>&1 | grep -iE "error|fatal|panic" | tail -n 50', 'docker logs --since 15m web 2>&1 | grep -iE "error|fatal|panic" | tail -n 50', true],
    ['psql -h [db-host] -U [db-user] -c "SELECT 1;"', 'psql -h db1 -U app -c "SELECT 1;"', true],
    ['psql -h [db-host] -U [db-user] -c "SELECT 1;"', 'psql -h db1 -U app -c "SELECT 2;"', false],
    // A record shortened to its first 200 characters matches on what it kept.
    [`echo ${'x'.repeat(300)} [name]`, `echo ${'x'.repeat(190)}…`, true],
    [`echo ${'x'.repeat(300)} [name]`, `echo ${'y'.repeat(190)}…`, false],
  ];
  for (const [command, ran, expected] of cases) it(`${ran.slice(0, 60)} ${expected ? 'is' : 'is not'} a run of ${command.slice(0, 40)}`, () => assert.strictEqual(isRunOf(command, ran), expected));

  it('is linear on a long run of the same character', () => {
    // A command of n/100 placeholders against a record of n times the same character.
    assertLinearGrowth('a[…x] against a…', (n) => isRunOf(`${'a['.repeat(n / 100)}x]`, 'a'.repeat(n)), 50_000);
  });
});

describe('health: runbookHealth', () => {
  const health = 'curl -s -o /dev/null -w "%{http_code} %{time_total}s\\n" https://[domain]/health';
  const filled = health.replace('[domain]', 'shop.example.com');
  const dbCheck = 'pg_isready -h [db-host] -p 5432';
  const incidents = [
    incidentWith(0, [[filled, 7], ['df -h', 0]], { known: 'INC-001', ackAfter: 2 }),
    incidentWith(1, [[filled, 7], ['pg_isready -h db1 -p 5432', 127]], { ackAfter: 90, level: 1 }),
    incidentWith(2, [[filled, 0], ['pg_isready -h db2 -p 5432', 127]], { ackAfter: 1, level: 1 }),
    incidentWith(3, [[filled, 6]], { known: 'INC-001' }),
    incidentWith(4, [['uptime', 0]]),
    incidentWith(5, []),
  ];
  const figures = runbookHealth(runbook, incidents, { neverRunIncidents: 5, staleRuns: 2, now: minutes(100_000) });
  const step = (title: string) => {
    const found = figures.steps.find((s) => s.title === title);
    assert.ok(found, `${title} in ${figures.steps.map((s) => s.title).join(', ')}`);
    return found;
  };

  it('counts a step that failed 3 of 4 runs, with its last run', () => {
    const s = step('Check service health');
    assert.deepStrictEqual([s.runs.length, s.failures], [4, 3]);
    assert.strictEqual(s.lastRun, incidents[3].timeline.find((e) => e.kind === 'command')?.at);
  });

  it('calls a command stale when its last runs ended "command not found" (127)', () => {
    const s = step('Check the database');
    assert.strictEqual(s.stale, true);
    assert.ok(!step('Check service health').stale);
    assert.ok(dbCheck);
  });

  it('reports a step never run in at least N incidents that ran something, and not before', () => {
    assert.strictEqual(step('Check running containers').neverRun, true);
    assert.strictEqual(step('Check host resources').neverRun, false);
    const few = runbookHealth(runbook, incidents.slice(0, 2), { neverRunIncidents: 5, staleRuns: 2, now: minutes(100_000) });
    assert.strictEqual(few.steps.find((s) => s.title === 'Check running containers')?.neverRun, false);
  });

  it('lists known incidents never declared and incidents resolved with no run', () => {
    assert.deepStrictEqual(figures.knownIncidentsNeverMatched.map((k) => k.id), runbook.incidents.map((k) => k.id).filter((id) => id !== 'INC-001'));
    assert.deepStrictEqual(figures.resolvedWithoutRuns, [incidents[5].id]);
  });

  it('ranks the levels by how often their stated response time was missed', () => {
    // SEV2: acknowledged in time once, three resolved after the hour without an acknowledgement; SEV1: once late.
    assert.deepStrictEqual(figures.slaByLevel.map((l) => [l.level, l.missed, l.decided]), [[2, 3, 4], [1, 1, 2]]);
  });

  it('says each finding in a sentence, at the step line where there is one', () => {
    const findings = healthFindings(figures);
    const stale = findings.find((f) => f.message.includes('is stale'));
    assert.strictEqual(stale?.source?.line, step('Check the database').source?.line);
    assert.ok(findings.some((f) => /"Check service health" failed in 3 of 4 runs/.test(f.message)), JSON.stringify(findings));
    assert.ok(findings.some((f) => /1 incident resolved with no diagnostic run/.test(f.message)));
  });
});
