// Runbooks as teams write them: HTML comments and front matter are not content (and every problem still
// points at its line in the file), tables carry columns the reader must tell apart.
import * as assert from 'assert';
import { parseRunbook } from '../../src/runbook';

const LEVELS = [
  '| SEV | Impact | Response | Examples |',
  '|-----|--------|----------|----------|',
  '| **1** | Outage | 15 min | Site down |',
  '| **2** | Degraded <!-- or slow? --> | 1 hour | Checkout slow |',
  '<!-- TODO: review SEV3 -->',
  '| **3** | Minor | 4 hours | Typo |',
];

function runbook(...body: string[]): string {
  return ['# Web Service Runbook', '', '## Severity Levels', '', ...LEVELS, '', ...body].join('\n');
}

describe('runbook: HTML comments', () => {
  it('a comment line inside the severity table keeps the rows below it, and a comment in a cell is not its text', () => {
    const parsed = parseRunbook(runbook(), 'comments.md');
    assert.deepStrictEqual(parsed.levels.map((l) => [l.level, l.impact]), [[1, 'Outage'], [2, 'Degraded'], [3, 'Minor']]);
    assert.deepStrictEqual(parsed.problems.filter((p) => p.severity !== 'info'), []);
  });

  it('a section commented out is not read, and problems after it keep their lines', () => {
    const parsed = parseRunbook(
      runbook(
        '<!--',
        '## Escalation Path (old)',
        '',
        '| Level | Contact | When |',
        '|-------|---------|------|',
        '| L1 | Bob | All incidents |',
        '-->',
        '',
        '## Escalation Path',
        '',
        '| Level | Contact | When |',
        '|-------|---------|------|',
        '| L2 | Tech lead | on a full moon |',
      ),
      'comments.md',
    );
    assert.deepStrictEqual(parsed.escalation.map((e) => e.contact), ['Tech lead']);
    const unreadable = parsed.problems.find((p) => /full moon/.test(p.message));
    assert.ok(unreadable, JSON.stringify(parsed.problems));
    assert.strictEqual(unreadable.line, 23, 'the line of "| L2 | Tech lead | on a full moon |" (0-based)');
  });

  it('a comment that is never closed is a warning at its line', () => {
    const parsed = parseRunbook(runbook('<!-- old notes', '', '## Escalation Path'), 'comments.md');
    const warning = parsed.problems.find((p) => p.code === 'unclosed-comment');
    assert.ok(warning, JSON.stringify(parsed.problems));
    assert.strictEqual(warning.line, 11);
    assert.strictEqual(warning.severity, 'warning');
  });
});

describe('runbook: YAML front matter', () => {
  it('is metadata, not content: the title is the first heading, and problems keep their lines', () => {
    const text = ['---', 'owner: payments', 'severity: internal', '---', runbook('## Escalation Path', '', '| Level | Contact | When |', '|--|--|--|', '| L2 | Lead | on a full moon |')].join('\n');
    const parsed = parseRunbook(text, 'front-matter.md');
    assert.strictEqual(parsed.title, 'Web Service Runbook');
    assert.strictEqual(parsed.levels.length, 3);
    const unreadable = parsed.problems.find((p) => /full moon/.test(p.message));
    assert.strictEqual(unreadable?.line, 4 + 15, JSON.stringify(parsed.problems));
  });

  it('a --- line with no closing one is a thematic break, not front matter', () => {
    const parsed = parseRunbook(['---', runbook()].join('\n'), 'rule.md');
    assert.strictEqual(parsed.title, 'Web Service Runbook');
    assert.strictEqual(parsed.levels.length, 3);
  });
});

describe('runbook: the response column', () => {
  it('is the time to respond, not a time to resolve written before it', () => {
    const text = [
      '# Runbook', '', '## Severity Levels', '',
      '| Priority | Impact | Time to resolve | Time to respond |',
      '|---|---|---|---|',
      '| P1 | Outage | 1 day | 15 min |',
      '| P2 | Degraded | 3 days | 1 hour |',
    ].join('\n');
    const parsed = parseRunbook(text, 'columns.md');
    assert.deepStrictEqual(parsed.levels.map((l) => [l.level, l.responseMinutes]), [[1, 15], [2, 60]]);
  });
});
