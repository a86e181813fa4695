// What Sync Notes says: the commit message naming the events it commits, and which events a pull brought in, from
// whom. Pure: the glue (src/vscode/incident/commands/syncNotes.ts) reads the notes and talks to git.
import { plural } from '../wording';
import type { TimelineEvent } from './model';
import { eventKey } from './note';

/** The events of `after` that `before` lacks, each copy counted (an event written twice is two). */
export function eventsAdded(before: readonly TimelineEvent[], after: readonly TimelineEvent[]): TimelineEvent[] {
  const left = new Map<string, number>();
  for (const event of before) left.set(eventKey(event), (left.get(eventKey(event)) ?? 0) + 1);
  return after.filter((event) => {
    const key = eventKey(event);
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    return count === 0;
  });
}

/** An event as the commit message names it: its kind, and for a status change the status it moved to. */
function eventName(event: TimelineEvent): string {
  if (event.kind === 'status') {
    const to = /→ (.+)$/.exec(event.text);
    if (to) return `status ${to[1].trim()}`;
  }
  return event.kind;
}

export interface NoteChange {
  incidentId: string;
  /** The events the change adds (none: only the front matter or prose changed). */
  added: readonly TimelineEvent[];
}

/** "incident INC-…: 3 events (acknowledged, status Mitigated, note)"; one line per incident after the first. */
export function syncCommitMessage(changes: readonly NoteChange[]): string {
  const lines = changes.map((change) => {
    const names = [...new Set(change.added.map(eventName))];
    const what = change.added.length > 0 ? `${plural(change.added.length, 'event')} (${names.join(', ')})` : 'note edited';
    return `incident ${change.incidentId}: ${what}`;
  });
  if (lines.length <= 1) return lines[0] ?? 'incident notes';
  return [`incident notes: ${plural(changes.length, 'incident')}`, '', ...lines].join('\n');
}

export interface ArrivedEvents {
  incidentId: string;
  count: number;
  /** Who committed them (the commits that changed the note in the pull), as git names them. */
  from: readonly string[];
}

/** "INC-7: 2 events from alice; INC-9: 1 event from bob and carol", or undefined when nothing arrived. */
export function arrivedSummary(arrived: readonly ArrivedEvents[]): string | undefined {
  const parts = arrived
    .filter((a) => a.count > 0)
    .map((a) => `${a.incidentId}: ${plural(a.count, 'event')}${a.from.length > 0 ? ` from ${joinNames(a.from)}` : ''}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
