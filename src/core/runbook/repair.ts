// Mis-decoded UTF-8 ("mojibake"): a UTF-8 file read as Windows-1252 or Latin-1 and saved again shows
// `â†’` for `→`, `ðŸ”´` for 🔴, `â€”` for —. The repair is general, not a table of known pairs: map each
// character back to the byte Windows-1252/Latin-1 would have written, and keep the result only when those
// bytes form valid multi-byte UTF-8. We only find and offer repairs; the caller decides to apply them.
import { SourceRange } from './model';
import { lineStarts, positionAt } from './text';

/** Windows-1252 characters for bytes 0x80..0x9F (the rest of 0x80..0xFF is Latin-1, i.e. U+0080..U+00FF). */
const CP1252_HIGH: Readonly<Record<number, number>> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/**
 * A lead byte (Â..ô, i.e. 0xC2..0xF4) followed by characters that stand for continuation bytes 0x80..0xBF.
 * Cheap to run over a whole file; each hit is then checked byte by byte.
 */
const CANDIDATE =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+/g;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function byteOf(char: number): number | undefined {
  if (char >= 0x80 && char <= 0xff) return char;
  return CP1252_HIGH[char];
}

/** Length of the UTF-8 sequence a lead byte starts, with the allowed range of its second byte. */
function sequenceShape(lead: number): { length: number; secondMin: number; secondMax: number } | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, secondMin: 0x80, secondMax: 0xbf };
  if (lead === 0xe0) return { length: 3, secondMin: 0xa0, secondMax: 0xbf };
  if (lead === 0xed) return { length: 3, secondMin: 0x80, secondMax: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, secondMin: 0x80, secondMax: 0xbf };
  if (lead === 0xf0) return { length: 4, secondMin: 0x90, secondMax: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, secondMin: 0x80, secondMax: 0xbf };
  if (lead === 0xf4) return { length: 4, secondMin: 0x80, secondMax: 0x8f };
  return null;
}

/** Decodes the one mis-decoded character starting at `start`, or returns null when the bytes are not valid UTF-8. */
function decodeAt(text: string, start: number): { end: number; decoded: string } | null {
  const lead = byteOf(text.charCodeAt(start));
  const shape = lead === undefined ? null : sequenceShape(lead);
  if (lead === undefined || !shape || start + shape.length > text.length) return null;
  const bytes = new Uint8Array(shape.length);
  bytes[0] = lead;
  for (let i = 1; i < shape.length; i++) {
    const byte = byteOf(text.charCodeAt(start + i));
    const min = i === 1 ? shape.secondMin : 0x80;
    const max = i === 1 ? shape.secondMax : 0xbf;
    if (byte === undefined || byte < min || byte > max) return null;
    bytes[i] = byte;
  }
  try {
    return { end: start + shape.length, decoded: utf8.decode(bytes) };
  } catch {
    return null;
  }
}

export interface MojibakeSpan {
  start: number;
  end: number;
  repaired: string;
}

/** One span per mis-decoded character, in order. */
function findCharacterSpans(text: string): MojibakeSpan[] {
  const spans: MojibakeSpan[] = [];
  CANDIDATE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CANDIDATE.exec(text)) !== null) {
    const decoded = decodeAt(text, match.index);
    if (!decoded) {
      CANDIDATE.lastIndex = match.index + 1;
      continue;
    }
    CANDIDATE.lastIndex = decoded.end;
    spans.push({ start: match.index, end: decoded.end, repaired: decoded.decoded });
  }
  return spans;
}

/**
 * Finds runs of mis-decoded characters by offset; adjacent characters form one run. The repair is
 * repeated on each run so text that was mis-decoded twice comes back whole.
 */
export function findMojibakeSpans(text: string): MojibakeSpan[] {
  const runs: MojibakeSpan[] = [];
  for (const span of findCharacterSpans(text)) {
    const last = runs[runs.length - 1];
    if (last && last.end === span.start) {
      last.end = span.end;
      last.repaired += span.repaired;
    } else {
      runs.push({ ...span });
    }
  }
  for (const run of runs) run.repaired = repairFully(run.repaired);
  return runs;
}

function repairFully(text: string): string {
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const next = applySpans(current, findCharacterSpans(current));
    if (next === current) break;
    current = next;
  }
  return current;
}

function applySpans(text: string, spans: readonly MojibakeSpan[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.repaired;
    at = span.end;
  }
  return out + text.slice(at);
}

/** The text with every mis-decoded run repaired. Text without mojibake comes back unchanged (same string). */
export function repairMojibake(text: string): string {
  return applySpans(text, findMojibakeSpans(text));
}

/** Mis-decoded runs with their 0-based ranges (in `text` as given) and the repaired text for each. */
export function findMojibake(text: string): { range: SourceRange; repaired: string }[] {
  const spans = findMojibakeSpans(text);
  if (spans.length === 0) return [];
  const starts = lineStarts(text);
  return spans.map((span) => {
    const start = positionAt(starts, span.start);
    const end = positionAt(starts, span.end);
    return {
      range: { line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
      repaired: span.repaired,
    };
  });
}
