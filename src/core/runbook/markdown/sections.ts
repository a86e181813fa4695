// Which part of the runbook a heading opens. Teams word headings differently ("Severity Levels",
// "Severity Matrix", "Triage"; "Playbooks", "Known Issues") and decorate them with emoji and numbers,
// so a heading is reduced to its words and matched against the phrases real runbooks use.
import { SectionKind } from '../parts';
import { cellText } from '../inline';
import { Block, HeadingBlock } from './blocks';

/** Checked in order: the first match wins, so "Severity Escalation" is escalation, not classification. */
const SECTION_WORDS: ReadonlyArray<[SectionKind, RegExp]> = [
  ['escalation', /\bescalat|\bcontacts\b|\bon call\b|\bwho to (?:call|page)\b/],
  ['template', /\bcommunicat|\bstatus updates?\b|\bcomms\b|\bstakeholder|\bmessage templates?\b|\bupdate templates?\b/],
  ['links', /\brelated\b|\breferences?\b|\bsee also\b|\bresources\b|\blinks\b|\bfurther reading\b/],
  ['incidents', /\b(?:common|known|frequent|typical)\s+(?:incidents?|issues|problems|failures|scenarios)\b|\bplaybooks?\b|\bscenarios\b|\bincident types\b/],
  ['diagnosis', /\bdiagnos|\bquick checks\b|\bhealth checks\b|\bfirst (?:checks|steps|minutes)\b/],
  ['responseFlow', /\b(?:response|incident)\s+(?:flow|process|workflow|procedure|lifecycle)\b|\bworkflow\b/],
  ['classification', /\bclassif|\bseverit|\btriage\b|\bpriorit|\bsevs?\b|\b(?:incident|impact) levels\b/],
];

/** Section names are a few words: a heading's first characters are enough, and a hostile long heading costs no more. */
const HEADING_WORDS_LENGTH = 300;

/** A heading's words: no emoji, numbering ("2.", "Step 3:") or punctuation, lower case. */
export function headingWords(raw: string): string {
  return cellText(raw.slice(0, HEADING_WORDS_LENGTH))
    .toLowerCase()
    .replace(/[^\p{L}\s]+/gu, ' ')
    .replace(/^\s*step\s+/, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sectionKindOf(headingText: string): SectionKind | null {
  const words = headingWords(headingText);
  for (const [kind, pattern] of SECTION_WORDS) if (pattern.test(words)) return kind;
  return null;
}

export interface Section {
  /** null for a section the reader does not know ("## Contacts"). */
  kind: SectionKind | null;
  heading: HeadingBlock;
  blocks: Block[];
}

export interface SplitDocument {
  title: HeadingBlock | null;
  sections: Section[];
  /** Blocks before the first section (under the title). */
  preamble: Block[];
}

/**
 * The heading level the runbook's sections are at: 2 (`## Quick Diagnosis`), or deeper when the runbook is
 * one part of a larger document (a README's `## Incident Runbook` with `### Severity Levels` under it): the
 * shallowest level at which a heading names a section we know.
 */
function sectionDepth(blocks: readonly Block[]): number {
  // A runbook has each section once: a heading kind repeated at one depth (`#### Diagnosis` under each of forty
  // alerts) is a part of each playbook there, and says nothing about where the sections are.
  const kindsAt = new Map<number, Map<SectionKind, number>>();
  for (const block of blocks) {
    if (block.kind !== 'heading' || block.depth < 2) continue;
    const kind = sectionKindOf(block.inline.content);
    if (!kind) continue;
    const kinds = kindsAt.get(block.depth) ?? new Map<SectionKind, number>();
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    kindsAt.set(block.depth, kinds);
  }
  let depth = Infinity;
  for (const [at, kinds] of kindsAt) if (at < depth && [...kinds.values()].some((count) => count === 1)) depth = at;
  return depth === Infinity ? 2 : depth;
}

/**
 * Splits the top-level blocks at the headings of the section level (see sectionDepth) and above. The first level-1
 * heading before any section is the title; deeper headings stay inside their section.
 */
export function splitSections(blocks: readonly Block[]): SplitDocument {
  const document: SplitDocument = { title: null, sections: [], preamble: [] };
  const depth = sectionDepth(blocks);
  let current: Section | null = null;
  for (const block of blocks) {
    if (block.kind === 'heading' && block.depth <= depth) {
      if (block.depth === 1 && !document.title && !current) {
        document.title = block;
        continue;
      }
      current = { kind: sectionKindOf(block.inline.content), heading: block, blocks: [] };
      document.sections.push(current);
      continue;
    }
    (current ? current.blocks : document.preamble).push(block);
  }
  return document;
}
