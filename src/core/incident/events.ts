// The words of the timeline. Lifecycle transitions write these texts and the post-mortem and metrics read some of
// them back (who acknowledged, who took command, which escalation, which command failed), so both directions live
// here, side by side: change a wording and its reader in one place.
// Levels are named among the runbook's levels: a P1–P4 runbook's timeline says "P1 declared", not "SEV1 declared".
import { levelNameIn, type LevelList } from '../runbook/levelNames';
import type { TimelineEvent } from './model';

/**
 * Event text as stored: one logical text whose extra lines become indented continuation lines in the note.
 * Line breaks are unified, trailing spaces and blank lines dropped, because an editor that strips them would
 * otherwise change the event under us and break the match between note and model.
 */
export function normalizeEventText(text: string): string {
  // Most texts are one clean line already.
  if (!/[\r\n]|^\s|\s$/.test(text)) return text;
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd()) // /\s+$/ would be quadratic on a long run of inner spaces
    .filter((line, i) => i === 0 || line.length > 0)
    .join('\n')
    .trim();
}

/** A timeline kind is one word (`note`, `command`, `x-deploy`): it sits between brackets in the note. */
export function isValidKind(kind: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(kind);
}

const DECLARED = ' declared';

export const eventText = {
  declared: (level: number, title: string, commander: string, levels: LevelList): string =>
    `${levelNameIn(levels, level)}${DECLARED}${commander ? ` by ${commander}` : ''}: ${title}`,
  acknowledged: (by: string): string => (by ? `Acknowledged by ${by}` : 'Acknowledged'),
  status: (from: string, to: string): string => `Status: ${from} → ${to}`,
  level: (from: number, to: number, reason: string, levels: LevelList): string =>
    `Level: ${levelNameIn(levels, from)} → ${levelNameIn(levels, to)}: ${reason}`,
  override: (from: number, to: number, knownIncident: string, forced: number, reason: string, levels: LevelList): string =>
    `Level: ${levelNameIn(levels, from)} → ${levelNameIn(levels, to)}, overriding ${knownIncident} (forces ${levelNameIn(levels, forced)}): ${reason}`,
  commander: (from: string, to: string): string => `Commander: ${from || '(none)'} → ${to}`,
  escalated: (label: string, contact: string): string => `Escalated to ${label}${contact ? `: ${contact}` : ''}`,
  update: (nextDue: string | null): string => `Status update posted${nextDue ? `; next due ${nextDue}` : ''}`,
  draft: (where: string, promisedNext: string | null): string =>
    `Status update drafted (${where}), not posted${promisedNext ? `; it promises the next update by ${promisedNext}` : ''}`,
  resolved: (summary: string): string => (summary ? `Resolved: ${summary}` : 'Resolved'),
  reopened: (reason: string): string => (reason ? `Reopened: ${reason}` : 'Reopened'),
  protocol: (step: string, done: boolean): string => `${done ? 'Done' : 'Not done'}: ${step}`,
  deadline: (action: string, due: string): string => `Deadline passed (due ${due}): ${action}`,
  gitHead: (head: GitHead): string => `HEAD ${head.commit} ${head.branch ? `on branch ${head.branch}` : '(detached)'}`,
  trigger: (change: ConfirmedTrigger | null): string =>
    change
      ? `Trigger change confirmed: ${change.commit.slice(0, 7)} ${change.subject.replace(/\s+/g, ' ').trim()} (commit ${change.commit}, committed ${change.committedAt})`
      : 'Trigger change: none of the listed changes',
};

/** The workspace repository's HEAD when the incident was declared (a `git` event). */
export interface GitHead {
  commit: string;
  /** null when HEAD was detached. */
  branch: string | null;
}

/** The change the responder confirmed as the incident's trigger (a `trigger` event). */
export interface ConfirmedTrigger {
  commit: string;
  subject: string;
  /** The commit's committer time, ISO-8601 UTC: when it landed on the branch. */
  committedAt: string;
}

/** The HEAD recorded at the declaration, from a `git` event. */
export function gitHeadOf(event: TimelineEvent): GitHead | null {
  if (event.kind !== 'git') return null;
  const m = /^HEAD ([0-9a-f]{7,64}) (?:on branch (.+)|\(detached\))$/.exec(event.text);
  return m ? { commit: m[1], branch: m[2]?.trim() || null } : null;
}

/** The HEAD the incident's note recorded first (at the declaration), or null. */
export function recordedHead(incident: { timeline: readonly TimelineEvent[] }): GitHead | null {
  for (const event of incident.timeline) {
    const head = gitHeadOf(event);
    if (head) return head;
  }
  return null;
}

/**
 * The trigger change in force: the latest `trigger` event's (a later confirmation replaces an earlier one, and
 * "none of the listed changes" clears it), or null.
 */
export function confirmedTrigger(incident: { timeline: readonly TimelineEvent[] }): ConfirmedTrigger | null {
  for (let i = incident.timeline.length - 1; i >= 0; i--) {
    const event = incident.timeline[i];
    if (event.kind !== 'trigger') continue;
    const m = /^Trigger change confirmed: \S+ ([\s\S]*) \(commit ([0-9a-f]{7,64}), committed (\S+)\)$/.exec(event.text);
    return m ? { commit: m[2], subject: m[1], committedAt: m[3] } : null;
  }
  return null;
}

/** Who acknowledged, from an `acknowledged` event; null when the text names no one. */
export function acknowledgedBy(event: TimelineEvent): string | null {
  if (event.kind !== 'acknowledged') return null;
  const m = /^Acknowledged by (.+)$/.exec(event.text);
  return m ? m[1].trim() : null;
}

/** The old and new commander, from a `commander` event. */
export function commanderChange(event: TimelineEvent): { from: string | null; to: string } | null {
  if (event.kind !== 'commander') return null;
  const m = /^Commander: (.*) → (.+)$/.exec(event.text);
  if (!m) return null;
  return { from: m[1] === '(none)' || m[1] === '' ? null : m[1].trim(), to: m[2].trim() };
}

/** Who declared, from a `declared` event ("P1 declared by alice: …", "SEV1 declared by alice: …"). */
export function declaredBy(event: TimelineEvent): string | null {
  if (event.kind !== 'declared') return null;
  // By index, not a regex: the level's name before " declared" is the runbook's own text.
  const by = event.text.indexOf(`${DECLARED} by `);
  if (by < 0) return null;
  const rest = event.text.slice(by + DECLARED.length + ' by '.length);
  const colon = rest.indexOf(': ');
  return colon > 0 ? rest.slice(0, colon).trim() : null;
}

/**
 * The level an incident was declared at, from a `declared` event: the one of `levels` whose name the text starts
 * with ("P1 declared …"), else a SEVn id (notes written before levels were named, or without a runbook).
 */
export function declaredLevel(event: TimelineEvent, levels: LevelList): number | null {
  if (event.kind !== 'declared') return null;
  const named = levels?.find((level) => event.text.startsWith(`${levelNameIn(levels, level.level)}${DECLARED}`));
  if (named) return named.level;
  const m = /^SEV(\d+)/.exec(event.text);
  return m ? Number(m[1]) : null;
}

/** The escalation level label ("L2"), from an `escalated` event. */
export function escalatedTo(event: TimelineEvent): string | null {
  if (event.kind !== 'escalated') return null;
  const m = /^Escalated to ([^\s:]+)/.exec(event.text);
  return m ? m[1] : null;
}

export interface CommandOutcome {
  command: string;
  /** Exit code, or null when the command timed out or its code is unknown. */
  exitCode: number | null;
  timedOut: boolean;
}

/**
 * The outcome of a diagnostic command, from a `command` event. The terminal runner writes
 * "`cmd` exited 2 in 1.2s" (double backticks when the command itself has one), "`cmd` timed out after 60s",
 * or "`cmd` ran, exit code unknown".
 */
export function commandOutcome(event: TimelineEvent): CommandOutcome | null {
  if (event.kind !== 'command') return null;
  const span = leadingCodeSpan(event.text.split('\n', 1)[0]);
  if (!span) return null;
  const { command, rest } = span;
  const exited = /\bexit(?:ed)?(?: with)?(?: code)?\s+(-?\d+)/i.exec(rest);
  if (exited) return { command, exitCode: Number(exited[1]), timedOut: false };
  if (/timed out|timeout/i.test(rest)) return { command, exitCode: null, timedOut: true };
  return { command, exitCode: null, timedOut: false };
}

/** What the responder wrote when resolving, from a `resolved` event; null when they wrote nothing. */
export function resolutionSummary(event: TimelineEvent): string | null {
  if (event.kind !== 'resolved') return null;
  const m = /^Resolved: ([\s\S]+)$/.exec(event.text);
  return m ? m[1].trim() : null;
}

/**
 * The code span the line starts with (`` `cmd` `` or ``` `` cmd with ` `` ```, one space inside each end
 * dropped) and the text after it. Read by hand: the regex it replaces, `^(`+)\s?(.+?)\s?\1(.*)$`, took
 * seconds on a line of backticks.
 */
function leadingCodeSpan(line: string): { command: string; rest: string } | null {
  let ticks = 0;
  while (line.charCodeAt(ticks) === 0x60) ticks++;
  if (ticks === 0) return null;
  const close = line.indexOf('`'.repeat(ticks), ticks + 1);
  if (close < 0) return null;
  let command = line.slice(ticks, close);
  if (command.length > 1 && /^\s/.test(command)) command = command.slice(1);
  if (command.length > 1 && /\s$/.test(command)) command = command.slice(0, -1);
  return { command, rest: line.slice(close + ticks) };
}

/** True for a command that failed: a non-zero exit or a timeout. Unknown exit codes are not failures. */
export function isFailedCommand(outcome: CommandOutcome): boolean {
  return outcome.timedOut || (outcome.exitCode !== null && outcome.exitCode !== 0);
}
