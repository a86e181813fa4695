// The three-way merge of an incident note (git's merge driver, `incident-runbook merge-note`): two responders who
// changed the same note in their own clones get one note that says what both did, without conflict markers in the
// parts the extension owns.
//
// - Timeline: the union of both sides' events, each once, in time order; events at the same time keep each side's
//   order, and events of different sides at the same time are ordered by their text, so both clones merging the
//   same two notes (in either direction) write the same timeline. Each event keeps the lines it was written as.
// - Owned front-matter keys the timeline decides (status, level, commander, resolved, the update clock) take the
//   value of the side holding the latest event that changes them; the others are merged key by key against the
//   base: a change on one side wins, and two changes are reconciled by what the key means (the first
//   acknowledgement, the union of escalations). Hand-written keys that both sides changed differently keep ours,
//   and a `[merge]` event records the other side's value.
// - Everything else (summary, notes, other sections, the person's own keys): a line-by-line three-way merge;
//   where both sides changed the same lines differently, git's conflict markers around those lines only.
// - A side that does not read as an incident note: `fallback`, so the driver leaves the file to git's text merge.
import { readFrontMatter } from './frontMatter';
import { eventText } from './events';
import { matchLines, MergeChunk, mergeLines } from './mergeText';
import type { Incident, ProtocolItemState, TimelineEvent } from './model';
import { eventKey, formatTimelineEvent, NoteParts, noteReadProblems, OWNED_KEYS, readNoteParts, updateIncidentNote } from './note';
import { lastUpdateTime } from './lifecycle';
import { epochMs, toIso } from './time';

export type NoteMergeResult =
  | {
      kind: 'merged';
      text: string;
      /** The headings of the sections that hold conflict markers (empty: a clean merge). */
      conflicts: string[];
      /** The keys both sides changed differently, kept as ours and recorded as `[merge]` events. */
      disagreements: string[];
    }
  | { kind: 'fallback'; reason: string };

export interface NoteMergeOptions {
  /** The file's name, which gives the incident id of a note without `id:`. */
  fileName: string;
  /** Names on the conflict markers (git's are the branch names; ours by default "ours" and "theirs"). */
  oursLabel?: string;
  theirsLabel?: string;
}

type OwnedKey = (typeof OWNED_KEYS)[number];

/** Stands in every side's body for the timeline's events, so the text merge keeps them in one place. */
const EVENTS_HERE = '\u0000incident-timeline-events\u0000';

/** Merges `ours` and `theirs`, both changed from `base` ('' when the note was added on both sides). */
export function mergeIncidentNote(base: string, ours: string, theirs: string, options: NoteMergeOptions): NoteMergeResult {
  if (ours === theirs || theirs === base) return clean(ours);
  const oursParts = readNoteParts(ours, options.fileName);
  // The other two are read like ours: the timeline all three share from the top is read once.
  const like = 'lines' in oursParts ? oursParts : undefined;
  const theirsParts = readNoteParts(theirs, options.fileName, like);
  const baseParts = base.trim() === '' ? null : readNoteParts(base, options.fileName, like);
  for (const [side, parts] of [['ours', oursParts], ['theirs', theirsParts], ['base', baseParts]] as const) {
    if (parts && !parts.result.ok) {
      const problem = parts.result.problems[0];
      return { kind: 'fallback', reason: `the ${side} version does not read as an incident note (line ${problem.line + 1}: ${problem.message})` };
    }
  }
  if (ours === base) return clean(theirs);
  return mergeParts(baseParts as NoteParts | null, oursParts as NoteParts, theirsParts as NoteParts, options);
}

function clean(text: string): NoteMergeResult {
  return { kind: 'merged', text, conflicts: [], disagreements: [] };
}

// ---- the timeline ---------------------------------------------------------------------------------------------

/** A merged timeline's event: where it is written, and which sides hold it. */
interface MergedEvent {
  event: TimelineEvent;
  /** Where it is written: lines [start, end) of `parts`. */
  parts: NoteParts;
  start: number;
  end: number;
  inOurs: boolean;
  inTheirs: boolean;
}

interface SideEvent {
  /** The event's key and which of its equal copies this is, as one number, the same on every side. */
  id: number;
  /** eventKey: orders events of different sides at the same time, the same way whichever side is ours. */
  key: string;
  event: TimelineEvent;
  ms: number;
  /** Where it is written: lines [start, end) of `parts`. */
  parts: NoteParts;
  start: number;
  end: number;
}

/** Numbers for event keys, shared by the three sides of one merge: 30,000 events hash faster as numbers. */
type KeyNumbers = Map<string, number>;
const COPIES = 2 ** 26;

type TimelineItem = NoteParts['timeline'][number] & { event: TimelineEvent };

function eventItems(parts: NoteParts): TimelineItem[] {
  return parts.timeline.filter((item): item is TimelineItem => item.event !== null);
}

function sideEvents(parts: NoteParts, items: readonly TimelineItem[], numbers: KeyNumbers): SideEvent[] {
  const seen = new Map<number, number>();
  const events: SideEvent[] = [];
  for (const item of items) {
    const key = eventKey(item.event);
    let number = numbers.get(key);
    if (number === undefined) numbers.set(key, (number = numbers.size));
    const copy = seen.get(number) ?? 0;
    seen.set(number, copy + 1);
    events.push({ id: number + copy * COPIES, key, event: item.event, ms: epochMs(item.event.at), parts, start: item.start, end: item.end });
  }
  // Stable: a side's events at the same time keep their order.
  return events.sort((a, b) => a.ms - b.ms);
}

function sameEvent(a: TimelineEvent, b: TimelineEvent): boolean {
  return a === b || (a.at === b.at && a.kind === b.kind && a.text === b.text);
}

/**
 * How many events every side begins with, the same on all and in time order: the history they share, which the merge
 * keeps as it is (ours' lines) instead of keying, numbering and ordering it again. It ends before any event that a
 * later event of some side sorts ahead of, so that each side in time order is still the shared part, then the rest.
 */
function sharedHistory(sides: readonly (readonly TimelineItem[])[]): number {
  const [first, ...others] = sides;
  let inOrder = 0;
  for (; inOrder < first.length; inOrder++) {
    const event = first[inOrder].event;
    if (!others.every((side) => inOrder < side.length && sameEvent(side[inOrder].event, event))) break;
    if (inOrder > 0 && isEarlier(event.at, first[inOrder - 1].event.at)) break;
  }
  let laterFrom = Infinity;
  for (const side of sides) for (let i = inOrder; i < side.length; i++) laterFrom = Math.min(laterFrom, epochMs(side[i].event.at));
  let shared = inOrder;
  while (shared > 0 && epochMs(first[shared - 1].event.at) > laterFrom) shared--;
  return shared;
}

/**
 * `a` is earlier than `b` (both canonical times, as events hold them). Two of one length are both with or both without
 * milliseconds, and then compare as text: 10,000 shared events are ordered without reading a time.
 */
function isEarlier(a: string, b: string): boolean {
  return a.length === b.length ? a < b : epochMs(a) < epochMs(b);
}

/**
 * Both sequences as one: an item both hold comes once, each side's order is kept, and between items of one side
 * each, `order` then the id decides. Symmetric in `a` and `b`, so the result does not depend on which side is ours.
 */
export function mergeSequences<T, Id extends string | number>(a: readonly T[], b: readonly T[], id: (item: T) => Id, order: (x: T, y: T) => number): T[] {
  const inA = new Map(a.map((item, i) => [id(item), i]));
  const inB = new Map(b.map((item, i) => [id(item), i]));
  const taken = new Set<Id>();
  const result: T[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && taken.has(id(a[i]))) i++;
    while (j < b.length && taken.has(id(b[j]))) j++;
    if (i >= a.length && j >= b.length) return result;
    const heads: T[] = [];
    if (i < a.length) heads.push(a[i]);
    if (j < b.length) heads.push(b[j]);
    let pick: T;
    if (heads.length === 2 && id(heads[0]) === id(heads[1])) pick = heads[0];
    else {
      // A head the other side also holds waits until the other side reaches it.
      const ready = heads.filter((head) => !(inA.has(id(head)) && inB.has(id(head))));
      // All wait only when the sides disagree on the order of two items both hold.
      const candidates = ready.length > 0 ? ready : heads;
      pick = candidates.reduce((x, y) => {
        const by = order(x, y);
        return by < 0 || (by === 0 && id(x) <= id(y)) ? x : y;
      });
    }
    taken.add(id(pick));
    result.push(pick);
  }
}

/**
 * The union of both timelines. An event both sides hold is kept; one that a side removed (by hand) while the other
 * left it is removed; copies of an event are counted the same way.
 */
function mergeTimelines(base: NoteParts | null, ours: NoteParts, theirs: NoteParts): MergedEvent[] {
  const items = { base: base ? eventItems(base) : null, ours: eventItems(ours), theirs: eventItems(theirs) };
  const shared = sharedHistory(items.base ? [items.ours, items.theirs, items.base] : [items.ours, items.theirs]);
  const merged: MergedEvent[] = [];
  for (let i = 0; i < shared; i++) {
    const { event, start, end } = items.ours[i];
    merged.push({ event, parts: ours, start, end, inOurs: true, inTheirs: true });
  }
  // After the shared history, copies are counted from there: the n-th copy on one side is still the n-th on the other.
  const numbers: KeyNumbers = new Map();
  const oursEvents = sideEvents(ours, items.ours.slice(shared), numbers);
  const theirsEvents = sideEvents(theirs, items.theirs.slice(shared), numbers);
  const baseEvents = base && items.base ? sideEvents(base, items.base.slice(shared), numbers) : [];
  const oursIds = new Set(oursEvents.map((e) => e.id));
  const theirsIds = new Set(theirsEvents.map((e) => e.id));
  // Removed by one side, untouched by the other.
  const removed = new Set(baseEvents.filter((e) => !oursIds.has(e.id) || !theirsIds.has(e.id)).map((e) => e.id));
  const kept = (events: SideEvent[]): SideEvent[] => (removed.size === 0 ? events : events.filter((e) => !removed.has(e.id)));
  for (const e of mergeSequences(kept(oursEvents), kept(theirsEvents), (e) => e.id, (x, y) => x.ms - y.ms || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    merged.push({ event: e.event, parts: e.parts, start: e.start, end: e.end, inOurs: oursIds.has(e.id), inTheirs: theirsIds.has(e.id) });
  }
  return merged;
}

// ---- the front matter the extension owns ------------------------------------------------------------------------

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Per-key three-way: one side's change wins; when both changed, `both` decides (undefined: a disagreement). */
function threeWay<T>(base: T | undefined, ours: T, theirs: T, both: (ours: T, theirs: T) => T | undefined): { value: T; disagreement: boolean } {
  if (same(ours, theirs) || same(theirs, base)) return { value: ours, disagreement: false };
  if (same(ours, base)) return { value: theirs, disagreement: false };
  const value = both(ours, theirs);
  return value === undefined ? { value: ours, disagreement: true } : { value, disagreement: false };
}

const earliest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : epochMs(b) < epochMs(a) ? b : a);
const union = (a: string[], b: string[]): string[] => mergeSequences(a, b, (s) => s, () => 0);

/** The event kinds that set each key the timeline decides. */
const DECIDED_BY: Partial<Record<OwnedKey, readonly string[]>> = {
  status: ['declared', 'status', 'resolved', 'reopened'],
  level: ['declared', 'level', 'override'],
  commander: ['declared', 'commander'],
  resolved: ['resolved', 'reopened'],
  nextUpdateDue: ['declared', 'update', 'level', 'override', 'resolved', 'reopened'],
};

/** How two changes to the same key are reconciled, for keys whose meaning allows it. */
const BOTH_CHANGED: Partial<Record<OwnedKey, (ours: never, theirs: never) => unknown>> = {
  declared: earliest,
  acknowledged: earliest,
  mitigated: earliest,
  escalations: union,
  notified: union,
  levelOverride: (a: boolean, b: boolean) => a || b,
};

interface OwnedMerge {
  fields: Partial<Incident>;
  disagreements: { key: string; ours: unknown; theirs: unknown }[];
}

function mergeOwned(base: Incident | null, ours: Incident, theirs: Incident, timeline: MergedEvent[]): OwnedMerge {
  const fields: Record<string, unknown> = {};
  const disagreements: OwnedMerge['disagreements'] = [];
  for (const key of OWNED_KEYS) {
    const decidedBy = DECIDED_BY[key];
    if (decidedBy) {
      const latest = lastOf(timeline, (e) => decidedBy.includes(e.event.kind));
      // After a level change the clock is derived again even when both sides hold it: a side merged before may hold it
      // with an update the other lacks, and the two due times then differ by those updates, not by a choice.
      const afterLevel = key === 'nextUpdateDue' && latest !== undefined && LEVEL_KINDS.includes(latest.event.kind);
      if (latest && (latest.inOurs !== latest.inTheirs || afterLevel)) {
        const side = latest.inOurs ? ours : theirs;
        fields[key] = afterLevel ? updateDueAfterLevel(side, ours.declared, timeline) : side[key];
        continue;
      }
    }
    if (key === 'protocol') {
      fields[key] = mergeProtocol(base?.protocol, ours.protocol, theirs.protocol, timeline);
      continue;
    }
    const both = BOTH_CHANGED[key] as ((o: unknown, t: unknown) => unknown) | undefined;
    const merged = threeWay<unknown>(base?.[key], ours[key], theirs[key], both ?? (() => undefined));
    fields[key] = merged.value;
    if (merged.disagreement) disagreements.push({ key, ours: ours[key], theirs: theirs[key] });
  }
  return { fields: fields as Partial<Incident>, disagreements };
}

const LEVEL_KINDS = ['level', 'override'];

/**
 * A level change times the next update from the last update that side knew of, at the new level's cadence; the merged
 * timeline may hold a later update from the other side, and the clock then runs from that one, at the same cadence.
 * (The driver has no cadence setting: the side's own due time minus its own last update is that cadence.)
 */
function updateDueAfterLevel(side: Incident, declared: string, timeline: MergedEvent[]): string | null {
  if (side.nextUpdateDue === null) return null;
  const cadenceMs = epochMs(side.nextUpdateDue) - epochMs(lastUpdateTime(side));
  const merged = lastUpdateTime({ declared, timeline: timeline.map((e) => e.event) });
  return toIso(new Date(epochMs(merged) + cadenceMs));
}

function lastOf<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return items[i];
  return undefined;
}

/** The steps of both sides; each step ticked as its latest `[protocol]` event says, else merged against the base. */
function mergeProtocol(base: ProtocolItemState[] | undefined, ours: ProtocolItemState[], theirs: ProtocolItemState[], timeline: MergedEvent[]): ProtocolItemState[] {
  const texts = (items: ProtocolItemState[] | undefined): string[] | undefined => items?.map((p) => p.text);
  const steps = threeWay(texts(base), texts(ours) as string[], texts(theirs) as string[], union).value;
  const doneIn = (items: ProtocolItemState[] | undefined, text: string): boolean | undefined => items?.find((p) => p.text === text)?.done;
  return steps.map((text) => {
    const latest = lastOf(timeline, (e) => e.event.kind === 'protocol' && (e.event.text === eventText.protocol(text, true) || e.event.text === eventText.protocol(text, false)));
    if (latest) return { text, done: latest.event.text === eventText.protocol(text, true) };
    const done = threeWay(doneIn(base, text), doneIn(ours, text), doneIn(theirs, text), (a, b) => a || b).value;
    return { text, done: done === true };
  });
}

// ---- the person's front-matter keys ---------------------------------------------------------------------------

interface KeyedLines {
  /** Each top-level key's value and lines, `[start, end)` in the note (a key's lines run to the next key). */
  keys: Map<string, { value: unknown; start: number; end: number }>;
  lines: string[];
}

function personKeys(parts: NoteParts): KeyedLines {
  const read = readFrontMatter(parts.lines, 1, parts.close);
  const keys = new Map<string, { value: unknown; start: number; end: number }>();
  if (!read.ok) return { keys, lines: parts.lines };
  const entries = [...read.entries.values()].sort((a, b) => a.line - b.line);
  entries.forEach((entry, i) => {
    const end = i + 1 < entries.length ? entries[i + 1].line : parts.close;
    if (!(OWNED_KEYS as readonly string[]).includes(entry.key)) keys.set(entry.key, { value: entry.value, start: entry.line, end });
  });
  return { keys, lines: parts.lines };
}

/**
 * Ours' front matter lines with the other side's changes to the person's keys applied (a key only they changed, added
 * or removed), each written as they wrote it. Returns the lines between the two `---` and the disagreements.
 */
function mergePersonKeys(base: NoteParts | null, ours: NoteParts, theirs: NoteParts): { lines: string[]; disagreements: OwnedMerge['disagreements'] } {
  const b = base ? personKeys(base) : null;
  const o = personKeys(ours);
  const t = personKeys(theirs);
  const replace: { start: number; end: number; lines: string[] }[] = [];
  const appended: string[] = [];
  const disagreements: OwnedMerge['disagreements'] = [];
  for (const key of new Set([...o.keys.keys(), ...t.keys.keys(), ...(b ? b.keys.keys() : [])])) {
    const inOurs = o.keys.get(key);
    const inTheirs = t.keys.get(key);
    const merged = threeWay<unknown>(b?.keys.get(key)?.value, inOurs?.value, inTheirs?.value, () => undefined);
    if (merged.disagreement) disagreements.push({ key, ours: inOurs?.value, theirs: inTheirs?.value });
    if (merged.disagreement || same(merged.value, inOurs?.value)) continue;
    const theirLines = inTheirs ? t.lines.slice(inTheirs.start, inTheirs.end) : [];
    if (inOurs) replace.push({ start: inOurs.start, end: inOurs.end, lines: theirLines });
    else appended.push(...theirLines);
  }
  const lines = ours.lines.slice(1, ours.close);
  for (const edit of replace.sort((x, y) => y.start - x.start)) lines.splice(edit.start - 1, edit.end - edit.start, ...edit.lines);
  lines.push(...appended);
  return { lines, disagreements };
}

// ---- the body -------------------------------------------------------------------------------------------------

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The body's lines without line endings, the timeline's events replaced by one EVENTS_HERE line where they began. */
function bodyWithoutEvents(parts: NoteParts): string[] {
  const lines: string[] = [];
  let placed = false;
  // The timeline's items are in line order: the next one that starts at or after `i` is the only one that can start there.
  let next = 0;
  for (let i = parts.close + 1; i < parts.lines.length; ) {
    while (next < parts.timeline.length && parts.timeline[next].start < i) next++;
    const item = parts.timeline[next];
    if (item?.start !== i || !item.event) {
      lines.push(stripCr(parts.lines[i]));
      i++;
      continue;
    }
    if (!placed) lines.push(EVENTS_HERE);
    placed = true;
    i = item.end;
  }
  return lines;
}

/** For a note both sides added: the lines they share stand in for the base, so only what differs can conflict. */
function commonLines(ours: string[], theirs: string[]): string[] {
  const match = matchLines(ours, theirs);
  return ours.filter((_, i) => match[i] >= 0);
}

const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;

function withMarkers(chunks: MergeChunk[], oursLabel: string, theirsLabel: string): { lines: string[]; conflicts: string[] } {
  const lines: string[] = [];
  const conflicts: string[] = [];
  let heading = '(before the first heading)';
  const note = (added: string[]): void => {
    for (const line of added) {
      const m = HEADING.exec(line);
      if (m && line !== EVENTS_HERE) heading = m[1];
    }
  };
  for (const chunk of chunks) {
    if ('ok' in chunk) {
      lines.push(...chunk.ok);
      note(chunk.ok);
      continue;
    }
    if (!conflicts.includes(heading)) conflicts.push(heading);
    const { ours, theirs } = chunk.conflict;
    // The events go where the merged text keeps their place; inside a conflict they would be shown twice.
    const text = (side: string[]): string[] => side.filter((line) => line !== EVENTS_HERE);
    lines.push(`<<<<<<< ${oursLabel}`, ...text(ours), '=======', ...text(theirs), `>>>>>>> ${theirsLabel}`);
    note(ours);
  }
  return { lines, conflicts };
}

// ---- putting it together --------------------------------------------------------------------------------------

function describe(value: unknown): string {
  return value === undefined || value === null || value === '' ? '(nothing)' : JSON.stringify(value);
}

function mergeParts(base: NoteParts | null, ours: NoteParts, theirs: NoteParts, options: NoteMergeOptions): NoteMergeResult {
  const timeline = mergeTimelines(base, ours, theirs);
  const owned = mergeOwned(base?.result.incident ?? null, ours.result.incident, theirs.result.incident, timeline);
  const person = mergePersonKeys(base, ours, theirs);
  const disagreements = [...owned.disagreements, ...person.disagreements];

  // A disagreement is recorded at the latest time on record: the driver has no clock of its own.
  const lastTime = timeline.length > 0 ? timeline[timeline.length - 1].event.at : ours.result.incident.declared;
  const eventLines: string[] = [];
  for (const e of timeline) for (let line = e.start; line < e.end; line++) eventLines.push(stripCr(e.parts.lines[line]));
  // A recorded event is at lastTime, so only the events at that time can be its copy: 10,000 keys cost more than the
  // rest of a merge.
  const known = new Set(disagreements.length > 0 ? timeline.filter((e) => e.event.at === lastTime).map((e) => eventKey(e.event)) : []);
  const recorded: TimelineEvent[] = [];
  for (const d of disagreements) {
    const event = { at: lastTime, kind: 'merge', text: `${d.key}: kept ${describe(d.ours)}; the other side had ${describe(d.theirs)}` };
    if (known.has(eventKey(event))) continue;
    known.add(eventKey(event));
    recorded.push(event);
    eventLines.push(...formatTimelineEvent(event));
  }

  const oursBody = bodyWithoutEvents(ours);
  const theirsBody = bodyWithoutEvents(theirs);
  const body = withMarkers(
    mergeLines(base ? bodyWithoutEvents(base) : commonLines(oursBody, theirsBody), oursBody, theirsBody),
    options.oursLabel ?? 'ours',
    options.theirsLabel ?? 'theirs',
  );
  const placeAt = body.lines.indexOf(EVENTS_HERE);
  const bodyLines = body.lines.flatMap((line, i) => (line !== EVENTS_HERE ? [line] : i === placeAt ? eventLines : []));

  const incident: Incident = { ...ours.result.incident, ...owned.fields, timeline: [] };
  let frontMatter: string[];
  try {
    frontMatter = ownedKeysWritten(person.lines, incident, ours);
  } catch (error) {
    return { kind: 'fallback', reason: `the merged front matter could not be written (${error instanceof Error ? error.message : String(error)})` };
  }
  const eol = ours.eol;
  let text = ours.bom + ['---', ...frontMatter, stripCr(ours.lines[ours.close]), ...bodyLines].join(eol);
  if (placeAt < 0 && timeline.length + recorded.length > 0) {
    // No side's text kept a place for the events (the timeline section is new or was rewritten): the note writer
    // adds them, in a Timeline section of their own if need be.
    text = updateIncidentNote(text, { ...incident, timeline: [...timeline.map((e) => e.event), ...recorded] });
  }
  const problems = noteReadProblems(text);
  if (problems.length > 0) return { kind: 'fallback', reason: `the merged note would not read back (${problems[0].message})` };
  return { kind: 'merged', text, conflicts: body.conflicts, disagreements: disagreements.map((d) => d.key) };
}

/** The front matter lines (without `---`) with the owned keys set to the merged values, by the extension's own writer. */
function ownedKeysWritten(frontMatter: string[], incident: Incident, ours: NoteParts): string[] {
  const eol = ours.eol;
  const close = stripCr(ours.lines[ours.close]);
  // The writer is given the front matter alone, so it touches nothing else.
  const stub = ['---', ...frontMatter.map(stripCr), close, ''].join(eol);
  const written = updateIncidentNote(stub, incident).split('\n').map(stripCr);
  return written.slice(1, written.lastIndexOf(close));
}
