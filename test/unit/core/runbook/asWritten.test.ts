// Runbooks as teams write them: HTML comments and front matter are not content (and every problem still
// points at its line in the file), tables carry columns the reader must tell apart.
import * as assert from 'assert';
import { parseRunbook } from '../../../../src/core/runbook';

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

describe('runbook: escalation "When" cells that name a kind of incident', () => {
  const escalation = (when: string): string =>
    runbook('## Escalation Path', '', '| Level | Contact | When |', '|--|--|--|', '| L2 | Tech lead | All incidents |', `| Security | security@example.com | ${when} |`);

  it('"Any data exposure" is not every incident at once: no timed rule, and an info to escalate by hand', () => {
    const parsed = parseRunbook(escalation('Any data exposure'), 'escalation.md');
    const security = parsed.escalation.find((e) => e.level === 'Security');
    assert.deepStrictEqual(security?.levels, [], 'never fires on its own');
    const info = parsed.problems.find((p) => p.code === 'escalation-by-judgement');
    assert.ok(info && info.severity === 'info' && /by hand/.test(info.message), JSON.stringify(parsed.problems));
    assert.deepStrictEqual(parsed.escalation.find((e) => e.level === 'L2')?.levels, [1, 2, 3], '"All incidents" still means every level');
  });

  it('"If payments are affected" and "When the on-call engineer asks" are judgement too; "on a full moon" is unreadable', () => {
    for (const when of ['If payments are affected', 'When the on-call engineer asks']) {
      assert.ok(parseRunbook(escalation(when), 'escalation.md').problems.some((p) => p.code === 'escalation-by-judgement'), when);
    }
    assert.ok(parseRunbook(escalation('on a full moon'), 'escalation.md').problems.some((p) => p.code === 'escalation-unreadable'));
  });

  it('"Any incident", "every SEV" and "always" still mean every level', () => {
    for (const when of ['Any incident', 'every SEV', 'Always', 'All']) {
      assert.deepStrictEqual(parseRunbook(escalation(when), 'escalation.md').escalation.find((e) => e.level === 'Security')?.levels, [1, 2, 3], when);
    }
  });
});

describe('runbook: headings as teams word them', () => {
  it('"Sev levels", "First 5 minutes" and "On-call & Contacts" are the levels, the first checks and the escalation', () => {
    const text = [
      '# Runbook', '', '## Sev levels', '', '| SEV | Impact | Response |', '|--|--|--|', '| 1 | Outage | 15 min |', '| 2 | Degraded | 1 hour |', '',
      '## First 5 minutes', '', '```bash', '# 1. Disk', 'df -h', '```', '',
      '## On-call & Contacts', '', '| Level | Contact | When |', '|--|--|--|', '| L2 | Tech lead | SEV1 after 30 min |',
    ].join('\n');
    const parsed = parseRunbook(text, 'headings.md');
    assert.deepStrictEqual(parsed.levels.map((l) => [l.level, l.impact]), [[1, 'Outage'], [2, 'Degraded']]);
    assert.deepStrictEqual(parsed.diagnostics.map((d) => d.title), ['Disk']);
    assert.deepStrictEqual(parsed.escalation.map((e) => [e.contact, e.levels, e.afterMinutes]), [['Tech lead', [1], 30]]);
  });

  it('one "Severity & Escalation" section with both tables: each table is read as what its columns say', () => {
    const text = [
      '# Runbook', '', '## Severity & Escalation', '',
      '| SEV | Impact | Response |', '|--|--|--|', '| 1 | Service unavailable for all users | 15 min |', '| 2 | Degraded | 1 hour |', '',
      '| Level | Contact | When |', '|--|--|--|', '| L2 | Tech lead | SEV1 after 30 min |',
    ].join('\n');
    const parsed = parseRunbook(text, 'both.md');
    assert.deepStrictEqual(parsed.levels.map((l) => [l.level, l.impact, l.responseMinutes]), [[1, 'Service unavailable for all users', 15], [2, 'Degraded', 60]]);
    assert.deepStrictEqual(parsed.escalation.map((e) => e.contact), ['Tech lead'], 'the severity table is not read as escalation');
  });
});

describe('runbook: a runbook that is one part of a larger document', () => {
  it('reads its sections one level down (a README with "## Incident Runbook" and "### Severity Levels" under it)', () => {
    const text = [
      '# Payments service', '', '## Setup', '', 'Run `make`.', '',
      '## Incident Runbook', '', '### Severity Levels', '', '| SEV | Impact | Response |', '|--|--|--|', '| 1 | Outage | 15 min |', '',
      '### Quick Diagnosis', '', '```bash', '# 1. Disk', 'df -h', '```', '',
      '### Escalation Path', '', '| Level | Contact | When |', '|--|--|--|', '| L2 | Tech lead | SEV1 after 30 min |',
    ].join('\n');
    const parsed = parseRunbook(text, 'README.md');
    assert.strictEqual(parsed.title, 'Payments service');
    assert.deepStrictEqual(parsed.levels.map((l) => [l.level, l.impact]), [[1, 'Outage']]);
    assert.deepStrictEqual(parsed.diagnostics.map((d) => d.title), ['Disk']);
    assert.deepStrictEqual(parsed.escalation.map((e) => e.contact), ['Tech lead']);
  });
});

describe('runbook: quick diagnosis as pasted', () => {
  it('a code block left unclosed is a warning at its line in the runbook’s problems, and what it swallowed is not a command', () => {
    const text = [
      '# Runbook', '', '## Quick Diagnosis', '', '```bash', '# 1. Disk', 'df -h', '',
      '## Response Flow', '', '```mermaid', 'sequenceDiagram', '    M->>R: Alert fires', '```', '',
    ].join('\n');
    const parsed = parseRunbook(text, 'unclosed.md');
    const warning = parsed.problems.find((p) => p.code === 'unclosed-code-block');
    assert.ok(warning, JSON.stringify(parsed.problems));
    assert.strictEqual(warning.line, 4);
    assert.deepStrictEqual(parsed.diagnostics.flatMap((d) => d.commands), ['df -h']);
  });
});

describe('runbook: a section the reader does not know', () => {
  it('is named at its line when it holds a table nothing reads, left alone when it is prose; its commands are read', () => {
    const text = [
      '# Runbook', '', '## Background', '', 'Some history.', '',
      '## Runbooks', '', '| Service | Link |', '|--|--|', '| API | https://example.com |', '',
      '## Toolbox', '', '```bash', 'kubectl get pods', '```',
    ].join('\n');
    const parsed = parseRunbook(text, 'unknown.md');
    const infos = parsed.problems.filter((p) => p.code === 'unknown-section');
    assert.deepStrictEqual(infos.map((p) => [p.line, p.severity]), [[6, 'info']]);
    assert.match(infos[0].message, /^"Runbooks" is not a section the reader knows, so its table is not read/);
    assert.deepStrictEqual(parsed.diagnostics.map((step) => [step.title, step.commands]), [['Toolbox', ['kubectl get pods']]]);
  });
});

describe('runbook: escalation contacts', () => {
  it('keep how to reach them: a "Reach via" column and the address of a mailto link', () => {
    const text = runbook(
      '## Escalation Path', '',
      '| Level | Contact | Reach via | When |', '|--|--|--|--|',
      '| L2 | [Alice](mailto:alice@example.com) | #inc-web | SEV1 after 30 min |',
      '| L3 | Bob | | SEV1 after 1 hour |',
    );
    assert.deepStrictEqual(parseRunbook(text, 'contacts.md').escalation.map((e) => [e.level, e.contact, e.afterMinutes]), [
      ['L2', 'Alice <alice@example.com> (#inc-web)', 30],
      ['L3', 'Bob', 60],
    ]);
  });

  it('a "Contact email" column is the contact, not how to reach it', () => {
    const text = runbook('## Escalation Path', '', '| Level | Contact email | When |', '|--|--|--|', '| L2 | lead@example.com | SEV1 after 30 min |');
    assert.deepStrictEqual(parseRunbook(text, 'contacts.md').escalation.map((e) => e.contact), ['lead@example.com']);
  });
});

describe('runbook: a terminal session pasted into a bash block', () => {
  it('runs the prompted lines, not the output pasted under them', () => {
    const text = [
      '# Runbook', '', '## Quick Diagnosis', '', '```bash', '# 1. Disk', '$ df -h', 'Filesystem  Size  Used', '/dev/sda1   100G   50G',
      '# 2. Memory', '$ free -m', '              total   used', '```',
    ].join('\n');
    assert.deepStrictEqual(parseRunbook(text, 'pasted.md').diagnostics.map((d) => [d.title, d.commands]), [['Disk', ['df -h']], ['Memory', ['free -m']]]);
  });

  it('a block of plain commands is unchanged', () => {
    const text = ['# Runbook', '', '## Quick Diagnosis', '', '```bash', '# 1. Disk', 'df -h', 'du -sh /var/log', '```'].join('\n');
    assert.deepStrictEqual(parseRunbook(text, 'plain.md').diagnostics.map((d) => d.commands), [['df -h', 'du -sh /var/log']]);
  });
});

describe('runbook: indented code', () => {
  it('in quick diagnosis is not run, and an info at its line says to fence it', () => {
    const text = ['# Runbook', '', '## Quick Diagnosis', '', 'Check the disk:', '', '    df -h', ''].join('\n');
    const parsed = parseRunbook(text, 'indented.md');
    assert.deepStrictEqual(parsed.diagnostics, []);
    const info = parsed.problems.find((p) => p.code === 'indented-code');
    assert.ok(info, JSON.stringify(parsed.problems));
    assert.strictEqual(info.line, 6);
  });
});

describe('runbook: incident labels as teams word them', () => {
  it('"Mitigation Steps" is the resolution', () => {
    const text = ['# Runbook', '', '## Common Incidents', '', '### INC-001: Disk Full', '', '**Symptoms**: Writes failing', '', '**Mitigation Steps**:', '1. Delete old logs', '2. Rotate logs'].join('\n');
    const [incident] = parseRunbook(text, 'labels.md').incidents;
    assert.strictEqual(incident.resolution, 'Delete old logs\nRotate logs');
  });
});
