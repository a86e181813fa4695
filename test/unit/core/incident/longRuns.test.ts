// Crafted note text must not freeze the extension host: every reading and writing of a note stays linear in
// the length of a long run (of spaces, backticks, hashes...) wherever it stands. Speed is judged as the growth
// between two sizes measured in the same run (test/unit/growth.ts), never as a wall-clock constant.
import * as assert from 'assert';
import { commandOutcome, normalizeEventText } from '../../../../src/core/incident/events';
import { setStatus } from '../../../../src/core/incident/lifecycle';
import { appendToNote, parseIncidentNote, updateIncidentNote } from '../../../../src/core/incident/note';
import { sectionHash } from '../../../../src/core/postmortem/regenerate';
import { assertLinearGrowth } from '../../growth';
import { at, fixtureText } from './fixtures';

const note = fixtureText('resolved-on-time.md');
const open = note.replace('status: Resolved', 'status: Investigating').replace(/^resolved: .*$/m, 'resolved: null');

/** The run length of the small input: 4 times as long must take well under 16 times as long. */
const RUN = 8000;

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
    assertLinearGrowth('impact: a␠…␠b', (n) => readAndUpdate(open.replace(/^impact: .*$/m, `impact: a${' '.repeat(n)}b`)), RUN);
  });

  it('a front-matter line with a long run of spaces before a line separator', () => {
    assertLinearGrowth('impact: ␠…␠U+2028', (n) => readAndUpdate(open.replace(/^impact: .*$/m, `impact: ${' '.repeat(n)}\u2028x`)), RUN);
    assertLinearGrowth('- ␠…␠U+2028 in a list', (n) => readAndUpdate(open.replace('notified: []', `notified:\n- ${' '.repeat(n)}\u2028x`)), RUN);
  });

  it('a level with a long run of spaces or tabs', () => {
    assertLinearGrowth('level: "␠⇥…␠⇥x"', (n) => parseIncidentNote(open.replace(/^level: .*$/m, `level: "${' \t'.repeat(n / 2)}x"`), 'n.md'), RUN);
  });

  it('a heading with a long run of spaces or hashes inside', () => {
    assertLinearGrowth('## a␠…␠b', (n) => readAndUpdate(`${open}\n## a${' '.repeat(n)}b\n`), 2000);
    assertLinearGrowth('## a #…# b', (n) => readAndUpdate(`${open}\n## a${' #'.repeat(n / 2)} b\n`), 2000);
  });

  it('a command event that is a long run of backticks', () => {
    // U+2028 ends what `.` matches: the old pattern then tried every split of the run.
    assertLinearGrowth('[command] `…`U+2028', (n) => commandOutcome({ at: '2026-11-27T04:50:00Z', kind: 'command', text: '`'.repeat(n) + '\u2028' }), 400);
    assert.deepStrictEqual(commandOutcome({ at: '2026-11-27T04:50:00Z', kind: 'command', text: '`` a`b `` exited 2 in 1s' }), { command: 'a`b', exitCode: 2, timedOut: false });
  });

  it('appending a captured block to a note with a long run of spaces in its last section', () => {
    assertLinearGrowth('append after a␠…␠b', (n) => appendToNote(`${note}a${' '.repeat(n)}b\n`, '```text\nok\n```'), RUN);
    assert.strictEqual(appendToNote('x \n\n', 'y'), 'x\n\ny\n');
    assert.strictEqual(appendToNote('x\r\n\r\n', 'y\nz'), 'x\r\n\r\ny\r\nz\r\n');
  });

  it('event text and post-mortem sections with long inner runs of spaces', () => {
    assertLinearGrowth('event a␠…␠b', (n) => normalizeEventText(`a${' '.repeat(n)}b\nc`), RUN);
    assertLinearGrowth('section a␠…␠b', (n) => sectionHash([`a${' '.repeat(n)}b`, '']), RUN);
  });
});
