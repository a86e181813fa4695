import * as assert from 'assert';
import fc from 'fast-check';
import { mergeIncidentNote, mergeSequences, NoteMergeResult } from '../../../../src/core/incident/merge';
import { mergeLines } from '../../../../src/core/incident/mergeText';
import type { Incident } from '../../../../src/core/incident/model';
import { OWNED_KEYS, parseIncidentNote } from '../../../../src/core/incident/note';
import { fixtureText } from './fixtures';
import { applyOperation, DECLARED_AT, declaredNote, NOTE_FILE, NoteOperation, randomOperation, seededRandom } from './noteOps';

const options = { fileName: NOTE_FILE };

function merged(result: NoteMergeResult): Extract<NoteMergeResult, { kind: 'merged' }> {
  if (result.kind !== 'merged') assert.fail(`fell back: ${result.reason}`);
  return result;
}

function incidentOf(text: string): Incident {
  const parsed = parseIncidentNote(text, NOTE_FILE);
  if (!parsed.ok) assert.fail(`does not parse: ${JSON.stringify(parsed.problems)}\n${text}`);
  return parsed.incident;
}

/** What the extension owns in a note: its front-matter keys and the timeline. */
function ownedParts(text: string): Record<string, unknown> {
  const incident = incidentOf(text);
  const owned: Record<string, unknown> = { timeline: incident.timeline };
  for (const key of OWNED_KEYS) owned[key] = incident[key];
  return owned;
}

/** The note after `operations`, the n-th one `seconds[n]` seconds after `from` (epoch ms). */
function after(text: string, operations: NoteOperation[], from: number, seconds: number[]): { text: string; last: number } {
  let now = from;
  operations.forEach((operation, n) => {
    now += (seconds[n] ?? 1) * 1000;
    text = applyOperation(text, operation, new Date(now)).text;
  });
  return { text, last: now };
}

const t = (minutes: number): Date => new Date(DECLARED_AT + minutes * 60_000);

function apply(text: string, ...steps: [NoteOperation, number][]): string {
  for (const [operation, minutes] of steps) {
    const result = applyOperation(text, operation, t(minutes));
    assert.ok(result.applied, `${operation.op} was refused`);
    text = result.text;
  }
  return text;
}

describe('incident note merge', () => {
  const base = declaredNote();

  it('joins two divergent timelines in time order and derives the owned keys from them', () => {
    const ours = apply(base, [{ op: 'acknowledge', by: 'alice' }, 2], [{ op: 'note', text: 'alice sees 5xx on checkout' }, 4], [{ op: 'tick', step: 0 }, 7]);
    const theirs = apply(base, [{ op: 'status', status: 'Identified' }, 3], [{ op: 'escalate', level: 'L2' }, 5], [{ op: 'handOff', to: 'bob' }, 6]);
    const result = merged(mergeIncidentNote(base, ours, theirs, options));
    assert.deepStrictEqual(result.conflicts, []);
    assert.deepStrictEqual(result.disagreements, []);
    const incident = incidentOf(result.text);
    assert.deepStrictEqual(
      incident.timeline.map((e) => `${e.at} ${e.kind}`),
      ['2026-11-27T04:41:00Z declared', '2026-11-27T04:43:00Z acknowledged', '2026-11-27T04:44:00Z status', '2026-11-27T04:45:00Z note', '2026-11-27T04:46:00Z escalated', '2026-11-27T04:47:00Z commander', '2026-11-27T04:48:00Z protocol'],
    );
    assert.strictEqual(incident.acknowledged, '2026-11-27T04:43:00Z');
    assert.strictEqual(incident.status, 'Identified');
    assert.deepStrictEqual(incident.escalations, ['L2']);
    assert.strictEqual(incident.commander, 'bob');
    assert.deepStrictEqual(incident.protocol.map((p) => p.done), [true, false]);
    assert.ok(!result.text.includes('<<<<<<<'));
  });

  it('takes the value of the side with the latest event that sets it, and the first acknowledgement', () => {
    const ours = apply(base, [{ op: 'acknowledge', by: 'alice' }, 5], [{ op: 'status', status: 'Monitoring' }, 9]);
    const theirs = apply(base, [{ op: 'acknowledge', by: 'bob' }, 3], [{ op: 'status', status: 'Identified' }, 4]);
    const incident = incidentOf(merged(mergeIncidentNote(base, ours, theirs, options)).text);
    assert.strictEqual(incident.acknowledged, '2026-11-27T04:44:00Z', 'bob acknowledged first');
    assert.strictEqual(incident.status, 'Monitoring', 'alice changed it last');
    assert.strictEqual(incident.timeline.filter((e) => e.kind === 'acknowledged').length, 2, 'both acknowledgements stay on record');
  });

  it('keeps each event exactly as written, and one that both sides hold once', () => {
    const shared = apply(base, [{ op: 'note', text: 'first look' }, 1]);
    const ours = apply(shared, [{ op: 'note', text: 'mine' }, 2]);
    const handWritten = apply(shared, [{ op: 'note', text: 'later' }, 3]).replace('- 2026-11-27T04:44:00Z [note] later', '- 2026-11-27 04:44Z [note] later');
    const result = merged(mergeIncidentNote(base, ours, handWritten, options));
    assert.ok(result.text.includes('- 2026-11-27 04:44Z [note] later'), 'written as the person wrote it');
    assert.strictEqual(result.text.split('[note] first look').length - 1, 1);
  });

  it('orders an event written before the shared history into it, and counts a copy of a shared event once more', () => {
    const shared = apply(base, [{ op: 'note', text: 'first look' }, 1], [{ op: 'note', text: 'second look' }, 5]);
    // A responder backdates what they saw at minute 3; the other writes "first look" again in its own second.
    const after = (text: string, line: string): string => text.replace(/(- 2026-11-27T04:46:00Z \[note\] second look\n)/, `$1${line}\n`);
    const ours = after(apply(shared, [{ op: 'note', text: 'mine' }, 6]), '- 2026-11-27T04:44:00Z [note] seen at minute 3');
    const theirs = after(shared, '- 2026-11-27T04:42:00Z [note] first look');
    const result = merged(mergeIncidentNote(shared, ours, theirs, options));
    assert.deepStrictEqual(
      incidentOf(result.text).timeline.map((e) => `${e.at.slice(14, 16)} ${e.text}`).slice(1),
      ['42 first look', '42 first look', '44 seen at minute 3', '46 second look', '47 mine'],
    );
    const reversed = merged(mergeIncidentNote(shared, theirs, ours, options));
    assert.deepStrictEqual(ownedParts(reversed.text), ownedParts(result.text));
  });

  it('restarts the update clock from the merged last update when the other side changed the level after it', () => {
    // Ours posted an update at minute 20; theirs, not having seen it, changed the level at 25 and timed the next
    // update from the declaration. One clone doing both would time it from minute 20.
    const ours = apply(base, [{ op: 'update' }, 20]);
    const theirs = apply(base, [{ op: 'level', level: 2 }, 25]);
    const oneClone = incidentOf(apply(ours, [{ op: 'level', level: 2 }, 25]));
    for (const [a, b] of [[ours, theirs], [theirs, ours]]) {
      const incident = incidentOf(merged(mergeIncidentNote(base, a, b, options)).text);
      assert.strictEqual(incident.level, 2);
      assert.strictEqual(incident.nextUpdateDue, oneClone.nextUpdateDue);
    }
  });

  it('honours an event one side removed by hand while the other left it', () => {
    const withEvent = apply(base, [{ op: 'note', text: 'wrong incident, sorry' }, 1]);
    const ours = withEvent.replace(/^- .*wrong incident, sorry\n/m, '');
    const theirs = apply(withEvent, [{ op: 'note', text: 'carol on it' }, 2]);
    const incident = incidentOf(merged(mergeIncidentNote(withEvent, ours, theirs, options)).text);
    assert.deepStrictEqual(incident.timeline.map((e) => e.text).slice(1), ['carol on it']);
  });

  it('keeps our title when both changed it, and records theirs as a [merge] event, not a conflict', () => {
    const ours = base.replace('title: Checkout latency', 'title: Checkout latency EU');
    const theirs = apply(base, [{ op: 'note', text: 'x' }, 2]).replace('title: Checkout latency', 'title: Payments down');
    const result = merged(mergeIncidentNote(base, ours, theirs, options));
    assert.deepStrictEqual(result.conflicts, []);
    assert.deepStrictEqual(result.disagreements, ['title']);
    const incident = incidentOf(result.text);
    assert.strictEqual(incident.title, 'Checkout latency EU');
    const last = incident.timeline[incident.timeline.length - 1];
    assert.deepStrictEqual(last, { at: '2026-11-27T04:43:00Z', kind: 'merge', text: 'title: kept "Checkout latency EU"; the other side had "Payments down"' });
    assert.ok(!result.text.includes('<<<<<<<'));
  });

  it("brings in the other side's own front-matter keys as they wrote them", () => {
    const ours = apply(base, [{ op: 'note', text: 'a' }, 1]);
    const theirs = apply(base, [{ op: 'note', text: 'b' }, 2]).replace('\n---\n', '\njira: OPS-1234   # the ticket\nwatchers:\n  - grace\n---\n');
    const result = merged(mergeIncidentNote(base, ours, theirs, options));
    assert.ok(result.text.includes('jira: OPS-1234   # the ticket\nwatchers:\n  - grace\n---\n'), result.text);
  });

  it('merges prose by lines: changes in different places join, the same line changed twice conflicts in its section only', () => {
    const withSummary = base.replace('## Summary\n', '## Summary\n\nCheckout is slow.\n\nCause unknown.\n');
    const ours = apply(withSummary.replace('Checkout is slow.', 'Checkout is slow in the EU.'), [{ op: 'note', text: 'a' }, 1]);
    const theirs = apply(withSummary.replace('Cause unknown.', 'Cause: the 04:30 deploy.'), [{ op: 'note', text: 'b' }, 2]);
    const clean = merged(mergeIncidentNote(withSummary, ours, theirs, options));
    assert.deepStrictEqual(clean.conflicts, []);
    assert.ok(clean.text.includes('Checkout is slow in the EU.\n\nCause: the 04:30 deploy.\n'));

    const theirsToo = apply(withSummary.replace('Checkout is slow.', 'Checkout is down.').replace('## Notes\n', '## Notes\n\nbob was here\n'), [{ op: 'note', text: 'b' }, 2]);
    const conflicted = merged(mergeIncidentNote(withSummary, ours, theirsToo, { ...options, oursLabel: 'HEAD', theirsLabel: 'origin/main' }));
    assert.deepStrictEqual(conflicted.conflicts, ['Summary']);
    assert.ok(conflicted.text.includes('<<<<<<< HEAD\nCheckout is slow in the EU.\n=======\nCheckout is down.\n>>>>>>> origin/main\n'), conflicted.text);
    assert.ok(conflicted.text.includes('bob was here'));
    const incident = incidentOf(conflicted.text);
    assert.deepStrictEqual(incident.timeline.map((e) => e.text).slice(1), ['a', 'b'], 'the timeline is merged all the same');
    const frontMatter = conflicted.text.split('\n---\n')[0];
    assert.ok(!frontMatter.includes('<<<<<<<'));
  });

  it('falls back to git when a side is not an incident note', () => {
    const broken = base.replace('level: 1', 'level: [1');
    const result = mergeIncidentNote(base, apply(base, [{ op: 'note', text: 'a' }, 1]), broken, options);
    assert.strictEqual(result.kind, 'fallback');
    assert.match(result.kind === 'fallback' ? result.reason : '', /theirs version does not read as an incident note \(line \d+:/);
    assert.strictEqual(mergeIncidentNote('not a note', base, apply(base, [{ op: 'note', text: 'a' }, 1]), options).kind, 'fallback');
  });

  it('merges a note both sides added (no base), and one in CRLF line endings', () => {
    const ours = apply(base, [{ op: 'note', text: 'a' }, 1]);
    const theirs = apply(base, [{ op: 'note', text: 'b' }, 2]);
    const added = merged(mergeIncidentNote('', ours, theirs, options));
    assert.deepStrictEqual(added.conflicts, []);
    assert.deepStrictEqual(incidentOf(added.text).timeline.map((e) => e.text).slice(1), ['a', 'b']);

    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    const result = merged(mergeIncidentNote(crlf(base), crlf(ours), theirs, options));
    assert.ok(!/[^\r]\n/.test(result.text), 'every line ends in CRLF, as ours does');
    assert.deepStrictEqual(incidentOf(result.text).timeline.map((e) => e.text).slice(1), ['a', 'b']);
  });

  it('keeps a hand-edited note readable: comments, other sections and lines that are not events stay', () => {
    const note = fixtureText('hand-edited.md');
    const ours = note.replace('- 2026-12-05T14:09:00Z [acknowledged] Acknowledged by frank\n', '- 2026-12-05T14:09:00Z [acknowledged] Acknowledged by frank\n- 2026-12-05T14:10:00Z [note] frank restarts consumers\n');
    const theirs = note.replace('status: Investigating', 'status: Identified').replace('Sent by support at 14:30.', 'Sent by support at 14:30 and 15:00.');
    const result = merged(mergeIncidentNote(note, ours, theirs, { fileName: 'hand-edited.md' }));
    assert.deepStrictEqual(result.conflicts, []);
    for (const kept of ['# Edited by hand during the incident; keep these comments.', 'level: SEV2   # was SEV3', 'status: Identified', '* 14:20 rolled back the deploy', '[note] frank restarts consumers', 'Sent by support at 14:30 and 15:00.', '- 2026-12-05T14:40:00Z [note] inside a fence, not an event']) {
      assert.ok(result.text.includes(kept), `lost: ${kept}\n${result.text}`);
    }
  });

  describe('on the owned parts', () => {
    // Two responders each apply random operations to the same note; a few share the same seconds.
    const histories = fc.record({
      seed: fc.integer(),
      shared: fc.integer({ min: 0, max: 4 }),
      ours: fc.integer({ min: 1, max: 8 }),
      theirs: fc.integer({ min: 1, max: 8 }),
    });
    const run = (seed: number, count: number, who: string, serialFrom: number): { operations: NoteOperation[]; seconds: number[] } => {
      const random = seededRandom(seed);
      const operations = Array.from({ length: count }, (_, n) => randomOperation(random, who, serialFrom + n));
      return { operations, seconds: operations.map(() => Math.floor(random() * 3)) };
    };
    const sides = (h: { seed: number; shared: number; ours: number; theirs: number }) => {
      const common = run(h.seed, h.shared, 'alice', 0);
      const start = after(base, common.operations, DECLARED_AT, common.seconds);
      const o = run(h.seed + 1, h.ours, 'bob', 100);
      const th = run(h.seed + 2, h.theirs, 'carol', 200);
      return { base: start.text, ours: after(start.text, o.operations, start.last, o.seconds).text, theirs: after(start.text, th.operations, start.last, th.seconds).text };
    };

    it('is commutative: merge(A, B) and merge(B, A) own the same', () => {
      fc.assert(
        fc.property(histories, (h) => {
          const { base: b, ours, theirs } = sides(h);
          const ab = merged(mergeIncidentNote(b, ours, theirs, options));
          const ba = merged(mergeIncidentNote(b, theirs, ours, options));
          assert.deepStrictEqual(ab.disagreements, []);
          assert.deepStrictEqual(ownedParts(ab.text), ownedParts(ba.text));
        }),
        { numRuns: 80 },
      );
    });

    it('is idempotent: merge(A, A) is A, and merging a side in again changes nothing', () => {
      fc.assert(
        fc.property(histories, (h) => {
          const { base: b, ours, theirs } = sides(h);
          assert.strictEqual(merged(mergeIncidentNote(b, ours, ours, options)).text, ours);
          const once = merged(mergeIncidentNote(b, ours, theirs, options)).text;
          assert.deepStrictEqual(ownedParts(merged(mergeIncidentNote(b, once, theirs, options)).text), ownedParts(once));
          assert.deepStrictEqual(ownedParts(merged(mergeIncidentNote(ours, once, ours, options)).text), ownedParts(once));
        }),
        { numRuns: 80 },
      );
    });

    it('holds every event of both sides exactly once', () => {
      fc.assert(
        fc.property(histories, (h) => {
          const { base: b, ours, theirs } = sides(h);
          const key = (e: { at: string; kind: string; text: string }): string => `${e.at} ${e.kind} ${e.text}`;
          // An event written twice by one side (two updates in one second) is two events; one both hold is one.
          const counts = (text: string): Map<string, number> => {
            const map = new Map<string, number>();
            for (const event of incidentOf(text).timeline) map.set(key(event), (map.get(key(event)) ?? 0) + 1);
            return map;
          };
          const fromOurs = counts(ours);
          const fromTheirs = counts(theirs);
          const all = [...new Set([...fromOurs.keys(), ...fromTheirs.keys()])].flatMap((k) => Array<string>(Math.max(fromOurs.get(k) ?? 0, fromTheirs.get(k) ?? 0)).fill(k));
          const timeline = incidentOf(merged(mergeIncidentNote(b, ours, theirs, options)).text).timeline.map(key);
          assert.deepStrictEqual([...timeline].sort(), all.sort());
        }),
        { numRuns: 80 },
      );
    });
  });
});

describe('mergeLines (diff3)', () => {
  const lines = (text: string): string[] => (text ? text.split(' ') : []);
  it('takes the one side that changed, joins separate changes, and conflicts only where both changed', () => {
    assert.deepStrictEqual(mergeLines(lines('a b c'), lines('a B c'), lines('a b c')), [{ ok: lines('a B c') }]);
    assert.deepStrictEqual(mergeLines(lines('a b c d'), lines('A b c d'), lines('a b c D')), [{ ok: lines('A b c D') }]);
    assert.deepStrictEqual(mergeLines(lines('a b c'), lines('a X c'), lines('a X c')), [{ ok: lines('a X c') }]);
    assert.deepStrictEqual(mergeLines(lines('a b c'), lines('a X c'), lines('a Y c')), [
      { ok: ['a'] },
      { conflict: { ours: ['X'], base: ['b'], theirs: ['Y'] } },
      { ok: ['c'] },
    ]);
    assert.deepStrictEqual(mergeLines([], lines('x'), []), [{ ok: ['x'] }]);
  });

  it('never loses a line: without conflicts the result holds every line either side added', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }), fc.integer(), (base, seed) => {
        const random = seededRandom(seed);
        const edit = (from: string[], tag: string): string[] => from.flatMap((line, i) => (random() < 0.2 ? [] : random() < 0.2 ? [line, `${tag}${i}`] : [line]));
        const ours = edit(base, 'o');
        const theirs = edit(base, 't');
        const chunks = mergeLines(base, ours, theirs);
        const out = chunks.flatMap((c) => ('ok' in c ? c.ok : [...c.conflict.ours, ...c.conflict.theirs]));
        for (const added of [...ours, ...theirs].filter((l) => l.length > 1)) assert.ok(out.includes(added), `lost ${added}`);
      }),
    );
  });
});

describe('mergeSequences', () => {
  it('keeps both orders and does not depend on which side is first', () => {
    const id = (s: string): string => s;
    assert.deepStrictEqual(mergeSequences(['a', 'b', 'd'], ['a', 'c', 'd'], id, () => 0), ['a', 'b', 'c', 'd']);
    assert.deepStrictEqual(mergeSequences(['a', 'c', 'd'], ['a', 'b', 'd'], id, () => 0), ['a', 'b', 'c', 'd']);
    assert.deepStrictEqual(mergeSequences(['x', 'y'], ['y', 'x'], id, () => 0), ['x', 'y'], 'two orders of the same items do not hang');
  });
});
