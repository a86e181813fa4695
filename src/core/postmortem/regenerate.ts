// A post-mortem draft's format on disk, and its regeneration.
//
// The draft reads as a plain document: its sections follow one another with nothing between them. What
// regeneration needs sits in one HTML comment at the end of the file (hidden by Markdown previews, reached by a
// reader only after the document):
//
//   <!-- postmortem-draft incident=<id> sections=a,b,…
//   <one line saying what the block is for>
//   <section id> hash=<h> heading=<g> lines=<n>
//   -->
//
// one line per generated section, in the draft's order. <h> is the hash of the section as generated, <g> the hash
// of the heading the section starts with (none for a section that continues the one before it, as the header does
// the title), <n> how many lines the section before such a section spans. Sections are found by their headings;
// regeneration then compares each section's current text with its hash: untouched sections are refreshed, edited
// ones are kept as the person left them, sections the person added (a heading the block does not list) stay where
// they are. `sections=` lists the sections ever generated, so a section the person deleted is not brought back.
//
// Drafts written before carried the same facts as a comment before every section (`<!-- generated:<id> hash=<h>
// -->`, and `<!-- postmortem-draft incident=<id> sections=… -->` on the first line); they are read as they are and
// written in the format above on their next regeneration, their hashes kept (so an edited section stays edited).
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** One generated section: its id, and its text. */
export interface DraftSection {
  id: string;
  lines: string[];
}

const OLD_MARKER = /^<!-- generated:([a-z0-9-]+) hash=([0-9a-f]+) -->\s*$/;
const OLD_DRAFT_MARKER = /^<!-- postmortem-draft incident=(\S*) sections=([a-z0-9,-]*) -->\s*$/;
const STATE_START = /^<!-- postmortem-draft incident=(\S*) sections=([a-z0-9,-]*)\s*$/;
const STATE_ENTRY = /^([a-z0-9-]+) hash=([0-9a-f]+)(?: heading=([0-9a-f]+))?(?: lines=(\d+))?\s*$/;
const STATE_END = /^-->\s*$/;
const STATE_PURPOSE = 'Incident Runbook regenerates this draft from these lines without touching your edits: keep them at the end.';
/** A heading that always ends a section (`#`, `##`); a deeper one ends it only when it starts a generated section. */
const TOP_HEADING = /^ {0,3}#{1,2}(?:[ \t]|$)/;
const ANY_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The hash of a section's text, blind to line endings, trailing spaces and surrounding blank lines. */
export function sectionHash(lines: readonly string[]): string {
  const normalized = lines.map((l) => l.trimEnd()); // not /\s+$/: quadratic on long runs of inner spaces
  while (normalized.length > 0 && normalized[0] === '') normalized.shift();
  while (normalized.length > 0 && normalized[normalized.length - 1] === '') normalized.pop();
  return bytesToHex(sha256(utf8ToBytes(normalized.join('\n')))).slice(0, 12);
}

function headingHash(line: string): string {
  return sectionHash([line]).slice(0, 8);
}

interface Block {
  /** Generated section id, or null for the person's text (and the preamble). */
  id: string | null;
  /** The hash the section had when generated, for generated sections. */
  hash: string | null;
  lines: string[];
}

interface ParsedDraft {
  state: { incident: string; sections: string[] } | null;
  blocks: Block[];
}

/** Calls `visit` for each line with whether it is inside a fenced code block (fence lines themselves count as inside). */
function eachLine(lines: readonly string[], visit: (line: string, index: number, inFence: boolean) => void): void {
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const match = FENCE.exec(line);
    if (fence) {
      if (match && match[1][0] === fence[0] && match[1].length >= fence.length) fence = null;
      visit(line, index, true);
      return;
    }
    if (match) fence = match[1];
    visit(line, index, match !== null);
  });
}

function trailingBlankless(lines: readonly string[]): number {
  let n = lines.length;
  while (n > 0 && lines[n - 1].trim() === '') n--;
  return n;
}

function firstHeading(lines: readonly string[]): string | null {
  const first = lines.find((l) => l.trim() !== '');
  return first !== undefined && ANY_HEADING.test(first) ? first : null;
}

/** The state block closing the draft, one line per section of the draft's output. */
function stateLines(incidentId: string, offered: readonly string[], blocks: readonly Block[]): string[] {
  const out = [`<!-- postmortem-draft incident=${incidentId} sections=${offered.join(',')}`, STATE_PURPOSE];
  blocks.forEach((block, i) => {
    if (block.id === null) return;
    const heading = firstHeading(block.lines);
    const next = blocks[i + 1];
    const followed = next && next.id !== null && firstHeading(next.lines) === null;
    out.push(`${block.id} hash=${block.hash}${heading !== null ? ` heading=${headingHash(heading)}` : ''}${followed ? ` lines=${trailingBlankless(block.lines)}` : ''}`);
  });
  out.push('-->');
  return out;
}

function draftText(blocks: readonly Block[], state: string[], eol: string): string {
  const lines = blocks.flatMap((b) => b.lines);
  if (lines.length > 0 && lines[lines.length - 1].trim() !== '') lines.push('');
  return [...lines, ...state, ''].join(eol);
}

/** A draft's text: each section after the other, then the state block. */
export function markedDraft(incidentId: string, sections: readonly DraftSection[]): string {
  const blocks: Block[] = sections.map((s) => ({ id: s.id, hash: sectionHash(s.lines), lines: [...s.lines, ''] }));
  return draftText(blocks, stateLines(incidentId, sections.map((s) => s.id), blocks), '\n');
}

/** A draft in the format above, or null when it has no state block (an older draft, or none of ours). */
function parseStatefulDraft(lines: string[]): ParsedDraft | null {
  let start = -1;
  eachLine(lines, (line, index, inFence) => {
    if (!inFence && STATE_START.test(line)) start = index;
  });
  if (start < 0) return null;
  const head = STATE_START.exec(lines[start]) as RegExpExecArray;
  const entries: Array<{ id: string; hash: string; heading: string | null; lines: number | null }> = [];
  let end = start + 1;
  for (; end < lines.length && !STATE_END.test(lines[end]); end++) {
    const entry = STATE_ENTRY.exec(lines[end]);
    if (entry) entries.push({ id: entry[1], hash: entry[2], heading: entry[3] ?? null, lines: entry[4] === undefined ? null : Number(entry[4]) });
  }
  if (end >= lines.length) return null;
  const body = lines.slice(0, start);
  // Text a person wrote below the block is theirs; it is kept, above the block on the next write.
  const after = lines.slice(end + 1);

  // Split the body where a section can start: a top heading, or the heading a listed section starts with.
  const anchors = new Set(entries.map((e) => e.heading).filter((h): h is string => h !== null));
  const segments: string[][] = [[]];
  eachLine(body, (line, _index, inFence) => {
    if (!inFence && ANY_HEADING.test(line) && (TOP_HEADING.test(line) || anchors.has(headingHash(line)))) segments.push([line]);
    else segments[segments.length - 1].push(line);
  });

  const blocks: Block[] = [];
  let next = 0;
  // A section with no heading of its own is the rest of the section before it, after that one's lines.
  const takeFollowers = (lines: string[], lead: (typeof entries)[number] | null): void => {
    let rest = lines;
    let previous = lead;
    while (next < entries.length && entries[next].heading === null) {
      const split = previous ? Math.min(rest.length, previous.lines ?? rest.length) : 0;
      if (previous) blocks.push({ id: previous.id, hash: previous.hash, lines: rest.slice(0, split) });
      else blocks.push({ id: null, hash: null, lines: rest.slice(0, split) });
      rest = rest.slice(split);
      previous = entries[next++];
    }
    blocks.push(previous ? { id: previous.id, hash: previous.hash, lines: rest } : { id: null, hash: null, lines: rest });
  };
  segments.forEach((segment, i) => {
    if (i === 0) {
      if (next < entries.length && entries[next].heading === null) takeFollowers(segment, null);
      else blocks.push({ id: null, hash: null, lines: segment });
      return;
    }
    const heading = headingHash(segment[0]);
    const found = entries.findIndex((e, j) => j >= next && e.heading === heading);
    if (found < 0) {
      blocks.push({ id: null, hash: null, lines: segment });
      return;
    }
    next = found + 1;
    takeFollowers(segment, entries[found]);
  });
  if (after.some((l) => l.trim() !== '')) blocks.push({ id: null, hash: null, lines: after });
  return { state: { incident: head[1], sections: head[2].split(',').filter(Boolean) }, blocks };
}

/** A draft with a comment before every section, as drafts were first written. */
function parseMarkedDraft(lines: string[]): ParsedDraft {
  const blocks: Block[] = [{ id: null, hash: null, lines: [] }];
  let state: ParsedDraft['state'] = null;
  eachLine(lines, (line, index, inFence) => {
    const current = blocks[blocks.length - 1];
    const draft = index === 0 ? OLD_DRAFT_MARKER.exec(line) : null;
    const marker = inFence ? null : OLD_MARKER.exec(line);
    if (draft) {
      // The state block at the end says it now; the blank line after it goes too.
      state = { incident: draft[1], sections: draft[2].split(',').filter(Boolean) };
    } else if (index === 1 && state && line.trim() === '') {
      // (dropped with the first line's marker)
    } else if (marker) {
      blocks.push({ id: marker[1], hash: marker[2], lines: [] });
    } else if (!inFence && TOP_HEADING.test(line) && !(current.id !== null && current.lines.every((l) => l.trim() === ''))) {
      // A heading right after a marker belongs to that section; any other top heading starts the person's own.
      blocks.push({ id: null, hash: null, lines: [line] });
    } else {
      current.lines.push(line);
    }
  });
  return { state, blocks };
}

function parseDraft(text: string): ParsedDraft {
  const lines = text.split(/\r?\n/);
  return parseStatefulDraft(lines) ?? parseMarkedDraft(lines);
}

/** The generated sections of a draft as it stands, by id (each section's current text). */
export function draftSections(text: string): Map<string, string[]> {
  return new Map(parseDraft(text).blocks.flatMap((b) => (b.id === null ? [] : [[b.id, b.lines] as [string, string[]]])));
}

export type SectionChange = 'refreshed' | 'unchanged' | 'kept-edited' | 'added' | 'removed' | 'kept-deleted';

export interface RegenerationResult {
  text: string;
  /** One entry per generated section, in the new draft's order where it has one. */
  changes: { section: string; change: SectionChange }[];
}

/**
 * Refreshes a post-mortem draft from a fresh generation, keeping the person's work: sections edited since they were
 * generated stay as they are (and keep their hash, so they stay "edited"), untouched ones take the fresh text,
 * the person's own sections stay in place, sections the person deleted stay deleted, and sections new in the
 * generator are inserted after their predecessor. Line endings follow the existing text; a draft in the older
 * format comes back in the new one.
 */
export function regeneratePostmortem(existingText: string, freshDraft: string): RegenerationResult {
  const eol = existingText.includes('\r\n') ? '\r\n' : '\n';
  const existing = parseDraft(existingText);
  const fresh = parseDraft(freshDraft);
  const freshBlocks = new Map(fresh.blocks.filter((b) => b.id !== null).map((b) => [b.id as string, b]));
  const freshOrder = fresh.blocks.filter((b) => b.id !== null).map((b) => b.id as string);
  const present = new Set(existing.blocks.filter((b) => b.id !== null).map((b) => b.id as string));
  const offered = new Set(existing.state?.sections ?? present);
  const changes = new Map<string, SectionChange>();
  const out: Block[] = [];

  for (const block of existing.blocks) {
    if (block.id === null) {
      out.push(block);
      continue;
    }
    const edited = sectionHash(block.lines) !== block.hash;
    const replacement = freshBlocks.get(block.id);
    if (edited) {
      out.push(block);
      changes.set(block.id, 'kept-edited');
    } else if (!replacement) {
      changes.set(block.id, 'removed');
    } else {
      out.push(replacement);
      changes.set(block.id, sectionHash(replacement.lines) === block.hash ? 'unchanged' : 'refreshed');
    }
  }
  for (const id of freshOrder) {
    if (present.has(id)) continue;
    if (offered.has(id)) {
      changes.set(id, 'kept-deleted');
      continue;
    }
    // After the nearest earlier section of the fresh order that is in the output, else after the preamble.
    const before = freshOrder.slice(0, freshOrder.indexOf(id)).reverse().find((prev) => out.some((b) => b.id === prev));
    const at = before ? out.findIndex((b) => b.id === before) + 1 : Math.min(1, out.length);
    out.splice(at, 0, freshBlocks.get(id) as Block);
    changes.set(id, 'added');
  }

  const sections = [...new Set([...freshOrder, ...offered])];
  const incident = fresh.state?.incident ?? existing.state?.incident ?? '';
  const order = [...freshOrder, ...[...changes.keys()].filter((id) => !freshOrder.includes(id))];
  return {
    text: draftText(out, stateLines(incident, sections, out), eol),
    changes: order.filter((id) => changes.has(id)).map((id) => ({ section: id, change: changes.get(id) as SectionChange })),
  };
}
