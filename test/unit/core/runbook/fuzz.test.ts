import * as assert from 'assert';
import * as fc from 'fast-check';
import { parseRunbook, Runbook } from '../../../../src/core/runbook';
import { superLinearGrowth } from '../../growth';
import { adversarialInputs } from './adversarial';
import { bundledText, fixtureText } from './fixtures';

/** One edit to a runbook, as damaged files show them. */
type Mutation =
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapSections'; a: number; b: number }
  | { kind: 'insertText'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const NASTY = ['|', '```', '`', '**', '[', ']', '→', 'â†’', 'ðŸ”´', '\u0000', '\r', '\t', '\ufeff', '\ufffd', '## ', '### INC-', '-->', '{', '"', '\\'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapSections' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant('insertText' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((parts) => parts.join('')),
      fc.uint8Array({ maxLength: 16 }).map((bytes) => new TextDecoder().decode(bytes)),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function splitSections(text: string): string[] {
  return text.split(/(?=^## )/m);
}

function apply(text: string, edit: Mutation): string {
  const lines = text.split('\n');
  switch (edit.kind) {
    case 'deleteLine':
      lines.splice(edit.at % lines.length, 1);
      return lines.join('\n');
    case 'duplicateLine': {
      const at = edit.at % lines.length;
      lines.splice(at, 0, lines[at]);
      return lines.join('\n');
    }
    case 'swapSections': {
      const sections = splitSections(text);
      const a = edit.a % sections.length;
      const b = edit.b % sections.length;
      [sections[a], sections[b]] = [sections[b], sections[a]];
      return sections.join('');
    }
    case 'insertText': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, edit.at % (text.length + 1));
  }
}

/** What every parse must give, however broken the input. */
function assertWellFormed(runbook: Runbook, text: string): void {
  const lineCount = text.split(/\r\n?|\n/).length;
  assert.ok(Array.isArray(runbook.problems));
  assert.ok(!runbook.problems.some((problem) => problem.code === 'internal-error'), JSON.stringify(runbook.problems.find((problem) => problem.code === 'internal-error')));
  for (const problem of runbook.problems) {
    assert.ok(problem.line >= 0 && problem.line < lineCount && problem.column >= 0, `problem outside the file: ${JSON.stringify(problem)}`);
    assert.ok(['error', 'warning', 'info'].includes(problem.severity) && problem.message.length > 0);
  }
  for (let i = 1; i < runbook.problems.length; i++) assert.ok(runbook.problems[i - 1].line <= runbook.problems[i].line, 'problems in file order');
  assert.ok(runbook.levels.length > 0, 'always some levels (the defaults at worst)');
  for (const level of runbook.levels) assert.strictEqual(level.id, `SEV${level.level}`);
  assert.ok(runbook.flowchart.length > 0, 'always a flowchart (a generated one at worst)');
  assert.ok(runbook.template !== null);
  for (const step of runbook.diagnostics) assert.strictEqual(step.commandSources?.length, step.commands.length);
  // A prose rule has no time (null); a table rule's time is a number.
  for (const rule of runbook.escalation) assert.ok(rule.afterMinutes === null ? rule.when.length > 0 : Number.isFinite(rule.afterMinutes));
  for (const cadence of runbook.updateCadence ?? []) assert.ok(Number.isFinite(cadence.minutes) && cadence.minutes > 0 && cadence.levels.length > 0);
  assert.doesNotThrow(() => JSON.stringify(runbook));
}

function fuzz(name: string, base: string, path: string, numRuns: number, seed: number): void {
  it(`${name}: ${numRuns} mutated copies parse without throwing, to a model plus problems`, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (edits) => {
        const text = edits.reduce(apply, base);
        assertWellFormed(parseRunbook(text, path), text);
      }),
      { numRuns, seed },
    );
  });
}

describe('runbook: fuzzing', function () {
  this.timeout(120000);
  fuzz('the bundled runbook', bundledText(), 'runbook.md', 1500, 1);
  fuzz('the contradicting runbook', fixtureText('contradiction.md'), 'contradiction.md', 500, 2);
  fuzz('the YAML runbook', fixtureText('sample.runbook.yaml'), 'sample.runbook.yaml', 400, 3);

  it('random text of any kind parses without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('a.md', 'a.runbook.yaml'), (text, path) => {
        assertWellFormed(parseRunbook(text, path), text);
      }),
      { numRuns: 1000, seed: 4 },
    );
  });
});

/** A runbook with `count` incidents, repeating the bundled runbook's incidents with fresh ids. */
export function runbookWithIncidents(count: number): string {
  const text = bundledText();
  const start = text.indexOf('### INC-001');
  const end = text.indexOf('## 📢');
  const incidents = text.slice(start, end);
  const perCopy = (incidents.match(/^### INC-/gm) ?? []).length;
  let body = '';
  let next = 1;
  for (let copy = 0; copy * perCopy < count; copy++) {
    body += incidents.replace(/INC-\d+/g, () => `INC-${String(next++).padStart(5, '0')}`);
  }
  return text.slice(0, start) + body + text.slice(end);
}

/** Undefined when parsing `large` takes within the linear bound of `small` for its length, else why not. */
function parseGrowth(name: string, small: string, large: string): string | undefined {
  return superLinearGrowth(name, () => parseRunbook(small, 'small.md'), () => parseRunbook(large, 'large.md'), large.length / small.length);
}

// Each check compares the CPU time of one input at two sizes (test/unit/growth.ts): linear grows with the length, a
// quadratic pattern with its square, and a busy machine changes neither much.
describe('runbook: parse time grows linearly', function () {
  this.timeout(120000);

  it('4 times the incidents take well under 16 times as long', () => {
    const small = runbookWithIncidents(32);
    const large = runbookWithIncidents(128);
    assert.ok(large.length > small.length * 3, 'the large runbook really is larger');
    assert.strictEqual(parseGrowth('incidents', small, large), undefined);
    assert.strictEqual(parseRunbook(large, 'large.md').incidents.length, 128);
  });

  it('pathological lines (unclosed code spans, emphasis, brackets) stay linear too', () => {
    const shapes = [
      (n: number) => `- ${'`a '.repeat(n)}`,
      (n: number) => `- ${'**a '.repeat(n)}`,
      (n: number) => '```bash\n' + `echo ${'${x[i] [a] '.repeat(n)}\n` + '```',
      (n: number) => `1. Q? → ${'→ `x` '.repeat(n)}`,
    ];
    const runbook = (shape: (n: number) => string, n: number): string => `## Common Incidents\n\n### INC-001: X\n\n**Diagnostic Tree**:\n${shape(n)}\n## Quick Diagnosis\n\n${shape(n)}\n`;
    const slow = shapes.map((shape) => parseGrowth(shape(1), runbook(shape, 4000), runbook(shape, 16_000))).filter((problem) => problem !== undefined);
    assert.deepStrictEqual(slow, []);
  });

  // A quadratic pattern on runs this long takes hundreds of times the linear time (the delimiter row with a run of
  // spaces took 1,500 times markdown-it's time at 20 KB), so the growth from 12 KB to 48 KB shows it plainly. Both
  // sizes are over inline.ts's MAX_MARKUP_LENGTH, which the growth across it would hide.
  it('hostile long lines in every place a reader looks grow linearly with their length', () => {
    const smalls = adversarialInputs(12 * 1024);
    const larges = adversarialInputs(48 * 1024);
    const slow: string[] = [];
    smalls.forEach(({ name, text }, i) => {
      assertWellFormed(parseRunbook(text, 'hostile.md'), text);
      const problem = parseGrowth(name, text, larges[i].text);
      if (problem !== undefined) slow.push(problem);
    });
    assert.deepStrictEqual(slow, []);
  });
});
