import * as assert from 'assert';
import { buildFlowchartData, describeAction, longestChain, stackedLevelsSource, topDownSource, withoutDirectives } from '../../../../src/core/flowchart/chartData';
import { contentSecurityPolicy, flowchartHtml, jsonForScriptElement, loadingHtml } from '../../../../src/vscode/flowchart/html';
import { parseFlowchart } from '../../../../src/core/runbook/flowchart';
import type { Runbook, SeverityLevel } from '../../../../src/core/runbook/model';

function level(n: number, fields: Partial<SeverityLevel> = {}): SeverityLevel {
  return {
    id: `SEV${n}`,
    level: n,
    impact: `impact ${n}`,
    responseMinutes: 15 * n,
    responseKind: 'minutes',
    response: `${15 * n} min`,
    action: '',
    trigger: '',
    examples: [],
    ...fields,
  };
}

function runbook(flowchart: string, levels: SeverityLevel[]): Runbook {
  return {
    title: 'Test runbook',
    path: '',
    format: 'markdown',
    levels,
    diagnostics: [{ title: 'Health', commands: ['curl -s localhost'], placeholders: [] }],
    incidents: [],
    template: null,
    escalation: [{ level: 'L2', contact: 'Tech lead', levels: [1, 2], afterMinutes: 30, when: 'SEV1-2 after 30min' }],
    flowchart,
    flowchartSource: { line: 7, column: 0, endLine: 17, endColumn: 3 },
    sequence: null,
    links: [],
    version: null,
    problems: [],
  };
}

function data(flowchart: string, levels: SeverityLevel[]) {
  return buildFlowchartData('file:///ws/runbooks/r.md', runbook(flowchart, levels), parseFlowchart(flowchart), false);
}

const CLASSIC = `graph LR
    A[Incident Detected] --> T{Triage}
    T -->|Service Down| S1[SEV1: 15min response]
    T -->|Major Feature Broken| S2[SEV2: 1hr response]
    T -->|Minor Feature Issue| S3[SEV3: 4hr response]
    T -->|Cosmetic/Low Impact| S4[SEV4: Next business day]
    S1 --> P[Page On-Call]
    S2 --> N[Notify Team]
    S3 --> TK[Create Ticket]
    S4 --> B[Backlog]`;

describe('flowchart/chartData: buildFlowchartData', () => {
  it('finds each level’s node and action from the labels when the parser gave no ids', () => {
    const result = data(CLASSIC, [1, 2, 3, 4].map((n) => level(n)));
    assert.deepStrictEqual(
      result.levels.map((l) => [l.id, l.nodeId, l.actionNodeId]),
      [
        ['SEV1', 'S1', 'P'],
        ['SEV2', 'S2', 'N'],
        ['SEV3', 'S3', 'TK'],
        ['SEV4', 'S4', 'B'],
      ],
    );
  });

  it('prefers the parser’s node ids over label matching', () => {
    const chart = `flowchart TD
      T{Triage} -->|Everything is down| CRIT[Critical]
      T -->|Something is slow| WARN[Degraded]
      CRIT --> PG[Page the on-call]
      WARN --> TIX[Open a Jira ticket]`;
    const result = data(chart, [level(1, { nodeId: 'CRIT', actionNodeId: 'PG' }), level(2, { nodeId: 'WARN' })]);
    assert.deepStrictEqual(
      result.levels.map((l) => [l.nodeId, l.actionNodeId]),
      [
        ['CRIT', 'PG'],
        ['WARN', 'TIX'],
      ],
    );
    assert.deepStrictEqual(
      result.actions.map((a) => [a.nodeId, a.kind]),
      [
        ['PG', 'page'],
        ['TIX', 'ticket'],
      ],
    );
  });

  it('ignores a parser node id that is not in the chart and falls back to the label', () => {
    const result = data(CLASSIC, [level(2, { nodeId: 'GONE' })]);
    assert.strictEqual(result.levels[0].nodeId, 'S2');
  });

  it('keeps a level without a node (table only) with null ids', () => {
    const result = data(CLASSIC, [level(5)]);
    assert.strictEqual(result.levels[0].nodeId, null);
    assert.strictEqual(result.levels[0].actionNodeId, null);
  });

  it('says what each action node means', () => {
    const result = data(CLASSIC, [1, 2, 3, 4].map((n) => level(n)));
    assert.deepStrictEqual(
      result.actions.map((a) => [a.label, a.kind]),
      [
        ['Page On-Call', 'page'],
        ['Notify Team', 'notify'],
        ['Create Ticket', 'ticket'],
        ['Backlog', 'backlog'],
      ],
    );
    for (const action of result.actions) assert.ok(action.meaning.length > 20, action.meaning);
  });

  it('offers each edge label as a triage choice with the path from the start through the action', () => {
    const result = data(CLASSIC, [1, 2, 3, 4].map((n) => level(n)));
    const triggers = result.choices.filter((c) => c.source === 'trigger');
    assert.deepStrictEqual(
      triggers.map((c) => [c.label, c.level]),
      [
        ['Service Down', 1],
        ['Major Feature Broken', 2],
        ['Minor Feature Issue', 3],
        ['Cosmetic/Low Impact', 4],
      ],
    );
    const major = triggers[1];
    assert.deepStrictEqual(major.edges, [
      { from: 'A', to: 'T' },
      { from: 'T', to: 'S2' },
      { from: 'S2', to: 'N' },
    ]);
    assert.deepStrictEqual([...major.nodes].sort(), ['A', 'N', 'S2', 'T']);
  });

  it('offers the table’s examples as choices that follow the level’s labelled edge', () => {
    const levels = [level(1, { examples: ['Database outage', 'Complete service failure'] }), level(2, { examples: ['Login broken'] })];
    const result = data(CLASSIC, levels);
    const examples = result.choices.filter((c) => c.source === 'example');
    assert.deepStrictEqual(
      examples.map((c) => [c.label, c.level]),
      [
        ['Database outage', 1],
        ['Complete service failure', 1],
        ['Login broken', 2],
      ],
    );
    assert.deepStrictEqual(examples[2].edges, [
      { from: 'A', to: 'T' },
      { from: 'T', to: 'S2' },
      { from: 'S2', to: 'N' },
    ]);
  });

  it('does not repeat an example that is already a chart label for the same level', () => {
    const result = data(CLASSIC, [level(1, { examples: ['service down', 'Disk full'] })]);
    assert.deepStrictEqual(
      result.choices.filter((c) => c.level === 1).map((c) => c.label),
      ['Service Down', 'Disk full'],
    );
  });

  it('skips a label that still branches to several levels, and walks through an unlabelled decision', () => {
    const chart = `flowchart TD
      Start --> Q{Customers affected?}
      Q -->|Yes| Q2{All of them?}
      Q2 -->|All| S1[SEV1]
      Q2 -->|Some| S2[SEV2]
      Q -->|No| X[Internal only] --> S3[SEV3]`;
    const result = data(chart, [level(1), level(2), level(3)]);
    const labels = result.choices.map((c) => [c.label, c.level]);
    assert.deepStrictEqual(labels, [
      ['All', 1],
      ['Some', 2],
      ['No', 3],
    ]);
    assert.deepStrictEqual(result.choices[2].edges, [
      { from: 'Start', to: 'Q' },
      { from: 'Q', to: 'X' },
      { from: 'X', to: 'S3' },
    ]);
  });

  it('terminates on a chart with a cycle and no start node', () => {
    const chart = `graph TD
      X --> T
      T --> X
      T -->|Down| S1[SEV1]`;
    const result = data(chart, [level(1)]);
    assert.strictEqual(result.choices.length, 1);
    // No start to walk back to: the labelled edge itself is the path.
    assert.deepStrictEqual(result.choices[0].edges, [{ from: 'T', to: 'S1' }]);
    assert.deepStrictEqual(result.choices[0].nodes, ['T', 'S1']);
  });

  it('carries the escalation path, the steps and the chart line for the webview', () => {
    const result = data(CLASSIC, [level(1)]);
    assert.deepStrictEqual(result.escalation, [{ level: 'L2', contact: 'Tech lead', when: 'SEV1-2 after 30min' }]);
    assert.deepStrictEqual(result.steps, [{ ref: { kind: 'diagnostic', index: 0 }, title: 'Health' }]);
    assert.strictEqual(result.flowchart.line, 7);
    assert.strictEqual(result.flowchart.source, CLASSIC);
    assert.strictEqual(result.sequence, null);
  });

  it('draws nothing for an empty chart but keeps the table’s examples', () => {
    const result = data('', [level(1, { examples: ['Outage'] })]);
    assert.deepStrictEqual(result.flowchart.nodes, []);
    assert.deepStrictEqual(
      result.choices.map((c) => [c.label, c.edges.length]),
      [['Outage', 0]],
    );
  });
});

describe('flowchart/chartData: the chart for the side bar', () => {
  const compactData = (flowchart: string, levels: SeverityLevel[]) =>
    buildFlowchartData('file:///ws/runbooks/r.md', runbook(flowchart, levels), parseFlowchart(flowchart), true);
  const four = [1, 2, 3, 4].map((n) => level(n));

  it('stacks each level below the one before with invisible links after the chart, top-down, its own lines unchanged', () => {
    const compact = compactData(CLASSIC, four).flowchart.compactSource;
    assert.ok(compact);
    const lines = compact.split('\n');
    const topDown = topDownSource(CLASSIC) ?? '';
    assert.strictEqual(lines.slice(0, topDown.split('\n').length).join('\n'), topDown);
    // Below each level's action: the level and its action take the ranks before the next level.
    assert.deepStrictEqual(lines.slice(topDown.split('\n').length).map((line) => line.trim()), ['P ~~~ S2', 'N ~~~ S3', 'TK ~~~ S4']);
    // Paths and choices follow the chart's own edges, not the links.
    assert.deepStrictEqual(compactData(CLASSIC, four).flowchart.edges, data(CLASSIC, four).flowchart.edges);
  });

  it('is for the side bar only: the panel gets none, and its layouts are as before', () => {
    const panel = data(CLASSIC, four).flowchart;
    assert.strictEqual(panel.compactSource, null);
    const side = compactData(CLASSIC, four).flowchart;
    assert.strictEqual(side.source, panel.source);
    assert.strictEqual(side.topDownSource, panel.topDownSource);
  });

  it('orders the levels by number, starts from a chart already top-down, and links the level itself when it has no action', () => {
    const chart = 'flowchart TD\n  T{Triage} -->|bad| B[SEV2 major]\n  T -->|worst| A[SEV1 down]\n  A --> P[Page]';
    const stacked = compactData(chart, [level(2), level(1)]).flowchart.compactSource;
    assert.strictEqual(stacked, `${chart}\n    P ~~~ B`);
    const bare = 'graph TD\n  T --> A[SEV1]\n  T --> B[SEV2]';
    assert.strictEqual(compactData(bare, [level(1), level(2)]).flowchart.compactSource, `${bare}\n    A ~~~ B`);
  });

  it('adds no link the chart’s own edges already imply, nor one that would make a cycle', () => {
    const levels = [1, 2].map((n) => level(n));
    // SEV1 is asked first and leads on to SEV2: already stacked.
    assert.strictEqual(compactData('graph TD\n  A[SEV1] --> P[Page] --> B[SEV2]', levels).flowchart.compactSource, null);
    // Both levels page the same on-call: SEV2 already points at the node a link would start from.
    const shared = 'graph TD\n  T --> A[SEV1] --> P[Page]\n  T --> B[SEV2] --> P';
    assert.strictEqual(compactData(shared, levels).flowchart.compactSource, null);
  });

  it('has nothing to stack with fewer than two levels in the chart, or for a source that is no flowchart', () => {
    assert.strictEqual(compactData(CLASSIC, [level(1)]).flowchart.compactSource, null);
    assert.strictEqual(compactData(CLASSIC, [level(1), level(7)]).flowchart.compactSource, null);
    const levels = compactData(CLASSIC, four).levels;
    assert.strictEqual(stackedLevelsSource('sequenceDiagram\n  A->>B: hi', levels, []), null);
  });
});

describe('flowchart/chartData: the chart for a narrow panel', () => {
  it('turns a left-to-right chart top-down, changing only its header', () => {
    const topDown = topDownSource(CLASSIC);
    assert.ok(topDown);
    assert.strictEqual(topDown.split('\n')[0], 'graph TD');
    assert.strictEqual(topDown.split('\n').slice(1).join('\n'), CLASSIC.split('\n').slice(1).join('\n'));
    assert.strictEqual(data(CLASSIC, [level(1)]).flowchart.topDownSource, topDown);
    assert.strictEqual(topDownSource('%% the triage\n\n  flowchart RL;A-->B'), '%% the triage\n\n  flowchart TD;A-->B');
    assert.strictEqual(topDownSource('---\ntitle: Triage\n---\ngraph BT\n  A --> B'), '---\ntitle: Triage\n---\ngraph TD\n  A --> B');
  });

  it('gives the labels along the longest chain of a left-to-right chart (ties: the most text), for the page to tell it cannot fit', () => {
    assert.deepStrictEqual(data(CLASSIC, [level(1)]).flowchart.longestChain, {
      nodeLabels: ['Incident Detected', 'Triage', 'SEV3: 4hr response', 'Create Ticket'],
      edgeLabels: ['', 'Minor Feature Issue', ''],
    });
    // More nodes wins over more text; a chart already top-down needs none.
    const chart = parseFlowchart('graph LR\n A[a] --> B[b] --> C[c]\n A -->|a very long label indeed| D[a very long node label]');
    assert.deepStrictEqual(longestChain(chart.nodes, chart.edges), { nodeLabels: ['a', 'b', 'c'], edgeLabels: ['', ''] });
    assert.strictEqual(data(CLASSIC.replace('graph LR', 'graph TD'), [level(1)]).flowchart.longestChain, null);
  });

  it('gives no chain for a chart with a cycle (its layout reverses an edge of its own choosing) or no edge', () => {
    const cyclic = parseFlowchart('graph LR\n A --> B --> C --> A\n C --> D');
    assert.strictEqual(longestChain(cyclic.nodes, cyclic.edges), null);
    const lone = parseFlowchart('graph LR\n A[Alone]');
    assert.strictEqual(longestChain(lone.nodes, lone.edges), null);
  });

  it('has nothing to offer for a chart that already runs top-down, or is no flowchart', () => {
    for (const source of ['graph TD\n A-->B', 'flowchart TB\n A-->B', 'flowchart\n A-->B', 'sequenceDiagram\n A->>B: hi', '']) {
      assert.strictEqual(topDownSource(source), null, source);
    }
  });

  it('words each level’s response time for the page: a duration, the next business day, or as written', () => {
    const levels = [
      level(1),
      level(2, { responseMinutes: 0, response: 'Immediately' }),
      level(3, { responseKind: 'nextBusinessDay', responseMinutes: null, response: 'Next day' }),
      level(4, { responseKind: 'unknown', responseMinutes: null, response: 'business hours' }),
      level(5, { responseKind: 'unknown', responseMinutes: null, response: '' }),
    ];
    assert.deepStrictEqual(
      data(CLASSIC, levels).levels.map((l) => l.respond),
      ['respond within 15 min', 'respond immediately', 'respond by next business day', 'response: business hours', ''],
    );
  });
});

describe('flowchart/chartData: mermaid directives', () => {
  it('drops init directives and a config front matter before the chart reaches the webview, keeping its lines', () => {
    const styled = [
      '%%{init: {"themeCSS": ".node rect { fill: red } body { background: url(https://evil.example/x) }"}}%%',
      CLASSIC,
      '%%{initialize: {',
      '  "themeVariables": { "primaryColor": "#ff0000" }',
      '}}%%',
      '%%{init: {"securityLevel": "loose"}',
    ].join('\n');
    const source = data(styled, [1, 2, 3, 4].map((n) => level(n))).flowchart.source;
    assert.ok(!source.includes('%%{') && !/themeCSS|themeVariables|securityLevel/.test(source), source);
    assert.ok(source.includes('T -->|Service Down| S1[SEV1: 15min response]'), 'the chart itself stays');
    assert.strictEqual(source.split('\n').length, styled.split('\n').length, 'line numbers still point into the runbook');
    // Pieces that would form a directive once another is dropped are dropped too.
    assert.ok(!withoutDirectives('%%%{init:{}}%%{init: {"themeCSS": "x"}}%%\ngraph LR').includes('%%{'));
    const frontMatter = withoutDirectives('---\nconfig:\n  themeCSS: ".node { fill: red }"\n---\ngraph LR\n  A --> B');
    assert.ok(!frontMatter.includes('themeCSS') && frontMatter.endsWith('graph LR\n  A --> B'), frontMatter);
    assert.strictEqual(withoutDirectives(CLASSIC), CLASSIC);
  });

  it('drops them from the sequence diagram too', () => {
    const rb = { ...runbook(CLASSIC, [level(1)]), sequence: '%%{init: {"themeCSS": "x"}}%%\nsequenceDiagram\n  A->>B: hi' };
    assert.strictEqual(buildFlowchartData('file:///r.md', rb, parseFlowchart(CLASSIC), false).sequence?.source, '\nsequenceDiagram\n  A->>B: hi');
  });
});

describe('flowchart/chartData: describeAction', () => {
  it('classifies the usual wordings', () => {
    const cases: [string, string][] = [
      ['Page On-Call', 'page'],
      ['Wake the on-call', 'page'],
      ['Notify Team', 'notify'],
      ['Post in Slack', 'notify'],
      ['Create Ticket', 'ticket'],
      ['File a Jira issue', 'ticket'],
      ['Backlog', 'backlog'],
      ['Fix in next sprint', 'backlog'],
      ['Call the CEO', 'other'],
    ];
    assert.deepStrictEqual(
      cases.map(([label]) => [label, describeAction(label).kind]),
      cases,
    );
    assert.match(describeAction('Call the CEO').meaning, /Call the CEO/);
  });
});

describe('flowchart/html', () => {
  it('builds a policy that allows only our nonce’d script and nothing from the network', () => {
    const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc-123');
    const directives = new Map(csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('script-src'), ["'nonce-abc-123'"]);
    assert.ok(!csp.includes('unsafe-eval'));
    assert.ok(!/https?:\/\/(?!file\+\.vscode-resource)/.test(csp), csp);
  });

  it('puts the nonce on the script and escapes what it writes into attributes', () => {
    const html = flowchartHtml({
      cspSource: 'https://x.test',
      scriptUri: 'https://x.test/flowchart.js?a=1&b="2"',
      styleUri: 'https://x.test/style.css',
      nonce: 'n0nce',
      title: '<Flowchart>',
    });
    assert.match(html, /<script nonce="n0nce" src="https:\/\/x\.test\/flowchart\.js\?a=1&amp;b=&quot;2&quot;"><\/script>/);
    assert.match(html, /<title>&lt;Flowchart&gt;<\/title>/);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
  });

  it('every page a flowchart webview loads carries the policy in a meta tag, the loading page included', () => {
    // VS Code warns "created a webview without a content security policy" for a page without one.
    const options = { cspSource: 'https://x.test', styleUri: 'https://x.test/style.css', nonce: 'n0nce', title: 'Flowchart' };
    const policy = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('https://x.test', 'n0nce').replace(/'/g, '&#39;')}">`;
    const loading = loadingHtml(options);
    for (const html of [flowchartHtml({ ...options, scriptUri: 'https://x.test/flowchart.js' }), loading]) {
      assert.ok(html.includes(policy), html);
    }
    assert.ok(!loading.includes('<script'), 'the loading page runs nothing');
    assert.match(loading, /Loading the severity flowchart/);
  });

  it('bakes the first render into a JSON block no runbook text can break out of', () => {
    const hostile = 'Outage </script><script>alert(1)</script> <!-- & \u2028';
    const data = buildFlowchartData('file:///r.md', runbook(CLASSIC, [level(1, { impact: hostile })]), parseFlowchart(CLASSIC), false);
    const html = flowchartHtml({
      cspSource: 'https://x.test',
      scriptUri: 'https://x.test/flowchart.js',
      styleUri: 'https://x.test/style.css',
      nonce: 'n0nce',
      title: 'Flowchart',
      initialRender: { type: 'flowchart/render', data: { ...data, runbookTitle: hostile } },
    });
    const block = /<script type="application\/json" id="flowchart-initial-render">([^<]*)<\/script>/.exec(html);
    assert.ok(block, 'the data block is there and contains no "<"');
    assert.strictEqual((html.match(/<script/g) ?? []).length, 2);
    const parsed = JSON.parse(block[1]) as { data: { runbookTitle: string; levels: { impact: string }[] } };
    assert.strictEqual(parsed.data.runbookTitle, hostile);
    assert.strictEqual(parsed.data.levels[0].impact, hostile);
    assert.ok(!/[<>&\u2028]/.test(jsonForScriptElement(hostile)));
  });
});
