// The "What Was Read" listing: every part the reader took, with its line, and every default in force, said as one.
import * as assert from 'assert';
import { whatWasRead, type ReadItem } from '../../../../src/core/readout/whatWasRead';
import type { Runbook } from '../../../../src/core/runbook/model';
import { parseFixture } from '../runbook/fixtures';

/** "label — description :line" per item, depth first, indented by depth: what the view shows. */
function lines(items: readonly ReadItem[], depth = 0): string[] {
  return items.flatMap((item) => [
    `${'  '.repeat(depth)}${item.label}${item.description ? ` — ${item.description}` : ''}${item.line === undefined ? '' : ` :${item.line + 1}`}`,
    ...lines(item.children, depth + 1),
  ]);
}

function groupOf(items: readonly ReadItem[], key: string): ReadItem {
  const found = items.find((item) => item.key === key);
  assert.ok(found, `no group ${key} in ${items.map((item) => item.key).join(', ')}`);
  return found;
}

describe('readout/whatWasRead', () => {
  it('lists each level by the runbook’s name with its stated time and line, each step and command, each playbook', () => {
    const listing = whatWasRead(parseFixture('views/html-table-priorities.md'));
    assert.deepStrictEqual(groupOf(listing, 'levels').children.map((level) => `${level.label} — ${level.description} :${(level.line ?? -1) + 1}`), [
      'P1 — respond within 10 min :12',
      'P2 — respond within 1 hour :18',
      'P3 — next business day (no clock before it) :24',
      'P4 — next business day (no clock before it) :30',
    ]);
    assert.deepStrictEqual(lines(groupOf(listing, 'diagnostics').children), [
      'Is the posting queue draining? — ledgerctl queue depth --queue postings :41',
      '  ledgerctl queue depth --queue postings :42',
      'Are the writers healthy? — kubectl -n ledger get pods -l app=writer :43',
      '  kubectl -n ledger get pods -l app=writer :44',
    ]);
    const [playbook] = groupOf(listing, 'incidents').children;
    assert.strictEqual(`${playbook.label} :${(playbook.line ?? -1) + 1}`, 'INC-001: Duplicate postings after a writer restart :49');
    assert.ok(lines(playbook.children).includes('Severity as stated — P1 :49'), lines(playbook.children).join('\n'));
    // Nothing in the listing calls a level of this runbook SEVn, except where it says how the model reads it.
    assert.deepStrictEqual(lines(listing).filter((line) => /SEV\d/.test(line) && !/^\s*Read as/.test(line) && !/SEV\[1-4\]/.test(line)), []);
  });

  it('counts in the singular where there is one: "1 step", not "1 steps"', () => {
    const playbooks = groupOf(whatWasRead(parseFixture('shapes/playbooks-with-checklists.md')), 'incidents').children;
    assert.deepStrictEqual(playbooks.map((playbook) => playbook.description), ['1 step', '1 step']);
  });

  it('says "no response time stated" for a level without one, never a time', () => {
    const levels = groupOf(whatWasRead(parseFixture('shapes/levels-table-without-heading.md')), 'levels').children;
    assert.deepStrictEqual(levels.map((level) => level.description), ['no response time stated', 'no response time stated', 'no response time stated']);
  });

  it('for a runbook that defines no levels: the notice with its setting, the levels as defaults, the defaults in force', () => {
    const listing = whatWasRead(parseFixture('no-levels.md'), { cadence: { 1: 15, 2: 45 } });
    const levels = groupOf(listing, 'levels');
    assert.strictEqual(levels.description, 'default levels — this runbook defines none');
    const [notice, ...rows] = levels.children;
    assert.deepStrictEqual([notice.label, notice.setting, notice.line], ['Default levels — this runbook defines none', 'incidentRunbook.defaultLevels', undefined]);
    assert.deepStrictEqual(rows.map((row) => [row.label, row.description, row.setting, row.line]), [1, 2, 3, 4].map((n) => [`SEV${n}`, 'default — no response time stated', 'incidentRunbook.defaultLevels', undefined]));
    const defaults = groupOf(listing, 'defaults').children;
    assert.deepStrictEqual(defaults.map((item) => [item.key, item.setting]), [['levels', 'incidentRunbook.defaultLevels'], ['cadence', 'incidentRunbook.updateCadenceMinutes'], ['charts', undefined]]);
    assert.strictEqual(defaults[1].description, 'SEV1 every 15 min, SEV2 every 45 min, SEV3 every 4 hours, SEV4 every 1 day');
    // Its own template and escalation are the runbook's, at their lines.
    assert.strictEqual(groupOf(listing, 'template').line, 16);
    assert.deepStrictEqual(groupOf(listing, 'escalation').children.map((rule) => `${rule.label} — ${rule.description} :${(rule.line ?? -1) + 1}`), [
      'L1: Search on-call — clock: at declaration, for SEV1, SEV2, SEV3, SEV4 :27',
      'L2: Search lead — clock: 45 min after declaration, for SEV1 :28',
    ]);
  });

  it('says which template and statuses are the defaults when the runbook has no template', () => {
    const listing = whatWasRead(parseFixture('views/html-table-priorities.md'));
    assert.strictEqual(groupOf(listing, 'template').description, 'the default template — this runbook has none');
    assert.deepStrictEqual(groupOf(listing, 'defaults').children.map((item) => item.key), ['cadence', 'charts', 'template', 'statuses']);
  });

  it('lists fields it has no name for (added to the model later) by their key, with their lines', () => {
    const runbook = parseFixture('no-levels.md');
    const extended = {
      ...runbook,
      checklist: [{ text: 'Create the war room', done: false, source: { line: 40, column: 0, endLine: 40, endColumn: 25 } }, { text: 'Assign a scribe', source: { line: 41, column: 0, endLine: 41, endColumn: 17 } }],
      escalation: [{ ...runbook.escalation[0], afterMinutes: null, prose: 'call the lead out of hours' }],
    } as unknown as Runbook;
    const listing = whatWasRead(extended);
    assert.deepStrictEqual(lines([groupOf(listing, 'checklist')]), ['Checklist — 2', '  Create the war room :41', '    Done — false :41', '  Assign a scribe :42']);
    const [rule] = groupOf(listing, 'escalation').children;
    assert.strictEqual(rule.description, 'no clock');
    assert.ok(lines(rule.children).includes('Prose — call the lead out of hours :27'), lines(rule.children).join('\n'));
  });
});
