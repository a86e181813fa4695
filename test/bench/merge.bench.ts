// Merging two incident notes as git's merge driver does, against reading both (the floor).
//   notes.merge10k = time(merge base, ours, theirs: 10,000 events each, 100 of them each side's own)
//                    / time(parse ours and theirs)                                            target < 5
// Both from text in memory (the driver's file reads are the same three reads either way); each figure is the median
// of interleaved runs.
import { declare } from '../../src/core/incident/lifecycle';
import type { Incident, TimelineEvent } from '../../src/core/incident/model';
import { mergeIncidentNote } from '../../src/core/incident/merge';
import { parseIncidentNote, serializeIncidentNote } from '../../src/core/incident/note';
import { toIso } from '../../src/core/incident/time';

const START = Date.UTC(2026, 10, 27, 4, 41, 0);

function events(count: number, from: number, who: string): TimelineEvent[] {
  return Array.from({ length: count }, (_, i) => ({ at: toIso(new Date(START + (from + i) * 1000)), kind: i % 3 === 0 ? 'command' : 'note', text: i % 3 === 0 ? `\`curl -s https://shop.example/health?n=${from + i}\` exited 0 in 0.3s` : `${who} looked at dashboard ${from + i}` }));
}

function note(incident: Incident, timeline: TimelineEvent[], status: string): string {
  return serializeIncidentNote({ ...incident, status, timeline });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(work: () => void): number {
  const t0 = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function bench(): Promise<Record<string, number>> {
  const declared = declare({ title: 'Checkout latency', level: 2, commander: 'alice' }, new Date(START));
  if (!declared.ok) throw new Error(declared.error.message);
  const incident = declared.incident;
  const shared = [...incident.timeline, ...events(9_899, 1, 'alice')];
  const base = note(incident, shared, 'Investigating');
  const ours = note(incident, [...shared, ...events(100, 20_000, 'bob')], 'Identified');
  const theirs = note(incident, [...shared, ...events(100, 20_050, 'carol')], 'Monitoring');
  const merge = (): void => {
    const result = mergeIncidentNote(base, ours, theirs, { fileName: `${incident.id}.md` });
    if (result.kind !== 'merged' || result.conflicts.length > 0) throw new Error('the bench notes did not merge cleanly');
  };
  const read = (): void => {
    if (!parseIncidentNote(ours, 'a.md').ok || !parseIncidentNote(theirs, 'b.md').ok) throw new Error('the bench notes do not parse');
  };
  merge();
  read();
  const merges: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < 7; i++) {
    reads.push(timed(read));
    merges.push(timed(merge));
  }
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { 'notes.merge10k': round(median(merges) / median(reads)), 'notes.merge10kMs': round(median(merges)), 'notes.read2x10kMs': round(median(reads)) };
}
