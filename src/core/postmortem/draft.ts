// Post-mortem drafts: the sections the Google SRE and PagerDuty templates share, filled from the incident note and
// the runbook, with facts where we have them and prompts where only people know. Each section's hash goes in the
// draft's closing state block (regenerate.ts), so that a later regeneration refreshes it only while the person has
// not edited it.
import type { KnownIncident, Runbook, SeverityLevel } from '../runbook/model';
import { acknowledgedBy, commandOutcome, commanderChange, declaredBy, declaredLevel, escalatedTo, isFailedCommand, resolutionSummary } from '../incident/events';
import { levelNameIn, markedLevelNameIn, type LevelList } from '../runbook/levelNames';
import type { Incident, TimelineEvent } from '../incident/model';
import { incidentMetrics, IncidentMetrics } from '../incident/metrics';
import { findKnownIncident, findLevel, CadenceMinutes } from '../incident/runbookFacts';
import { formatDuration, formatUtc, parseIsoStrict } from '../incident/time';
import { changesSectionLines, type ChangesBefore } from './changes';
import { markedDraft } from './regenerate';
import { plural } from '../wording';

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
  /** The commits before the declaration, as the glue read them from the repository (or why it could not). */
  changes?: ChangesBefore;
}

/** `postmortems/<this>`: the same name as the note, `YYYY-MM-DD-<slug>.md`. */
export function postmortemFileName(incident: Incident): string {
  return `${incident.id}.md`;
}

interface FailedCommand {
  command: string;
  outcome: string;
  at: string;
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

function failedCommands(incident: Incident): FailedCommand[] {
  const failed: FailedCommand[] = [];
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
  const failed = failedCommands(incident);
  const lessons = lessonsLearned(incident, metrics, failed);
  return markedDraft(incident.id, [
    { id: 'title', lines: [`# Post-mortem: ${incident.title.replace(/\s+/g, ' ').trim()}`] },
    { id: 'header', lines: headerLines(incident, known, options.noteRelPath, runbook?.levels) },
    {
      id: 'summary',
      lines: ['## Summary', '', incident.summary ?? PROMPT('In a few sentences: what happened, who was affected, how long, and how it was fixed.')],
    },
    { id: 'impact', lines: impactLines(incident, runbook, metrics) },
    { id: 'metrics', lines: metricsLines(incident, metrics, runbook?.levels) },
    { id: 'detection', lines: detectionLines(incident, known, runbook?.levels) },
    { id: 'response', lines: responseLines(incident, metrics, failed) },
    { id: 'root-causes', lines: rootCauseLines(known) },
    { id: 'trigger', lines: ['## Trigger', '', PROMPT('What set it off: a deploy, a configuration change, a traffic spike, a dependency?')] },
    { id: 'changes', lines: changesSectionLines(incident, options.changes) },
    { id: 'resolution', lines: resolutionLines(incident, known) },
    { id: 'action-items', lines: actionItemLines(incident, known?.resolution ?? '', metrics, failed, runbook?.levels) },
    { id: 'went-well', lines: ['## Lessons learned', '', '### What went well', '', ...lessons.wentWell.map((l) => `- ${l}`), `- ${PROMPT('…')}`] },
    { id: 'went-wrong', lines: ['### What went wrong', '', ...lessons.wentWrong.map((l) => `- ${l}`), `- ${PROMPT('…')}`] },
    { id: 'lucky', lines: ['### Where we got lucky', '', `- ${PROMPT('What could have made this much worse?')}`] },
    { id: 'timeline', lines: timelineLines(incident) },
    { id: 'links', lines: linkLines(incident, runbook, options) },
  ]);
}

function headerLines(incident: Incident, known: KnownIncident | null, noteRelPath: string, levels: LevelList): string[] {
  const people = peopleOf(incident);
  return [
    `- **Date**: ${incident.declared.slice(0, 10)}`,
    '- **Status**: Draft',
    `- **Authors**: ${people.length > 0 ? people.map((p, i) => (i === 0 && p === incident.commander ? `${p} (incident commander)` : p)).join(', ') : PROMPT('names')}`,
    `- **Incident**: [${incident.id}](${noteRelPath}), ${levelNameIn(levels, incident.level)}, ${incident.resolved ? 'resolved' : `still ${incident.status}`}` +
      (incident.knownIncident ? `, known incident ${incident.knownIncident}${known ? ` (${known.title})` : ''}` : ''),
  ];
}

function impactLines(incident: Incident, runbook: Runbook | null, metrics: IncidentMetrics): string[] {
  const level = findLevel(runbook, incident.level);
  const duration = incident.resolved
    ? `${formatDuration(metrics.durationSeconds)} (${formatUtc(incident.declared)} → ${formatUtc(incident.resolved)})`
    : `${formatDuration(metrics.durationSeconds)} so far (declared ${formatUtc(incident.declared)}, not resolved)`;
  return [
    '## Impact',
    '',
    `- **Level**: ${markedLevelNameIn(runbook?.levels, incident.level)}${level?.impact ? ` — ${level.impact}` : ''}`,
    `- **Users affected**: ${usersAffected(incident, level) ?? PROMPT('who and how many; revenue, data, or reputation at stake')}`,
    `- **Duration**: ${duration}`,
  ];
}

/**
 * The impact the responder stated, or null. Declaring used to copy the level's impact when none was typed; in such a
 * note it is the level's words, already on the Level line, not what anyone said about who was affected.
 */
function usersAffected(incident: Incident, level: SeverityLevel | null): string | null {
  const stated = incident.impact.trim();
  return stated && stated !== level?.impact.trim() ? stated : null;
}

function detectionLines(incident: Incident, known: KnownIncident | null, levels: LevelList): string[] {
  const declaredEvent = incident.timeline.find((e) => e.kind === 'declared');
  // Who declared and at which level, not the later commander or level.
  const declarer = (declaredEvent && declaredBy(declaredEvent)) || incident.commander;
  const firstLevel = (declaredEvent && declaredLevel(declaredEvent, levels)) ?? incident.level;
  const lines = ['## Detection', '', `Declared ${levelNameIn(levels, firstLevel)} at ${formatUtc(incident.declared)}${declarer ? ` by ${declarer}` : ''}.`];
  if (known) {
    lines.push(
      '',
      `Matched the runbook's known incident ${known.id}: ${known.title}.` +
        (known.symptoms.length > 0 ? ` Its symptoms: ${known.symptoms.join(', ')}.` : ''),
    );
  }
  lines.push('', PROMPT('How was it noticed (alert, customer report, dashboard)? How could we have known sooner?'));
  return lines;
}

function rootCauseLines(known: KnownIncident | null): string[] {
  const lines = ['## Root causes', ''];
  if (known && known.rootCauses.length > 0) {
    lines.push(`The runbook lists these causes for ${known.id}; tick the ones that applied and strike the rest (\`~~…~~\`).`, '');
    lines.push(...known.rootCauses.map((cause) => `- [ ] ${cause}`));
    lines.push(`- [ ] Other: ${PROMPT('describe')}`);
  } else {
    lines.push(PROMPT('What made this possible? Ask "why" until the answer is a thing we can change.'));
  }
  return lines;
}

function resolutionLines(incident: Incident, known: KnownIncident | null): string[] {
  const lines = ['## Resolution', ''];
  if (known?.resolution) lines.push(`The runbook's resolution for ${known.id}: ${known.resolution}`, '');
  const facts: string[] = [];
  if (incident.mitigated) facts.push(`- Mitigated at ${formatUtc(incident.mitigated)}.`);
  // Each resolution the responder described, in their words (a reopened incident is resolved more than once).
  const written = incident.timeline.flatMap((event) => {
    const summary = resolutionSummary(event);
    return summary ? [{ at: event.at, summary }] : [];
  });
  for (const { at, summary } of written) facts.push(`- Resolved at ${formatUtc(at)}: ${summary.replace(/\n/g, ' ')}`);
  if (incident.resolved && !written.some((w) => w.at === incident.resolved)) facts.push(`- Resolved at ${formatUtc(incident.resolved)}.`);
  if (facts.length > 0) lines.push(...facts, '');
  lines.push(PROMPT(written.length > 0 ? 'What will fix it for good?' : 'What was done to stop the impact, and what to fix it for good?'));
  return lines;
}

/** What the record itself says went well and wrong; the person adds the rest. */
function lessonsLearned(incident: Incident, metrics: IncidentMetrics, failed: FailedCommand[]): { wentWell: string[]; wentWrong: string[] } {
  const wentWell: string[] = [];
  const wentWrong: string[] = [];
  const sla = metrics.responseSla;
  if (sla?.status === 'met') wentWell.push(`Responded within the ${responseLabel(sla.minutes)} response time, ${formatDuration(sla.marginSeconds)} to spare.`);
  if (sla?.status === 'missed') wentWrong.push(`Response time (${responseLabel(sla.minutes)}) missed by ${formatDuration(-sla.marginSeconds)}.`);
  if (metrics.updates.updatesPosted > 0 && metrics.updates.kept) wentWell.push(`Status updates kept to the ${metrics.updates.cadenceMinutes}-minute cadence (the cadence setting).`);
  if (!metrics.updates.kept) {
    wentWrong.push(`Status updates were late ${plural(metrics.updates.missed, 'time')}, the worst by ${formatDuration(metrics.updates.worstOverrunSeconds)}.`);
  }
  if (incident.protocol.length > 0 && incident.protocol.every((p) => p.done)) wentWell.push('Every response protocol step was done.');
  const undone = incident.protocol.filter((p) => !p.done);
  if (incident.protocol.length > 0 && undone.length > 0) wentWrong.push(`Protocol steps not done: ${undone.map((p) => p.text).join('; ')}.`);
  for (const f of failed) wentWrong.push(`Diagnostic ${code(f.command)} failed (${f.outcome}).`);
  if (metrics.reopenCount > 0) wentWrong.push(`Reopened ${plural(metrics.reopenCount, 'time')} after being resolved.`);
  return { wentWell, wentWrong };
}

function timelineLines(incident: Incident): string[] {
  return [
    '## Timeline',
    '',
    'All times UTC, from the incident note.',
    '',
    '| Time (UTC) | Kind | Event |',
    '|---|---|---|',
    ...incident.timeline.map((e: TimelineEvent) => `| ${timeOf(e.at)} | ${cell(e.kind)} | ${cell(e.text)} |`),
  ];
}

function responseLabel(minutes: number | null): string {
  if (minutes === null) return 'next-business-day';
  return minutes % 60 === 0 && minutes >= 60 ? `${minutes / 60}-hour` : `${minutes}-minute`;
}

function metricsLines(incident: Incident, metrics: IncidentMetrics, levels: LevelList): string[] {
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
    : `Missed ${plural(u.missed, 'time')}: ${u.updatesPosted} posted, longest gap ${formatDuration(u.longestGapSeconds)}, worst overrun ${formatDuration(u.worstOverrunSeconds)}`;
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
    `| Status updates (every ${u.cadenceMinutes} min, cadence setting) | ${cell(updatesText)} |`,
    `| Escalations | ${cell(escalations)} |`,
    `| Reopened | ${metrics.reopenCount === 0 ? 'No' : plural(metrics.reopenCount, 'time')} |`,
    `| Level | ${markedLevelNameIn(levels, incident.level)}${incident.levelOverride ? ' (runbook level overridden)' : ''} |`,
  ];
}

function responseLines(incident: Incident, metrics: IncidentMetrics, failed: FailedCommand[]): string[] {
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

function actionItemLines(incident: Incident, resolution: string, metrics: IncidentMetrics, failed: FailedCommand[], levels: LevelList): string[] {
  const items: string[] = [];
  if (resolution) items.push(`Make the runbook's resolution for ${incident.knownIncident} permanent: ${resolution}`);
  for (const f of failed) items.push(`Fix or document the failing diagnostic ${code(f.command)} (${f.outcome})`);
  const sla = metrics.responseSla;
  if (sla?.status === 'missed') {
    items.push(`Review paging for ${levelNameIn(levels, incident.level)}: response time missed by ${formatDuration(-sla.marginSeconds)}`);
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
