// Over the whole fixture corpus: what a file lacks is said only where the file has a reason to have it. A file in
// the seed format that drops a section hears about that section; a playbook, a process page or a severity page
// hears at most that the default levels are in force, never of a "## Response Flow" it has no use for.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseRunbook } from '../../../../src/core/runbook';
import { fixturePath, fixtureText } from './fixtures';

/** The problems about parts a file lacks (or a default in force instead), as line:code. */
const ABOUT_WHAT_IS_LACKING = new Set(['missing-section', 'default-levels', 'missing-flowchart', 'missing-sequence', 'missing-template', 'no-links']);

/** Every fixture: a new one is added here, with the problems it should get. */
const EXPECTED: ReadonlyArray<[fixture: string, lacking: string[]]> = [
  ['binary-garbage.md', []],
  ['bom.md', []],
  ['contradiction.md', []],
  ['crlf.md', []],
  ['diagnosis-prompts.md', ['1:default-levels']],
  ['diagnosis-unclosed-fence-at-end.md', ['1:default-levels']],
  ['diagnosis-unclosed-fence.md', ['1:default-levels']],
  ['diagnosis-unclosed-heredoc.md', ['1:default-levels']],
  ['diagnosis-unnumbered-comments.md', ['1:default-levels']],
  ['diagnosis-variants.md', ['1:default-levels']],
  ['empty.md', []],
  ['escalation-unreadable.md', ['1:default-levels']],
  ['heading-known-issues.md', ['1:default-levels']],
  ['heading-numbered.md', ['3:missing-flowchart']],
  ['heading-playbooks.md', ['1:default-levels']],
  ['heading-severity-levels.md', []],
  ['heading-severity-matrix.md', []],
  ['heading-status-update.md', ['1:default-levels']],
  ['heading-triage.md', []],
  ['incident-unknown-labels.md', ['1:default-levels']],
  ['incident-variants.md', ['1:default-levels']],
  ['links-variants.md', ['1:default-levels']],
  ['malformed-table-delimiter-width.md', ['1:default-levels']],
  ['malformed-table-no-delimiter.md', []],
  ['malformed-table-row-cells.md', []],
  ['missing-classification.md', ['1:missing-section']],
  ['missing-diagnosis.md', ['1:missing-section']],
  ['missing-escalation.md', ['1:missing-section']],
  ['missing-incidents.md', ['1:missing-section']],
  ['missing-links.md', ['1:missing-section']],
  ['missing-response-flow.md', ['1:missing-section']],
  ['missing-template.md', ['1:missing-section']],
  ['mojibake.md', []],
  ['no-levels.md', ['1:default-levels']],
  ['sample.runbook.yaml', []],
  ['schema-errors.runbook.yaml', ['1:missing-section', '1:missing-section', '1:missing-section', '3:missing-flowchart']],
  ['shapes/cadence-prose.md', []],
  ['shapes/checklist-process-page.md', ['1:default-levels']],
  ['shapes/commands-inline-numbered-steps.md', ['1:default-levels']],
  ['shapes/commands-prompts-with-output.md', ['1:default-levels']],
  ['shapes/commands-sentence-above.md', ['1:default-levels']],
  ['shapes/commands-untagged-fences.md', ['1:default-levels']],
  ['shapes/escalation-prose.md', []],
  ['shapes/front-matter-yaml-runbook.md', []],
  ['shapes/levels-bulleted-list-sev0.md', []],
  ['shapes/levels-confluence-html-export.md', []],
  ['shapes/levels-headings-numbered-words.md', []],
  ['shapes/levels-headings-priority-names.md', []],
  ['shapes/levels-html-table.md', []],
  ['shapes/levels-numbered-list-words.md', []],
  ['shapes/levels-six-levels.md', []],
  ['shapes/levels-table-first-response-and-resolution.md', []],
  ['shapes/levels-table-sev-dash-five.md', []],
  ['shapes/levels-table-without-heading.md', []],
  ['shapes/levels-two-levels.md', []],
  ['shapes/levels-words-only-table-actions.md', []],
  ['shapes/playbook-single-alert-meaning-impact.md', ['1:default-levels']],
  ['shapes/playbooks-forty-alerts-mixed-headings.md', ['1:default-levels']],
  ['shapes/playbooks-inline-command-steps.md', ['1:default-levels']],
  ['shapes/playbooks-per-alert-sections.md', ['1:default-levels']],
  ['shapes/playbooks-scenarios-h3.md', ['1:default-levels']],
  ['shapes/playbooks-with-checklists.md', ['1:default-levels']],
  ['shapes/template-untagged-fence-bold-list.md', ['1:default-levels']],
  ['shapes/template-untagged-fence.md', ['1:default-levels']],
  ['syntax-error.runbook.yaml', []],
  ['tabs.md', []],
  ['unknown-duration.md', []],
  ['views/html-table-priorities.md', []],
];

function fixturesIn(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? fixturesIn(path.join(dir, entry.name), `${prefix}${entry.name}/`) : /\.(?:md|ya?ml)$/.test(entry.name) ? [`${prefix}${entry.name}`] : []);
}

describe('runbook problems over the fixture corpus', () => {
  it('lists every fixture', () => {
    assert.deepStrictEqual(EXPECTED.map(([fixture]) => fixture).sort(), fixturesIn(fixturePath('')).sort());
  });

  for (const [fixture, lacking] of EXPECTED) {
    it(`${fixture}: ${lacking.length === 0 ? 'nothing said to be lacking' : lacking.join(', ')}`, () => {
      const runbook = parseRunbook(fixtureText(fixture), fixture);
      const got = runbook.problems.filter((problem) => ABOUT_WHAT_IS_LACKING.has(problem.code)).map((problem) => `${problem.line + 1}:${problem.code}`);
      assert.deepStrictEqual(got, lacking, JSON.stringify(runbook.problems, null, 1));
      if (!lacking.includes('1:missing-section')) {
        for (const problem of runbook.problems) assert.ok(!/No section like/.test(problem.message), `names a section the file has no reason to have: ${problem.message}`);
      }
    });
  }
});
