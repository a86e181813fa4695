// A post-mortem draft's format on disk, and its regeneration.
//
// Each generated section starts with an invisible marker, `<!-- generated:<id> hash=<h> -->`, where <h> is the hash
// of the section as generated. Regenerating compares each section's current text with its hash: untouched sections
// are refreshed, edited ones are kept as the person left them, sections the person added (a heading with no marker)
// stay where they are. The first line, `<!-- postmortem-draft incident=<id> sections=a,b,… -->`, lists the sections
// ever generated, so a section the person deleted is not brought back.
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** One generated section: the id its marker carries, and its text. */
export interface DraftSection {
  id: string;
  lines: string[];
}

const MARKER = /^<!-- generated:([a-z0-9-]+) hash=([0-9a-f]+) -->\s*$/;
const DRAFT_MARKER = /^<!-- postmortem-draft incident=(\S*) sections=([a-z0-9,-]*) -->\s*$/;
const HEADING = /^ {0,3}#{1,2}[ \t]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The hash of a section's text, blind to line endings, trailing spaces and surrounding blank lines. */
export function sectionHash(lines: readonly string[]): string {
  const normalized = lines.map((l) => l.trimEnd()); // not /\s+$/: quadratic on long runs of inner spaces
  while (normalized.length > 0 && normalized[0] === '') normalized.shift();
  while (normalized.length > 0 && normalized[normalized.length - 1] === '') normalized.pop();
  return bytesToHex(sha256(utf8ToBytes(normalized.join('\n')))).slice(0, 12);
}

function sectionMarkerLine(id: string, lines: readonly string[]): string {
  return `<!-- generated:${id} hash=${sectionHash(lines)} -->`;
}

function draftMarkerLine(incidentId: string, sectionIds: readonly string[]): string {
  return `<!-- postmortem-draft incident=${incidentId} sections=${sectionIds.join(',')} -->`;
}

/** A draft's text: the draft marker, then each section under its own marker. */
export function markedDraft(incidentId: string, sections: readonly DraftSection[]): string {
  const out = [draftMarkerLine(incidentId, sections.map((s) => s.id)), ''];
  for (const s of sections) out.push(sectionMarkerLine(s.id, s.lines), ...s.lines, '');
  return out.join('\n');
}

interface Block {
  /** Generated section id, or null for the person's text (and the preamble). */
  id: string | null;
  /** The marker line, for generated sections. */
  marker: string | null;
  hash: string | null;
  lines: string[];
}

interface ParsedDraft {
  draftMarker: { incident: string; sections: string[] } | null;
  blocks: Block[];
}

function parseDraft(text: string): ParsedDraft {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [{ id: null, marker: null, hash: null, lines: [] }];
  let draftMarker: ParsedDraft['draftMarker'] = null;
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const current = blocks[blocks.length - 1];
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      current.lines.push(line);
      return;
    }
    if (fenceMatch) fence = fenceMatch[1];
    const draft = index === 0 ? DRAFT_MARKER.exec(line) : null;
    if (draft) {
      draftMarker = { incident: draft[1], sections: draft[2].split(',').filter(Boolean) };
      current.lines.push(line);
      return;
    }
    const marker = fenceMatch ? null : MARKER.exec(line);
    if (marker) {
      blocks.push({ id: marker[1], marker: line, hash: marker[2], lines: [] });
      return;
    }
    // A heading right after a marker belongs to that section; any other top heading starts the person's own.
    if (!fenceMatch && HEADING.test(line) && !(current.id !== null && current.lines.every((l) => l.trim() === ''))) {
      blocks.push({ id: null, marker: null, hash: null, lines: [line] });
      return;
    }
    current.lines.push(line);
  });
  return { draftMarker, blocks };
}

export type SectionChange = 'refreshed' | 'unchanged' | 'kept-edited' | 'added' | 'removed' | 'kept-deleted';

export interface RegenerationResult {
  text: string;
  /** One entry per generated section, in the new draft's order where it has one. */
  changes: { section: string; change: SectionChange }[];
}

/**
 * Refreshes a post-mortem draft from a fresh generation, keeping the person's work: sections edited since they were
 * generated stay as they are (and keep their marker, so they stay "edited"), untouched ones take the fresh text,
 * the person's own sections stay in place, sections the person deleted stay deleted, and sections new in the
 * generator are inserted after their predecessor. Line endings follow the existing text.
 */
export function regeneratePostmortem(existingText: string, freshDraft: string): RegenerationResult {
  const eol = existingText.includes('\r\n') ? '\r\n' : '\n';
  const existing = parseDraft(existingText);
  const fresh = parseDraft(freshDraft);
  const freshBlocks = new Map(fresh.blocks.filter((b) => b.id !== null).map((b) => [b.id as string, b]));
  const freshOrder = fresh.blocks.filter((b) => b.id !== null).map((b) => b.id as string);
  const present = new Set(existing.blocks.filter((b) => b.id !== null).map((b) => b.id as string));
  const offered = new Set(existing.draftMarker?.sections ?? present);
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
  const preamble = out[0];
  if (preamble && preamble.id === null && fresh.draftMarker) {
    const line = draftMarkerLine(fresh.draftMarker.incident, sections);
    if (existing.draftMarker) preamble.lines = [line, ...preamble.lines.slice(1)];
  }
  const lines: string[] = [];
  for (const block of out) {
    if (block.marker) lines.push(block.marker);
    lines.push(...block.lines);
  }
  const order = [...freshOrder, ...[...changes.keys()].filter((id) => !freshOrder.includes(id))];
  return {
    text: lines.join(eol),
    changes: order.filter((id) => changes.has(id)).map((id) => ({ section: id, change: changes.get(id) as SectionChange })),
  };
}
