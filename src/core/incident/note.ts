// Incident notes: one Markdown file per incident, YAML front matter for the state, a body for people.
//
//   ---
//   id: 2026-11-27-checkout-latency
//   title: Checkout latency
//   level: 2
//   ...
//   ---
//
//   # Checkout latency
//
//   ## Summary
//
//   ## Timeline
//
//   - 2026-11-27T04:41:00Z [declared] SEV2 declared by alice: Checkout latency
//     (an event's further lines are indented by two spaces)
//
//   ## Notes
//
// The extension owns the front-matter keys listed in OWNED_KEYS and the timeline's event lines; every other byte
// (extra keys, comments, summary, notes, extra sections, line endings) belongs to the person and is kept as is.
import { Document, isMap, isScalar, parseDocument } from 'yaml';
import { FrontMatterEntry, NoteProblem, readFrontMatter } from './frontMatter';
import { isValidKind, normalizeEventText } from './events';
import type { Incident, ProtocolItemState, TimelineEvent } from './model';
import { canonicalIso, epochMs } from './time';

export type { NoteProblem } from './frontMatter';

export type ParseNoteResult =
  | { ok: true; incident: Incident; warnings: NoteProblem[] }
  | { ok: false; problems: NoteProblem[] };

/**
 * A note that cannot be read or updated: such a note is reported, never rewritten. `file` (its path) is known
 * where the note was read from disk; the glue adds it (see withNoteFile) so the message can offer to open it.
 */
export class MalformedNoteError extends Error {
  constructor(
    readonly problems: readonly NoteProblem[],
    readonly file?: string,
  ) {
    const where = file ? (file.split(/[\\/]/).pop() ?? file) : 'The incident note';
    super(`${where} is malformed (${problems.map((p) => `line ${p.line + 1}: ${p.message}`).join('; ')}); fix the file by hand, it was not changed.`);
    this.name = 'MalformedNoteError';
  }

  /** The same error, naming the note's file. */
  withFile(file: string): MalformedNoteError {
    return this.file ? this : new MalformedNoteError(this.problems, file);
  }
}

/** Front-matter keys the extension writes, in the order a new note lists them (those with a value other than their default). */
export const OWNED_KEYS = [
  'id',
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
  'escalations',
  'notified',
  'protocol',
  'levelOverride',
] as const;
type OwnedKey = (typeof OWNED_KEYS)[number];

// ---- file names -----------------------------------------------------------------------------------------------

/** "Checkout latency: EU (p99 > 2s)!" → "checkout-latency-eu-p99-2s". Accents are folded; other scripts are kept. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    // Runs are one dash by now; `-+$` would be quadratic on a run of them in the middle.
    .replace(/^-|-$/g, '');
  return firstGraphemes(slug, 60).replace(/-$/, '') || 'incident';
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first `count` user-perceived characters: a cut by UTF-16 unit could split a surrogate pair or a letter from its mark. */
function firstGraphemes(text: string, count: number): string {
  if (text.length <= count) return text;
  let end = 0;
  let seen = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (seen++ === count) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** `YYYY-MM-DD-<slug>.md`, dated by the UTC day of declaration. */
export function noteFileName(declared: string, title: string): string {
  const day = canonicalIso(declared);
  if (!day) throw new Error(`Not an ISO-8601 time with a zone: ${JSON.stringify(declared)}`);
  return `${day.slice(0, 10)}-${slugify(title)}.md`;
}

/**
 * Why `id` cannot name an incident's files (`<id>.outputs/`, `postmortems/<id>.md`), or undefined when it can:
 * a path separator, `.` or `..`, or a control character would put those files somewhere else.
 */
export function incidentIdProblem(id: string): string | undefined {
  if (/[/\\]/.test(id)) return 'must not contain `/` or `\\`';
  if (id === '.' || id === '..') return 'must not be `.` or `..`';
  if (/[\x00-\x1f\x7f]/.test(id)) return 'must not contain control characters';
  return undefined;
}

/** The incident id a note file stands for: its base name without `.md`. */
export function incidentIdFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.md$/i, '');
}

// ---- reading --------------------------------------------------------------------------------------------------

interface NoteLayout {
  bom: string;
  /** The note split on '\n'; CRLF lines keep their '\r'. */
  lines: string[];
  /** Line index of the closing `---`; the front matter is lines 1..close-1. */
  close: number;
  /** '\r\n' when the file uses CRLF (judged by its first line). */
  eol: string;
}

function layoutOf(text: string): NoteLayout | NoteProblem {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const lines = (bom ? text.slice(1) : text).split('\n');
  const eol = lines[0].endsWith('\r') ? '\r\n' : '\n';
  if (stripCr(lines[0]).trimEnd() !== '---') {
    return { line: 0, message: 'An incident note starts with its front matter: a line `---`, the fields, and `---` again.' };
  }
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i]).trimEnd();
    if (line === '---' || line === '...') return { bom, lines, close: i, eol };
  }
  return { line: 0, message: 'The front matter is not closed: add a line `---` after the last field.' };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function frontMatterText(layout: NoteLayout): string {
  let text = '';
  for (let i = 1; i < layout.close; i++) text += layout.lines[i] + '\n';
  return text;
}

/**
 * Reads a note. Problems carry 0-based lines. `fileName` gives the id when the front matter has none.
 * Timeline lines that look like events but do not parse are kept in the file and reported as warnings.
 */
export function parseIncidentNote(text: string, fileName: string): ParseNoteResult {
  return readNoteParts(text, fileName).result;
}

/** A note's incident and, when it parsed, where its parts sit in the text (for the merge driver, merge.ts). */
export interface NoteParts {
  result: Extract<ParseNoteResult, { ok: true }>;
  /** The byte-order mark, or ''. */
  bom: string;
  /** The note split on '\n'; CRLF lines keep their '\r'. */
  lines: string[];
  /** Line index of the front matter's closing `---`. */
  close: number;
  eol: string;
  /** Line of the `## Timeline` heading, or -1; and the timeline's items (events and other lines), by line range. */
  timelineHeading: number;
  timeline: TimelineItem[];
}

/** The layout and the front matter's fields, or the problems that stop the note from reading. */
function readHead(text: string): { layout: NoteLayout; fields: Fields } | { problems: NoteProblem[] } {
  const layout = layoutOf(text);
  if (!('lines' in layout)) return { problems: [layout] };
  const frontMatter = readFrontMatter(layout.lines, 1, layout.close);
  if (!frontMatter.ok) return { problems: frontMatter.problems };
  const problems: NoteProblem[] = [];
  const fields = readFields(frontMatter.entries, layout.close, problems);
  return fields ? { layout, fields } : { problems };
}

/**
 * What would stop `text` from reading as a note (empty: it reads), as parseIncidentNote would report it. Only the
 * front matter can stop it (the body's oddities are warnings), so the body is not read: a writer checks its output.
 */
export function noteReadProblems(text: string): NoteProblem[] {
  const head = readHead(text);
  return 'problems' in head ? head.problems : [];
}

/**
 * Reads a note as parseIncidentNote does, keeping its layout: one pass for both. `like`, another version of the note
 * read before (the merge's three sides), lends its timeline items for the lines the two share from the top.
 */
export function readNoteParts(text: string, fileName: string, like?: NoteParts): NoteParts | { result: Extract<ParseNoteResult, { ok: false }> } {
  const head = readHead(text);
  if ('problems' in head) return { result: { ok: false, problems: head.problems } };
  const { layout, fields } = head;
  const body = scanBody(layout.lines, layout.close + 1, like);
  const warnings: NoteProblem[] = [];
  const timeline: TimelineEvent[] = [];
  for (const item of body.timeline) {
    if (item.event) timeline.push(item.event);
    else if (item.looksLikeEvent) {
      warnings.push({
        line: item.start,
        message: 'This timeline line is kept as written but not read as an event: write `- 2026-11-27T04:41:00Z [note] text`.',
      });
    }
  }
  const incident: Incident = {
    id: fields.id ?? incidentIdFromFileName(fileName),
    title: fields.title,
    level: fields.level,
    status: fields.status,
    runbook: fields.runbook,
    knownIncident: fields.knownIncident,
    commander: fields.commander,
    impact: fields.impact,
    declared: fields.declared,
    acknowledged: fields.acknowledged,
    mitigated: fields.mitigated,
    resolved: fields.resolved,
    nextUpdateDue: fields.nextUpdateDue,
    escalations: fields.escalations,
    notified: fields.notified,
    protocol: fields.protocol,
    levelOverride: fields.levelOverride,
    timeline,
  };
  if (body.summary) incident.summary = body.summary;
  const { bom, lines, close, eol } = layout;
  return { result: { ok: true, incident, warnings }, bom, lines, close, eol, timelineHeading: body.timelineHeading, timeline: body.timeline };
}

type Fields = Omit<Incident, 'id' | 'timeline' | 'summary'> & { id: string | null };

/**
 * Readers of one front matter's values by key, each checking the value's type and reporting what is wrong at the
 * key's line (at the closing `---` when the key is missing).
 */
function fieldReader(entries: Map<string, FrontMatterEntry>, closeLine: number, problems: NoteProblem[]) {
  const report = (key: string, message: string): void => {
    problems.push({ line: entries.get(key)?.line ?? closeLine, message });
  };
  const present = (key: string): boolean => entries.has(key) && entries.get(key)?.value !== null;
  const raw = (key: string): unknown => entries.get(key)?.value ?? null;

  const text = (key: string, required: boolean): string => {
    const value = raw(key);
    if (value === null) {
      if (required) report(key, `The front matter needs \`${key}:\`.`);
      return '';
    }
    if (typeof value !== 'string') {
      report(key, `\`${key}\` must be text; put it in quotes.`);
      return '';
    }
    if (required && value.trim() === '') report(key, `\`${key}\` must not be empty.`);
    return value;
  };
  const time = (key: string, required: boolean): string | null => {
    const value = raw(key);
    if (value === null) {
      if (required) report(key, `The front matter needs \`${key}:\` (a UTC time such as 2026-11-27T04:41:00Z).`);
      return null;
    }
    const iso = typeof value === 'string' ? canonicalIso(value) : null;
    if (!iso) {
      report(key, `\`${key}\` must be an ISO-8601 time with its zone, such as 2026-11-27T04:41:00Z.`);
      return null;
    }
    return iso;
  };
  const textList = (key: string): string[] => {
    const value = raw(key);
    if (value === null) return [];
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      report(key, `\`${key}\` must be a list of text items.`);
      return [];
    }
    return value;
  };
  return { report, present, raw, text, time, textList };
}

function readFields(entries: Map<string, FrontMatterEntry>, closeLine: number, problems: NoteProblem[]): Fields | null {
  const before = problems.length;
  const { report, present, raw, text, time, textList } = fieldReader(entries, closeLine, problems);

  const id = present('id') ? text('id', true) : null;
  const idProblem = id ? incidentIdProblem(id) : undefined;
  // The id names the incident's files beside the note; one that is not a plain name would write them elsewhere.
  if (idProblem) report('id', `\`id\` ${idProblem}: it names the incident's files (saved output, post-mortem). Use letters, digits and dashes.`);
  const title = text('title', true);
  const level = readLevel(raw('level'));
  if (level === null) {
    report('level', present('level') ? '`level` must be a level number such as 2 (or SEV2).' : 'The front matter needs `level:`.');
  }
  const status = text('status', true);
  const declared = time('declared', true);
  const fields = {
    id,
    title,
    level: level ?? 0,
    status,
    runbook: text('runbook', false),
    knownIncident: present('knownIncident') ? text('knownIncident', false) || null : null,
    commander: text('commander', false),
    impact: text('impact', false),
    declared: declared ?? '',
    acknowledged: time('acknowledged', false),
    mitigated: time('mitigated', false),
    resolved: time('resolved', false),
    nextUpdateDue: time('nextUpdateDue', false),
    escalations: textList('escalations'),
    notified: textList('notified'),
    protocol: readProtocol(raw('protocol'), () => report('protocol', '`protocol` must be a list of `- text: …` / `done: true|false` items.')),
    levelOverride: false,
  };
  const override = raw('levelOverride');
  if (override !== null && typeof override !== 'boolean') report('levelOverride', '`levelOverride` must be true or false.');
  else fields.levelOverride = override === true;

  if (declared) {
    for (const key of ['acknowledged', 'mitigated', 'resolved'] as const) {
      const at = fields[key];
      if (at && epochMs(at) < epochMs(declared)) report(key, `\`${key}\` is earlier than \`declared\`.`);
    }
  }
  return problems.length > before ? null : fields;
}

function readLevel(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    // Trimmed first: `^\s*(?:SEV)?\s*` tries every split of a run of spaces between its two `\s*`.
    const m = /^(?:SEV)?\s*(\d+)$/i.exec(value.trim());
    if (m) return Number(m[1]);
  }
  return null;
}

function readProtocol(value: unknown, fail: () => void): ProtocolItemState[] {
  if (value === null) return [];
  if (!Array.isArray(value)) {
    fail();
    return [];
  }
  const items: ProtocolItemState[] = [];
  for (const item of value) {
    const record = item as Record<string, unknown> | null;
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.text !== 'string' ||
      (record.done !== undefined && record.done !== null && typeof record.done !== 'boolean')
    ) {
      fail();
      return [];
    }
    items.push({ text: record.text, done: record.done === true });
  }
  return items;
}

// ---- the body -------------------------------------------------------------------------------------------------

export interface TimelineItem {
  /** First and one-past-last line of the item in the note. */
  start: number;
  end: number;
  event: TimelineEvent | null;
  /** An unparsed line that starts like an event (`- 2026…`): worth a warning. */
  looksLikeEvent: boolean;
}

interface BodyScan {
  summary: string;
  /** Line of the `## Timeline` heading, or -1. */
  timelineHeading: number;
  /** One-past-last line of the timeline section. */
  timelineEnd: number;
  timeline: TimelineItem[];
  /** Line of the `## Notes` heading, or -1. */
  notesHeading: number;
}

/**
 * An ATX heading's level and text (`## Timeline ##` → 2, 'Timeline'), or null. Read by hand: the regex it
 * replaces, `^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`, was cubic on a heading with a long run of spaces
 * inside (2,000 spaces took 11 s).
 */
function readHeading(line: string): { level: number; text: string } | null {
  let start = 0;
  while (start < 3 && line.charCodeAt(start) === 0x20) start++;
  let i = start;
  while (i < line.length && line.charCodeAt(i) === 0x23) i++;
  const level = i - start;
  if (level < 1 || level > 6 || !isSpaceOrTab(line.charCodeAt(i))) return null;
  while (isSpaceOrTab(line.charCodeAt(i))) i++;
  // The text ends before the closing sequence: trailing blanks, then `#`s, then blanks again.
  let end = line.length;
  while (end > i && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  while (end > i && line.charCodeAt(end - 1) === 0x23) end--;
  while (end > i && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  return { level, text: line.slice(i, end) };
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const EVENT_LINE =
  /^[-*][ \t]+(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))[ \t]+\[([^\]\s]+)\](?: ?(.*))?$/i;

/** Finds the Summary and Timeline sections and reads the timeline's events. */
function scanBody(lines: string[], from: number, like?: NoteParts): BodyScan {
  const scan: BodyScan = { summary: '', timelineHeading: -1, timelineEnd: -1, timeline: [], notesHeading: -1 };
  let fence: string | null = null;
  let section: 'summary' | 'timeline' | 'other' = 'other';
  let summaryStart = -1;
  let summaryEnd = -1;
  for (let i = from; i < lines.length; i++) {
    const first = lines[i].charCodeAt(0);
    // Only lines starting with #, `, ~ or a space can open a heading or a fence.
    if (first !== 0x23 && first !== 0x60 && first !== 0x7e && first !== 0x20) continue;
    const line = stripCr(lines[i]);
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    const heading = readHeading(line);
    if (heading && heading.level <= 2) {
      if (section === 'summary') summaryEnd = i;
      if (section === 'timeline') scan.timelineEnd = i;
      section = 'other';
      const name = heading.text.toLowerCase();
      if (heading.level === 2 && name === 'summary' && summaryStart < 0) {
        section = 'summary';
        summaryStart = i + 1;
      } else if (heading.level === 2 && name === 'timeline' && scan.timelineHeading < 0) {
        section = 'timeline';
        scan.timelineHeading = i;
      } else if (heading.level === 2 && name === 'notes' && scan.notesHeading < 0) {
        scan.notesHeading = i;
      }
    }
  }
  if (section === 'summary') summaryEnd = lines.length;
  if (scan.timelineHeading >= 0) {
    if (scan.timelineEnd < 0) scan.timelineEnd = trimTrailingEmpty(lines, scan.timelineHeading + 1, lines.length);
    scan.timeline = scanTimeline(lines, scan.timelineHeading + 1, scan.timelineEnd, like);
  }
  if (summaryStart >= 0) {
    scan.summary = lines.slice(summaryStart, summaryEnd).map(stripCr).join('\n').trim();
  }
  return scan;
}

function trimTrailingEmpty(lines: string[], from: number, end: number): number {
  // A file's final newline leaves an empty last element; it is not part of the section.
  return end > from && lines[end - 1] === '' ? end - 1 : end;
}

function scanTimeline(lines: string[], from: number, end: number, like?: NoteParts): TimelineItem[] {
  const items = like ? sharedItems(lines, from, like) : [];
  let fence: string | null = null;
  for (let i = items.length > 0 ? items[items.length - 1].end : from; i < end; ) {
    const line = stripCr(lines[i]);
    const first = line.charCodeAt(0);
    const fenceMatch = first === 0x60 || first === 0x7e || first === 0x20 ? FENCE.exec(line) : null;
    if (fence || fenceMatch) {
      if (fence && fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      else if (!fence && fenceMatch) fence = fenceMatch[1];
      items.push({ start: i, end: i + 1, event: null, looksLikeEvent: false });
      i++;
      continue;
    }
    const m = EVENT_LINE.exec(line);
    const at = m ? canonicalIso(m[1]) : null;
    if (!m || !at) {
      items.push({ start: i, end: i + 1, event: null, looksLikeEvent: /^[-*][ \t]+\d{4}-/.test(line) });
      i++;
      continue;
    }
    let text = m[3] ?? '';
    let j = i + 1;
    while (j < end) {
      const next = stripCr(lines[j]);
      if (next.startsWith('  ')) text += '\n' + next.slice(2);
      else if (next.startsWith('\t')) text += '\n' + next.slice(1);
      else break;
      j++;
    }
    items.push({ start: i, end: j, event: { at, kind: m[2], text }, looksLikeEvent: false });
    i = j;
  }
  return items;
}

/**
 * The items of `like`'s timeline that `lines` holds as they are: its timeline starts at the same line and the lines
 * are the same up to past each item, so reading them again would give the same items. They end with an event, after
 * which no fence is open, so the scan goes on from there as if it had read them.
 */
function sharedItems(lines: string[], from: number, like: NoteParts): TimelineItem[] {
  if (like.timelineHeading !== from - 1) return [];
  let same = from;
  while (same < lines.length && same < like.lines.length && lines[same] === like.lines[same]) same++;
  let count = 0;
  // Strictly before `same`: the line after an item, the same in both, ended it in both.
  for (let i = 0; i < like.timeline.length && like.timeline[i].end < same; i++) if (like.timeline[i].event) count = i + 1;
  return like.timeline.slice(0, count);
}

// ---- writing --------------------------------------------------------------------------------------------------

function ownedValue(incident: Incident, key: OwnedKey): unknown {
  switch (key) {
    case 'protocol':
      return incident.protocol.map((p) => ({ text: p.text, done: p.done }));
    case 'escalations':
    case 'notified':
      return [...incident[key]];
    default:
      return incident[key];
  }
}

/** What a missing key reads as; a missing key whose model value is its default is not added. */
const DEFAULTS: Partial<Record<OwnedKey, unknown>> = {
  runbook: '',
  knownIncident: null,
  commander: '',
  impact: '',
  acknowledged: null,
  mitigated: null,
  resolved: null,
  nextUpdateDue: null,
  escalations: [],
  notified: [],
  protocol: [],
  levelOverride: false,
};

function isDefault(key: OwnedKey, value: unknown): boolean {
  return key in DEFAULTS && sameValue(DEFAULTS[key], value);
}

function yamlPair(key: string, value: unknown, eol: string): string {
  const text = new Document({ [key]: value }).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** One timeline event as note lines (without line endings). */
export function formatTimelineEvent(event: TimelineEvent): string[] {
  const [first, ...rest] = normalizeEventText(event.text).split('\n');
  const head = `- ${event.at} [${event.kind}]${first ? ' ' + first : ''}`;
  return [head, ...rest.map((line) => '  ' + line)];
}

function checkWritable(incident: Incident): void {
  for (const event of incident.timeline) {
    if (!isValidKind(event.kind)) throw new Error(`Timeline kind must be one word: ${JSON.stringify(event.kind)}`);
    if (!canonicalIso(event.at)) throw new Error(`Timeline time is not ISO-8601 UTC: ${JSON.stringify(event.at)}`);
  }
}

/** `markdown` appended at the end of the note after one blank line, in the note's line endings. */
export function appendToNote(text: string, markdown: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // trimEnd, not /\s*$/: that regex is quadratic on a long run of spaces that does not end the note.
  return `${text.trimEnd()}${eol}${eol}${markdown.replace(/\r?\n/g, eol)}${eol}`;
}

/**
 * A brand-new note for an incident. Its front matter lists what is known: a key whose value is what a missing key
 * reads as (DEFAULTS: no commander, not acknowledged, no escalations…) is left out, so the title is not preceded
 * by a screen of `null`, `[]` and `false`.
 */
export function serializeIncidentNote(incident: Incident): string {
  checkWritable(incident);
  const frontMatter: Record<string, unknown> = {};
  for (const key of OWNED_KEYS) {
    const value = ownedValue(incident, key);
    if (!isDefault(key, value)) frontMatter[key] = value;
  }
  const yaml = new Document(frontMatter).toString({ lineWidth: 0 });
  const heading = incident.title.replace(/\s+/g, ' ').trim();
  const lines = ['---', ...yaml.replace(/\n$/, '').split('\n'), '---', '', `# ${heading}`, '', '## Summary', ''];
  if (incident.summary) lines.push(incident.summary, '');
  lines.push('## Timeline', '');
  for (const event of incident.timeline) lines.push(...formatTimelineEvent(event));
  if (incident.timeline.length > 0) lines.push('');
  lines.push('## Notes', '', '');
  return lines.join('\n');
}

/**
 * Rewrites the parts of an existing note the extension owns — the OWNED_KEYS in the front matter, and the event
 * lines of the timeline — and keeps every other byte. A key is rewritten only when its value changed, and then only
 * its own `key: value` text (a comment after a changed scalar survives; one inside a changed list does not).
 * Timeline events are matched by content (time, kind, text): events in the file that the incident lacks stay, as do
 * lines that are not events; the incident's new events are inserted before the first file event that is later, so
 * the list stays newest-last. Throws MalformedNoteError when the note does not parse.
 */
export function updateIncidentNote(originalText: string, incident: Incident): string {
  checkWritable(incident);
  const parsed = parseIncidentNote(originalText, incident.id + '.md');
  if (!parsed.ok) throw new MalformedNoteError(parsed.problems);
  const layout = layoutOf(originalText) as NoteLayout;
  const current = parsed.incident;
  const lines = layout.lines.slice();
  const cr = layout.eol === '\r\n' ? '\r' : '';

  // The timeline first: it sits below the front matter, so its line numbers do not move when the front matter does.
  const body = scanBody(lines, layout.close + 1);
  const { fresh, insertions } = timelineInsertions(lines, body, incident.timeline);
  if (body.timelineHeading < 0 && fresh.length > 0) {
    insertTimelineSection(lines, body, fresh.flatMap(formatTimelineEvent), cr);
  }
  for (const insertion of insertions.sort((a, b) => b.at - a.at)) {
    lines.splice(insertion.at, 0, ...insertion.lines.map((l) => l + cr));
  }

  const frontMatter = frontMatterText(layout);
  const edited = editFrontMatter(frontMatter, current, incident, layout.eol);
  if (edited !== frontMatter) {
    const fmLines = edited.split('\n');
    fmLines.pop(); // the text ends with a newline
    lines.splice(1, layout.close - 1, ...fmLines);
  }
  const result = layout.bom + lines.join('\n');
  checkRewrite(result, incident);
  return result;
}

/**
 * The rewritten note must read back as the incident it was written for: an edit that breaks the note (an alias
 * left without its anchor) or changes a field it did not mean to (an alias following a rewritten anchor) is refused.
 */
function checkRewrite(text: string, incident: Incident): void {
  const reread = parseIncidentNote(text, incident.id + '.md');
  if (!reread.ok) {
    const problems = reread.problems.map((p) => ({ ...p, message: `after the update the note would not be readable (${p.message})` }));
    throw new MalformedNoteError(problems);
  }
  for (const key of OWNED_KEYS) {
    if (key === 'id') continue; // a note without `id:` reads it from the file name
    if (!sameValue(ownedValue(reread.incident, key), ownedValue(incident, key))) {
      throw new MalformedNoteError([{ line: 1, message: `after the update \`${key}\` would not read back as written (the front matter links fields with YAML anchors or aliases)` }]);
    }
  }
}

/** A note without a `## Timeline` section gets one before `## Notes`, or at the end. */
function insertTimelineSection(lines: string[], body: BodyScan, eventLines: string[], cr: string): void {
  let at: number;
  let block: string[];
  if (body.notesHeading >= 0) {
    at = body.notesHeading;
    block = ['## Timeline', '', ...eventLines, ''];
  } else {
    // Keep the file's final newline (an empty last element) last.
    at = lines.length > 1 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
    block = ['## Timeline', '', ...eventLines];
  }
  if (at > 0 && stripCr(lines[at - 1]).trim() !== '') block.unshift('');
  if (at === lines.length && lines.length > 0) {
    // No final newline: end the last line before adding ours.
    lines[lines.length - 1] += cr;
    lines.push(...block.map((l, i) => (i < block.length - 1 ? l + cr : l)));
    return;
  }
  lines.splice(at, 0, ...block.map((l) => l + cr));
}

interface Insertion {
  /** Line index to insert before (in the original numbering). */
  at: number;
  lines: string[];
}

/** What makes two timeline events the same event: time, kind and text (normalised). */
export function eventKey(event: TimelineEvent): string {
  return `${event.at}\u0000${event.kind}\u0000${normalizeEventText(event.text)}`;
}

/** The incident's events the note lacks, and where each goes in the note's timeline section. */
function timelineInsertions(
  lines: string[],
  body: BodyScan,
  events: TimelineEvent[],
): { fresh: TimelineEvent[]; insertions: Insertion[] } {
  const inFile = new Map<string, number>();
  for (const item of body.timeline) {
    if (item.event) inFile.set(eventKey(item.event), (inFile.get(eventKey(item.event)) ?? 0) + 1);
  }
  const fresh: TimelineEvent[] = [];
  for (const event of events) {
    const key = eventKey(event);
    const count = inFile.get(key) ?? 0;
    if (count > 0) inFile.set(key, count - 1);
    else fresh.push(event);
  }
  if (fresh.length === 0 || body.timelineHeading < 0) return { fresh, insertions: [] };
  const fileEvents = body.timeline.filter((item) => item.event !== null);
  const fileTimes = fileEvents.map((item) => epochMs((item.event as TimelineEvent).at));
  let afterLast: number;
  if (fileEvents.length > 0) {
    afterLast = fileEvents[fileEvents.length - 1].end;
  } else {
    // No events yet: after the section's last non-empty line (its heading, or a person's text).
    afterLast = body.timelineHeading + 1;
    for (let i = body.timelineHeading + 1; i < body.timelineEnd; i++) if (stripCr(lines[i]).trim() !== '') afterLast = i + 1;
  }
  const groups = new Map<number, string[]>();
  for (const event of fresh) {
    const time = epochMs(event.at);
    const later = fileTimes.findIndex((t) => t > time);
    const at = later >= 0 ? fileEvents[later].start : afterLast;
    const group = groups.get(at) ?? (fileEvents.length === 0 ? [''] : []); // a list needs a blank line above it
    group.push(...formatTimelineEvent(event));
    groups.set(at, group);
  }
  return { fresh, insertions: [...groups].map(([at, groupLines]) => ({ at, lines: groupLines })) };
}

function editFrontMatter(text: string, current: Incident, incident: Incident, eol: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const pairs = new Map<string, { start: number; end: number; anchor?: string }>();
  const contents = doc.contents;
  // Keys are written and appended as lines; inside a one-line `{id: x, title: …}` map that would break the note.
  if (isMap(contents) && contents.flow) {
    throw new MalformedNoteError([{ line: 1, message: 'the front matter is one { … } map; write one "key: value" line per field to let the extension update it' }]);
  }
  if (contents && 'items' in contents && Array.isArray(contents.items)) {
    for (const item of contents.items as { key: unknown; value: unknown }[]) {
      const key = item.key;
      if (!isScalar(key) || typeof key.value !== 'string' || !key.range) continue;
      const value = item.value as { range?: [number, number, number]; anchor?: string } | null;
      pairs.set(key.value, { start: key.range[0], end: value?.range ? value.range[1] : key.range[1], anchor: value?.anchor });
    }
  }
  const edits: { start: number; end: number; text: string }[] = [];
  let appended = '';
  for (const key of OWNED_KEYS) {
    const wanted = ownedValue(incident, key);
    const range = pairs.get(key);
    if (range) {
      if (sameValue(ownedValue(current, key), wanted)) continue;
      if (range.anchor !== undefined) {
        // Rewriting the value drops its anchor, and every `*name` that refers to it stops parsing.
        const line = 1 + text.slice(0, range.start).split('\n').length - 1;
        throw new MalformedNoteError([
          { line, message: `\`${key}\` carries the YAML anchor &${range.anchor}, which other fields may refer to as *${range.anchor}; write the value out in their place to let the extension change \`${key}\`` },
        ]);
      }
      const old = text.slice(range.start, range.end);
      const ending = /\r?\n$/.test(old) ? eol : '';
      edits.push({ start: range.start, end: range.end, text: yamlPair(key, wanted, eol) + ending });
    } else if (!isDefault(key, wanted)) {
      appended += yamlPair(key, wanted, eol) + eol;
    }
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result + appended;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
