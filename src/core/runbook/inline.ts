// Helpers for the inline Markdown inside one block (a list item, a table cell, a label line). Block
// structure comes from markdown-it; these only look inside one block's raw text, following CommonMark's
// rules for code spans so that an arrow or comma inside `code` is never taken as punctuation.

export interface CodeSpan {
  /** Offset of the opening backticks. */
  start: number;
  /** Offset just after the closing backticks. */
  end: number;
  content: string;
}

/** Code spans by CommonMark rules: a run of N backticks closes at the next run of exactly N. */
export function codeSpans(raw: string): CodeSpan[] {
  if (raw.indexOf('`') === -1) return [];
  const spans: CodeSpan[] = [];
  // A run length that found no closing run once will find none later either; remembering it keeps this linear.
  const unclosed = new Set<number>();
  let i = 0;
  while (i < raw.length) {
    const char = raw[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char !== '`') {
      i++;
      continue;
    }
    let runEnd = i;
    while (raw[runEnd] === '`') runEnd++;
    const length = runEnd - i;
    let search = unclosed.has(length) ? raw.length : runEnd;
    let closing = -1;
    while (search < raw.length) {
      const next = raw.indexOf('`', search);
      if (next === -1) break;
      let nextEnd = next;
      while (raw[nextEnd] === '`') nextEnd++;
      if (nextEnd - next === length) {
        closing = next;
        break;
      }
      search = nextEnd;
    }
    if (closing === -1) {
      unclosed.add(length);
      i = runEnd;
      continue;
    }
    let content = raw.slice(runEnd, closing).replace(/\n/g, ' ');
    if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') {
      content = content.slice(1, -1);
    }
    spans.push({ start: i, end: closing + length, content });
    i = closing + length;
  }
  return spans;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Characters that can start inline markup; text without any of them is already plain. */
const MARKUP = /[[<*_~\\&]/;

/**
 * `[text](target)` and `![alt](src)`. The text stops at a bracket either way, so a run of `[` is scanned once, not
 * once per bracket (and `[a [b](u)` keeps `[a ` as CommonMark does). The target runs to the next `)`: applied only to
 * the text up to the last `)` (linksAsText), that search never fails, so it never rescans the rest of a long line.
 */
const LINK = /!?\[([^\][]*)\]\([^)]*\)/g;

function linksAsText(text: string): string {
  const lastClose = text.lastIndexOf(')');
  if (lastClose === -1 || text.indexOf('](') === -1) return text;
  return text.slice(0, lastClose + 1).replace(LINK, '$1') + text.slice(lastClose + 1);
}

const STRONG_MARKERS = ['**', '__', '~~'] as const;
const SPACE = /\s/;
/** A marker with a non-space after it. */
const OPENER = /(?:\*\*|__|~~)(?=\S)/g;

/**
 * `**strong**`, `__strong__`, `~~struck~~` without their markers: an opener followed by a non-space closes at the
 * nearest same marker that follows a non-space (as the lazy pattern `(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1` would). A
 * scan, not that pattern: on a line of openers that never close it rescanned the rest of the line from each one.
 * Each marker's closers are found once and walked with a pointer that only moves forward.
 */
export function strongAsText(text: string): string {
  const closers = STRONG_MARKERS.map((marker) => {
    const found: number[] = [];
    for (let at = text.indexOf(marker, 1); at !== -1; at = text.indexOf(marker, at + 1)) {
      if (!SPACE.test(text[at - 1])) found.push(at);
    }
    return found;
  });
  if (closers.every((found) => found.length === 0)) return text;
  const next = STRONG_MARKERS.map(() => 0);
  let out = '';
  let copied = 0;
  OPENER.lastIndex = 0;
  let opener: RegExpExecArray | null;
  while ((opener = OPENER.exec(text)) !== null) {
    const at = opener.index;
    // The search goes on from the next character, so `***` is tried at each of its positions, as the pattern was.
    OPENER.lastIndex = at + 1;
    const kind = STRONG_MARKERS.indexOf(opener[0] as typeof STRONG_MARKERS[number]);
    const found = closers[kind];
    while (next[kind] < found.length && found[next[kind]] < at + 3) next[kind]++;
    if (next[kind] === found.length) continue;
    const close = found[next[kind]];
    out += text.slice(copied, at) + text.slice(at + 2, close);
    copied = close + 2;
    OPENER.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Plain text of inline Markdown outside code: links keep their text, emphasis markers and escapes go. */
function plainSegment(text: string): string {
  if (!MARKUP.test(text)) return text;
  // `*em*`'s text cannot hold a marker, so each attempt stops at the next one: linear without help.
  return strongAsText(linksAsText(text)
    .replace(/<(https?:\/\/[^<>\s]+)>/g, '$1')
    .replace(/<br\s*\/?>/gi, ' '))
    .replace(/(^|[^\w*])([*_])(?=\S)([^*_]*?\S)\2(?=$|[^\w*])/g, '$1$3')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_whole, name: string) => ENTITIES[name] ?? _whole);
}

const ODD_SPACE = /[^\S ]| {2}/;

function needsSpaceCleanup(text: string): boolean {
  return text.startsWith(' ') || text.endsWith(' ') || ODD_SPACE.test(text);
}

/** Inline Markdown as plain text; code spans are kept with their backticks so commands still read as commands. */
export function inlineText(raw: string): string {
  const spans = codeSpans(raw);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += plainSegment(raw.slice(at, span.start)) + '`' + span.content + '`';
    at = span.end;
  }
  out += plainSegment(raw.slice(at));
  // Only runs and odd spaces are replaced: `\s+` would call for a replacement at every single space of a long line.
  return needsSpaceCleanup(out) ? out.replace(/\s{2,}|[^\S ]/g, ' ').trim() : out;
}

/** Inline Markdown as plain text without code backticks (for cells such as `**1**`). */
export function cellText(raw: string): string {
  return inlineText(raw).replace(/`([^`]*)`/g, '$1');
}

export interface BoldLabel {
  /** The bold text without a trailing colon: "Symptoms". */
  label: string;
  /** Whether a colon follows (inside or after the bold). */
  colon: boolean;
  /** Raw Markdown after the label and colon. */
  rest: string;
}

/** Leading symbols tolerated before a bold label (emoji, warning signs, bullets). */
const LABEL = /^[^\p{L}\p{N}*_`[]*?(\*\*|__)(?=\S)(.+?)\1\s*(:?)\s*/u;

/** `**Symptoms**: ...`, `**Symptoms:** ...`, `⚠️ **CRITICAL**: ...`. */
export function boldLabel(raw: string): BoldLabel | null {
  if (raw.indexOf('**') === -1 && raw.indexOf('__') === -1) return null;
  const match = LABEL.exec(raw);
  if (!match) return null;
  const inner = match[2].trim();
  const colonInside = inner.endsWith(':');
  return {
    label: (colonInside ? inner.slice(0, -1) : inner).trim(),
    colon: colonInside || match[3] === ':',
    rest: raw.slice(match[0].length),
  };
}

/** Arrows that separate a question from its check: `→` (also as mis-decoded `â†’`), `->`, `=>`, `⇒`, `➜`, `➡`. */
const ARROW = /(?:→|â†’|⇒|➜|➡️?|->|=>)/g;

/** Splits at the first arrow outside code spans; null when there is none. */
export function splitAtArrow(raw: string): { before: string; after: string } | null {
  const spans = codeSpans(raw);
  let span = 0;
  ARROW.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ARROW.exec(raw)) !== null) {
    const at = match.index;
    while (span < spans.length && spans[span].end <= at) span++;
    if (span < spans.length && at >= spans[span].start) {
      ARROW.lastIndex = spans[span].end;
      continue;
    }
    // The spaces around the arrow are trimmed here, not matched by the pattern: a leading `\s*` there would rescan
    // a run of spaces from each of its positions (quadratic on a long line of spaces).
    return { before: raw.slice(0, at).trimEnd(), after: raw.slice(at + match[0].length).trimStart() };
  }
  return null;
}

/** Splits "a, b (c, d); e" at commas and semicolons outside brackets and code. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let inCode = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '`') inCode = !inCode;
    else if (inCode) continue;
    else if (char === '(' || char === '[') depth++;
    else if ((char === ')' || char === ']') && depth > 0) depth--;
    else if ((char === ',' || char === ';') && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
