// Quick diagnosis: shell code blocks split into named steps at `# N. Title` comments (at `# Title` comments in a
// block without numbers).
import { DiagnosticStep, RunbookProblem, SourceRange } from '../model';
import { placeholderNames } from '../placeholders';
import { humanLine, problemAt } from '../problems';
import { SourceLines } from '../text';
import { cellText, codeSpans } from '../inline';
import { Block, FenceBlock, INDENTED_CODE } from './blocks';
import { sectionKindOf } from './sections';
import { hasPrompt, isInlineCommand, looksLikeCommands, promptedCommand } from './commands';

const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'shell-session', 'shellsession', 'terminal', 'ksh', 'fish', 'sh-session']);
const PROMPTED_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'terminal']);

/** `[ ] `, `[x] `: markdown-it leaves a task list's box at the start of the item's text. */
export const TASK_BOX = /^\[[ xX]\][ \t]+(?=\S)/;

/** `# 1. Check health`, `# 2) Logs`, `# Step 3: Database`, `## 4 - Disk`. */
const STEP_COMMENT = /^#+\s*(?:step\s*)?(\d+)\s*[.):\-–]\s*(\S.*)$/i;
/** `<<EOF`, `<<-'END'`; not a `<<<` here-string, nor a shift (`$((1 << 4))`), whose delimiter would be a number. */
const HEREDOC = /(?<!<)<<(?!<)-?\s*(['"]?)([A-Za-z_][\w-]*)\1/;
/** A comment with words in it, not a `# -----` rule, can name a step. */
const NAMES_SOMETHING = /[\p{L}\p{N}]/u;

/** ```mermaid in a shell block: no shell line starts so, so it opens the block after an unclosed one. */
const FENCE_OPENER = /^(?:`{3,}|~{3,})\s*[\p{L}{]/u;
/** `## Response Flow`, `### INC-001: ...`: shell comments too, so only taken for headings inside an unclosed block. */
const HEADING_LIKE = /^#{2,6}\s+\S/;

/**
 * markdown-it ends a block that has no closing fence at the end of its container (the file, for a top-level
 * block); such a block has no closing line to count.
 */
function isClosed(fence: FenceBlock): boolean {
  const contentLines = fence.content === '' ? 0 : fence.content.split('\n').length - (fence.content.endsWith('\n') ? 1 : 0);
  return fence.end - fence.start >= contentLines + 2;
}

/** A Markdown heading rather than a shell comment: `## 2. Check logs` is a step, `## 3. Escalation Path` a section. */
function isHeadingLine(trimmed: string): boolean {
  if (!HEADING_LIKE.test(trimmed)) return false;
  return !STEP_COMMENT.test(trimmed) || sectionKindOf(trimmed.replace(/^#+/, '')) !== null;
}

/**
 * Where the Markdown swallowed by an unclosed block starts, as an index into its lines, or -1. An author who forgets
 * the closing ``` gets the following sections read as shell: headings become comments, a mermaid chart's
 * `M->>R: Alert fires` a command that creates a file. The opener of a later block inside this one gives it away
 * (that block's closing fence then closes this one); so does a heading in a block that runs to the end of the file.
 */
function swallowedMarkdownStart(lines: readonly string[], closed: boolean): number {
  const opener = lines.findIndex((line) => FENCE_OPENER.test(line.trim()));
  if (opener === -1 && closed) return -1;
  const heading = lines.findIndex((line) => isHeadingLine(line.trim()));
  if (opener === -1) return heading;
  return heading === -1 ? opener : Math.min(opener, heading);
}

interface CommandLines {
  text: string;
  first: number;
  last: number;
  /** The delimiter of a here-document that no line closes (it then runs to the end of the block), or null. */
  unclosedHeredoc: string | null;
}

/**
 * `$ df -h`, copied from a terminal with its prompt. No shell command starts with "$ " (`$VAR` and `$(...)` have no
 * space), so in any shell block the prompt is never part of the command, and running it as is would fail.
 */
const PROMPT = /^\s*\$ /;

/** A transcript's line without its prompt: `$ `, `user@host:~$ `, a root `# ` before a program, or a `> ` continuation. */
function withoutPrompt(line: string): string {
  return (promptedCommand(line, true) ?? line.replace(/^\s*>\s?/, '')).trimEnd();
}

/** True when a transcript's line is a command (has a prompt) or continues one (`> `); the rest is output. */
function isTranscriptCommand(trimmed: string): boolean {
  return trimmed.startsWith('>') || promptedCommand(trimmed, true) !== null;
}

/** One command starting at `index`: joins `\` continuations and here-documents. */
function commandAt(lines: readonly string[], index: number, prompted: boolean): CommandLines {
  const strip = (line: string): string => (prompted ? withoutPrompt(line) : line.trimEnd());
  const parts = [(prompted ? strip(lines[index]) : lines[index].replace(PROMPT, '')).trim()];
  let last = index;
  let unclosedHeredoc: string | null = null;
  const heredoc = HEREDOC.exec(parts[0]);
  if (heredoc) {
    const delimiter = heredoc[2];
    unclosedHeredoc = delimiter;
    while (last + 1 < lines.length) {
      last++;
      // A console transcript shows the here-document's lines after `> ` prompts, its delimiter too.
      const line = prompted ? strip(lines[last]) : lines[last].trimEnd();
      parts.push(line);
      if (line.trim() === delimiter) {
        unclosedHeredoc = null;
        break;
      }
    }
  }
  while (parts[parts.length - 1].endsWith('\\') && last + 1 < lines.length) {
    last++;
    parts.push(strip(lines[last]));
  }
  return { text: parts.join('\n'), first: index, last, unclosedHeredoc };
}

/** A step named by its command: the first line, shortened. */
function commandTitle(command: string): string {
  const line = command.split('\n')[0].trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

interface StepDraft {
  title: string;
  commands: string[];
  source: SourceRange;
  commandSources: SourceRange[];
}

function finishStep(draft: StepDraft): DiagnosticStep {
  return {
    title: draft.title,
    commands: draft.commands,
    placeholders: placeholderNames(draft.commands),
    source: draft.source,
    commandSources: draft.commandSources,
  };
}

/**
 * A ```bash block whose first command has a `$ ` prompt was pasted from a terminal: as in a console block,
 * the prompted lines are the commands and the rest is their output, which must not be run.
 */
function isPastedTranscript(lines: readonly string[]): boolean {
  const first = lines.find((line) => line.trim() !== '' && (!line.trim().startsWith('#') || hasPrompt(line)));
  return first !== undefined && hasPrompt(first);
}

/**
 * The lines of a shell block that are really its commands: an unclosed block takes in the Markdown after it, which
 * is reported in `problems` and left out.
 */
function linesInsideFence(fence: FenceBlock, source: SourceLines, problems: RunbookProblem[]): string[] {
  const allLines = fence.content.replace(/\n$/, '').split('\n');
  const swallowed = swallowedMarkdownStart(allLines, isClosed(fence));
  if (swallowed === -1) return allLines;
  const opened = humanLine(fence.start);
  problems.push(problemAt(source.linesRange(fence.start), 'warning', 'unclosed-code-block',
    `This code block opened on line ${opened} is not closed, so the Markdown after it is inside it: from line `
    + `${humanLine(fence.start + 1 + swallowed)} ("${allLines[swallowed].trim()}") on, its lines are skipped, not run, and the sections `
    + 'there are not read. Add a closing ``` line after its last command.'));
  return allLines.slice(0, swallowed);
}

// The shell reads an unclosed here-document to the end of its input too, so the command is kept as the shell sees
// it; the author has to be told that the steps below it are now its text.
function unclosedHeredocProblem(source: SourceLines, line: number, delimiter: string): RunbookProblem {
  return problemAt(source.linesRange(line), 'warning', 'unclosed-heredoc',
    `The here-document on line ${humanLine(line)} (<<${delimiter}) has no closing "${delimiter}" line, so the rest of `
    + `this code block is read as its text, not as commands or steps. Add a line with just ${delimiter} where its text ends.`);
}

/**
 * The steps of one shell block, started by numbered comments or, in a block without any, by each comment above
 * commands. Commands before the first such comment form a step named after `fallbackTitle`.
 * Markdown swallowed by an unclosed block is reported in `problems` and never read as commands.
 */
export function stepsOfFence(
  fence: FenceBlock,
  fallbackTitle: string,
  source: SourceLines,
  problems: RunbookProblem[],
): DiagnosticStep[] {
  const firstLine = fence.start + 1;
  const lines = linesInsideFence(fence, source, problems);
  const prompted = PROMPTED_LANGUAGES.has(fence.language) || isPastedTranscript(lines);
  // Numbered comments mark the steps and other comments are notes within them. Without numbers, teams still
  // write one comment per check (`# Check health`, `# Check logs`): each comment above commands starts a step.
  const numbered = lines.some((line) => STEP_COMMENT.test(line.trim()));
  const steps: StepDraft[] = [];
  let current: StepDraft | null = null;
  let leadingComment = '';
  /** Unnumbered block: the first of the comments since the last command, which names the step its commands start. */
  let stepTitleComment: { title: string; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '') continue;
    const stepComment = STEP_COMMENT.exec(trimmed);
    if (stepComment) {
      // Trimmed here: a lazy title before `\s*$` in the pattern is quadratic on a run of spaces.
      current = { title: stepComment[2].trimEnd(), commands: [], source: source.linesRange(firstLine + i), commandSources: [] };
      steps.push(current);
      continue;
    }
    const rootCommand = prompted && trimmed.startsWith('#') && promptedCommand(trimmed, true) !== null;
    if (trimmed.startsWith('#') && !trimmed.startsWith('#!') && !rootCommand) {
      const text = trimmed.replace(/^#+\s*/, '');
      if (!numbered && !stepTitleComment && NAMES_SOMETHING.test(text)) stepTitleComment = { title: text, line: firstLine + i };
      if (!current && !leadingComment) leadingComment = text;
      continue;
    }
    if (prompted && !isTranscriptCommand(trimmed)) continue; // command output in a console transcript
    const command = commandAt(lines, i, prompted);
    const range = source.linesRange(firstLine + command.first, firstLine + command.last + 1);
    if (command.unclosedHeredoc !== null) problems.push(unclosedHeredocProblem(source, firstLine + i, command.unclosedHeredoc));
    if (stepTitleComment) {
      current = { title: stepTitleComment.title, commands: [], source: source.linesRange(stepTitleComment.line), commandSources: [] };
      steps.push(current);
      stepTitleComment = null;
    } else if (!current) {
      // Never "Step 2": without a sentence or comment above it, a step is named by what it runs.
      const title = fallbackTitle || leadingComment || commandTitle(command.text);
      current = { title, commands: [], source: range, commandSources: [] };
      steps.push(current);
    }
    current.commands.push(command.text);
    current.commandSources.push(range);
    i = command.last;
  }
  return steps.map(finishStep);
}

/** A block of commands: a fence tagged with a shell's name, or an untagged one whose lines read as commands. */
export function isCommandFence(block: FenceBlock): boolean {
  return SHELL_LANGUAGES.has(block.language) || (block.language === '' && looksLikeCommands(block.content));
}

/** Sentences of a paragraph or list item, code spans kept whole (a `.` inside `a.b` does not end one). */
export function sentences(raw: string): string[] {
  const spans = codeSpans(raw);
  const out: string[] = [];
  let start = 0;
  let span = 0;
  for (let i = 0; i < raw.length; i++) {
    while (span < spans.length && spans[span].end <= i) span++;
    if (span < spans.length && i >= spans[span].start) {
      i = spans[span].end - 1;
      continue;
    }
    if ((raw[i] === '.' || raw[i] === '!' || raw[i] === '?' || raw[i] === '\n') && (i + 1 === raw.length || /\s/.test(raw[i + 1]))) {
      out.push(raw.slice(start, i + 1));
      start = i + 1;
    }
  }
  out.push(raw.slice(start));
  return out.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}

/** A sentence as a step's name: plain text, without the closing stop or colon ("Check if an upgrade is in progress"). */
export function sentenceTitle(raw: string): string {
  const all = sentences(raw);
  const last = all[all.length - 1] ?? '';
  return cellText(last).replace(/[\s:.]+$/, '').slice(0, 200);
}

/**
 * The words of a sentence before its inline command, without the "with" or colon that leads to it ("Check recent
 * events"), or null when they are too few to name a step ("Check").
 */
export function wordsBeforeCommand(sentence: string, commandStart: number): string | null {
  const before = cellText(sentence.slice(0, commandStart)).replace(/(?:[\s:,→-]|\b(?:with|using|run(?:ning)?|by|via|e\.g|:))+$/i, '').trim();
  return before.split(/\s+/).length >= 2 ? before : null;
}

/**
 * The steps a sentence's inline commands make: ``Check recent events with `kubectl get events -n [ns]`.`` is a step
 * named by the words before the command ("Check recent events"), or by the whole sentence when they say nothing.
 */
function inlineSteps(raw: string, range: SourceRange): DiagnosticStep[] {
  const steps: DiagnosticStep[] = [];
  if (!raw.includes('`')) return steps;
  for (const sentence of sentences(raw)) {
    const spans = codeSpans(sentence).filter((span) => isInlineCommand(span.content));
    if (spans.length === 0) continue;
    const title = wordsBeforeCommand(sentence, spans[0].start) ?? cellText(sentence).replace(/[\s:.]+$/, '');
    const commands = spans.map((span) => span.content.trim());
    steps.push({ title, commands, placeholders: placeholderNames(commands), source: range, commandSources: commands.map(() => range) });
  }
  return steps;
}

export interface DiagnosticsReading {
  /** Read commands written inline in prose and list items too (`check \`kubectl get events\``). */
  inline: boolean;
  /** Say why indented code is not run (in the diagnosis section, where commands are expected). */
  reportIndented: boolean;
  /** The name for commands with nothing above them (the heading of the section they are in), or ''. */
  title?: string;
}

/**
 * All steps of the blocks' command fences (and, with `inline`, their inline commands), in order. A fence's commands
 * before its first step comment are named by the heading or sentence above it, or the list item it is in. What
 * cannot be read as written (an unclosed block) goes to `problems`; without it those problems are lost.
 */
export function readDiagnostics(
  blocks: readonly Block[],
  source: SourceLines,
  problems: RunbookProblem[],
  reading: DiagnosticsReading = { inline: true, reportIndented: true },
): DiagnosticStep[] {
  const steps: DiagnosticStep[] = [];
  const walk = (list: readonly Block[], outerTitle: string): void => {
    let title = outerTitle;
    // The paragraph above, named only when a command block follows it: most paragraphs introduce none.
    let sentenceAbove: string | null = null;
    for (const block of list) {
      if (block.kind !== 'fence') sentenceAbove = null;
      if (block.kind === 'heading') title = cellText(block.inline.content);
      else if (block.kind === 'paragraph') {
        const found = reading.inline ? inlineSteps(block.inline.content, source.linesRange(block.start, block.end)) : [];
        for (const step of found) steps.push(step);
        title = '';
        if (found.length === 0) sentenceAbove = block.inline.content;
      } else if (block.kind === 'list') {
        for (const item of block.items) {
          // A task item's `[ ]` box is no part of the step's name.
          const text = item.text.replace(TASK_BOX, '');
          const found = reading.inline ? inlineSteps(text, source.linesRange(item.start, item.end)) : [];
          for (const step of found) steps.push(step);
          // Named only when the item holds blocks: most items hold none, and naming costs a sentence split.
          if (item.blocks.length > 0) walk(item.blocks, text.trim() === '' ? title : sentenceTitle(text));
        }
        // "- Grow the volume if its storage class allows it:" introduces the block after the list.
        const last = block.items[block.items.length - 1];
        title = last && /:\s*$/.test(last.text) ? sentenceTitle(last.text) : '';
      } else if (block.kind === 'fence' && block.language === INDENTED_CODE) {
        if (reading.reportIndented) {
          problems.push(problemAt(source.linesRange(block.start), 'info', 'indented-code',
            'Indented code is not read as commands: put the commands in a ```bash block to run them from the runbook.'));
        }
      } else if (block.kind === 'fence' && isCommandFence(block)) {
        for (const step of stepsOfFence(block, sentenceAbove !== null ? sentenceTitle(sentenceAbove) : title, source, problems)) steps.push(step);
        title = '';
        sentenceAbove = null;
      }
    }
  };
  walk(blocks, reading.title ?? '');
  return steps;
}
