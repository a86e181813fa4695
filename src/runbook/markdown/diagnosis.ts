// Quick diagnosis: shell code blocks split into named steps at `# N. Title` comments.
import { DiagnosticStep, SourceRange } from '../model';
import { placeholderNames } from '../placeholders';
import { SourceLines } from '../text';
import { cellText } from '../inline';
import { allBlocks, Block, FenceBlock } from './blocks';

const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'shell-session', 'shellsession', 'terminal', '']);
const PROMPTED_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'terminal']);

/** `# 1. Check health`, `# 2) Logs`, `# Step 3: Database`, `## 4 - Disk`. */
const STEP_COMMENT = /^#+\s*(?:step\s*)?(\d+)\s*[.):\-–]\s*(\S.*?)\s*$/i;
const HEREDOC = /<<-?\s*(['"]?)([\w-]+)\1/;

interface CommandLines {
  text: string;
  first: number;
  last: number;
}

/** One command starting at `index`: joins `\` continuations and here-documents. */
function commandAt(lines: readonly string[], index: number, prompted: boolean): CommandLines {
  const strip = (line: string): string => (prompted ? line.replace(/^\s*[$>]\s?/, '') : line).trimEnd();
  const parts = [strip(lines[index]).trimStart()];
  let last = index;
  const heredoc = HEREDOC.exec(parts[0]);
  if (heredoc) {
    const delimiter = heredoc[2];
    while (last + 1 < lines.length) {
      last++;
      parts.push(lines[last].trimEnd());
      if (lines[last].trim() === delimiter) break;
    }
  }
  while (parts[parts.length - 1].endsWith('\\') && last + 1 < lines.length) {
    last++;
    parts.push(strip(lines[last]));
  }
  return { text: parts.join('\n'), first: index, last };
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

/** The steps of one shell block. Commands before the first numbered comment form a step named after `fallbackTitle`. */
export function stepsOfFence(fence: FenceBlock, fallbackTitle: string, source: SourceLines, firstNumber: number): DiagnosticStep[] {
  const lines = fence.content.replace(/\n$/, '').split('\n');
  const prompted = PROMPTED_LANGUAGES.has(fence.language);
  const firstLine = fence.start + 1;
  const steps: StepDraft[] = [];
  let current: StepDraft | null = null;
  let leadingComment = '';
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '') continue;
    const stepComment = STEP_COMMENT.exec(trimmed);
    if (stepComment) {
      current = { title: stepComment[2], commands: [], source: source.linesRange(firstLine + i), commandSources: [] };
      steps.push(current);
      continue;
    }
    if (trimmed.startsWith('#') && !trimmed.startsWith('#!')) {
      if (!current && !leadingComment) leadingComment = trimmed.replace(/^#+\s*/, '');
      continue;
    }
    if (prompted && !/^[$>]/.test(trimmed)) continue; // command output in a console transcript
    const command = commandAt(lines, i, prompted);
    const range = source.linesRange(firstLine + command.first, firstLine + command.last + 1);
    if (!current) {
      const title = fallbackTitle || leadingComment || `Step ${firstNumber + steps.length}`;
      current = { title, commands: [], source: range, commandSources: [] };
      steps.push(current);
    }
    current.commands.push(command.text);
    current.commandSources.push(range);
    i = command.last;
  }
  return steps.map(finishStep);
}

/** All steps of the section's shell blocks, in order; a block without numbered comments is named after the heading above it. */
export function readDiagnostics(blocks: readonly Block[], source: SourceLines): DiagnosticStep[] {
  const steps: DiagnosticStep[] = [];
  let heading = '';
  for (const block of allBlocks(blocks)) {
    if (block.kind === 'heading') heading = cellText(block.inline.content);
    if (block.kind !== 'fence' || !SHELL_LANGUAGES.has(block.language)) continue;
    for (const step of stepsOfFence(block, heading, source, steps.length + 1)) steps.push(step);
    heading = '';
  }
  return steps;
}
