// The runbook engine's public face: parseRunbook() turns a Markdown or YAML runbook into the Runbook model,
// with its problems. Pure (no `vscode`), and it never throws: a broken runbook loads what it can.
import { Runbook, RunbookProblem } from './model';
import { assembleRunbook } from './assemble';
import { controlCharacterProblems, looksBinary, repairForParsing } from './encoding';
import { readMarkdownRunbook } from './markdown/reader';
import type { LevelRow } from './levels';
import { emptyParts, RunbookParts } from './parts';
import { problemAt, START_OF_FILE } from './problems';
import { normaliseText, SourceLines } from './text';
import { readYamlRunbook } from './yamlRunbook';

export * from './model';
export { decodeRunbookBytes, normaliseText } from './text';
export { findMojibake, repairMojibake } from './repair';
export { formatMinutes, formatResponseTime, nextBusinessDayAfter, parseDuration, parseResponseTime } from './duration';
export type { ResponseKind, ResponseTime } from './duration';
export { escalationsDue, nextEscalation, parseEscalationWhen } from './escalation';
export type { EscalationCondition } from './escalation';
export { generateFlowchart, parseFlowchart } from './flowchart';
export type { Flowchart, FlowchartEdge, FlowchartNode, FlowchartShape } from './flowchart';
export { findPlaceholders, placeholderNames } from './placeholders';
export { parseTemplateFields, DEFAULT_TEMPLATE_TEXT } from './template';
export { DEFAULT_LEVELS } from './levels';
export type { LevelRow } from './levels';
export { DEFAULT_LEVELS_NOTICE, DEFAULT_LEVELS_SETTING, defaultSeverityLevels, describeDefaultLevels, readDefaultLevels, usesDefaultLevels } from './defaults';
export type { DefaultLevel, DefaultLevelsReading } from './defaults';

export interface ParseOptions {
  /** The levels of a runbook that defines none (see readDefaultLevels); DEFAULT_LEVELS when not given. */
  defaultLevels?: readonly LevelRow[];
}

/** True for paths the YAML reader takes (`*.runbook.yaml`, `*.yml`); everything else is read as Markdown. */
export function isYamlRunbookPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function unreadable(path: string, format: 'markdown' | 'yaml', source: SourceLines, problem: RunbookProblem, options: ParseOptions): Runbook {
  const parts = emptyParts(path, format, (line) => source.linesRange(line));
  parts.problems.push(problem);
  parts.readable = false;
  return assembleRunbook(parts, options.defaultLevels);
}

function parseText(input: string, path: string, options: ParseOptions): Runbook {
  const format = isYamlRunbookPath(path) ? 'yaml' : 'markdown';
  const text = normaliseText(input);
  if (text.trim() === '') {
    return unreadable(path, format, new SourceLines(text),
      problemAt(START_OF_FILE, 'error', 'empty-file', 'The runbook is empty; the default levels and template are used.'), options);
  }
  if (looksBinary(text)) {
    return unreadable(path, format, new SourceLines(''),
      problemAt(START_OF_FILE, 'error', 'binary-file', 'This file is not text (binary data, or a text encoding other than UTF-8/UTF-16 with BOM); nothing could be read.'), options);
  }
  const repaired = repairForParsing(text);
  const source = new SourceLines(repaired.text, repaired.edits);
  const parts: RunbookParts = format === 'yaml'
    ? readYamlRunbook(repaired.text, path, source)
    : readMarkdownRunbook(repaired.text, path, source);
  parts.problems = [...controlCharacterProblems(text), ...repaired.problems, ...parts.problems];
  return assembleRunbook(parts, options.defaultLevels);
}

/**
 * Reads a runbook. `path` picks the reader (`*.yaml`/`*.yml` → YAML, else Markdown) and names the runbook when it has
 * no title. Never throws.
 */
export function parseRunbook(text: string, path = '', options: ParseOptions = {}): Runbook {
  try {
    return parseText(typeof text === 'string' ? text : String(text ?? ''), path, options);
  } catch (error) {
    // A bug of ours must not take the editor's runbook features down; say so where the author will see it.
    const detail = error instanceof Error ? error.message : String(error);
    return unreadable(path, isYamlRunbookPath(path) ? 'yaml' : 'markdown', new SourceLines(''),
      problemAt(START_OF_FILE, 'error', 'internal-error', `The runbook reader failed (${detail}); please report this with the file.`), options);
  }
}
