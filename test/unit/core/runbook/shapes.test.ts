// The corpus of runbook shapes real teams write (test/fixtures/runbooks/shapes/, one file per shape, written by us):
// each test checks the facts a responder needs from that file, and that nothing the file does not state is made up.
import * as assert from 'assert';
import { Runbook, SeverityLevel } from '../../../../src/core/runbook';
import { codes, parseFixture } from './fixtures';

export function parseShape(name: string): Runbook {
  return parseFixture(`shapes/${name}`);
}

/** [id, name, response minutes or kind] per level: what the status bar would count down to. */
function clocks(levels: readonly SeverityLevel[]): Array<[string, string | undefined, number | string | null]> {
  return levels.map((level) => [level.id, level.name, level.responseKind === 'minutes' ? level.responseMinutes : level.responseKind === 'unknown' ? null : level.responseKind]);
}

function noMissingSectionStorm(runbook: Runbook): void {
  assert.deepStrictEqual(codes(runbook.problems).filter((code) => code === 'missing-section'), [], JSON.stringify(runbook.problems));
}

describe('runbook shapes: levels', () => {
  it('a Priority table with first-response and resolution columns tells the two times apart', () => {
    const runbook = parseShape('levels-table-first-response-and-resolution.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'P1', 15], ['SEV2', 'P2', 30], ['SEV3', 'P3', 240], ['SEV4', 'P4', 1440]]);
    assert.deepStrictEqual(runbook.levels.map((level) => [level.resolution, level.resolutionMinutes]), [
      ['4 hours', 240], ['8 hours', 480], ['3 business days', 4320], ['Next release', null],
    ]);
    assert.strictEqual(runbook.levels[0].impact, 'Card payments fail for every merchant');
    noMissingSectionStorm(runbook);
  });

  it('a table with no heading above it, whose "Who responds" is what to do, gets no clock', () => {
    const runbook = parseShape('levels-table-without-heading.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, null], ['SEV2', undefined, null], ['SEV3', undefined, null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), ['Primary on-call, then the registry lead', 'Primary on-call', 'Registry team in business hours']);
    assert.deepStrictEqual(runbook.problems.map((problem) => `${problem.line + 1}:${problem.code}`), ['7:no-response-times']);
  });

  it('an HTML <table> (split by a blank line, entities, <strong> cells) is read like a Markdown one', () => {
    const runbook = parseShape('levels-html-table.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 30], ['SEV2', undefined, 120], ['SEV3', undefined, 'nextBusinessDay']]);
    assert.deepStrictEqual(runbook.levels[2].examples, ['Slow search & broken images']);
    assert.deepStrictEqual(runbook.levels.map((level) => level.source?.line), [9, 16, 22]);
    assert.strictEqual(runbook.levels[0].impact, "The portal is down or citizens' data is exposed");
    noMissingSectionStorm(runbook);
  });

  it('one heading per level ("### Priority 1 (P1) - High") with its response and what to do under it', () => {
    const runbook = parseShape('levels-headings-priority-names.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Priority 1 (P1)', 20], ['SEV2', 'Priority 2 (P2)', 120], ['SEV3', 'Priority 3 (P3)', null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), [
      'page the incident commander and open the war room', 'post in #mobile-oncall', 'file a ticket for the next sprint',
    ]);
    assert.ok(runbook.levels[0].impact.startsWith('The app cannot log in'));
  });

  it('numbered level headings ("## 1 - High Severity") with times stated in sentences', () => {
    const runbook = parseShape('levels-headings-numbered-words.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 30], ['SEV2', undefined, 240], ['SEV3', undefined, null]]);
    assert.deepStrictEqual([runbook.levels[0].resolution, runbook.levels[0].resolutionMinutes], ['6 hours', 360]);
    assert.ok(runbook.levels[2].impact.startsWith('A single report is wrong'));
    assert.ok(!runbook.incidents.length && !runbook.levels.some((level) => /contact/i.test(level.impact)), 'the "Who to contact" heading is no level');
    noMissingSectionStorm(runbook);
  });

  it('a numbered list of severity words (1. **Critical** - …) is ordered as written, with no clock', () => {
    const runbook = parseShape('levels-numbered-list-words.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Critical', null], ['SEV2', 'Major', null], ['SEV3', 'Minor', null]]);
    assert.ok(runbook.levels[0].impact.startsWith('Nobody in the company can use the tool'));
    assert.deepStrictEqual(codes(runbook.problems), ['no-response-times']);
  });

  it('a bulleted list from SEV0 with "respond within" sentences', () => {
    const runbook = parseShape('levels-bulleted-list-sev0.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV0', undefined, 5], ['SEV1', undefined, 15], ['SEV2', undefined, 60], ['SEV3', undefined, 1440]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.level), [0, 1, 2, 3]);
  });

  it('SEV-1 … SEV-5 with emoji, under a "Classification" column', () => {
    const runbook = parseShape('levels-table-sev-dash-five.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.responseMinutes ?? level.responseKind]), [
      ['SEV1', 10], ['SEV2', 30], ['SEV3', 120], ['SEV4', 1440], ['SEV5', 'nextBusinessDay'],
    ]);
    assert.strictEqual(runbook.levels[1].impact, 'Messages delayed by more than 5 minutes');
  });

  it('severity words alone in a table keep their order and take the "Response" column as what to do', () => {
    const runbook = parseShape('levels-words-only-table-actions.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Critical', null], ['SEV2', 'Major', null], ['SEV3', 'Minor', null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), ['Page the incident commander', 'Slack #storefront-oncall', 'JIRA ticket, business hours']);
    assert.deepStrictEqual(runbook.levels.map((level) => level.response), ['', '', '']);
  });

  it('two levels are two levels', () => {
    const runbook = parseShape('levels-two-levels.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'P1', 60], ['SEV2', 'P2', 'nextBusinessDay']]);
  });

  it('six levels, SEV0 to SEV5, with a resolution target apart from the response', () => {
    const runbook = parseShape('levels-six-levels.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.level, level.responseMinutes, level.resolutionMinutes]), [
      [0, 5, 120], [1, 15, 240], [2, 30, 480], [3, 120, 2880], [4, 1440, 10080], [5, null, undefined],
    ]);
    assert.strictEqual(runbook.levels[5].responseKind, 'nextBusinessDay');
  });
});
