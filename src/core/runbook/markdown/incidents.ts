// Common incidents: `### INC-001: Title` headings, each with bold-labelled parts (Symptoms, Diagnostic Tree,
// Root Causes, Resolution, CRITICAL, Response Protocol). Parts may be paragraphs, lists under a label line,
// or `####` headings; any part may be missing.
import { KnownIncident, RunbookProblem, SourceRange } from '../model';
import { boldLabel, cellText, inlineText, splitList } from '../inline';
import { levelInText } from '../levels';
import { protocolStep, treeStep } from '../steps';
import { problemAt } from '../problems';
import { SourceLines } from '../text';
import { Block, HeadingBlock, ListItem } from './blocks';

type PartKind = 'symptoms' | 'tree' | 'rootCauses' | 'resolution' | 'critical' | 'protocol';

const PART_LABELS: ReadonlyArray<[PartKind, RegExp]> = [
  ['symptoms', /^(?:symptoms?|signs|indicators|alerts?)$/],
  ['tree', /^(?:diagnostic tree|diagnosis|diagnostics|diagnostic steps|triage steps|investigation|checks)$/],
  ['rootCauses', /^(?:root causes?|likely causes|common causes|possible causes|causes?)$/],
  ['resolution', /^(?:resolution|fix(?:es)?|mitigation|remediation|solution|workaround|resolve)(?: steps| actions)?$/],
  ['critical', /^critical\b/],
  ['protocol', /^(?:response protocol|protocol|response steps|immediate actions|checklist)$/],
];

/** The labels the format describes, looked up before the looser patterns above. */
const EXACT_LABELS = new Map<string, PartKind>([
  ['symptoms', 'symptoms'],
  ['diagnostic tree', 'tree'],
  ['root causes', 'rootCauses'],
  ['resolution', 'resolution'],
  ['critical', 'critical'],
  ['response protocol', 'protocol'],
]);

/** The parts as the format names them, for an author whose label is not one of them. */
const PART_NAMES = 'Symptoms, Diagnostic Tree, Root Causes, Resolution, CRITICAL, Response Protocol';

function partKindOf(label: string): PartKind | null {
  const plain = label.toLowerCase();
  const exact = EXACT_LABELS.get(plain);
  if (exact) return exact;
  const words = label.toLowerCase().replace(/[^\p{L}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
  for (const [kind, pattern] of PART_LABELS) if (pattern.test(words)) return kind;
  return null;
}

/** `INC-001: Title`, `DB-12 — Title`, or just a title. */
const INCIDENT_HEADING = /^([A-Z][A-Z0-9]*-\d+)\s*(?:[:.\-–—]\s*)?(.*)$/;

interface Part {
  text: string[];
  items: ListItem[];
}

type Parts = Partial<Record<PartKind, Part>>;

/**
 * The incident's parts. A label or heading the reader does not know (`**Prevention**:`, `#### Owner`) ends the part
 * above it, so its text is not taken for more root causes, and is reported at its line: what is under it is unused.
 */
function collectParts(blocks: readonly Block[], id: string, source: SourceLines, problems: RunbookProblem[]): Parts {
  const parts: Parts = {};
  let current: Part | null = null;
  const open = (kind: PartKind): Part => {
    const part = parts[kind] ?? { text: [], items: [] };
    parts[kind] = part;
    return part;
  };
  const unknownPart = (label: string, line: number): null => {
    problems.push(problemAt(source.linesRange(line), 'info', 'unknown-incident-part',
      `${id}: "${label}" is not a part the runbook reader knows (${PART_NAMES}), so what is under it is left out of the `
      + 'incident. Rename it to one of these if it is one.'));
    return null;
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const text = cellText(block.inline.content);
      const kind = partKindOf(text);
      current = kind ? open(kind) : text === '' ? null : unknownPart(text, block.start);
    } else if (block.kind === 'paragraph') {
      // A paragraph's lines are the file's lines from its first one on.
      block.inline.content.split('\n').forEach((line, offset) => {
        const label = boldLabel(line);
        const kind = label ? partKindOf(label.label) : null;
        if (label && kind) {
          current = open(kind);
          if (label.rest.trim() !== '') current.text.push(label.rest.trim());
        } else if (label && label.colon) {
          current = unknownPart(label.label, block.start + offset);
        } else if (current) {
          current.text.push(line.trim());
        }
      });
    } else if (block.kind === 'list') {
      if (current) for (const item of block.items) current.items.push(item);
    }
  }
  return parts;
}

function texts(part: Part | undefined): string[] {
  return part ? part.text.map(inlineText).filter((text) => text !== '') : [];
}

function itemTexts(part: Part | undefined): string[] {
  return part ? part.items.map((item) => inlineText(item.text)).filter((text) => text !== '') : [];
}

function incidentFrom(heading: HeadingBlock, blocks: readonly Block[], index: number, source: SourceLines, problems: RunbookProblem[]): KnownIncident {
  const headingText = cellText(heading.inline.content);
  const named = INCIDENT_HEADING.exec(headingText);
  const id = named ? named[1] : `INC-${String(index + 1).padStart(3, '0')}`;
  const title = (named ? named[2] : headingText).trim() || id;
  const parts = collectParts(blocks, id, source, problems);
  const itemRange = (item: ListItem): SourceRange => source.linesRange(item.start, item.end);
  const critical = [...texts(parts.critical), ...itemTexts(parts.critical)].join(' ') || null;
  const lastLine = blocks.length > 0 ? blocks[blocks.length - 1].end : heading.end;
  const incident: KnownIncident = {
    id,
    title,
    symptoms: [...texts(parts.symptoms).flatMap(splitList), ...itemTexts(parts.symptoms)],
    steps: (parts.tree?.items ?? []).filter((item) => item.text.trim() !== '').map((item) => ({ ...treeStep(item.text), source: itemRange(item) })),
    rootCauses: [...texts(parts.rootCauses).flatMap(splitList), ...itemTexts(parts.rootCauses)],
    resolution: [...texts(parts.resolution), ...itemTexts(parts.resolution)].join('\n'),
    forcedLevel: critical === null ? null : levelInText(critical),
    critical,
    protocol: (parts.protocol?.items ?? []).filter((item) => item.text.trim() !== '').map((item) => ({ ...protocolStep(item.text), source: itemRange(item) })),
    source: source.linesRange(heading.start, lastLine),
  };
  if (critical !== null && incident.forcedLevel === null) {
    problems.push(problemAt(incident.source ?? source.linesRange(heading.start), 'warning', 'critical-without-level',
      `${id}: the CRITICAL rule names no level, so it forces none (write e.g. "always SEV1").`));
  }
  return incident;
}

/** The incidents of the section: one per heading at the depth of its first heading below the section. */
export function readIncidents(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): KnownIncident[] {
  const depth = blocks.find((block): block is HeadingBlock => block.kind === 'heading')?.depth;
  if (depth === undefined) return [];
  const incidents: KnownIncident[] = [];
  const seen = new Map<string, number>();
  let heading: HeadingBlock | null = null;
  let body: Block[] = [];
  const flush = (): void => {
    if (!heading) return;
    const incident = incidentFrom(heading, body, incidents.length, source, problems);
    const earlier = seen.get(incident.id);
    if (earlier !== undefined) {
      problems.push(problemAt(source.linesRange(heading.start), 'warning', 'duplicate-incident',
        `${incident.id} is used twice (first on line ${earlier + 1}); incident ids should be unique.`));
    } else {
      seen.set(incident.id, heading.start);
    }
    incidents.push(incident);
  };
  for (const block of blocks) {
    if (block.kind === 'heading' && block.depth <= depth) {
      flush();
      heading = block;
      body = [];
    } else if (heading) {
      body.push(block);
    }
  }
  flush();
  return incidents;
}
