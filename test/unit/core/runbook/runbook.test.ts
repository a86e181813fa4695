import * as assert from 'assert';
import * as fs from 'fs';
import { decodeRunbookBytes, parseFlowchart, parseRunbook, repairMojibake, Runbook, SourceRange } from '../../../../src/core/runbook';
import {
  bundledText,
  codes,
  fixturePath,
  fixtureText,
  parseBundled,
  parseFixture,
  problemLines,
  withoutSources,
} from './fixtures';

/** The text a range covers, for ranges on one line. */
function textAt(text: string, range: SourceRange | undefined): string {
  assert.ok(range, 'expected a source range');
  const lines = text.split(/\r?\n/);
  if (range.line === range.endLine) return lines[range.line].slice(range.column, range.endColumn);
  return [lines[range.line].slice(range.column), ...lines.slice(range.line + 1, range.endLine), lines[range.endLine].slice(0, range.endColumn)].join('\n');
}

function otherThan(runbook: Runbook, ...keys: Array<keyof Runbook>): Record<string, unknown> {
  const copy = withoutSources(runbook) as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy;
}

describe('runbook: the bundled runbook', () => {
  const text = bundledText();
  const runbook = parseBundled();

  it('lints with zero problems', () => {
    assert.deepStrictEqual(runbook.problems, []);
  });

  it('reads the title and version line', () => {
    assert.strictEqual(runbook.title, 'Web Service Incident Runbook');
    assert.strictEqual(runbook.version, '1.0');
    assert.strictEqual(runbook.format, 'markdown');
  });

  it('reconciles the level table with the flowchart', () => {
    assert.deepStrictEqual(
      runbook.levels.map((level) => [level.id, level.level, level.responseMinutes, level.responseKind, level.trigger, level.action, level.nodeId, level.actionNodeId]),
      [
        ['SEV1', 1, 15, 'minutes', 'Service Down', 'Page On-Call', 'S1', 'P'],
        ['SEV2', 2, 60, 'minutes', 'Major Degradation', 'Notify Team', 'S2', 'N'],
        ['SEV3', 3, 240, 'minutes', 'Minor Issue', 'Create Ticket', 'S3', 'C'],
        ['SEV4', 4, null, 'nextBusinessDay', 'Cosmetic or Low Impact', 'Backlog', 'S4', 'B'],
      ],
    );
    assert.strictEqual(runbook.levels[3].response, 'Next day', 'the response is kept as the table writes it');
    assert.deepStrictEqual(runbook.levels[0].examples, ['Site down', 'login broken for everyone', 'data loss', 'security breach']);
  });

  it('keeps the flowchart and sequence sources as written', () => {
    assert.ok(runbook.flowchart.startsWith('graph LR\n'));
    assert.ok(text.includes(runbook.flowchart));
    assert.ok(runbook.sequence?.startsWith('sequenceDiagram\n'));
    assert.strictEqual(textAt(text, runbook.flowchartSource).split('\n')[0], '```mermaid');
  });

  it('splits quick diagnosis into numbered steps with placeholders', () => {
    assert.deepStrictEqual(
      runbook.diagnostics.map((step) => [step.title, step.commands.length, step.placeholders]),
      [
        ['Check service health', 2, ['domain']],
        ['Check running containers', 2, ['service']],
        ['Check recent logs for errors', 1, ['service']],
        ['Check the database', 2, ['db-host', 'db-user']],
        ['Check host resources', 3, []],
      ],
    );
  });

  it('reads the common incidents with every part', () => {
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.id), ['INC-001', 'INC-002', 'INC-003', 'INC-004']);
    const [unresponsive, , deploy, exposure] = runbook.incidents;
    assert.strictEqual(unresponsive.title, 'Application Unresponsive');
    assert.deepStrictEqual(unresponsive.symptoms, ['Health check times out', '502/504 from the load balancer', 'requests hang']);
    assert.deepStrictEqual(unresponsive.steps[0], {
      question: 'Container running?',
      command: 'docker ps --filter "name=[service]"',
      hint: null,
      placeholders: ['service'],
      source: unresponsive.steps[0].source,
    });
    assert.deepStrictEqual([unresponsive.steps[3].command, unresponsive.steps[3].hint], [null, 'Check the dependency dashboards']);
    assert.strictEqual(unresponsive.rootCauses.length, 3);
    assert.ok(unresponsive.resolution.startsWith('Restart the service'));
    assert.deepStrictEqual(deploy.protocol.map((step) => step.tag), ['IMMEDIATE', 'WITHIN 15 MIN', null, null]);
    assert.strictEqual(deploy.protocol[0].text, 'Stop the rollout and roll back to the last good release');
    assert.strictEqual(exposure.forcedLevel, 1);
    assert.ok(exposure.critical?.includes('always SEV1'));
    assert.deepStrictEqual([unresponsive.forcedLevel, unresponsive.critical], [null, null]);
  });

  it('reads the template fields and choices', () => {
    const fields = runbook.template?.fields ?? [];
    assert.deepStrictEqual(fields.map((field) => field.name), ['Incident', 'Severity', 'Impact', 'Status', 'Started', 'Next update', 'Timeline']);
    assert.deepStrictEqual(fields.find((field) => field.name === 'Status')?.choices, ['Investigating', 'Mitigating', 'Resolved']);
    assert.strictEqual(fields.find((field) => field.name === 'Severity')?.placeholder, 'SEV[1-4]');
    assert.ok(runbook.template?.text.includes('- HH:MM - [Event]'));
  });

  it('turns the escalation "When" cells into rules', () => {
    assert.deepStrictEqual(
      runbook.escalation.map((rule) => [rule.level, rule.contact, rule.levels, rule.afterMinutes]),
      [
        ['L1', 'On-call engineer', [1, 2, 3, 4], 0],
        ['L2', 'Tech lead', [1, 2], 30],
        ['L3', 'Engineering manager', [1], 60],
        ['L4', 'CTO', [1], 120],
      ],
    );
  });

  it('reads the related links as written', () => {
    assert.deepStrictEqual(runbook.links[0], { text: 'Architecture overview', href: '../docs/architecture.md' });
    assert.strictEqual(runbook.links.length, 4);
  });

  it('gives ranges that cover the text they came from', () => {
    for (const level of runbook.levels) assert.ok(textAt(text, level.source).startsWith(`| **${level.level}** |`));
    for (const step of runbook.diagnostics) {
      assert.ok(textAt(text, step.source).endsWith(step.title));
      step.commands.forEach((command, index) => assert.strictEqual(textAt(text, step.commandSources?.[index]), command));
    }
    for (const incident of runbook.incidents) {
      assert.ok(textAt(text, incident.source).startsWith(`### ${incident.id}: ${incident.title}`));
      for (const step of incident.steps) assert.ok(textAt(text, step.source).includes(step.question));
      for (const step of incident.protocol) assert.ok(textAt(text, step.source).includes(step.text));
    }
    for (const rule of runbook.escalation) assert.ok(textAt(text, rule.source).includes(rule.when));
  });

  it('has every key `parse --json` promises', () => {
    const json = JSON.parse(JSON.stringify(runbook)) as Record<string, unknown>;
    for (const key of ['title', 'levels', 'diagnostics', 'incidents', 'template', 'escalation', 'flowchart', 'sequence', 'links', 'problems']) {
      assert.ok(key in json, key);
    }
    assert.deepStrictEqual(Object.keys(runbook.levels[0]).filter((key) => ['id', 'level', 'impact', 'responseMinutes', 'response', 'action', 'examples'].includes(key)).length, 7);
    assert.ok(['question', 'command'].every((key) => key in runbook.incidents[0].steps[0]));
    assert.ok(['name', 'placeholder'].every((key) => key in (runbook.template?.fields[0] ?? {})));
    assert.ok(['level', 'contact', 'levels', 'afterMinutes'].every((key) => key in runbook.escalation[0]));
  });
});

describe('runbook: each section missing in turn', () => {
  const bundled = parseBundled();
  const cases: Array<[fixture: string, heading: string, removed: Array<keyof Runbook>]> = [
    ['missing-classification.md', 'Incident Classification', ['levels', 'flowchart']],
    ['missing-diagnosis.md', 'Quick Diagnosis', ['diagnostics']],
    ['missing-response-flow.md', 'Response Flow', ['sequence']],
    ['missing-incidents.md', 'Common Incidents', ['incidents']],
    ['missing-template.md', 'Communication Template', ['template']],
    ['missing-escalation.md', 'Escalation Path', ['escalation']],
    ['missing-links.md', 'Related Documents', ['links']],
  ];
  for (const [fixture, heading, removed] of cases) {
    it(`${fixture}: one problem naming the section, the rest read as in the bundled runbook`, () => {
      const runbook = parseFixture(fixture);
      assert.deepStrictEqual(codes(runbook.problems), ['missing-section']);
      assert.ok(runbook.problems[0].message.includes(heading), runbook.problems[0].message);
      assert.deepStrictEqual(otherThan(runbook, 'problems', ...removed), otherThan(bundled, 'problems', ...removed));
    });
  }

  it('falls back to the default levels, marked as defaults and with no time, and a generated flowchart without a classification', () => {
    const runbook = parseFixture('missing-classification.md');
    assert.strictEqual(runbook.problems[0].severity, 'warning');
    assert.match(runbook.problems[0].message, /SEV1, SEV2, SEV3, SEV4, from the setting incidentRunbook\.defaultLevels; none has a response time/);
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.origin, level.response, level.responseMinutes, level.responseKind, level.action, level.trigger]), [
      ['SEV1', 'default', '', null, 'unknown', '', ''],
      ['SEV2', 'default', '', null, 'unknown', '', ''],
      ['SEV3', 'default', '', null, 'unknown', '', ''],
      ['SEV4', 'default', '', null, 'unknown', '', ''],
    ]);
    const chart = parseFlowchart(runbook.flowchart);
    for (const level of runbook.levels) {
      const node = chart.nodes.find((candidate) => candidate.id === level.nodeId);
      assert.strictEqual(node?.label, level.id, `${level.id} has a node in the generated chart, with no time on it`);
      assert.strictEqual(level.actionNodeId, undefined, 'no action the runbook does not state');
    }
  });

  it('an invisible link (~~~) places its nodes but is no edge: triage never follows it', () => {
    const chart = parseFlowchart('flowchart TD\n  T{Triage} -->|Down| S1[SEV1]\n  T -->|Slow| S2[SEV2]\n  S1 ~~~ S2\n  S2 ~~~~ S3[SEV3]');
    assert.deepStrictEqual(chart.nodes.map((node) => node.id), ['T', 'S1', 'S2', 'S3']);
    assert.deepStrictEqual(chart.edges.map((edge) => `${edge.from}>${edge.to}`), ['T>S1', 'T>S2']);
  });

  it('uses the default template without a communication template', () => {
    const runbook = parseFixture('missing-template.md');
    assert.deepStrictEqual(runbook.template?.fields.find((field) => field.name === 'Status')?.choices, ['Investigating', 'Mitigating', 'Resolved']);
  });
});

describe('runbook: heading variants', () => {
  it('"Severity Levels" with Severity/Description/Response Time columns', () => {
    const runbook = parseFixture('heading-severity-levels.md');
    assert.ok(!runbook.problems.some((problem) => problem.code === 'missing-section' && problem.message.includes('Classification')));
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.impact, level.responseMinutes]), [
      ['SEV1', 'Checkout unavailable', 15],
      ['SEV2', 'Checkout slow or partly failing', 60],
      ['SEV3', 'One payment method failing', 240],
      ['SEV4', 'Cosmetic', null],
    ]);
    // A page of severity levels alone has no reason to have the seed format's mermaid chart: nothing is said of it.
    assert.deepStrictEqual(codes(runbook.problems), []);
  });

  it('"Severity Matrix" with only a flowchart (flowchart TD, text edges, quoted and round labels)', () => {
    const runbook = parseFixture('heading-severity-matrix.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.responseMinutes, level.trigger, level.action, level.nodeId, level.actionNodeId]), [
      ['SEV1', 15, 'No results at all', 'Page On-Call', 'sev1', 'page'],
      ['SEV2', 60, 'Results slow', 'Notify Team', 'sev2', 'notify'],
      ['SEV3', 240, 'Ranking odd', 'Create Ticket', 'sev3', 'ticket'],
    ]);
    assert.ok(runbook.flowchart.startsWith('flowchart TD'));
  });

  it('"Triage" with P1..P3 levels', () => {
    const runbook = parseFixture('heading-triage.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.responseMinutes, level.responseKind]), [
      ['SEV1', 30, 'minutes'],
      ['SEV2', 120, 'minutes'],
      ['SEV3', null, 'nextBusinessDay'],
    ]);
  });

  it('numbered headings with emoji ("## 2. 🔍 Quick Diagnosis", "## Step 4: ...")', () => {
    const runbook = parseFixture('heading-numbered.md');
    assert.deepStrictEqual(problemLines(runbook.problems), ['3:missing-flowchart']);
    assert.strictEqual(runbook.title, '🛠️ API Gateway Runbook');
    assert.strictEqual(runbook.levels.length, 2);
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.placeholders), [['gateway-host']]);
    assert.ok(runbook.sequence?.startsWith('sequenceDiagram'));
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.symptoms), [['502 for every route']]);
    assert.deepStrictEqual(runbook.template?.fields.map((field) => field.choices.length), [0, 2]);
    assert.strictEqual(runbook.escalation.length, 1);
    assert.deepStrictEqual(runbook.links, [{ text: 'Gateway design', href: 'docs/gateway.md' }]);
  });

  it('"Playbooks" holds the common incidents', () => {
    const runbook = parseFixture('heading-playbooks.md');
    assert.deepStrictEqual(runbook.incidents.map((incident) => [incident.id, incident.title, incident.steps.length, incident.rootCauses.length]), [
      ['INC-010', 'Queue Backlog Growing', 2, 2],
    ]);
    assert.deepStrictEqual(runbook.incidents[0].steps[1].placeholders, ['redis-host']);
  });

  it('"Known Issues" with another id scheme and a dash', () => {
    const runbook = parseFixture('heading-known-issues.md');
    assert.deepStrictEqual(runbook.incidents.map((incident) => [incident.id, incident.title, incident.steps[0].placeholders]), [
      ['DB-7', 'Replica Lag', ['replica-host']],
    ]);
  });

  it('"Status Update" holds the template (```md)', () => {
    const runbook = parseFixture('heading-status-update.md');
    assert.ok(!runbook.problems.some((problem) => problem.message.includes('Communication Template')));
    assert.deepStrictEqual(runbook.template?.fields.map((field) => field.name), ['Summary', 'Severity', 'State', 'Next update']);
    assert.deepStrictEqual(runbook.template?.fields[2].choices, ['Investigating', 'Identified', 'Monitoring', 'Resolved']);
  });
});

describe('runbook: line endings, BOM, tabs', () => {
  const bundled = parseBundled();

  it('reads a CRLF file like the LF one, on the same lines', () => {
    assert.ok(fixtureText('crlf.md').includes('\r\n'), 'the fixture really has CRLF line endings');
    const runbook = parseFixture('crlf.md');
    assert.deepStrictEqual({ ...runbook, path: '' }, { ...bundled, path: '' });
  });

  it('reads a file with a BOM like one without', () => {
    const bytes = fs.readFileSync(fixturePath('bom.md'));
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const runbook = parseRunbook(decodeRunbookBytes(bytes), 'bom.md');
    assert.deepStrictEqual({ ...runbook, path: '' }, { ...bundled, path: '' });
    assert.deepStrictEqual({ ...parseRunbook(fs.readFileSync(fixturePath('bom.md'), 'utf8'), 'bom.md'), path: '' }, { ...bundled, path: '' });
  });

  it('trims tabs and trailing spaces from cells, commands, headings and items', () => {
    const runbook = parseFixture('tabs.md');
    assert.strictEqual(runbook.title, 'Tabbed Runbook');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.impact, level.response]), [['Site down', '15 min'], ['Slow', '1 hour']]);
    assert.deepStrictEqual(runbook.diagnostics.map((step) => [step.title, step.commands]), [
      ['Check health', ['curl -s https://[domain]/health']],
      ['Check disk', ['df -h']],
    ]);
    const [incident] = runbook.incidents;
    assert.deepStrictEqual([incident.id, incident.title, incident.symptoms], ['INC-001', 'Site Down', ['Timeouts', 'errors']]);
    assert.deepStrictEqual(incident.steps.map((step) => [step.question, step.command, step.hint]), [
      ['Server up?', 'ping -c 1 [host]', null],
      ['Disk full?', null, 'Check the disk graph'],
    ]);
    assert.ok(!runbook.problems.some((problem) => problem.severity !== 'info'), JSON.stringify(runbook.problems));
  });
});

describe('runbook: mis-decoded text', () => {
  const text = fixtureText('mojibake.md');
  const runbook = parseFixture('mojibake.md');

  it('reads mis-decoded text as if it were right (arrows, emoji)', () => {
    assert.ok(text.includes('â†’') && text.includes('ðŸš¨'), 'the fixture really is mis-decoded');
    assert.deepStrictEqual(otherThan(runbook, 'problems'), otherThan(parseBundled(), 'problems'));
    assert.strictEqual(runbook.incidents[0].steps[0].command, 'docker ps --filter "name=[service]"');
  });

  it('reports each mis-decoded run with a quick fix that repairs the file exactly', () => {
    assert.ok(runbook.problems.length > 10);
    assert.ok(runbook.problems.every((problem) => problem.code === 'mojibake' && problem.severity === 'warning' && problem.fix));
    const lines = text.split('\n');
    // Apply the fixes from the end so earlier ranges stay valid.
    for (const problem of [...runbook.problems].reverse()) {
      const fix = problem.fix;
      assert.ok(fix && fix.range.line === fix.range.endLine);
      const line = lines[fix.range.line];
      lines[fix.range.line] = line.slice(0, fix.range.column) + fix.newText + line.slice(fix.range.endColumn);
    }
    assert.strictEqual(lines.join('\n'), bundledText());
  });

  it('points ranges at the file as written, not at the repaired text', () => {
    const incident = runbook.incidents[0];
    const stepLine = text.split('\n')[incident.steps[0].source?.line ?? -1];
    assert.strictEqual(stepLine.slice(incident.steps[0].source?.column, incident.steps[0].source?.endColumn), stepLine);
    const emojiProblem = runbook.problems[0];
    assert.strictEqual(text.split('\n')[emojiProblem.line].slice(emojiProblem.column, emojiProblem.endColumn), 'ðŸš¨');
    assert.strictEqual(repairMojibake(text), bundledText());
  });
});

describe('runbook: contradicting table and flowchart', () => {
  const runbook = parseFixture('contradiction.md');

  it('reports the one real contradiction at the table row, naming both times', () => {
    const contradictions = runbook.problems.filter((problem) => problem.code === 'level-contradiction');
    assert.deepStrictEqual(problemLines(contradictions), ['18:level-contradiction']);
    assert.strictEqual(contradictions[0].severity, 'error');
    assert.ok(contradictions[0].message.includes('1 hour') && contradictions[0].message.includes('30min response'));
    assert.ok(contradictions[0].message.includes('line 8'), 'points at the chart line too');
  });

  it('keeps the table’s time and the chart’s trigger and action', () => {
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.responseMinutes, level.responseKind, level.trigger, level.action]), [
      ['SEV1', 15, 'minutes', 'Payments down', 'Page On-Call'],
      ['SEV2', 60, 'minutes', 'Payments slow', 'Notify Team'],
      ['SEV3', null, 'nextBusinessDay', 'Reports late', 'Backlog'],
    ]);
  });
});

describe('runbook: malformed tables', () => {
  it('reads a table without a delimiter row, and says why viewers will not show it', () => {
    const runbook = parseFixture('malformed-table-no-delimiter.md');
    const problem = runbook.problems.find((candidate) => candidate.code === 'malformed-table');
    assert.deepStrictEqual(problem && [problem.line + 1, problem.endLine !== undefined ? problem.endLine + 1 : -1, problem.severity], [5, 7, 'warning']);
    assert.ok(problem?.message.includes('delimiter row'));
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.impact, level.responseMinutes]), [
      ['SEV1', 'Queue stopped', 15],
      ['SEV2', 'Queue slow', 60],
    ]);
  });

  it('reads at most 100 cells of a row, and says so at the row; the levels above and below still read', () => {
    const text = '## Severity Levels\n\n| SEV | Impact | Response |\n| 1 | Down | 15 min |\n| 2 | Slow | 1 hour' + ' |'.repeat(300) + '\n';
    const runbook = parseRunbook(text, 'wide.md');
    const capped = runbook.problems.filter((problem) => problem.code === 'table-row-cap');
    assert.deepStrictEqual(capped.map((problem) => [problem.line + 1, problem.message]), [[5, 'This row has over 100 cells; only the first 100 are read.']]);
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.impact, level.responseMinutes]), [['SEV1', 'Down', 15], ['SEV2', 'Slow', 60]]);
  });

  it('reads an escalation table whose delimiter row is too short', () => {
    const runbook = parseFixture('malformed-table-delimiter-width.md');
    assert.ok(problemLines(runbook.problems).includes('5:malformed-table'));
    assert.ok(runbook.problems.find((problem) => problem.code === 'malformed-table')?.message.includes('2 cells but the header has 3'));
    assert.deepStrictEqual(runbook.escalation.map((rule) => [rule.level, rule.levels, rule.afterMinutes]), [
      ['L1', [1, 2, 3, 4], 0],
      ['L2', [1, 2], 30],
    ]);
  });

  it('reports rows with too many or too few cells, and rows without a level, at their lines', () => {
    const runbook = parseFixture('malformed-table-row-cells.md');
    assert.deepStrictEqual(problemLines(runbook.problems.filter((problem) => problem.severity === 'warning')), [
      '7:table-row-cells',
      '8:table-row-cells',
      '8:missing-response',
      '9:unparseable-row',
    ]);
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.impact, level.response]), [
      ['SEV1', 'Storage down', '15 min'],
      ['SEV2', 'Storage slow', ''],
      ['SEV3', 'Storage warning', '4 hours'],
    ]);
  });
});

describe('runbook: values it cannot read', () => {
  it('reports a response time it cannot read and keeps the level without a clock', () => {
    const runbook = parseFixture('unknown-duration.md');
    assert.deepStrictEqual(problemLines(runbook.problems.filter((problem) => problem.severity === 'warning')), ['8:unknown-duration']);
    assert.deepStrictEqual([runbook.levels[1].responseKind, runbook.levels[1].responseMinutes, runbook.levels[1].response], ['unknown', null, 'Best effort']);
  });

  it('reports an escalation rule it cannot read and reads the others ("45 m")', () => {
    const runbook = parseFixture('escalation-unreadable.md');
    assert.deepStrictEqual(problemLines(runbook.problems.filter((problem) => problem.code === 'escalation-unreadable')), ['8:escalation-unreadable']);
    assert.deepStrictEqual(runbook.escalation.map((rule) => [rule.level, rule.levels, rule.afterMinutes]), [
      ['L1', [1, 2, 3, 4], 0],
      ['L2', [], 0],
      ['L3', [1, 2, 3, 4], 45],
    ]);
  });
});

describe('runbook: empty and binary files', () => {
  it('an empty file: one error, and the defaults', () => {
    const runbook = parseFixture('empty.md');
    assert.deepStrictEqual(problemLines(runbook.problems), ['1:empty-file']);
    assert.strictEqual(runbook.problems[0].severity, 'error');
    assert.deepStrictEqual(runbook.levels.map((level) => level.id), ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    assert.ok(parseFlowchart(runbook.flowchart).nodes.length > 4);
    assert.ok((runbook.template?.fields.length ?? 0) > 0);
    assert.strictEqual(runbook.title, 'empty');
  });

  it('binary garbage: one error, and the defaults', () => {
    const runbook = parseRunbook(decodeRunbookBytes(fs.readFileSync(fixturePath('binary-garbage.md'))), 'binary-garbage.md');
    assert.deepStrictEqual(problemLines(runbook.problems), ['1:binary-file']);
    assert.deepStrictEqual([runbook.levels.length, runbook.diagnostics.length, runbook.incidents.length], [4, 0, 0]);
  });
});

describe('runbook: quick diagnosis variants', () => {
  const runbook = parseFixture('diagnosis-variants.md');

  it('names steps from the heading above a block, console prompts and numbering variants; skips non-shell blocks', () => {
    // A block with nothing above it is named by its first command, never "Step 2".
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.title), ['Service status', 'kubectl get pods -n [namespace]', 'Shell tests are not placeholders', 'Here-document']);
  });

  it('joins continuation lines and here-documents, and drops console output', () => {
    assert.deepStrictEqual(runbook.diagnostics[0].commands, ['systemctl status [unit]', 'journalctl -u [unit] --since "10 min ago" \\\n  --no-pager']);
    assert.deepStrictEqual(runbook.diagnostics[1].commands, ['kubectl get pods -n [namespace]', 'kubectl top pods -n [namespace]']);
    assert.deepStrictEqual(runbook.diagnostics[3].commands, ["cat <<EOF > /tmp/query.sql\nSELECT * FROM jobs WHERE queue = '[queue]';\nEOF", 'psql -f /tmp/query.sql']);
    const continued = runbook.diagnostics[0].commandSources?.[1];
    assert.deepStrictEqual(continued && [continued.endLine - continued.line], [1]);
  });

  it('does not take shell tests, character classes, globs or array subscripts for placeholders', () => {
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.placeholders), [['unit'], ['namespace'], ['config-file'], ['queue']]);
  });
});

describe('runbook: incident variants', () => {
  const runbook = parseFixture('incident-variants.md');

  it('reads labels with the colon inside the bold, "->" arrows and items without a command', () => {
    const [first] = runbook.incidents;
    assert.deepStrictEqual(first.symptoms, ['Errors in logs', 'alerts firing (on both regions)']);
    assert.deepStrictEqual(first.steps.map((step) => [step.question, step.command]), [
      ['Process alive?', 'pgrep -f [process]'],
      ['Check `df -h` for full disks', 'df -h'],
      ['Anything odd in the dashboard?', null],
    ]);
  });

  it('reads a CRITICAL rule in a block quote behind an emoji', () => {
    assert.deepStrictEqual([runbook.incidents[0].forcedLevel, runbook.incidents[0].critical], [2, 'Customer data involved means always SEV2']);
  });

  it('reads parts under #### headings and gives an id to an incident without one', () => {
    const disk = runbook.incidents[1];
    assert.deepStrictEqual([disk.id, disk.title, disk.symptoms, disk.rootCauses], ['INC-002', 'Disk Full', ['Writes failing', '"No space left on device"'], ['Log rotation broken']]);
    assert.deepStrictEqual(disk.protocol.map((step) => [step.tag, step.text]), [[null, 'Free space by deleting old logs'], [null, 'Fix log rotation']]);
  });

  it('reports a CRITICAL rule without a level and a duplicate id, at their lines', () => {
    assert.deepStrictEqual(problemLines(runbook.problems.filter((problem) => problem.severity === 'warning' && problem.line > 0)), [
      '18:critical-without-level',
      '36:duplicate-incident',
    ]);
  });
});

describe('runbook: related documents', () => {
  it('reads inline, reference, autolinks and bare URLs; skips items without a link', () => {
    assert.deepStrictEqual(parseFixture('links-variants.md').links, [
      { text: 'Design doc', href: 'docs/design.md' },
      { text: 'https://status.example.com', href: 'https://status.example.com' },
      { text: 'the dashboard', href: 'https://grafana.example.com/d/api' },
      { text: 'Capacity plan', href: 'https://wiki.example.com/capacity' },
    ]);
  });
});
