// What the core writes names each level as the runbook does: a P1–P4 runbook's timeline, status update, post-mortem,
// history and CSV say "P1", never "SEV1"; default levels are said to be defaults where they are shown.
import * as assert from 'assert';
import { declaredBy, declaredLevel } from '../../../../src/core/incident/events';
import { changeLevel, declare } from '../../../../src/core/incident/lifecycle';
import { summarizeIncidents, toCsv } from '../../../../src/core/incident/metrics';
import type { Incident } from '../../../../src/core/incident/model';
import { fillStatusTemplate } from '../../../../src/core/incident/statusUpdate';
import { noResponseClockReason } from '../../../../src/core/incident/clocks';
import { generatePostmortem } from '../../../../src/core/postmortem/draft';
import type { Runbook } from '../../../../src/core/runbook/model';
import { parseFixture } from '../runbook/fixtures';
import { at } from './fixtures';

const priorities = parseFixture('views/html-table-priorities.md');
const noLevels = parseFixture('no-levels.md');
const now = at('2026-12-02T10:00:00Z');

function declared(runbook: Runbook, level: number, title = 'Postings doubled'): Incident {
  const result = declare({ title, level, commander: 'alice', runbook }, at('2026-12-02T09:00:00Z'));
  if (!result.ok) assert.fail(result.error.message);
  return result.incident;
}

function postmortemOf(incident: Incident, runbook: Runbook): string {
  return generatePostmortem(incident, runbook, { noteRelPath: `../incidents/${incident.id}.md`, runbookRelPath: '', now });
}

describe('level names in what the core writes', () => {
  it('the timeline says "P1 declared" and names both levels of a change as the runbook does', () => {
    const incident = declared(priorities, 1);
    assert.strictEqual(incident.timeline[0].text, 'P1 declared by alice: Postings doubled');
    const lowered = changeLevel(incident, 2, 'only some accounts', at('2026-12-02T09:10:00Z'), { runbook: priorities });
    if (!lowered.ok) assert.fail(lowered.error.message);
    assert.strictEqual(lowered.incident.timeline.at(-1)?.text, 'Level: P1 → P2: only some accounts');
    const same = changeLevel(lowered.incident, 2, 'again', at('2026-12-02T09:11:00Z'), { runbook: priorities });
    assert.ok(!same.ok && same.error.message === 'The level is already P2.', JSON.stringify(same));
  });

  it('reads who declared and at which level back from a named declaration, and from an older SEVn one', () => {
    const event = declared(priorities, 3).timeline[0];
    assert.strictEqual(declaredLevel(event, priorities.levels), 3);
    assert.strictEqual(declaredBy(event), 'alice');
    const older = { at: event.at, kind: 'declared', text: 'SEV2 declared by bob: Old note' };
    assert.strictEqual(declaredLevel(older, priorities.levels), 2);
    assert.strictEqual(declaredBy(older), 'bob');
  });

  it('fills the status update’s severity with the runbook’s name', () => {
    const text = fillStatusTemplate(null, declared(priorities, 2), priorities, now);
    assert.match(text, /\*\*Severity\*\*: P2$/m);
  });

  it('names the level in the post-mortem draft, from the declaration to the metrics table', () => {
    const draft = postmortemOf(declared(priorities, 1), priorities);
    assert.ok(!/SEV\d/.test(draft), draft);
    assert.match(draft, /- \*\*Level\*\*: P1 — Postings are lost or doubled/);
    assert.match(draft, /Declared P1 at /);
    assert.match(draft, /\| Level \| P1 \|/);
  });

  it('marks a default level as a default in the post-mortem, where it is shown with its impact', () => {
    assert.ok(noLevels.levels.every((level) => level.origin === 'default'));
    const draft = postmortemOf(declared(noLevels, 2), noLevels);
    assert.match(draft, /- \*\*Level\*\*: SEV2 \(default level\) — /);
    assert.match(draft, /\| Level \| SEV2 \(default level\) \|/);
  });

  it('names the levels of the history and its CSV as each incident’s runbook does, defaults marked', () => {
    const incidents = [declared(priorities, 1, 'a'), declared(priorities, 1, 'b'), declared(noLevels, 1, 'c'), declared(priorities, 4, 'd')];
    const runbookFor = (incident: Incident): Runbook => (incident.title === 'c' ? noLevels : priorities);
    const summary = summarizeIncidents(incidents, { now, runbookFor });
    assert.deepStrictEqual(summary.map((row) => [row.level, row.name]), [[1, 'P1 / SEV1 (default level)'], [4, 'P4']]);
    const rows = toCsv(incidents, { now, runbookFor }).split('\r\n');
    assert.ok(rows[0].startsWith('id,title,level,level_name,'), rows[0]);
    assert.deepStrictEqual(rows.slice(1, 5).map((row) => row.split(',').slice(2, 4)), [['1', 'P1'], ['1', 'P1'], ['1', 'SEV1 (default level)'], ['4', 'P4']]);
  });

  it('says why no response clock runs with the runbook’s name of the level', () => {
    const untimed: Runbook = { ...priorities, levels: priorities.levels.map((level) => ({ ...level, response: '', responseMinutes: null, responseKind: 'unknown' as const })) };
    assert.strictEqual(noResponseClockReason(declared(untimed, 1), untimed), 'No response clock: the runbook states no response time for P1.');
  });
});
