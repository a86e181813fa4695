// Post-mortem drafts: the sections the Google SRE and PagerDuty templates share, filled from the incident note and
// the runbook, with facts where we have them and prompts where only people know.
//
// Each generated section starts with an invisible marker, `<!-- generated:<id> hash=<h> -->`, where <h> is the hash
// of the section as generated. Regenerating compares each section's current text with its hash: untouched sections
// are refreshed, edited ones are kept as the person left them, sections the person added (a heading with no marker)
// stay where they are. The first line, `<!-- postmortem-draft incident=<id> sections=a,b,… -->`, lists the sections
// ever generated, so a section the person deleted is not brought back.
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { Runbook } from '../runbook/model';
import { acknowledgedBy, commandOutcome, commanderChange, declaredBy, escalatedTo, isFailedCommand, levelLabel } from '../incident/events';
import type { Incident, TimelineEvent } from '../incident/model';
import { incidentMetrics, IncidentMetrics } from '../incident/metrics';
import { findKnownIncident, findLevel, CadenceMinutes } from '../incident/runbookFacts';
import { formatDuration, formatUtc, parseIsoStrict } from '../incident/time';

export interface PostmortemLink {
  text: string;
  href: string;
}

export interface PostmortemOptions {
  /** The incident note, relative to the post-mortem file (used as the link target as is). */
  noteRelPath: string;
  /** The runbook, relative to the post-mortem file, or '' when there is none. */
  runbookRelPath: string;
  /**
   * Related documents, already resolved relative to the post-mortem file (the runbook's relative links need the
   * caller's file system). The runbook's absolute links (http…) are added on their own.
   */
  links?: PostmortemLink[];
  /** Stands in for the end of an incident that is still open. */
  now: Date;
  cadence?: CadenceMinutes;
}

/** `postmortems/<this>`: the same name as the note, `YYYY-MM-DD-<slug>.md`. */
export function postmortemFileName(incident: Incident): string {
  return `${incident.id}.md`;
}

interface Section {
  id: string;
  lines: string[];
}

const PROMPT = (text: string): string => `_${text}_`;

/** Table cell text: one line, pipes escaped (GFM wants that even inside code spans). */
function cell(text: string): string {
  return text.replace(/\r?\n/g, '<br>').replace(/\|/g, '\\|');
}

function peopleOf(incident: Incident): string[] {
  const people: string[] = [];
  const add = (name: string | null): void => {
    const n = name?.trim();
    if (n && !people.includes(n)) people.push(n);
  };
  add(incident.commander);
  for (const event of incident.timeline) {
    add(declaredBy(event));
    add(acknowledgedBy(event));
    const change = commanderChange(event);
    if (change) {
      add(change.from);
      add(change.to);
    }
  }
  return people;
}

function failedCommands(incident: Incident): { command: string; outcome: string; at: string }[] {
  const failed: { command: string; outcome: string; at: string }[] = [];
  for (const event of incident.timeline) {
    const outcome = commandOutcome(event);
    if (!outcome || !isFailedCommand(outcome) || failed.some((f) => f.command === outcome.command)) continue;
    failed.push({ command: outcome.command, outcome: outcome.timedOut ? 'timed out' : `exit ${outcome.exitCode}`, at: event.at });
  }
  return failed;
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${text}${ticks === '``' ? ' ' : ''}${ticks}`;
}

function timeOf(iso: string): string {
  const d = parseIsoStrict(iso).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

function exact(seconds: number | null): string {
  return seconds === null ? '—' : `${formatDuration(seconds)} (${seconds} s)`;
}

/** The draft, as Markdown. */
export function generatePostmortem(incident: Incident, runbook: Runbook | null, options: PostmortemOptions): string {
  const metrics = incidentMetrics(incident, runbook, { now: options.now, cadence: options.cadence });
  const known = findKnownIncident(runbook, incident.knownIncident);
  const level = findLevel(runbook, incident.level);
  const people = peopleOf(incident);
  const failed = failedCommands(incident);
  const sla = metrics.responseSla;
  const sections: Section[] = [];
  const section = (id: string, lines: string[]): void => {
    sections.push({ id, lines });
  };

  section('title', [`# Post-mortem: ${incident.title.replace(/\s+/g, ' ').trim()}`]);

  section('header', [
    `- **Date**: ${incident.declared.slice(0, 10)}`,
    '- **Status**: Draft',
    `- **Authors**: ${people.length > 0 ? people.map((p, i) => (i === 0 && p === incident.commander ? `${p} (incident commander)` : p)).join(', ') : PROMPT('names')}`,
    `- **Incident**: [${incident.id}](${options.noteRelPath}), ${levelLabel(incident.level)}, ${incident.resolved ? 'resolved' : `still ${incident.status}`}` +
      (incident.knownIncident ? `, known incident ${incident.knownIncident}${known ? ` (${known.title})` : ''}` : ''),
  ]);

  section('summary', [
    '## Summary',
    '',
    incident.summary ?? PROMPT('In a few sentences: what happened, who was affected, how long, and how it was fixed.'),
  ]);

  const duration = incident.resolved
    ? `${formatDuration(metrics.durationSeconds)} (${formatUtc(incident.declared)} → ${formatUtc(incident.resolved)})`
    : `${formatDuration(metrics.durationSeconds)} so far (declared ${formatUtc(incident.declared)}, not resolved)`;
  section('impact', [
    '## Impact',
    '',
    `- **Level**: ${levelLabel(incident.level)}${level?.impact ? ` — ${level.impact}` : ''}`,
    `- **Users affected**: ${incident.impact || PROMPT('who and how many; revenue, data, or reputation at stake')}`,
    `- **Duration**: ${duration}`,
  ]);

  section('metrics', metricsLines(incident, metrics));

  const declaredEvent = incident.timeline.find((e) => e.kind === 'declared');
  const declarer = (declaredEvent && declaredBy(declaredEvent)) || incident.commander;
  const firstLevel = declaredEvent ? /^SEV(\d+)/.exec(declaredEvent.text)?.[1] : undefined;
  const detection = [
    '## Detection',
    '',
    `Declared ${levelLabel(firstLevel ? Number(firstLevel) : incident.level)} at ${formatUtc(incident.declared)}${declarer ? ` by ${declarer}` : ''}.`,
  ];
  if (known) {
    detection.push(
      '',
      `Matched the runbook's known incident ${known.id}: ${known.title}.` +
        (known.symptoms.length > 0 ? ` Its symptoms: ${known.symptoms.join(', ')}.` : ''),
    );
  }
  detection.push('', PROMPT('How was it noticed (alert, customer report, dashboard)? How could we have known sooner?'));
  section('detection', detection);

  section('response', responseLines(incident, metrics, failed));

  const rootCauses = ['## Root causes', ''];
  if (known && known.rootCauses.length > 0) {
    rootCauses.push(`The runbook lists these causes for ${known.id}; tick the ones that applied and strike the rest (\`~~…~~\`).`, '');
    rootCauses.push(...known.rootCauses.map((cause) => `- [ ] ${cause}`));
    rootCauses.push(`- [ ] Other: ${PROMPT('describe')}`);
  } else {
    rootCauses.push(PROMPT('What made this possible? Ask "why" until the answer is a thing we can change.'));
  }
  section('root-causes', rootCauses);

  section('trigger', ['## Trigger', '', PROMPT('What set it off: a deploy, a configuration change, a traffic spike, a dependency?')]);

  const resolution = ['## Resolution', ''];
  if (known?.resolution) resolution.push(`The runbook's resolution for ${known.id}: ${known.resolution}`, '');
  if (incident.mitigated) resolution.push(`- Mitigated at ${formatUtc(incident.mitigated)}.`);
  if (incident.resolved) resolution.push(`- Resolved at ${formatUtc(incident.resolved)}.`);
  if (incident.mitigated || incident.resolved) resolution.push('');
  resolution.push(PROMPT('What was done to stop the impact, and what to fix it for good?'));
  section('resolution', resolution);

  section('action-items', actionItemLines(incident, known?.resolution ?? '', metrics, failed));

  const wentWell: string[] = [];
  const wentWrong: string[] = [];
  if (sla?.status === 'met') wentWell.push(`Responded within the ${responseLabel(sla.minutes)} response time, ${formatDuration(sla.marginSeconds)} to spare.`);
  if (sla?.status === 'missed') wentWrong.push(`Response time (${responseLabel(sla.minutes)}) missed by ${formatDuration(-sla.marginSeconds)}.`);
  if (metrics.updates.updatesPosted > 0 && metrics.updates.kept) wentWell.push(`Status updates kept to the ${metrics.updates.cadenceMinutes}-minute cadence.`);
  if (!metrics.updates.kept) {
    wentWrong.push(`Status updates were late ${metrics.updates.missed} time(s), the worst by ${formatDuration(metrics.updates.worstOverrunSeconds)}.`);
  }
  if (incident.protocol.length > 0 && incident.protocol.every((p) => p.done)) wentWell.push('Every response protocol step was done.');
  const undone = incident.protocol.filter((p) => !p.done);
  if (incident.protocol.length > 0 && undone.length > 0) wentWrong.push(`Protocol steps not done: ${undone.map((p) => p.text).join('; ')}.`);
  for (const f of failed) wentWrong.push(`Diagnostic ${code(f.command)} failed (${f.outcome}).`);
  if (metrics.reopenCount > 0) wentWrong.push(`Reopened ${metrics.reopenCount} time(s) after being resolved.`);
  section('went-well', ['## Lessons learned', '', '### What went well', '', ...wentWell.map((l) => `- ${l}`), `- ${PROMPT('…')}`]);
  section('went-wrong', ['### What went wrong', '', ...wentWrong.map((l) => `- ${l}`), `- ${PROMPT('…')}`]);
  section('lucky', ['### Where we got lucky', '', `- ${PROMPT('What could have made this much worse?')}`]);

  section('timeline', [
    '## Timeline',
    '',
    'All times UTC, from the incident note.',
    '',
    '| Time (UTC) | Kind | Event |',
    '|---|---|---|',
    ...incident.timeline.map((e: TimelineEvent) => `| ${timeOf(e.at)} | ${cell(e.kind)} | ${cell(e.text)} |`),
  ]);

  section('links', linkLines(incident, runbook, options));

  const header = `<!-- postmortem-draft incident=${incident.id} sections=${sections.map((s) => s.id).join(',')} -->`;
  const out = [header, ''];
  for (const s of sections) out.push(markerFor(s.id, s.lines), ...s.lines, '');
  return out.join('\n');
}

function responseLabel(minutes: number | null): string {
  if (minutes === null) return 'next-business-day';
  return minutes % 60 === 0 && minutes >= 60 ? `${minutes / 60}-hour` : `${minutes}-minute`;
}

function metricsLines(incident: Incident, metrics: IncidentMetrics): string[] {
  const sla = metrics.responseSla;
  let slaText = 'No response time for this level in the runbook';
  if (sla) {
    slaText =
      sla.status === 'met'
        ? `Met: ${formatDuration(sla.marginSeconds)} to spare (due ${formatUtc(sla.due)})`
        : sla.status === 'missed'
          ? `Missed by ${formatDuration(-sla.marginSeconds)} (${-sla.marginSeconds} s; due ${formatUtc(sla.due)})`
          : `Pending: ${formatDuration(sla.marginSeconds)} left (due ${formatUtc(sla.due)})`;
  }
  const u = metrics.updates;
  const updatesText = u.kept
    ? `Kept: ${u.updatesPosted} posted, longest gap ${formatDuration(u.longestGapSeconds)}`
    : `Missed ${u.missed} time(s): ${u.updatesPosted} posted, longest gap ${formatDuration(u.longestGapSeconds)}, worst overrun ${formatDuration(u.worstOverrunSeconds)}`;
  const escalations =
    metrics.escalations.length === 0
      ? 'None'
      : metrics.escalations
          .map((e) => (e.at && e.afterSeconds !== null ? `${e.level} at ${formatUtc(e.at)} (+${formatDuration(e.afterSeconds)})` : `${e.level} (time not recorded)`))
          .join('; ');
  return [
    '## Metrics',
    '',
    'Computed from the incident note, exact to the second.',
    '',
    '| Measure | Value |',
    '|---|---|',
    `| Time to acknowledge | ${exact(metrics.timeToAcknowledgeSeconds)} |`,
    `| Time to mitigate | ${exact(metrics.timeToMitigateSeconds)} |`,
    `| Time to resolve | ${exact(metrics.timeToResolveSeconds)} |`,
    `| Response time${sla ? ` (${responseLabel(sla.minutes)})` : ''} | ${cell(slaText)} |`,
    `| Status updates (every ${u.cadenceMinutes} min) | ${cell(updatesText)} |`,
    `| Escalations | ${cell(escalations)} |`,
    `| Reopened | ${metrics.reopenCount === 0 ? 'No' : `${metrics.reopenCount} time(s)`} |`,
    `| Level | ${levelLabel(incident.level)}${incident.levelOverride ? ' (runbook level overridden)' : ''} |`,
  ];
}

function responseLines(
  incident: Incident,
  metrics: IncidentMetrics,
  failed: { command: string; outcome: string; at: string }[],
): string[] {
  const lines = ['## Response', ''];
  const ack = incident.timeline.find((e) => e.kind === 'acknowledged');
  if (incident.acknowledged) {
    const by = ack ? acknowledgedBy(ack) : null;
    lines.push(
      `- Acknowledged at ${formatUtc(incident.acknowledged)}${by ? ` by ${by}` : ''}, ${formatDuration(metrics.timeToAcknowledgeSeconds ?? 0)} after the declaration.`,
    );
  } else {
    lines.push('- Never acknowledged in the note.');
  }
  for (const event of incident.timeline) {
    const change = commanderChange(event);
    if (change) lines.push(`- Command passed from ${change.from ?? '(none)'} to ${change.to} at ${formatUtc(event.at)}.`);
    if (event.kind === 'level' || event.kind === 'override') lines.push(`- ${event.text} (${formatUtc(event.at)}).`);
    const label = escalatedTo(event);
    if (label) lines.push(`- ${event.text} at ${formatUtc(event.at)}.`);
  }
  lines.push(`- Status updates posted: ${metrics.updates.updatesPosted}.`);
  const commands = incident.timeline.filter((e) => e.kind === 'command').length;
  if (commands > 0) lines.push(`- Diagnostics run: ${commands}, failed: ${failed.length}.`);
  if (incident.protocol.length > 0) {
    lines.push('- Response protocol:');
    for (const step of incident.protocol) lines.push(`  - [${step.done ? 'x' : ' '}] ${step.text}`);
  }
  lines.push('', PROMPT('What helped, what slowed us down, who else was involved?'));
  return lines;
}

function actionItemLines(
  incident: Incident,
  resolution: string,
  metrics: IncidentMetrics,
  failed: { command: string; outcome: string }[],
): string[] {
  const items: string[] = [];
  if (resolution) items.push(`Make the runbook's resolution for ${incident.knownIncident} permanent: ${resolution}`);
  for (const f of failed) items.push(`Fix or document the failing diagnostic ${code(f.command)} (${f.outcome})`);
  const sla = metrics.responseSla;
  if (sla?.status === 'missed') {
    items.push(`Review paging for ${levelLabel(incident.level)}: response time missed by ${formatDuration(-sla.marginSeconds)}`);
  }
  return [
    '## Action items',
    '',
    '| Action | Owner | Ticket |',
    '|---|---|---|',
    ...items.map((item) => `| ${cell(item)} |  |  |`),
    '|  |  |  |',
  ];
}

function linkLines(incident: Incident, runbook: Runbook | null, options: PostmortemOptions): string[] {
  const links: PostmortemLink[] = [{ text: `Incident note ${incident.id}`, href: options.noteRelPath }];
  if (options.runbookRelPath) links.push({ text: `Runbook${runbook?.title ? `: ${runbook.title}` : ''}`, href: options.runbookRelPath });
  for (const link of options.links ?? []) links.push(link);
  for (const link of runbook?.links ?? []) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link.href) && !links.some((l) => l.href === link.href)) links.push(link);
  }
  return ['## Supporting information', '', ...links.map((l) => `- [${l.text.replace(/[[\]]/g, '\\$&')}](${encodeLinkTarget(l.href)})`)];
}

function encodeLinkTarget(href: string): string {
  return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
}

// ---- markers and regeneration ---------------------------------------------------------------------------------

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

function markerFor(id: string, lines: readonly string[]): string {
  return `<!-- generated:${id} hash=${sectionHash(lines)} -->`;
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
    const line = `<!-- postmortem-draft incident=${fresh.draftMarker.incident} sections=${sections.join(',')} -->`;
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
