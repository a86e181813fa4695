// YAML front matter of incident notes: a fast reader for the plain shape our own serialiser writes, and the `yaml`
// package for everything else. The fast reader exists because the incidents tree loads every note in the folder;
// it either returns exactly what `yaml` would (core schema) or gives up, never something different. Anything
// unusual — comments after values, anchors, block scalars, flow maps, odd indentation — goes to `yaml`, which also
// reports the errors with their lines.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

export interface FrontMatterEntry {
  key: string;
  value: unknown;
  /** 0-based line in the note file. */
  line: number;
}

export interface NoteProblem {
  /** 0-based line in the note file (the glue's Diagnostic ranges are 0-based too). */
  line: number;
  message: string;
}

export type FrontMatterResult = { ok: true; entries: Map<string, FrontMatterEntry> } | { ok: false; problems: NoteProblem[] };

/**
 * Reads the front matter held in `lines[start..end)` (the note split on '\n', CRLF lines keeping their '\r');
 * `start` is also the front matter's first line number in the note.
 */
export function readFrontMatter(lines: readonly string[], start: number, end: number): FrontMatterResult {
  const fast = fastFrontMatterLines(lines, start, end);
  if (fast) return { ok: true, entries: fast };
  let text = '';
  for (let i = start; i < end; i++) text += lines[i] + '\n';
  return yamlFrontMatter(text, start);
}

/** The `yaml` route; exported so tests can hold the fast reader to it. */
export function yamlFrontMatter(text: string, firstLine: number): FrontMatterResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const lineOf = (offset: number): number => firstLine + lineCounter.linePos(offset).line - 1;
  const problems: NoteProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    problems.push({ line: lineOf(error.pos[0]), message: `Front matter: ${firstSentence(error.message)}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const entries = new Map<string, FrontMatterEntry>();
  if (doc.contents === null) return { ok: true, entries };
  if (!isMap(doc.contents)) {
    return { ok: false, problems: [{ line: firstLine, message: 'Front matter must be `key: value` lines.' }] };
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ line: firstLine, message: `Front matter: ${(error as Error).message}` }] };
  }
  const values = js as Record<string, unknown>;
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const line = isScalar(keyNode) && keyNode.range ? lineOf(keyNode.range[0]) : firstLine;
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      problems.push({ line, message: 'Front matter keys must be plain words such as `status`.' });
      continue;
    }
    entries.set(keyNode.value, { key: keyNode.value, value: values[keyNode.value], line });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

function firstSentence(message: string): string {
  // yaml's pretty errors append a source excerpt after a blank line; the Problems panel shows the line already.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

// ---- the fast reader ----------------------------------------------------------------------------------------

/** Returned by the scalar reader when only `yaml` can say what the text means. */
const GIVE_UP = Symbol('give up');

// With the `s` flag `.*` reaches the end of the line whatever it holds, so `$` never fails after it and the
// `[ ]+` before it is never backtracked through (without it, a long run of spaces before U+2028 was quadratic).
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$/s;
const ITEM_LINE = /^( *)-(?:[ ]+(.*))?$/s;
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const MAYBE_NOT_STRING = /^[-+.~0-9nNtTfF]/;
const PLAIN_FIRST_INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
// Control characters, tabs, carriage returns and the Unicode line and paragraph separators inside a line make
// YAML's rules subtle; leave them to `yaml`.
const UNUSUAL_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f\ufeff\u2028\u2029]/;

/**
 * YAML trims only spaces and tabs; JavaScript's trimEnd also eats no-break and other Unicode spaces, which are text.
 * A loop, not `/[ \t]+$/`: that regex tries every run of spaces to the line's end, quadratic on a long line of them.
 */
function trimYamlSpace(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function fastScalar(raw: string): unknown {
  const text = trimYamlSpace(raw);
  const first = text.charCodeAt(0);
  if (first === 0x22 /* " */) {
    if (text.length < 2 || !text.endsWith('"')) return GIVE_UP;
    try {
      // On a single line, a YAML double-quoted scalar that is also valid JSON means the same as JSON.
      return JSON.parse(text) as string;
    } catch {
      return GIVE_UP;
    }
  }
  if (first === 0x27 /* ' */) {
    const m = SINGLE_QUOTED.exec(text);
    return m ? m[1].replace(/''/g, "'") : GIVE_UP;
  }
  if (PLAIN_FIRST_INDICATOR.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) {
    return GIVE_UP;
  }
  // Only text starting like a null, a boolean or a number can be one.
  if (!MAYBE_NOT_STRING.test(text)) return text;
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (CORE_INT.test(text)) return parseInt(text, 10);
  if (CORE_OTHER_NUMBER.test(text)) return GIVE_UP;
  return text;
}

function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) === 0x20 && line.trim() === '');
}

function isReservedKey(key: string): boolean {
  // `null:` or `true:` is not the string key it looks like.
  return CORE_NULL.test(key) || CORE_BOOL.test(key);
}

/** The fast reader over front matter text (each line ending in a newline); null hands the text to `yaml`. */
export function fastFrontMatter(text: string, firstLine: number): Map<string, FrontMatterEntry> | null {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return fastFrontMatterLines([...new Array<string>(firstLine).fill(''), ...lines], firstLine, firstLine + lines.length);
}

function fastFrontMatterLines(source: readonly string[], start: number, end: number): Map<string, FrontMatterEntry> | null {
  const lines: string[] = [];
  for (let i = start; i < end; i++) {
    const line = source[i].endsWith('\r') ? source[i].slice(0, -1) : source[i];
    if (UNUSUAL_CHARACTERS.test(line)) return null;
    lines.push(line);
  }
  const firstLine = start;
  const entries = new Map<string, FrontMatterEntry>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line[0] === '#' || isBlank(line)) {
      i++;
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m || isReservedKey(m[1]) || entries.has(m[1])) return null;
    const key = m[1];
    const rest = trimYamlSpace(m[2] ?? '');
    const keyLine = i;
    i++;
    let value: unknown;
    if (rest === '[]') {
      value = [];
    } else if (rest !== '') {
      value = fastScalar(rest);
      if (value === GIVE_UP) return null;
    } else {
      const seq = fastBlockSequence(lines, i);
      if (!seq) return null;
      value = seq.items;
      i = seq.next;
    }
    entries.set(key, { key, value, line: firstLine + keyLine });
  }
  return entries;
}

/**
 * A block sequence of scalars or of flat maps of scalars, starting at line `start`; `items` is null when the
 * key has no value at all.
 */
function fastBlockSequence(lines: string[], start: number): { items: unknown[] | null; next: number } | null {
  let i = start;
  while (i < lines.length && lines[i].trim() === '') i++;
  const firstItem = i < lines.length ? ITEM_LINE.exec(lines[i]) : null;
  if (!firstItem) {
    // `key:` with nothing under it is null; anything indented under it is structure we leave to `yaml`.
    if (i < lines.length && /^\s/.test(lines[i])) return null;
    return { items: null, next: start };
  }
  const indent = firstItem[1];
  const itemPrefix = indent + '-';
  const fieldIndent = indent + '  ';
  const items: unknown[] = [];
  let current: Record<string, unknown> | null = null;
  let end = start;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (line.startsWith(itemPrefix)) {
      const item = ITEM_LINE.exec(line);
      if (!item || item[1] !== indent || item[2] === undefined) return null;
      const content = trimYamlSpace(item[2]);
      const field = KEY_LINE.exec(content);
      if (field) {
        const value = field[2] === undefined ? GIVE_UP : fastScalar(field[2]);
        if (value === GIVE_UP || isReservedKey(field[1])) return null;
        current = { [field[1]]: value };
        items.push(current);
      } else {
        const value = content === '[]' ? GIVE_UP : fastScalar(content);
        if (value === GIVE_UP) return null;
        current = null;
        items.push(value);
      }
      i++;
      end = i;
      continue;
    }
    if (current && line.startsWith(fieldIndent) && line[fieldIndent.length] !== ' ') {
      const field = KEY_LINE.exec(line.slice(fieldIndent.length));
      if (!field || field[2] === undefined || isReservedKey(field[1]) || field[1] in current) return null;
      const value = fastScalar(field[2]);
      if (value === GIVE_UP) return null;
      current[field[1]] = value;
      i++;
      end = i;
      continue;
    }
    // The sequence ended. A key at column 0 continues the mapping; anything else is for `yaml`.
    if (/^\s/.test(line) || line[0] === '#' || (indent === '' && line[0] === '-')) return null;
    break;
  }
  return { items, next: end };
}
