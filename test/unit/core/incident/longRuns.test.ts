// Crafted note text must not freeze the extension host: every reading and writing of a note stays linear in
// the length of a long run (of spaces, backticks, hashes...) wherever it stands. Speed is judged as a ratio
// of two sizes measured in the same run, never as a wall-clock constant.
import * as assert from 'assert';
import { commandOutcome, normalizeEventText } from '../../../../src/core/incident/events';
import { setStatus } from '../../../../src/core/incident/lifecycle';
import { appendToNote, parseIncidentNote, updateIncidentNote } from '../../../../src/core/incident/note';
import { sectionHash } from '../../../../src/core/postmortem/regenerate';
import { at, fixtureText } from './fixtures';

const note = fixtureText('resolved-on-time.md');
const open = note.replace('status: Resolved', 'status: Investigating').replace(/^resolved: .*$/m, 'resolved: null');

function medianMs(work: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** `work` on a run 16 times as long takes far less than 16² times as long (linear ≈ 16; the bound is 4 × 16). */
function assertLinear(name: string, work: (run: number) => unknown, small = 2000): void {
  const large = small * 16;
  work(small);
  work(large);
  const smallMs = medianMs(() => work(small), 7);
  const largeMs = medianMs(() => work(large), 3);
  // A floor for the small time, so that a run too quick to measure cannot make a linear ratio look large.
  assert.ok(largeMs / Math.max(smallMs, 0.2) < 16 * 4, `${name}: ${largeMs.toFixed(1)} ms vs ${smallMs.toFixed(1)} ms for a 16× longer run`);
}

/** Reads the note and writes a status change into it, as the extension does for every update. */
function readAndUpdate(text: string): void {
  const parsed = parseIncidentNote(text, 'n.md');
  if (!parsed.ok) return;
  const changed = setStatus(parsed.incident, 'Mitigating', at('2026-11-27T05:05:00Z'));
  if (changed.ok) updateIncidentNote(text, changed.incident);
}

describe('incident notes: long runs stay linear', function () {
  this.timeout(120_000);

  it('a front-matter value with a long run of spaces inside (trailing-space trim)', () => {
    assertLinear('impact: a␠…␠b', (n) => readAndUpdate(open.replace(/^impact: .*$/m, `impact: a${' '.repeat(n)}b`)));
  });

  it('a front-matter line with a long run of spaces before a line separator', () => {
    assertLinear('impact: ␠…␠U+2028', (n) => readAndUpdate(open.replace(/^impact: .*$/m, `impact: ${' '.repeat(n)}\u2028x`)));
    assertLinear('- ␠…␠U+2028 in a list', (n) => readAndUpdate(open.replace('notified: []', `notified:\n- ${' '.repeat(n)}\u2028x`)));
  });

  it('a level with a long run of spaces or tabs', () => {
    assertLinear('level: "␠⇥…␠⇥x"', (n) => parseIncidentNote(open.replace(/^level: .*$/m, `level: "${' \t'.repeat(n / 2)}x"`), 'n.md'));
  });

  it('a heading with a long run of spaces or hashes inside', () => {
    assertLinear('## a␠…␠b', (n) => readAndUpdate(`${open}\n## a${' '.repeat(n)}b\n`), 500);
    assertLinear('## a #…# b', (n) => readAndUpdate(`${open}\n## a${' #'.repeat(n / 2)} b\n`), 500);
  });

  it('a command event that is a long run of backticks', () => {
    // U+2028 ends what `.` matches: the old pattern then tried every split of the run.
    assertLinear('[command] `…`U+2028', (n) => commandOutcome({ at: '2026-11-27T04:50:00Z', kind: 'command', text: '`'.repeat(n) + '\u2028' }), 100);
    assert.deepStrictEqual(commandOutcome({ at: '2026-11-27T04:50:00Z', kind: 'command', text: '`` a`b `` exited 2 in 1s' }), { command: 'a`b', exitCode: 2, timedOut: false });
  });

  it('appending a captured block to a note with a long run of spaces in its last section', () => {
    assertLinear('append after a␠…␠b', (n) => appendToNote(`${note}a${' '.repeat(n)}b\n`, '```text\nok\n```'));
    assert.strictEqual(appendToNote('x \n\n', 'y'), 'x\n\ny\n');
    assert.strictEqual(appendToNote('x\r\n\r\n', 'y\nz'), 'x\r\n\r\ny\r\nz\r\n');
  });

  it('event text and post-mortem sections with long inner runs of spaces', () => {
    assertLinear('event a␠…␠b', (n) => normalizeEventText(`a${' '.repeat(n)}b\nc`));
    assertLinear('section a␠…␠b', (n) => sectionHash([`a${' '.repeat(n)}b`, '']));
  });
});
