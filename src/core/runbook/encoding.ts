// Problems with the file's characters rather than its Markdown: binary content, stray control characters and
// mis-decoded UTF-8. Mis-decoded runs are repaired for parsing, with column edits so ranges still match the file.
import { RunbookProblem } from './model';
import { problemAt } from './problems';
import { findMojibakeSpans } from './repair';
import { ColumnEdit, lineStarts, positionAt } from './text';

const SAMPLE = 8192;

function isSuspicious(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c) || code === 0xfffd || code === 0x7f;
}

/** True when over a tenth of the first 8K characters are control characters or decoding failures. */
export function looksBinary(text: string): boolean {
  const length = Math.min(text.length, SAMPLE);
  let suspicious = 0;
  for (let i = 0; i < length; i++) if (isSuspicious(text.charCodeAt(i))) suspicious++;
  return length > 0 && suspicious * 10 > length;
}

const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g;
const MAX_CONTROL_PROBLEMS = 20;

/** One warning per line with control characters or decoding failures, up to a limit. */
export function controlCharacterProblems(text: string): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  if (!CONTROL.test(text)) return problems;
  const starts = lineStarts(text);
  let lastLine = -1;
  CONTROL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CONTROL.exec(text)) !== null && problems.length < MAX_CONTROL_PROBLEMS) {
    const { line, column } = positionAt(starts, match.index);
    if (line === lastLine) continue;
    lastLine = line;
    const code = match[0].charCodeAt(0);
    const what = code === 0xfffd ? 'bytes that are not valid UTF-8' : `an invisible control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    problems.push(problemAt({ line, column, endLine: line, endColumn: column + 1 }, 'warning', 'control-character',
      `This line has ${what}; it is ignored.`));
  }
  return problems;
}

export interface RepairedText {
  text: string;
  problems: RunbookProblem[];
  /** Per line, where the repaired text is shorter than the file. */
  edits: Map<number, ColumnEdit[]>;
}

/** Repairs mis-decoded runs for parsing and reports each as a problem with a quick fix. */
export function repairForParsing(text: string): RepairedText {
  const spans = findMojibakeSpans(text);
  if (spans.length === 0) return { text, problems: [], edits: new Map() };
  const starts = lineStarts(text);
  const problems: RunbookProblem[] = [];
  const edits = new Map<number, ColumnEdit[]>();
  let repaired = '';
  let at = 0;
  let shiftLine = -1;
  let shift = 0;
  for (const span of spans) {
    const { line, column } = positionAt(starts, span.start);
    if (line !== shiftLine) {
      shiftLine = line;
      shift = 0;
    }
    const original = text.slice(span.start, span.end);
    const range = { line, column, endLine: line, endColumn: column + original.length };
    problems.push(problemAt(range, 'warning', 'mojibake',
      `Mis-decoded text "${original}" (meant "${span.repaired}"): the file went through the wrong encoding once.`,
      { title: `Repair mis-decoded text: "${original}" → "${span.repaired}"`, range, newText: span.repaired }));
    const lineEdits = edits.get(line) ?? [];
    lineEdits.push({ parsedColumn: column - shift, parsedLength: span.repaired.length, originalLength: original.length });
    edits.set(line, lineEdits);
    shift += original.length - span.repaired.length;
    repaired += text.slice(at, span.start) + span.repaired;
    at = span.end;
  }
  return { text: repaired + text.slice(at), problems, edits };
}
