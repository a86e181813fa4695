// Three-way merge of an incident, for a note that changed on disk between our read and our write (a git pull,
// another window, a person's edit). The rule, field by field:
//
// - Scalar fields (title, level, status, times, commander, …) and the summary: theirs (the disk), unless mine changed
//   the field relative to base — then mine. Both changing it the same way is no conflict; both changing it
//   differently lets mine win, because mine is the action the responder just took.
// - Lists of labels (escalations, notified): theirs, minus what mine removed since base, plus what mine added
//   since base, in theirs' order followed by mine's additions.
// - Protocol checklist, item by item (by text): `done` from mine when mine toggled it since base, else theirs;
//   theirs' items in theirs' order, then items only mine added.
// - Timeline: a multiset of events by content (time, kind, text): theirs, minus events mine deleted since base,
//   plus events mine added since base, ordered by time; ties keep theirs' order, then mine's.
//
// `id` is always theirs: it names the file.
import type { Incident, ProtocolItemState, TimelineEvent } from './model';
import { normalizeEventText } from './events';
import { epochMs } from './time';

type ScalarKey =
  | 'title'
  | 'level'
  | 'status'
  | 'runbook'
  | 'knownIncident'
  | 'commander'
  | 'impact'
  | 'declared'
  | 'acknowledged'
  | 'mitigated'
  | 'resolved'
  | 'nextUpdateDue'
  | 'levelOverride'
  | 'summary';

const SCALAR_KEYS: readonly ScalarKey[] = [
  'title',
  'level',
  'status',
  'runbook',
  'knownIncident',
  'commander',
  'impact',
  'declared',
  'acknowledged',
  'mitigated',
  'resolved',
  'nextUpdateDue',
  'levelOverride',
  'summary',
];

export function mergeIncidents(base: Incident, mine: Incident, theirs: Incident): Incident {
  const merged: Incident = {
    ...theirs,
    escalations: mergeLabels(base.escalations, mine.escalations, theirs.escalations),
    notified: mergeLabels(base.notified, mine.notified, theirs.notified),
    protocol: mergeProtocol(base.protocol, mine.protocol, theirs.protocol),
    timeline: mergeTimeline(base.timeline, mine.timeline, theirs.timeline),
  };
  for (const key of SCALAR_KEYS) {
    if (mine[key] !== base[key]) assign(merged, key, mine[key]);
  }
  if (merged.summary === undefined) delete merged.summary;
  return merged;
}

function assign<K extends ScalarKey>(target: Incident, key: K, value: Incident[K]): void {
  target[key] = value;
}

function mergeLabels(base: string[], mine: string[], theirs: string[]): string[] {
  const removed = new Set(base.filter((label) => !mine.includes(label)));
  const added = mine.filter((label) => !base.includes(label));
  const result = theirs.filter((label) => !removed.has(label));
  for (const label of added) if (!result.includes(label)) result.push(label);
  return result;
}

function mergeProtocol(base: ProtocolItemState[], mine: ProtocolItemState[], theirs: ProtocolItemState[]): ProtocolItemState[] {
  const baseDone = new Map(base.map((item) => [item.text, item.done]));
  const mineDone = new Map(mine.map((item) => [item.text, item.done]));
  const result = theirs.map((item) => {
    const mineValue = mineDone.get(item.text);
    const mineToggled = mineValue !== undefined && baseDone.has(item.text) && baseDone.get(item.text) !== mineValue;
    return { text: item.text, done: mineToggled ? (mineValue as boolean) : item.done };
  });
  for (const item of mine) {
    if (!baseDone.has(item.text) && !result.some((r) => r.text === item.text)) result.push({ ...item });
  }
  return result;
}

function eventKey(event: TimelineEvent): string {
  return `${event.at}\u0000${event.kind}\u0000${normalizeEventText(event.text)}`;
}

function countByKey(events: TimelineEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(eventKey(event), (counts.get(eventKey(event)) ?? 0) + 1);
  return counts;
}

export function mergeTimeline(base: TimelineEvent[], mine: TimelineEvent[], theirs: TimelineEvent[]): TimelineEvent[] {
  const baseCounts = countByKey(base);
  const mineCounts = countByKey(mine);
  // Events mine deleted since base: as many of each as base had more than mine.
  const deletions = new Map<string, number>();
  for (const [key, count] of baseCounts) {
    const fewer = count - (mineCounts.get(key) ?? 0);
    if (fewer > 0) deletions.set(key, fewer);
  }
  const result: TimelineEvent[] = [];
  for (const event of theirs) {
    const key = eventKey(event);
    const pending = deletions.get(key) ?? 0;
    if (pending > 0) deletions.set(key, pending - 1);
    else result.push({ ...event });
  }
  // Events mine added since base: as many of each as mine has more than base.
  const seenInMine = new Map<string, number>();
  for (const event of mine) {
    const key = eventKey(event);
    const seen = (seenInMine.get(key) ?? 0) + 1;
    seenInMine.set(key, seen);
    if (seen > (baseCounts.get(key) ?? 0)) result.push({ ...event });
  }
  return stableSortByTime(result);
}

function stableSortByTime(events: TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => ({ event, index, time: epochMs(event.at) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((entry) => entry.event);
}
