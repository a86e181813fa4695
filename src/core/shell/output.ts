// Turning what a terminal or a process printed into text fit for an incident note:
// escapes stripped, carriage-return overwrites applied, and only the last lines kept.
// Pure: no `vscode` import.

// ESC ] ... (BEL | ESC \ | ST), also the 8-bit OSC introducer; VS Code's shell integration writes `ESC ] 633;C BEL`.
const OSC = /(?:\x1b\]|\x9d)[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// DCS, SOS, PM, APC strings: ESC P / X / ^ / _ ... ST.
const STRING_SEQUENCE = /(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[\s\S]*?(?:\x1b\\|\x9c|$)/g;
// CSI: ESC [ (or 0x9b) parameters, intermediates, one final byte.
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
// Any other escape: ESC, intermediates, one final byte (ESC ( B, ESC =, ESC 7...).
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g;
// Control characters that carry no text (BEL, backspace, form feed, C1...), after the sequences are gone.
const STRAY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/g;

/**
 * `text` as a person would read it: without terminal escape sequences (CSI colours and cursor moves, OSC
 * titles and shell-integration marks, other ESC sequences) and other control characters, with CRLF as LF
 * and a lone CR overwriting the line from its start, as a terminal shows progress bars.
 */
export function stripTerminalEscapes(text: string): string {
  const plain = text
    .replace(OSC, '')
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(/\r+\n/g, '\n')
    .replace(STRAY_CONTROL, '');
  return plain.split('\n').map(applyCarriageReturns).join('\n');
}

function applyCarriageReturns(line: string): string {
  if (!line.includes('\r')) return line;
  let shown = '';
  for (const segment of line.split('\r')) shown = segment + shown.slice(segment.length);
  return shown;
}

export interface OutputBounds {
  maxLines: number;
  maxBytes: number;
}

export const TIMELINE_OUTPUT_BOUNDS: OutputBounds = { maxLines: 40, maxBytes: 4096 };

/**
 * The last lines of `text` within `maxLines` lines and `maxBytes` UTF-8 bytes: the end of an output is where
 * the error usually is. A single line longer than the byte budget keeps its tail. `truncated` says whether
 * anything was dropped. A final line break does not count as an extra empty line.
 */
export function boundOutput(text: string, bounds: OutputBounds): { text: string; truncated: boolean } {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  let truncated = false;
  if (lines.length > bounds.maxLines) {
    lines.splice(0, lines.length - bounds.maxLines);
    truncated = true;
  }
  let bytes = lines.reduce((sum, line) => sum + utf8Length(line), 0) + Math.max(0, lines.length - 1);
  while (bytes > bounds.maxBytes && lines.length > 1) {
    bytes -= utf8Length(lines.shift() as string) + 1;
    truncated = true;
  }
  if (bytes > bounds.maxBytes && lines.length === 1) {
    lines[0] = utf8Tail(lines[0], bounds.maxBytes);
    truncated = true;
  }
  return { text: lines.join('\n'), truncated };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The last `maxBytes` bytes of `text` as UTF-8, never starting in the middle of a character. */
export function utf8Tail(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  return decoder.decode(bytes.subarray(start));
}

/** Keeps only the last `maxBytes` of a byte stream as it arrives, so a flood of output never fills memory. */
export class TailBuffer {
  private chunks: Uint8Array[] = [];
  private held = 0;
  private seen = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this.chunks.push(bytes);
    this.held += bytes.length;
    this.seen += bytes.length;
    while (this.chunks.length > 1 && this.held - this.chunks[0].length >= this.maxBytes) {
      this.held -= (this.chunks.shift() as Uint8Array).length;
    }
  }

  /** True once more bytes arrived than are kept. */
  get truncated(): boolean {
    return this.seen > this.maxBytes;
  }

  text(): string {
    const all = new Uint8Array(this.held);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    let start = Math.max(0, all.length - this.maxBytes);
    while (start > 0 && start < all.length && (all[start] & 0xc0) === 0x80) start++;
    return decoder.decode(all.subarray(start));
  }
}
