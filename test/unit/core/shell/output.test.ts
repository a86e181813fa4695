import * as assert from 'assert';
import { boundOutput, stripTerminalEscapes, TailBuffer, utf8Tail } from '../../../../src/core/shell/output';

describe('shell/output: stripTerminalEscapes', () => {
  const cases: [string, string, string][] = [
    ['shell-integration marks (OSC 633 ending in BEL)', '\x1b]633;C\x07probe-out\n\x1b]633;D;0\x07', 'probe-out\n'],
    ['OSC ending in ST', '\x1b]0;window title\x1b\\text', 'text'],
    ['8-bit OSC', '\x9d633;A\x9cafter', 'after'],
    ['colours (CSI SGR)', '\x1b[1;31mERROR\x1b[0m: down', 'ERROR: down'],
    ['cursor moves and erase (CSI)', '\x1b[2K\x1b[1Gline\x1b[?25h', 'line'],
    ['other ESC sequences', '\x1b(Bplain\x1b=\x1b7x\x1b8', 'plainx'],
    ['DCS strings', '\x1bPq#0;2;0;0;0\x1b\\img', 'img'],
    ['CRLF to LF', 'a\r\nb\r\n', 'a\nb\n'],
    ['carriage-return overwrite (progress)', '10%\r20%\r100%\ndone', '100%\ndone'],
    ['overwrite shorter than the line keeps the rest', 'abcdef\rXY', 'XYcdef'],
    ['bell and backspace dropped, tabs kept', 'a\x07b\x08\tc', 'ab\tc'],
    ['unicode untouched', 'température ✓ 🔥', 'température ✓ 🔥'],
    ['unterminated OSC swallows the rest', 'ok\x1b]633;P;Cwd=/x', 'ok'],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => assert.strictEqual(stripTerminalEscapes(input), expected));
  }
});

describe('shell/output: boundOutput', () => {
  const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

  it('keeps short output whole', () => {
    assert.deepStrictEqual(boundOutput('a\nb\n', { maxLines: 40, maxBytes: 4096 }), { text: 'a\nb', truncated: false });
  });

  it('keeps the LAST lines', () => {
    const { text, truncated } = boundOutput(lines(100), { maxLines: 40, maxBytes: 4096 });
    assert.strictEqual(truncated, true);
    const kept = text.split('\n');
    assert.strictEqual(kept.length, 40);
    assert.strictEqual(kept[0], 'line 61');
    assert.strictEqual(kept[39], 'line 100');
  });

  it('keeps within the byte budget, dropping whole lines from the front', () => {
    const { text, truncated } = boundOutput(lines(1000), { maxLines: 2000, maxBytes: 100 });
    assert.strictEqual(truncated, true);
    assert.ok(Buffer.byteLength(text) <= 100);
    assert.ok(text.endsWith('line 1000'));
    assert.ok(text.startsWith('line '), text);
  });

  it('keeps the tail of one huge line without splitting a character', () => {
    const { text, truncated } = boundOutput('é'.repeat(5000), { maxLines: 40, maxBytes: 4096 });
    assert.strictEqual(truncated, true);
    assert.ok(Buffer.byteLength(text) <= 4096);
    assert.match(text, /^é+$/);
  });

  it('utf8Tail never starts inside a character', () => {
    assert.strictEqual(utf8Tail('a🔥b', 5), '🔥b');
    assert.strictEqual(utf8Tail('a🔥b', 4), 'b');
  });
});

describe('shell/output: TailBuffer', () => {
  it('holds only the last bytes of a flood', () => {
    const tail = new TailBuffer(1000);
    for (let i = 0; i < 10000; i++) tail.push(`chunk ${i}\n`);
    const text = tail.text();
    assert.strictEqual(tail.truncated, true);
    assert.ok(Buffer.byteLength(text) <= 1000);
    assert.ok(text.endsWith('chunk 9999\n'));
  });

  it('is not truncated under its limit', () => {
    const tail = new TailBuffer(1000);
    tail.push(Buffer.from('hello '));
    tail.push('world');
    assert.deepStrictEqual([tail.text(), tail.truncated], ['hello world', false]);
  });
});
