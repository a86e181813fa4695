// Common incidents: `### INC-001: Title` headings, each with bold-labelled parts (Symptoms, Diagnostic Tree,
// Root Causes, Resolution, CRITICAL, Response Protocol). Parts may be paragraphs, lists under a label line,
// or `####` headings; any part may be missing.
import { DiagnosticTreeStep, KnownIncident, ProtocolStep, RunbookProblem, SourceRange } from '../model';
import { placeholderNames } from '../placeholders';
import { isCommandFence, readDiagnostics } from './diagnosis';
import { labelledLine } from './levelShapes';
import { boldLabel, cellText, inlineText, splitList } from '../inline';
import { levelInText } from '../levels';
import { protocolStep, treeStep } from '../steps';
import { problemAt } from '../problems';
import { SourceLines } from '../text';
import { Block, HeadingBlock, ListItem } from './blocks';
import { checklistSteps, taskText } from './prose';

type PartKind = 'symptoms' | 'tree' | 'rootCauses' | 'resolution' | 'critical' | 'protocol' | 'impact' | 'severity';

const PART_LABELS: ReadonlyArray<[PartKind, RegExp]> = [
  ['symptoms', /^(?:symptoms?|signs|indicators|alerts?|meaning|what it means|description|summary|problem)$/],
  ['tree', /^(?:diagnostic tree|diagnosis|diagnostics|diagnostic steps|triage steps|investigation|investigate|checks|how to check|debugging|troubleshooting)$/],
  ['rootCauses', /^(?:root causes?|likely causes|common causes|possible causes|probable causes|causes?)$/],
  ['resolution', /^(?:resolution|fix(?:es)?|mitigation|mitigations|remediation|solution|workaround|resolve|recovery)(?: steps| actions)?$/],
  ['critical', /^critical\b/],
  ['protocol', /^(?:response protocol|protocol|response steps|immediate actions|actions|next steps|what to do|checklist)$/],
  ['impact', /^(?:impact|user impact|customer impact|business impact|effect)$/],
  ['severity', /^(?:severity|priority|level|sev)$/],
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

/** Longer than any part label above: a longer label is a sentence, and only `critical …` may start one. */
const PART_LABEL_LENGTH = 120;

function labelWords(label: string): string {
  return label.toLowerCase().replace(/[^\p{L}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

function partKindOf(label: string): PartKind | null {
  // Normalising a whole long heading or bold run was most of the time spent reading it.
  if (label.length > PART_LABEL_LENGTH) return /^critical\b/.test(labelWords(label.slice(0, PART_LABEL_LENGTH))) ? 'critical' : null;
  const exact = EXACT_LABELS.get(label.toLowerCase());
  if (exact) return exact;
  const words = labelWords(label);
  for (const [kind, pattern] of PART_LABELS) if (pattern.test(words)) return kind;
  return null;
}

/** `INC-001: Title`, `DB-12 — Title`, or just a title. */
const INCIDENT_HEADING = /^([A-Z][A-Z0-9]*-\d+)\s*(?:[:.\-–—]\s*)?(.*)$/;

interface Part {
  text: string[];
  items: ListItem[];
  /** Every block under the part, for its command fences. */
  blocks: Block[];
  /** The label or heading that opened the part ("Diagnosis"), naming commands with nothing else above them. */
  label: string;
}

type Parts = Partial<Record<PartKind, Part>>;

/**
 * The incident's parts. A label or heading the reader does not know (`**Prevention**:`, `#### Owner`) ends the part
 * above it, so its text is not taken for more root causes, and is reported at its line: what is under it is unused.
 */
function collectParts(blocks: readonly Block[], id: string, source: SourceLines, problems: RunbookProblem[], quiet: boolean): Parts {
  const parts: Parts = {};
  let current: Part | null = null;
  /**
   * The part was opened by a label written as a bullet (`- Possible causes:`): what it holds is nested under the
   * bullet, so a paragraph after the list ("Check the current state:") is not one more cause.
   */
  let openedByBullet = false;
  const open = (kind: PartKind, label = ''): Part => {
    const part = parts[kind] ?? { text: [], items: [], blocks: [], label };
    parts[kind] = part;
    return part;
  };
  const unknownPart = (label: string, line: number): null => {
    if (quiet) return null;
    problems.push(problemAt(source.linesRange(line), 'info', 'unknown-incident-part',
      `${id}: "${label}" is not a part the runbook reader knows (${PART_NAMES}), so what is under it is left out of the `
      + 'incident. Rename it to one of these if it is one.'));
    return null;
  };
  blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      const text = cellText(block.inline.content);
      const kind = partKindOf(text);
      openedByBullet = false;
      if (kind) current = open(kind, text);
      else if (text !== '' && runsCommands(blocks, index)) {
        // `#### Check the runners` over a command block is a diagnostic step, named by its heading.
        current = open('tree');
        current.blocks.push(block);
      } else current = text === '' ? null : unknownPart(text, block.start);
    } else if (block.kind === 'paragraph') {
      // A paragraph's lines are the file's lines from its first one on.
      block.inline.content.split('\n').forEach((line, offset) => {
        const label = boldLabel(line);
        const kind = label ? partKindOf(label.label) : null;
        if (label && kind) {
          current = open(kind);
          openedByBullet = false;
          if (label.rest.trim() !== '') current.text.push(label.rest.trim());
        } else if (label && label.colon) {
          current = unknownPart(label.label, block.start + offset);
        } else if (current && openedByBullet) {
          current = null;
        } else if (current) {
          current.text.push(line.trim());
        }
      });
    } else if (block.kind === 'list') {
      let unlabelled = false;
      for (const item of block.items) {
        // A `- [ ]` task is a step to tick wherever it sits, not one more cause under the label above it.
        if (taskText(item) !== null) {
          open('protocol').items.push(item);
          continue;
        }
        // `- Severity: _major_`, `- Possible causes:` with the causes nested under it: a label as a bullet.
        const labelled = labelledLine(item.text.split('\n')[0]);
        const kind = labelled ? partKindOf(labelled.label) : null;
        if (labelled && kind) {
          current = open(kind, cellText(labelled.label));
          openedByBullet = true;
          if (labelled.rest.trim() !== '') current.text.push(labelled.rest.trim());
          for (const inner of item.blocks) {
            if (inner.kind === 'list') for (const nested of inner.items) current.items.push(nested);
            current.blocks.push(inner);
          }
        } else if (current) {
          current.items.push(item);
          unlabelled = true;
        }
      }
      // Kept whole for its fences and for the sentence that introduces the block after it.
      if (current && unlabelled) current.blocks.push(block);
      return;
    }
    if (current && block.kind !== 'heading') current.blocks.push(block);
  });
  return parts;
}

function texts(part: Part | undefined): string[] {
  return part ? part.text.map(inlineText).filter((text) => text !== '') : [];
}

function itemTexts(part: Part | undefined): string[] {
  return part ? part.items.map((item) => inlineText(item.text)).filter((text) => text !== '') : [];
}

/** True when the blocks after the heading at `index`, up to the next heading, hold a command fence. */
function runsCommands(blocks: readonly Block[], index: number): boolean {
  for (let i = index + 1; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.kind === 'heading') return false;
    if (block.kind === 'fence' && isCommandFence(block)) return true;
  }
  return false;
}

/**
 * Steps from the commands of a part (a Diagnosis or Mitigation with ```sh blocks), named by the sentence above, and
 * from the command lines written inline in its sentences, numbered steps and `- [ ]` items, named by their words.
 */
function partSteps(part: Part | undefined, source: SourceLines): DiagnosticTreeStep[] {
  if (!part) return [];
  return readDiagnostics(part.blocks, source, [], { inline: true, reportIndented: false, title: part.label }).flatMap((step) =>
    step.commands.map((command, i) => {
      const treeStep: DiagnosticTreeStep = { question: step.title, command, hint: null, placeholders: placeholderNames([command]) };
      const range = step.commandSources?.[i] ?? step.source;
      if (range) treeStep.source = range;
      return treeStep;
    }));
}

/**
 * A playbook's name as an id: `HighErrorRate` → `high-error-rate`, `Builds are stuck` → `builds-are-stuck`. Letters
 * and digits of any script are kept; '' when the name has none.
 */
export function playbookSlug(name: string): string {
  return name
    .slice(0, 200)
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '')
    .slice(0, 8)
    .join('-');
}

/** The steps of a protocol part's items and of every `- [ ]` task item in the incident, each once, in file order. */
function protocolOf(protocolItems: readonly ListItem[], blocks: readonly Block[], source: SourceLines): ProtocolStep[] {
  const steps: ProtocolStep[] = protocolItems
    .filter((item) => item.text.trim() !== '')
    .map((item) => ({ ...protocolStep(taskText(item) ?? item.text), source: source.linesRange(item.start, item.end) }));
  const taken = new Set(protocolItems.map((item) => item.start));
  for (const task of checklistSteps(blocks, source)) if (task.source && !taken.has(task.source.line)) steps.push(task);
  return steps.sort((a, b) => (a.source?.line ?? 0) - (b.source?.line ?? 0));
}

/**
 * The incident's steps: its diagnostic tree's items, then the commands of its Diagnosis and Mitigation parts, then
 * any other command block in it (under a "Checklist:" label, or no label): a playbook's commands are its own steps,
 * so none may be left out.
 */
function stepsOf(parts: Parts, blocks: readonly Block[], source: SourceLines, itemRange: (item: ListItem) => SourceRange): DiagnosticTreeStep[] {
  const treeItems = (parts.tree?.items ?? []).filter((item) => item.text.trim() !== '').map((item) => ({ ...treeStep(item.text), source: itemRange(item) }));
  // A tree item is read as the tree's question and its command already; read inline again, it would be a second step.
  const covered = new Set<number | undefined>(treeItems.map((step) => step.source.line));
  const uncovered = (found: DiagnosticTreeStep[]): DiagnosticTreeStep[] => found.filter((step) => !covered.has(step.source?.line));
  const steps = [...treeItems, ...uncovered(partSteps(parts.tree, source)), ...partSteps(parts.resolution, source)];
  // Only the blocks no part above took: reading those again would only find the same commands.
  const read = new Set<Block>([...(parts.tree?.blocks ?? []), ...(parts.resolution?.blocks ?? [])]);
  const rest = blocks.filter((block) => !read.has(block) && (block.kind === 'fence' || block.kind === 'list' || block.kind === 'paragraph' || block.kind === 'heading'));
  if (!rest.some((block) => block.kind === 'fence' || block.kind === 'list' || block.kind === 'paragraph')) return steps;
  for (const step of steps) covered.add(step.source?.line);
  const others = uncovered(partSteps({ text: [], items: [], blocks: rest, label: '' }, source));
  return others.length === 0 ? steps : [...steps, ...others].sort((a, b) => (a.source?.line ?? 0) - (b.source?.line ?? 0));
}

/** How an incident without a stated id (`INC-001`) is named: by number (the seed shape's section), or by its name (a playbook). */
type Naming = 'numbered' | 'slug';

function incidentFrom(
  heading: HeadingBlock, blocks: readonly Block[], index: number, source: SourceLines, problems: RunbookProblem[], quiet = false, naming: Naming = 'numbered',
  /** The parts, when already collected quietly (a playbook's, found by holdsPlaybook): they name nothing by id. */
  collected?: Parts,
): KnownIncident {
  const headingText = cellText(heading.inline.content);
  const named = INCIDENT_HEADING.exec(headingText);
  const numbered = `INC-${String(index + 1).padStart(3, '0')}`;
  const id = named ? named[1] : naming === 'slug' ? playbookSlug(headingText) || numbered : numbered;
  const title = (named ? named[2] : headingText).trim() || id;
  const parts = collected ?? collectParts(blocks, id, source, problems, quiet);
  const itemRange = (item: ListItem): SourceRange => source.linesRange(item.start, item.end);
  const critical = [...texts(parts.critical), ...itemTexts(parts.critical)].join(' ') || null;
  const lastLine = blocks.length > 0 ? blocks[blocks.length - 1].end : heading.end;
  const incident: KnownIncident = {
    id,
    title,
    symptoms: [...texts(parts.symptoms).flatMap(splitList), ...itemTexts(parts.symptoms)],
    steps: stepsOf(parts, blocks, source, itemRange),
    rootCauses: [...texts(parts.rootCauses).flatMap(splitList), ...itemTexts(parts.rootCauses)],
    resolution: [...texts(parts.resolution), ...itemTexts(parts.resolution)].join('\n'),
    forcedLevel: critical === null ? null : levelInText(critical),
    critical,
    protocol: protocolOf(parts.protocol?.items ?? [], blocks, source),
    source: source.linesRange(heading.start, lastLine),
  };
  const impact = [...texts(parts.impact), ...itemTexts(parts.impact)].join('\n');
  if (impact) incident.impact = impact;
  const severity = texts(parts.severity)[0];
  if (severity) incident.severity = cellText(severity);
  if (critical !== null && incident.forcedLevel === null) {
    problems.push(problemAt(incident.source ?? source.linesRange(heading.start), 'warning', 'critical-without-level',
      `${id}: the CRITICAL rule names no level, so it forces none (write e.g. "always SEV1").`));
  }
  return incident;
}

/** The incidents of the section: one per heading at the depth of its first heading below the section. */
export function readIncidents(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[], quiet = false): KnownIncident[] {
  const depth = blocks.find((block): block is HeadingBlock => block.kind === 'heading')?.depth;
  if (depth === undefined) return [];
  const incidents: KnownIncident[] = [];
  const seen = new Map<string, number>();
  let heading: HeadingBlock | null = null;
  let body: Block[] = [];
  const flush = (): void => {
    if (!heading) return;
    const incident = incidentFrom(heading, body, incidents.length, source, problems, quiet);
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

/** True when a block list's parts are at least two kinds of playbook part, or one beside a command fence. */
function holdsPlaybook(parts: Parts, blocks: readonly Block[]): boolean {
  const kinds = (Object.keys(parts) as PartKind[]).filter((kind) => kind !== 'severity' && kind !== 'impact' || Object.keys(parts).length > 2);
  const commands = blocks.some((block) => block.kind === 'fence' && isCommandFence(block));
  return kinds.length >= 2 || (kinds.length >= 1 && commands);
}

/** True when a heading names a playbook part ("Meaning", "Mitigation", "Possible causes"). */
export function isPartHeading(text: string): boolean {
  return partKindOf(cellText(text)) !== null;
}

/**
 * Playbooks recognised by what their sections hold, under a heading no word marks as incidents: one incident per
 * sub-heading whose section holds playbook parts (symptoms, causes, diagnosis, mitigation, commands), or the section
 * itself when it holds them. `[]` when nothing there is a playbook.
 */
export function readPlaybooks(heading: HeadingBlock, blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[], index: number): KnownIncident[] {
  const depth = blocks.find((block): block is HeadingBlock => block.kind === 'heading' && !isPartHeading(block.inline.content))?.depth;
  if (depth !== undefined) {
    const bodies: Array<{ heading: HeadingBlock; body: Block[] }> = [];
    for (const block of blocks) {
      if (block.kind === 'heading' && block.depth <= depth) bodies.push({ heading: block, body: [] });
      else bodies[bodies.length - 1]?.body.push(block);
    }
    // Collected once, quietly: the same parts decide whether it is a playbook and make the incident.
    const playbooks = bodies
      .map((entry) => ({ ...entry, parts: collectParts(entry.body, '', source, [], true) }))
      .filter((entry) => holdsPlaybook(entry.parts, entry.body));
    if (playbooks.length > 0) return playbooks.map((entry, i) => incidentFrom(entry.heading, entry.body, index + i, source, problems, true, 'slug', entry.parts));
  }
  const parts = collectParts(blocks, '', source, [], true);
  return holdsPlaybook(parts, blocks) ? [incidentFrom(heading, blocks, index, source, problems, true, 'slug', parts)] : [];
}
