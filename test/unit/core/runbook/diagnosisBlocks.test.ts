// Quick-diagnosis blocks as teams really write them: what becomes a runnable command, and what the author is told
// when a block cannot be read as written.
import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { RunbookProblem } from '../../../../src/core/runbook';
import { DiagnosticStep } from '../../../../src/core/runbook/model';
import { readBlocks } from '../../../../src/core/runbook/markdown/blocks';
import { readDiagnostics } from '../../../../src/core/runbook/markdown/diagnosis';
import { splitSections } from '../../../../src/core/runbook/markdown/sections';
import { normaliseText, SourceLines } from '../../../../src/core/runbook/text';
import { fixtureText, parseFixture, problemLines } from './fixtures';

interface DiagnosisReading {
  steps: DiagnosticStep[];
  problems: RunbookProblem[];
}

/** The fixture's Quick Diagnosis section read on its own, with the problems the diagnosis reader reports. */
function readDiagnosisOf(name: string): DiagnosisReading {
  const text = normaliseText(fixtureText(name));
  const section = splitSections(readBlocks(new MarkdownIt().parse(text, {}))).sections.find((candidate) => candidate.kind === 'diagnosis');
  assert.ok(section, `${name} has a Quick Diagnosis section`);
  const problems: RunbookProblem[] = [];
  const steps = readDiagnostics(section.blocks, new SourceLines(text), problems);
  return { steps, problems };
}

function titlesAndCommands(steps: readonly DiagnosticStep[]): Array<[string, string[]]> {
  return steps.map((step) => [step.title, step.commands]);
}

describe('runbook: an unclosed code block in quick diagnosis', () => {
  it('does not run the Markdown after it: a mermaid block closed by its own fence', () => {
    const runbook = parseFixture('diagnosis-unclosed-fence.md');
    assert.deepStrictEqual(titlesAndCommands(runbook.diagnostics), [['Check disk', ['df -h']]]);
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.id), ['INC-001'], 'what follows the stray closing fence is read as usual');
  });

  it('does not run the Markdown after it when it runs to the end of the file, numbered headings included', () => {
    const runbook = parseFixture('diagnosis-unclosed-fence-at-end.md');
    assert.deepStrictEqual(titlesAndCommands(runbook.diagnostics), [
      ['Check health', ['curl -s https://[domain]/health']],
      ['Check logs', ['tail -n 50 /var/log/app.log']],
    ]);
  });

  it('warns at the line that opens the block, saying where the Markdown it swallowed starts', () => {
    for (const [name, opened, swallowed] of [['diagnosis-unclosed-fence.md', 5, 9], ['diagnosis-unclosed-fence-at-end.md', 5, 11]] as const) {
      const { problems } = readDiagnosisOf(name);
      assert.deepStrictEqual(problemLines(problems), [`${opened}:unclosed-code-block`], name);
      assert.strictEqual(problems[0].severity, 'warning');
      assert.match(problems[0].message, new RegExp(`opened on line ${opened} is not closed, so the Markdown after it is inside it`));
      assert.match(problems[0].message, new RegExp(`line ${swallowed}\\b`));
    }
  });

  it('says nothing about closed blocks, whose "## " lines are comments', () => {
    assert.deepStrictEqual(readDiagnosisOf('diagnosis-variants.md').problems, []);
  });
});

describe('runbook: "$ " prompts in shell blocks', () => {
  it('strips a "$ " prompt in sh, bash and shell blocks, and keeps $VAR and $(...) at the start of a line', () => {
    assert.deepStrictEqual(titlesAndCommands(parseFixture('diagnosis-prompts.md').diagnostics), [
      ['Disk', ['df -h', 'du -sh /var/log \\\n    /tmp']],
      ['Variables and substitutions are not prompts', ['$HOME/bin/check-health', '$(which docker) ps', 'echo "$USER"']],
      ['Load', ['uptime']],
      ['Console prompts are stripped once', ['$HOME/bin/check-health']],
    ]);
  });
});

describe('runbook: comments without step numbers', () => {
  const runbook = parseFixture('diagnosis-unnumbered-comments.md');

  it('starts a step at each comment above commands; commands before the first are named after the heading', () => {
    assert.deepStrictEqual(titlesAndCommands(runbook.diagnostics), [
      ['Service', ['systemctl is-active [unit]']],
      ['Check health', ['curl -s https://[domain]/health']],
      ['Check logs', ['journalctl -u [unit] -n 50', 'tail -n 50 /var/log/app.log']],
      ['Numbered blocks keep their steps', ['uptime', 'free -m']],
    ]);
  });

  it('places a step at its comment', () => {
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.source && step.source.line + 1), [8, 10, 14, 22]);
  });
});

describe('runbook: an unclosed here-document', () => {
  it('warns at its line that the rest of the block is its text', () => {
    const { problems } = readDiagnosisOf('diagnosis-unclosed-heredoc.md');
    assert.deepStrictEqual(problemLines(problems), ['7:unclosed-heredoc']);
    assert.strictEqual(problems[0].severity, 'warning');
    assert.match(problems[0].message, /line 7 \(<<EOF\) has no closing "EOF" line/);
  });

  it('takes neither here-strings nor shifts for here-documents, and closes one at a console prompt', () => {
    const [, notHeredocs, transcript] = parseFixture('diagnosis-unclosed-heredoc.md').diagnostics;
    assert.deepStrictEqual(notHeredocs.commands, [
      'grep -c error <<< "$LOG"',
      'tr a-z A-Z <<< hello',
      'echo $((1 << 4))',
      "cat <<-'END'\n\tclosed\n\tEND",
    ]);
    assert.deepStrictEqual(transcript.commands, ['cat <<EOF > /tmp/hosts\ndb-1\nEOF', 'wc -l /tmp/hosts']);
  });
});
