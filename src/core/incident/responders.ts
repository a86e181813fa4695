// The responders an incident's timeline names: who declared it, acknowledged it, and took or handed over command. A
// note's other events (notes, runs, status changes) name nobody, so nobody is guessed from them.
import { acknowledgedBy, commanderChange, declaredBy } from './events';
import type { TimelineEvent } from './model';

/** The people the timeline names, each once, in the order they first appear. */
export function respondersOf(timeline: readonly TimelineEvent[]): string[] {
  const seen = new Map<string, string>();
  const add = (name: string | null | undefined): void => {
    const trimmed = name?.trim();
    // The same person written in another case is one responder, shown as first written.
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  };
  for (const event of timeline) {
    add(declaredBy(event));
    add(acknowledgedBy(event));
    const change = commanderChange(event);
    add(change?.from);
    add(change?.to);
  }
  return [...seen.values()];
}
