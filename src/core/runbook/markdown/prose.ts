// What a runbook states in its prose and lists rather than in tables: `- [ ]` checklists to tick, a status-update
// cadence ("post updates every 20–30 minutes for SEV1"), escalation written as sentences. Each is recognised by its
// shape wherever it sits; heading words only give a sentence its context (a cadence under "## Communication").
import { ProtocolStep, SourceRange } from '../model';
import { CadenceRow, EscalationRow } from '../parts';
import { protocolStep } from '../steps';
import { cellText } from '../inline';
import { SourceLines } from '../text';
import { Block, ListItem } from './blocks';
import { sentences, TASK_BOX } from './diagnosis';

/** The item's text without its task box, or null when the item is no task. */
export function taskText(item: ListItem): string | null {
  const box = TASK_BOX.exec(item.text);
  return box ? item.text.slice(box[0].length) : null;
}

/** The task-list items among the blocks (nested lists too), in file order, outside the ranges given. */
export function checklistSteps(blocks: readonly Block[], source: SourceLines, outside: readonly SourceRange[] = []): ProtocolStep[] {
  const steps: ProtocolStep[] = [];
  const visit = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.kind !== 'list') continue;
      for (const item of block.items) {
        const text = taskText(item);
        const inside = outside.some((range) => item.start >= range.line && item.start <= range.endLine);
        if (text !== null && !inside && text.split('\n')[0].trim() !== '') {
          // Only the item's first line: a task's nested notes are not more steps.
          steps.push({ ...protocolStep(text.split('\n')[0]), source: source.linesRange(item.start, item.end) });
        }
        visit(item.blocks);
      }
    }
  };
  visit(blocks);
  return steps;
}

/** A sentence or list item with where it is and the heading it is under. */
interface ProseLine {
  text: string;
  range: SourceRange;
  heading: string;
}

/** Sentences are a few hundred characters; a hostile long line is cut, not scanned by every pattern in full. */
const SENTENCE_LENGTH = 400;

/** Every paragraph sentence and list item's first paragraph whose text `wanted` accepts, in file order. */
function proseLines(blocks: readonly Block[], source: SourceLines, wanted: RegExp): ProseLine[] {
  const lines: ProseLine[] = [];
  let heading = '';
  const add = (raw: string, range: SourceRange): void => {
    if (!wanted.test(raw)) return;
    for (const sentence of sentences(raw)) {
      const text = cellText(sentence.slice(0, SENTENCE_LENGTH)).trim();
      if (wanted.test(text)) lines.push({ text, range, heading });
    }
  };
  const visit = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.kind === 'heading') heading = block.inline.content.slice(0, SENTENCE_LENGTH);
      else if (block.kind === 'paragraph') add(block.inline.content, source.linesRange(block.start, block.end));
      else if (block.kind === 'list') {
        for (const item of block.items) {
          add(item.text.replace(TASK_BOX, ''), source.linesRange(item.start, item.end));
          visit(item.blocks);
        }
      }
    }
  };
  visit(blocks);
  return lines;
}

/** "every 20–30 minutes", "every 15 min", "every hour", "every half hour", "hourly", "half-hourly", "daily". */
const CADENCE = /\b(?:every|each)\s+(?:(\d{1,4})(?:\s{0,3}(?:-|–|—|to)\s{0,3}(\d{1,4}))?\s{0,3}(minutes?|mins?|m|hours?|hrs?|h)\b|(half\s+(?:an\s+)?hour|hour|day)\b)|\b(half-hourly|hourly|daily)\b/gi;
/** A cheap test before a paragraph is split into sentences. */
const MAY_STATE_CADENCE = /\bevery\b|\beach\b|hourly|\bdaily\b/i;
/** What makes "every 15 minutes" a status-update cadence, in the sentence or the heading above it. */
const ABOUT_UPDATES = /\bupdat|\bstatus\b|\breports?\b|\bsitreps?\b|\bcommunicat|\bstakeholders?\b|\bpost(?:s|ed|ing)?\b|\bbroadcast|\bcomms\b|\bnotif/i;
const LEVEL_MENTION = /\b(?:sev(?:erity)?|p)\s*-?\s?\d/i;

const WORD_MINUTES: Readonly<Record<string, number>> = { 'half-hourly': 30, hourly: 60, daily: 1440, hour: 60, day: 1440 };

function cadenceMinutes(match: RegExpExecArray): number | null {
  if (match[1] !== undefined) {
    // A range states the most the team lets pass before it posts and the least: the reminder comes at the shorter
    // bound, so it is never later than the team's own words allow.
    const low = Math.min(Number(match[1]), Number(match[2] ?? match[1]));
    const minutes = /^h/i.test(match[3]) ? low * 60 : low;
    return minutes > 0 ? minutes : null;
  }
  const word = (match[4] ?? match[5]).toLowerCase().replace(/\s+/g, ' ');
  return word.startsWith('half ') ? 30 : WORD_MINUTES[word] ?? null;
}

/**
 * Status-update cadences stated in prose. A sentence with two ("every 15 min for SEV1 and hourly for SEV2") gives
 * each the levels on its side: after it when the sentence names a level after its first cadence, before it otherwise.
 */
export function readCadence(blocks: readonly Block[], source: SourceLines): CadenceRow[] {
  const rows: CadenceRow[] = [];
  for (const line of proseLines(blocks, source, MAY_STATE_CADENCE)) {
    // Under "## Status updates" a short item ("SEV1: every 15 minutes") is about updates; a longer sentence there
    // ("refresh the dashboard every 5 minutes") has to say so itself.
    const short = line.text.split(/\s+/).length <= 8;
    if (!ABOUT_UPDATES.test(line.text) && !(short && ABOUT_UPDATES.test(line.heading))) continue;
    const matches = [...line.text.matchAll(CADENCE)];
    if (matches.length === 0) continue;
    const firstLevel = LEVEL_MENTION.exec(line.text)?.index ?? -1;
    const levelsAfter = firstLevel > (matches[0].index ?? 0);
    matches.forEach((match, i) => {
      const minutes = cadenceMinutes(match);
      if (minutes === null) return;
      const start = match.index ?? 0;
      const levelText = matches.length === 1
        ? line.text
        : levelsAfter
          ? line.text.slice(start, matches[i + 1]?.index ?? line.text.length)
          : line.text.slice(i === 0 ? 0 : (matches[i - 1].index ?? 0) + matches[i - 1][0].length, start + match[0].length);
      rows.push({ minutes, levelText, text: line.text, source: line.range });
    });
  }
  return rows;
}

/** "escalate to the database on-call", "Escalate to **Platform lead**": who, up to the end of the clause. */
const ESCALATE_TO = /\bescalat\w*\s+(?:\w+\s+){0,3}?to\s+([^.,;:()]{1,80})/i;
/** "call the head of finance", "page the DBA", "start with the on-call engineer": whom, in an escalation section. */
const CONTACT = /\b(?:escalat\w*\s+(?:\w+\s+){0,3}?to|call|page|contact|notify|start with)\s+([^.,;:()]{1,80}?)(?:\s+as well)?(?=[.,;:()]|$)/i;

/**
 * Escalation written as sentences: in a section about escalation every sentence is a rule, elsewhere a sentence
 * that says "escalate". Each is a rule with no time (assembly gives it afterMinutes null).
 */
export function readProseEscalation(blocks: readonly Block[], source: SourceLines, inEscalationSection: boolean): EscalationRow[] {
  // Outside it, "escalate in time" is advice; "escalate to the DBA on-call" names whom.
  const wanted = inEscalationSection ? /[\p{L}]{2}/u : ESCALATE_TO;
  return proseLines(blocks, source, wanted).map((line) => ({
    level: '',
    contact: CONTACT.exec(line.text)?.[1].trim() ?? '',
    when: line.text,
    source: line.range,
    prose: true,
  }));
}
