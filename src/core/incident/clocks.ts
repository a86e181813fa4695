// Deadlines derived from the incident note and the runbook — never from memory, so they survive a window reload.
//
// - response: the level's response time after `declared`, until someone acknowledges. A "next business day" level
//   is due at 09:00 UTC on the next Monday–Friday after the day of declaration (see time.nextBusinessDayAt9Utc).
//   Levels without a response time (none stated, unknown wording, no such level in the runbook) have no response
//   deadline: a clock runs only for a time someone stated (see noResponseClockReason for what the views say).
// - update: `nextUpdateDue` from the note while the incident is open; when a person deleted it, the last update (or
//   reopening, or declaration) plus the level's cadence (the runbook's stated one, else the setting's). The key carries the due time, so every cycle is told once.
// - escalation: each escalation rule that covers the incident's current level and has a delay is due `afterMinutes`
//   after `declared`, until that escalation level is in `escalations`. Rules without a delay ("All incidents") name
//   the first responder, not an escalation, and produce no deadline.
// A resolved incident has no deadlines. A deadline whose time is a setting's, not the runbook's, names the setting.
import type { Runbook } from '../runbook/model';
import type { Incident } from './model';
import { levelName, levelNameIn } from '../runbook/levelNames';
import { lastUpdateTime } from './lifecycle';
import { CadenceMinutes, findLevel, runbookCadence, updateCadenceFor } from './runbookFacts';
import { addMinutes, epochMs, nextBusinessDayAt9Utc } from './time';

export type DeadlineKind = 'response' | 'update' | 'escalation';

export interface Deadline {
  /** Stable across reloads: 'response', 'update@2026-11-27T05:41:00Z', 'escalate:L2'. */
  key: string;
  kind: DeadlineKind;
  /** ISO-8601 UTC. */
  due: string;
  /** What the responder should do: "Acknowledge", "Post a status update", "Escalate to L2: Tech lead". */
  action: string;
  /**
   * The setting the time comes from, when the runbook does not state it: the update cadence, or the response time
   * of a default level. Absent for the runbook's own times.
   */
  setting?: 'updateCadenceMinutes' | 'defaultLevels';
}

export interface ResponseDeadline {
  due: string;
  /** The level's response time in minutes, or null for "next business day". */
  minutes: number | null;
}

/** The response deadline of the incident's level, whether or not it was acknowledged; null when the level has none. */
export function responseDeadline(incident: Incident, runbook: Runbook | null): ResponseDeadline | null {
  const level = findLevel(runbook, incident.level);
  if (!level) return null;
  if (level.responseKind === 'minutes' && level.responseMinutes !== null) {
    return { due: addMinutes(incident.declared, level.responseMinutes), minutes: level.responseMinutes };
  }
  if (level.responseKind === 'nextBusinessDay') return { due: nextBusinessDayAt9Utc(incident.declared), minutes: null };
  return null;
}

/**
 * Why an open, unacknowledged incident runs no response clock, in a sentence for the views; null when it has one,
 * or needs none (acknowledged, resolved).
 */
export function noResponseClockReason(incident: Incident, runbook: Runbook | null): string | null {
  if (incident.resolved || incident.acknowledged || responseDeadline(incident, runbook)) return null;
  const level = findLevel(runbook, incident.level);
  if (!level) return `No response clock: ${levelNameIn(runbook?.levels, incident.level)} is not one of the runbook's levels.`;
  if (level.origin === 'default') return `No response clock: ${levelName(level)} is a default level (the runbook defines none) with no response time.`;
  if (level.response) return `No response clock: the runbook's response for ${levelName(level)} ("${level.response}") is not a time.`;
  // A Response column that states what to do rather than when is read as the level's action.
  if (level.action) return `No response clock: the runbook says what to do for ${levelName(level)} ("${level.action}"), not by when.`;
  return `No response clock: the runbook states no response time for ${levelName(level)}.`;
}

/** All open deadlines of an incident, earliest first (ties: response, update, escalation). */
export function computeDeadlines(
  incident: Incident,
  runbook: Runbook | null,
  cadence?: CadenceMinutes,
): Deadline[] {
  if (incident.resolved) return [];
  const deadlines: Deadline[] = [];
  if (!incident.acknowledged) {
    const response = responseDeadline(incident, runbook);
    const fromSetting = findLevel(runbook, incident.level)?.origin === 'default';
    if (response) deadlines.push({ key: 'response', kind: 'response', due: response.due, action: 'Acknowledge', ...(fromSetting ? { setting: 'defaultLevels' as const } : {}) });
  }
  const updateDue = incident.nextUpdateDue ?? addMinutes(lastUpdateTime(incident), updateCadenceFor(incident.level, cadence, runbook));
  // A cadence the runbook states is the runbook's time, not the setting's.
  const cadenceFromSetting = runbookCadence(runbook, incident.level) === null;
  deadlines.push({ key: `update@${updateDue}`, kind: 'update', due: updateDue, action: 'Post a status update', ...(cadenceFromSetting ? { setting: 'updateCadenceMinutes' as const } : {}) });
  for (const rule of runbook?.escalation ?? []) {
    // A prose rule (afterMinutes null) states no time: it is shown as text, never timed.
    if (rule.afterMinutes === null || rule.afterMinutes <= 0 || !rule.levels.includes(incident.level)) continue;
    if (incident.escalations.some((label) => label.toLowerCase() === rule.level.toLowerCase())) continue;
    deadlines.push({
      key: `escalate:${rule.level}`,
      kind: 'escalation',
      due: addMinutes(incident.declared, rule.afterMinutes),
      action: `Escalate to ${rule.level}${rule.contact ? `: ${rule.contact}` : ''}`,
    });
  }
  const order: Record<DeadlineKind, number> = { response: 0, update: 1, escalation: 2 };
  return deadlines
    .map((deadline, index) => ({ deadline, index, time: epochMs(deadline.due) }))
    .sort((a, b) => a.time - b.time || order[a.deadline.kind] - order[b.deadline.kind] || a.index - b.index)
    .map((entry) => entry.deadline);
}

export interface NextDeadline {
  deadline: Deadline;
  /** Seconds until it is due; negative when overdue. */
  remainingSeconds: number;
}

/**
 * The most urgent deadline, for the tree and the status bar: the earliest one, overdue or not (an overdue
 * deadline stays until its action is done). Null for a resolved incident.
 */
export function nextDeadline(
  incident: Incident,
  runbook: Runbook | null,
  now: Date,
  cadence?: CadenceMinutes,
): NextDeadline | null {
  const [first] = computeDeadlines(incident, runbook, cadence);
  if (!first) return null;
  return { deadline: first, remainingSeconds: Math.floor((epochMs(first.due) - now.getTime()) / 1000) };
}

/**
 * Deadlines that have passed (due at or before `now`) and that the responder was not told about yet. After telling,
 * record them with lifecycle.recordDeadlinesNotified so the note remembers.
 */
export function dueNotifications(
  incident: Incident,
  runbook: Runbook | null,
  now: Date,
  cadence?: CadenceMinutes,
): Deadline[] {
  const nowMs = now.getTime();
  return computeDeadlines(incident, runbook, cadence).filter(
    (deadline) => epochMs(deadline.due) <= nowMs && !incident.notified.includes(deadline.key),
  );
}

/** Seconds since the declaration (to the resolution, for a resolved incident). */
export function elapsedSeconds(incident: Incident, now: Date): number {
  const end = incident.resolved ? epochMs(incident.resolved) : now.getTime();
  return Math.floor((end - epochMs(incident.declared)) / 1000);
}
