// Getting a runbook's text into one shape before parsing: no BOM, '\n' line ends, and a way to turn
// line/column pairs into SourceRanges that still point at the file as the editor shows it.
import { SourceRange } from './model';

/** Strips a leading BOM and turns CRLF / lone CR into LF. Line numbers are unchanged (editors count lines the same way). */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.indexOf('\r') === -1 ? withoutBom : withoutBom.replace(/\r\n?/g, '\n');
}

/**
 * Decodes a runbook file's bytes: UTF-8 (with or without BOM), or UTF-16 when it starts with a UTF-16 BOM.
 * Invalid UTF-8 becomes U+FFFD rather than an exception, so binary files still reach the parser and get a problem.
 */
export function decodeRunbookBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Offsets at which each line starts, for turning a text offset into a line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let index = text.indexOf('\n');
  while (index !== -1) {
    starts.push(index + 1);
    index = text.indexOf('\n', index + 1);
  }
  return starts;
}

/** 0-based line and column of an offset. */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, column: offset - starts[low] };
}

/**
 * A column shift on one line: text parsed after a repair is shorter than the file on disk, so a column in
 * the parsed text maps back by adding the length difference of every repair left of it.
 */
export interface ColumnEdit {
  /** Column in the parsed (repaired) line where the replacement starts. */
  parsedColumn: number;
  parsedLength: number;
  originalLength: number;
}

/**
 * The lines being parsed, plus the column edits that map them back to the file. Every SourceRange the
 * readers produce goes through here, so ranges always point into the file as written.
 */
export class SourceLines {
  readonly lines: string[];
  private readonly edits: ReadonlyMap<number, readonly ColumnEdit[]>;

  constructor(text: string, edits: ReadonlyMap<number, readonly ColumnEdit[]> = new Map()) {
    this.lines = text.split('\n');
    this.edits = edits;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  /** Maps a column of the parsed text to the file's column. */
  originalColumn(line: number, column: number): number {
    const edits = this.edits.get(line);
    if (!edits) return column;
    let shift = 0;
    for (const edit of edits) {
      if (edit.parsedColumn >= column) break;
      const inside = column - edit.parsedColumn;
      shift += inside >= edit.parsedLength ? edit.originalLength - edit.parsedLength : 0;
    }
    return column + shift;
  }

  range(line: number, column: number, endLine: number, endColumn: number): SourceRange {
    return {
      line,
      column: this.originalColumn(line, column),
      endLine,
      endColumn: this.originalColumn(endLine, endColumn),
    };
  }

  /** From the first non-blank character of `start` to the end of the last non-blank line before `endExclusive`. */
  linesRange(start: number, endExclusive: number = start + 1): SourceRange {
    let end = Math.min(Math.max(endExclusive, start + 1), this.lines.length) - 1;
    while (end > start && this.lineText(end).trim() === '') end--;
    const first = this.lineText(start);
    const startColumn = first.length - first.trimStart().length;
    return this.range(start, startColumn, end, this.lineText(end).trimEnd().length);
  }
}

/** `text` without its trailing newlines. A loop, not `/\n+$/`: that pattern retries from every newline of a long run. */
export function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}
