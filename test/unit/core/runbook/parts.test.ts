import * as assert from 'assert';
import * as fc from 'fast-check';
import {
  escalationsDue,
  EscalationRule,
  findMojibake,
  findPlaceholders,
  generateFlowchart,
  nextBusinessDayAfter,
  nextEscalation,
  parseDuration,
  parseEscalationWhen,
  parseFlowchart,
  parseResponseTime,
  parseTemplateFields,
  repairMojibake,
} from '../../../../src/core/runbook';
import { formatMinutes } from '../../../../src/core/runbook/duration';
import { boldLabel, codeSpans, inlineText, splitAtArrow, splitList, strongAsText } from '../../../../src/core/runbook/inline';
import { assertLinearGrowth } from '../../growth';

describe('runbook/duration', () => {
  const cases: Array<[string, number | null]> = [
    ['15 min', 15],
    ['15min response', 15],
    ['15min', 15],
    ['1 hour', 60],
    ['1hr', 60],
    ['4 hours', 240],
    ['2 hours', 120],
    ['45 m', 45],
    ['1h 30m', 90],
    ['1 hour and 30 minutes', 90],
    ['1.5 hours', 90],
    ['half an hour', 30],
    ['an hour', 60],
    ['2 days', 2880],
    ['90 s', 1.5],
    ['15-30 min', 15],
    ['after 30 min', 30],
    ['Best effort', null],
    ['SEV1', null],
    ['', null],
  ];
  for (const [text, minutes] of cases) {
    it(`parseDuration("${text}") = ${minutes}`, () => assert.strictEqual(parseDuration(text), minutes));
  }

  it('reads response times as minutes, the next business day, or unknown', () => {
    assert.deepStrictEqual(parseResponseTime('Next day'), { responseMinutes: null, responseKind: 'nextBusinessDay' });
    assert.deepStrictEqual(parseResponseTime('Next business day'), { responseMinutes: null, responseKind: 'nextBusinessDay' });
    assert.deepStrictEqual(parseResponseTime('Immediate'), { responseMinutes: 0, responseKind: 'minutes' });
    assert.deepStrictEqual(parseResponseTime('Whenever'), { responseMinutes: null, responseKind: 'unknown' });
  });

  it('formats minutes the way the runbook writes them', () => {
    assert.deepStrictEqual([15, 60, 240, 1440, 90].map(formatMinutes), ['15 min', '1 hour', '4 hours', '1 day', '90 min']);
  });

  it('skips weekends for the next business day', () => {
    // 2026-01-30 is a Friday.
    assert.strictEqual(nextBusinessDayAfter(new Date('2026-01-30T15:00:00Z')).toISOString(), '2026-02-02T09:00:00.000Z');
    assert.strictEqual(nextBusinessDayAfter(new Date('2026-01-27T23:30:00Z')).toISOString(), '2026-01-28T09:00:00.000Z');
  });
});

describe('runbook/escalation', () => {
  const levels = [1, 2, 3, 4];
  const cases: Array<[string, number[], number]> = [
    ['All incidents', [1, 2, 3, 4], 0],
    ['SEV1-2 after 30min', [1, 2], 30],
    ['SEV1 after 1hr', [1], 60],
    ['2 hours', [1, 2, 3, 4], 120],
    ['45 m', [1, 2, 3, 4], 45],
    ['SEV1, SEV3 after 15 min', [1, 3], 15],
    ['SEV1/2 after 1 hour', [1, 2], 60],
    ['SEV2+ after 20 min', [1, 2], 20],
    ['Sev-3 immediately', [3], 0],
    ['P1 after 10 min', [1], 10],
  ];
  for (const [when, expectedLevels, after] of cases) {
    it(`"${when}" → levels ${expectedLevels.join(',')} after ${after} min`, () => {
      assert.deepStrictEqual(parseEscalationWhen(when, levels), { levels: expectedLevels, afterMinutes: after });
    });
  }

  it('returns null for a cell it cannot read', () => {
    assert.strictEqual(parseEscalationWhen('When the manager says so', levels), null);
  });

  const rules: EscalationRule[] = [
    { level: 'L1', contact: 'On-call', levels: [1, 2, 3, 4], afterMinutes: 0, when: 'All incidents' },
    { level: 'L2', contact: 'Lead', levels: [1, 2], afterMinutes: 30, when: 'SEV1-2 after 30min' },
    { level: 'L3', contact: 'Manager', levels: [1], afterMinutes: 60, when: 'SEV1 after 1hr' },
  ];

  it('tells which rules are due and which comes next', () => {
    assert.deepStrictEqual(escalationsDue(rules, 1, 45).map((rule) => rule.level), ['L1', 'L2']);
    assert.deepStrictEqual(escalationsDue(rules, 3, 600).map((rule) => rule.level), ['L1']);
    assert.strictEqual(nextEscalation(rules, 1, 45)?.level, 'L3');
    assert.strictEqual(nextEscalation(rules, 2, 45), null);
  });
});

/** Flowchart lines built from syntax fragments, so random sources reach the labels, edges and entities. */
const LABEL_PIECE = fc.oneof(
  fc.constantFrom('x', ' ', '"', '`', '|', ';', '[', ')', '#', '#quot;', '#12;', '#99999999;', '<br>', '\t'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const NODE = fc
  .tuple(fc.constantFrom('A', 'b-1', 'é'), fc.constantFrom(['[', ']'], ['(', ')'], ['{', '}'], ['((', '))'], ['>', ']'], ['[/', '/]']), fc.array(LABEL_PIECE, { maxLength: 6 }))
  .map(([id, [open, close], label]) => `${id}${open}${label.join('')}${close}`);
const EDGE = fc.oneof(fc.constantFrom('-->', '---', '==>', '-.->', ' & ', '; '), LABEL_PIECE.map((label) => `-->|${label}|`), LABEL_PIECE.map((label) => `-- ${label} -->`));
const FLOWCHART_LINE = fc.tuple(NODE, EDGE, NODE).map((parts) => parts.join(' '));

describe('runbook/flowchart', () => {
  it('reads nodes, shapes, labels and edges of the classic triage chart', () => {
    const chart = parseFlowchart(
      'graph LR\n    A[Incident Detected] --> T{Triage}\n    T -->|Service Down| S1[SEV1: 15min response]\n    S1 --> P[Page On-Call]',
    );
    assert.strictEqual(chart.direction, 'LR');
    assert.deepStrictEqual(chart.nodes, [
      { id: 'A', label: 'Incident Detected', shape: 'rect' },
      { id: 'T', label: 'Triage', shape: 'diamond' },
      { id: 'S1', label: 'SEV1: 15min response', shape: 'rect' },
      { id: 'P', label: 'Page On-Call', shape: 'rect' },
    ]);
    assert.deepStrictEqual(chart.edges, [
      { from: 'A', to: 'T', label: '' },
      { from: 'T', to: 'S1', label: 'Service Down' },
      { from: 'S1', to: 'P', label: '' },
    ]);
  });

  it('reads the other edge forms, chains, & groups, quoted labels and skips styling', () => {
    const chart = parseFlowchart([
      'flowchart TD',
      '  %% a comment',
      '  a(["Start: here"]) -- text edge --> b((Circle)) -.-> c{{Hex}}; c ==>|"thick"| d',
      '  d & e --- f>Flag]',
      '  style a fill:#f9f',
      '  classDef hot fill:#f00',
      '  click a callback',
    ].join('\n'));
    assert.strictEqual(chart.direction, 'TD');
    assert.deepStrictEqual(chart.nodes.map((node) => [node.id, node.label, node.shape]), [
      ['a', 'Start: here', 'round'],
      ['b', 'Circle', 'round'],
      ['c', 'Hex', 'other'],
      ['d', 'd', 'rect'],
      ['e', 'e', 'rect'],
      ['f', 'Flag', 'other'],
    ]);
    assert.deepStrictEqual(chart.edges.map((edge) => `${edge.from}-${edge.to}:${edge.label}`), ['a-b:text edge', 'b-c:', 'c-d:thick', 'd-f:', 'e-f:']);
  });

  it('keeps a numeric entity beyond Unicode as written instead of throwing', () => {
    const chart = parseFlowchart('graph TD\n  A["x #99999999; #65; y"]');
    assert.strictEqual(chart.nodes[0].label, 'x #99999999; A y');
  });

  it('never throws, whatever the source', () => {
    fc.assert(
      fc.property(fc.array(FLOWCHART_LINE, { maxLength: 6 }), (lines) => {
        parseFlowchart(['graph TD', ...lines].join('\n'));
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('says when a source is not a flowchart', () => {
    assert.strictEqual(parseFlowchart('sequenceDiagram\n  A->>B: hi').direction, '');
    assert.deepStrictEqual(parseFlowchart(''), { direction: '', nodes: [], edges: [] });
  });

  it('generates a chart that reads back to the same levels, triggers and actions, whatever the labels hold', () => {
    const levels = [
      { id: 'SEV1', level: 1, response: '15 min', trigger: 'Service "Down" | all', action: 'Page [On-Call]' },
      { id: 'SEV2', level: 2, response: '', trigger: '', action: '' },
    ];
    const chart = parseFlowchart(generateFlowchart(levels));
    assert.deepStrictEqual(chart.nodes.find((node) => node.id === 'S1')?.label, 'SEV1: 15 min');
    assert.deepStrictEqual(chart.edges.find((edge) => edge.to === 'S1')?.label, 'Service "Down" | all');
    assert.deepStrictEqual(chart.nodes.find((node) => node.id === 'A1')?.label, 'Page [On-Call]');
    assert.deepStrictEqual(chart.nodes.find((node) => node.id === 'S2')?.label, 'SEV2');
    assert.ok(!chart.nodes.some((node) => node.id === 'A2'));
  });
});

describe('runbook/placeholders', () => {
  const cases: Array<[string, string[]]> = [
    ['curl -s https://[domain]/api/health | jq', ['domain']],
    ['kubectl logs -n [namespace] [pod name]', ['namespace', 'pod name']],
    ["curl '[url]'", ['url']],
    ['[[ -f /etc/app.conf ]] && echo ok', []],
    ['[ -z "$X" ] || echo set', []],
    ["grep -E '[a-z]+' log", []],
    ["tr -d '[A-Za-z0-9_]'", []],
    ['ls [abc]*', []],
    ['echo "${hosts[i]}"', []],
    ['jq ".items[0]"', []],
    ['echo [dup] [dup]', ['dup', 'dup']],
  ];
  for (const [command, names] of cases) {
    it(`${command} → ${JSON.stringify(names)}`, () => assert.deepStrictEqual(findPlaceholders(command).map((found) => found.name), names));
  }

  it('gives offsets that cover the brackets', () => {
    const [found] = findPlaceholders('ping [host]');
    assert.deepStrictEqual([found.start, found.end], [5, 11]);
  });
});

/** What a UTF-8 file looks like after being decoded as Windows-1252 (undefined bytes as Latin-1), as editors do. */
function misDecode(text: string): string {
  const cp1252 = new Map<number, string>([
    [0x80, '€'], [0x82, '‚'], [0x83, 'ƒ'], [0x84, '„'], [0x85, '…'], [0x86, '†'], [0x87, '‡'], [0x88, 'ˆ'], [0x89, '‰'],
    [0x8a, 'Š'], [0x8b, '‹'], [0x8c, 'Œ'], [0x8e, 'Ž'], [0x91, '‘'], [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x95, '•'],
    [0x96, '–'], [0x97, '—'], [0x98, '˜'], [0x99, '™'], [0x9a, 'š'], [0x9b, '›'], [0x9c, 'œ'], [0x9e, 'ž'], [0x9f, 'Ÿ'],
  ]);
  return [...Buffer.from(text, 'utf8')].map((byte) => cp1252.get(byte) ?? String.fromCharCode(byte)).join('');
}

describe('runbook/repair', () => {
  it('repairs the common cases', () => {
    assert.strictEqual(repairMojibake('Up? â†’ `ps`'), 'Up? → `ps`');
    assert.strictEqual(repairMojibake('ðŸ”´ Down â€” now'), '🔴 Down — now');
    assert.strictEqual(repairMojibake('cafÃ©'), 'café');
  });

  it('leaves correct text alone, accents and symbols included', () => {
    for (const text of ['café, naïve, São Paulo, Zürich', '→ — 🔴 € ™', 'Ã alone', 'plain ASCII']) assert.strictEqual(repairMojibake(text), text);
    assert.deepStrictEqual(findMojibake('café → 🔴'), []);
  });

  it('repairs text that went through the wrong encoding twice', () => {
    assert.strictEqual(repairMojibake(misDecode(misDecode('a → b'))), 'a → b');
  });

  it('finds ranges on the right line and column', () => {
    assert.deepStrictEqual(findMojibake('ok\n1. Q? â†’ x'), [{ range: { line: 1, column: 6, endLine: 1, endColumn: 9 }, repaired: '→' }]);
  });

  it('undoes any mis-decoding of any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        // Text whose own characters look like mojibake cannot be told apart; skip it.
        fc.pre(findMojibake(text).length === 0);
        assert.strictEqual(repairMojibake(misDecode(text)), text);
      }),
      { numRuns: 500, seed: 20260127 },
    );
  });
});

describe('runbook/inline', () => {
  it('finds code spans by CommonMark rules', () => {
    assert.deepStrictEqual(codeSpans('a `b` c ``d ` e`` `unclosed').map((span) => span.content), ['b', 'd ` e']);
    assert.deepStrictEqual(codeSpans('\\`not code`'), []);
  });

  it('turns inline Markdown into plain text and keeps code', () => {
    assert.strictEqual(inlineText('**Bold** and _em_ with [a link](x.md) and `co*de*`'), 'Bold and em with a link and `co*de*`');
    assert.strictEqual(inlineText('snake_case_name \\* star'), 'snake_case_name * star');
  });

  it('keeps the text of links and autolinks; a bracket inside link text starts the link, as in CommonMark', () => {
    assert.strictEqual(inlineText('see [the docs](https://x.example/a_(b)) and <https://y.example/z>'), 'see the docs) and https://y.example/z');
    assert.strictEqual(inlineText('[a [b](u.md) c'), '[a b c');
    assert.strictEqual(inlineText('![alt](i.png) [unclosed](x'), 'alt [unclosed](x');
  });

  it('drops strong and struck markers exactly where the lazy pattern it replaces did', () => {
    // The pattern strongAsText replaced: the reference for what closes where.
    const reference = (text: string): string => text.replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2');
    for (const text of ['**a**', '** a**', '**a **b**', '***a***', '**a __b** c__', '~~x~~ and __y__', 'a**b**c', '****', '**a\nb**']) {
      assert.strictEqual(strongAsText(text), reference(text), text);
    }
    fc.assert(fc.property(fc.array(fc.constantFrom('*', '_', '~', ' ', 'a', '\n'), { maxLength: 24 }).map((chars) => chars.join('')),
      (text) => strongAsText(text) === reference(text)));
  });

  // Each pattern here once rescanned the rest of the text from every opener it could not close.
  it('takes time linear in the length of the text, for runs of every opener', () => {
    for (const unit of ['[', '[a](', '![a', '<https://', '**a ', '__a ', '~~a ', '*a ', '_a ', '\\', '&amp', '<br']) {
      assertLinearGrowth(`inline text of ${JSON.stringify(unit)} repeated`, (n) => inlineText(unit.repeat(n)), 2000);
    }
  });

  it('reads bold labels with the colon inside or outside, behind an emoji', () => {
    assert.deepStrictEqual(boldLabel('**Symptoms**: a, b'), { label: 'Symptoms', colon: true, rest: 'a, b' });
    assert.deepStrictEqual(boldLabel('**Symptoms:** a'), { label: 'Symptoms', colon: true, rest: 'a' });
    assert.deepStrictEqual(boldLabel('⚠️ **CRITICAL**: x')?.label, 'CRITICAL');
    assert.strictEqual(boldLabel('no label'), null);
  });

  it('splits at the first arrow outside code', () => {
    assert.deepStrictEqual(splitAtArrow('Q? → `a -> b`'), { before: 'Q?', after: '`a -> b`' });
    assert.deepStrictEqual(splitAtArrow('Q? `a -> b`'), null);
    assert.deepStrictEqual(splitAtArrow('Q? â†’ x'), { before: 'Q?', after: 'x' });
  });

  it('splits lists outside brackets and code', () => {
    assert.deepStrictEqual(splitList('a, b (c, d); `e, f`'), ['a', 'b (c, d)', '`e, f`']);
  });
});

describe('runbook/template', () => {
  it('reads fields, placeholders and choices, bulleted or not', () => {
    assert.deepStrictEqual(parseTemplateFields('**Status**: A | B | C\n- **Owner:** [Name]\nnot a field\n**Broken** no colon'), [
      { name: 'Status', placeholder: 'A | B | C', choices: ['A', 'B', 'C'] },
      { name: 'Owner', placeholder: '[Name]', choices: [] },
    ]);
  });
});
