// Fills the runbook's communication template from an incident. Only fields we can name are filled; anything else
// the template asks for stays as written, for the person to complete before sending.
import type { Runbook, StatusTemplate } from '../runbook/model';
import { levelNameIn } from '../runbook/levelNames';
import { DEFAULT_TEMPLATE_TEXT } from '../runbook/template';
import type { Incident, TimelineEvent } from './model';
import { nextUpdateIfPosted, type LifecycleOptions } from './lifecycle';
import { findLevel } from './runbookFacts';
import { formatUtc, parseIsoStrict } from './time';

// `**Field**: value`, `**Field:** value`, optionally as a list item.
const FIELD_LINE = /^(\s*(?:[-*+]\s+)?)\*\*([^*]+?)(:?)\*\*(:?)(\s*)(.*)$/;
// `- HH:MM - [Event]` and its relatives (`- [Time] - [Event]`, `* HH:MM – Event`).
const TIMELINE_TEMPLATE_LINE = /^(\s*)[-*+]\s+\[?(?:HH:MM|time(?: utc)?)\]?\s*[-–—:]\s*\[?event\]?\s*$/i;

// Events that are bookkeeping for the responder, not news for the readers of an update.
const UNANNOUNCED_KINDS = new Set(['deadline', 'protocol', 'draft']);

type FieldFiller = (incident: Incident, runbook: Runbook | null) => string | null;

const FILLERS: { pattern: RegExp; fill: FieldFiller }[] = [
  { pattern: /^(incident|title|summary|subject|what)$/, fill: (i) => i.title },
  { pattern: /^(severity|level|sev|priority)$/, fill: (i, runbook) => levelNameIn(runbook?.levels, i.level) },
  {
    pattern: /^(impact|users affected|affected|affected users|customer impact)$/,
    fill: (i, runbook) => i.impact || findLevel(runbook, i.level)?.impact || null,
  },
  { pattern: /^(status|state|current status)$/, fill: (i) => i.status },
  { pattern: /^(started|start|start time|time|declared|began|since|detected)$/, fill: (i) => formatUtc(i.declared) },
  {
    pattern: /^(next update|next update at|next update due|next)$/,
    fill: (i) => (i.nextUpdateDue ? formatUtc(i.nextUpdateDue) : i.resolved ? 'None (resolved)' : null),
  },
  { pattern: /^(commander|incident commander|ic|owner|lead)$/, fill: (i) => i.commander || null },
  { pattern: /^(resolved|resolved at|ended)$/, fill: (i) => (i.resolved ? formatUtc(i.resolved) : null) },
  { pattern: /^(id|incident id|reference|ref)$/, fill: (i) => i.id },
];

/**
 * The status update text: `template` (the runbook's, or the default when null) with its fields filled from the
 * incident and its `- HH:MM - [Event]` line replaced by the incident's events. Times are UTC; event times carry
 * the date when the events span more than one UTC day (or a day other than today's).
 */
export function fillStatusTemplate(
  template: StatusTemplate | null,
  incident: Incident,
  runbook: Runbook | null,
  now: Date,
): string {
  const text = template?.text ?? DEFAULT_TEMPLATE_TEXT;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = [];
  let timelineWritten = false;
  for (const line of text.split(/\r?\n/)) {
    if (TIMELINE_TEMPLATE_LINE.test(line)) {
      // Further example lines after the first are part of the example, not extra slots.
      if (!timelineWritten) out.push(...timelineLines(incident, now, /^\s*/.exec(line)?.[0] ?? ''));
      timelineWritten = true;
      continue;
    }
    out.push(fillFieldLine(line, incident, runbook));
  }
  return out.join(eol);
}

/**
 * The update as posted at `now`, and the next update it promises: one cadence from `now`, which is where the update
 * clock goes when it is posted, so the text's "Next Update" and the clock agree. A resolved incident promises none.
 */
export function statusUpdateAt(
  template: StatusTemplate | null,
  incident: Incident,
  runbook: Runbook | null,
  now: Date,
  options: LifecycleOptions = {},
): { text: string; promisedNext: string | null } {
  const promisedNext = incident.resolved ? null : nextUpdateIfPosted(incident, now, options);
  return { text: fillStatusTemplate(template, { ...incident, nextUpdateDue: promisedNext }, runbook, now), promisedNext };
}

function fillFieldLine(line: string, incident: Incident, runbook: Runbook | null): string {
  const m = FIELD_LINE.exec(line);
  if (!m) return line;
  const [, lead, name, colonInside, colonOutside, space] = m;
  if (!colonInside && !colonOutside) return line;
  const field = name.trim().toLowerCase();
  const filler = FILLERS.find((f) => f.pattern.test(field));
  // A field we cannot name, or have no value for, stays as the person wrote it.
  const filled = filler ? filler.fill(incident, runbook) : null;
  if (filled === null) return line;
  return `${lead}**${name}${colonInside}**${colonOutside}${space || ' '}${filled}`;
}

function timelineLines(incident: Incident, now: Date, indent: string): string[] {
  const events = incident.timeline.filter((e) => !UNANNOUNCED_KINDS.has(e.kind));
  if (events.length === 0) return [`${indent}- (no events yet)`];
  const today = now.toISOString().slice(0, 10);
  const withDate = events.some((e) => e.at.slice(0, 10) !== today);
  return events.map((event) => `${indent}- ${eventTime(event, withDate)} - ${event.text.split('\n', 1)[0]}`);
}

function eventTime(event: TimelineEvent, withDate: boolean): string {
  const iso = parseIsoStrict(event.at).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
