// The incident's state machine: pure transitions that return a new Incident or a typed refusal. Each accepted
// transition appends exactly the timeline events it describes, stamped with `now` (whole seconds, UTC).
//
// Checks shared by every transition after `declare`:
// - the incident must have been declared (a valid `declared` time);
// - a resolved incident accepts nothing but `reopen`;
// - time never goes backwards: `now` earlier than the last timeline event (or the declaration) is refused.
//
// Levels: 1 is the most severe. "Lowering" a level means making it less severe (a larger number).
import type { KnownIncident, Runbook } from '../runbook/model';
import { levelNameIn } from '../runbook/levelNames';
import { confirmedTrigger, eventText, isValidKind, normalizeEventText, recordedHead, type ConfirmedTrigger, type GitHead } from './events';
import type { Incident, ProtocolItemState } from './model';
import { noteFileName } from './note';
import {
  updateCadenceFor,
  CadenceMinutes,
  findKnownIncident,
  initialStatus,
  matchStatus,
  mitigatedStatus,
  protocolStepText,
  resolvedStatus,
  statusChoices,
} from './runbookFacts';
import { addMinutes, canonicalIso, epochMs, stampOf } from './time';

export type TransitionErrorCode =
  | 'invalid'
  | 'not-declared'
  | 'resolved'
  | 'not-resolved'
  | 'already-acknowledged'
  | 'time-backwards'
  | 'forced-level'
  | 'unknown-status'
  | 'no-change'
  | 'already-escalated'
  | 'no-such-step';

export interface TransitionError {
  code: TransitionErrorCode;
  /** A sentence a person can act on. */
  message: string;
  /** For 'forced-level': the level the runbook forces. */
  forcedLevel?: number;
}

export type TransitionResult = { ok: true; incident: Incident } | { ok: false; error: TransitionError };

/** A transition the lifecycle refused, thrown so the command stops and says why (nothing was written). */
export class TransitionRefused extends Error {
  constructor(readonly result: Extract<TransitionResult, { ok: false }>) {
    super(result.error.message);
    this.name = 'TransitionRefused';
  }
}

/** Options shared by transitions that need the runbook (statuses, forced levels) or the update cadence setting. */
export interface LifecycleOptions {
  runbook?: Runbook | null;
  cadence?: CadenceMinutes;
}

function refuse(code: TransitionErrorCode, message: string, extra: Partial<TransitionError> = {}): TransitionResult {
  return { ok: false, error: { code, message, ...extra } };
}

function accept(incident: Incident): TransitionResult {
  return { ok: true, incident };
}

function copy(incident: Incident): Incident {
  return {
    ...incident,
    escalations: [...incident.escalations],
    notified: [...incident.notified],
    protocol: incident.protocol.map((p) => ({ ...p })),
    timeline: incident.timeline.map((e) => ({ ...e })),
  };
}

function withEvent(incident: Incident, at: string, kind: string, text: string): Incident {
  incident.timeline.push({ at, kind, text: normalizeEventText(text) });
  return incident;
}

/** The latest time on record: the last timeline event's, or the declaration's. */
export function lastEventTime(incident: Incident): string {
  let latest = incident.declared;
  let latestMs = epochMs(latest);
  for (const event of incident.timeline) {
    const ms = epochMs(event.at);
    if (ms > latestMs) {
      latest = event.at;
      latestMs = ms;
    }
  }
  return latest;
}

/** The checks every transition after `declare` makes; returns the stamp for `now` or a refusal. */
function precheck(incident: Incident, now: Date, allowResolved = false): { at: string } | { refusal: TransitionResult } {
  if (!incident.declared || !canonicalIso(incident.declared)) {
    return { refusal: refuse('not-declared', 'This incident has not been declared yet.') };
  }
  if (incident.resolved && !allowResolved) {
    return { refusal: refuse('resolved', 'This incident is resolved; reopen it first.') };
  }
  const at = stampOf(now);
  const last = lastEventTime(incident);
  if (epochMs(at) < epochMs(last)) {
    return {
      refusal: refuse('time-backwards', `The time ${at} is earlier than the last event (${last}); check the clock.`),
    };
  }
  return { at };
}

// ---- declare --------------------------------------------------------------------------------------------------

export interface DeclareParams extends LifecycleOptions {
  title: string;
  level: number;
  commander: string;
  impact?: string;
  /** Workspace-relative path of the runbook, or ''. */
  runbookPath?: string;
  /** The known incident chosen from the runbook; it gives the protocol checklist and may force a level. */
  knownIncident?: KnownIncident | null;
  /** Declare below a runbook-forced level on purpose (recorded as an 'override' event). */
  override?: boolean;
  /** Defaults to the note's file name without `.md`. */
  id?: string;
}

/**
 * The steps to tick: the known incident's own protocol (its checklist), then the runbook's checklist, each text
 * once. `protocol` may be absent in runbook models saved before it.
 */
function protocolOf(known: KnownIncident | null, runbook: Runbook | null | undefined): ProtocolItemState[] {
  const texts = [...(known?.protocol ?? []), ...(runbook?.protocol ?? [])].map(protocolStepText);
  return [...new Set(texts)].map((text) => ({ text, done: false }));
}

export function declare(params: DeclareParams, now: Date): TransitionResult {
  const title = params.title.trim();
  if (!title) return refuse('invalid', 'An incident needs a title.');
  if (!Number.isInteger(params.level) || params.level < 0) return refuse('invalid', `Not a level: ${params.level}.`);
  const at = stampOf(now);
  const known = params.knownIncident ?? null;
  const forced = known?.forcedLevel ?? null;
  const overriding = forced !== null && params.level > forced;
  if (overriding && !params.override) {
    return refuse(
      'forced-level',
      `${known?.id} is always ${levelNameIn(params.runbook?.levels, forced)} per the runbook; declare it at ${levelNameIn(params.runbook?.levels, forced)} or override.`,
      { forcedLevel: forced },
    );
  }
  const statuses = statusChoices(params.runbook);
  const incident: Incident = {
    id: params.id ?? noteFileName(at, title).replace(/\.md$/, ''),
    title,
    level: params.level,
    status: initialStatus(statuses),
    runbook: params.runbookPath ?? '',
    knownIncident: known?.id ?? null,
    commander: params.commander.trim(),
    impact: params.impact?.trim() ?? '',
    declared: at,
    acknowledged: null,
    mitigated: null,
    resolved: null,
    nextUpdateDue: addMinutes(at, updateCadenceFor(params.level, params.cadence, params.runbook)),
    escalations: [],
    notified: [],
    protocol: protocolOf(known, params.runbook),
    levelOverride: overriding,
    timeline: [],
  };
  withEvent(incident, at, 'declared', eventText.declared(params.level, title, incident.commander, params.runbook?.levels));
  if (overriding && known && forced !== null) {
    withEvent(incident, at, 'override', eventText.override(forced, params.level, known.id, forced, 'declared below the forced level', params.runbook?.levels));
  }
  return accept(incident);
}

// ---- transitions ----------------------------------------------------------------------------------------------

export function acknowledge(incident: Incident, now: Date, by = ''): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  if (incident.acknowledged) {
    return refuse('already-acknowledged', `Already acknowledged at ${incident.acknowledged}.`);
  }
  const next = copy(incident);
  next.acknowledged = check.at;
  return accept(withEvent(next, check.at, 'acknowledged', eventText.acknowledged(by.trim())));
}

/**
 * Moves to one of the runbook's statuses (matched ignoring case). The status that means mitigated stamps
 * `mitigated` the first time; the resolved status is the same as `resolve`.
 */
export function setStatus(incident: Incident, status: string, now: Date, options: LifecycleOptions = {}): TransitionResult {
  const statuses = statusChoices(options.runbook);
  const target = matchStatus(statuses, status);
  if (!target) return refuse('unknown-status', `"${status}" is not one of the statuses: ${statuses.join(', ')}.`);
  if (target === resolvedStatus(statuses)) return resolve(incident, now, '', options);
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  if (target === incident.status) return refuse('no-change', `The status is already ${target}.`);
  const next = copy(incident);
  next.status = target;
  withEvent(next, check.at, 'status', eventText.status(incident.status, target));
  if (target === mitigatedStatus(statuses) && !next.mitigated) next.mitigated = check.at;
  return accept(next);
}

export interface ChangeLevelOptions extends LifecycleOptions {
  /** Needed to know whether the incident's known incident forces a level; pass null when there is no runbook. */
  runbook: Runbook | null;
  /** Lower a runbook-forced level on purpose; recorded as an 'override' event and in `levelOverride`. */
  override?: boolean;
}

/**
 * Changes the level, with a reason. Lowering below the level the known incident forces (its CRITICAL rule) is
 * refused unless `override` is set. The update clock is re-derived from the new level's cadence.
 */
export function changeLevel(
  incident: Incident,
  level: number,
  reason: string,
  now: Date,
  options: ChangeLevelOptions,
): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  if (!Number.isInteger(level) || level < 0) return refuse('invalid', `Not a level: ${level}.`);
  if (level === incident.level) return refuse('no-change', `The level is already ${levelNameIn(options.runbook?.levels, level)}.`);
  const why = reason.trim();
  if (!why) return refuse('invalid', 'Say why the level changes.');
  const known = findKnownIncident(options.runbook, incident.knownIncident);
  const forced = known?.forcedLevel ?? null;
  const belowForced = forced !== null && level > forced;
  if (belowForced && !options.override) {
    return refuse(
      'forced-level',
      `${known?.id} is always ${levelNameIn(options.runbook?.levels, forced)} per the runbook; lowering it needs an explicit override.`,
      { forcedLevel: forced },
    );
  }
  const next = copy(incident);
  next.level = level;
  if (belowForced && known && forced !== null) {
    next.levelOverride = true;
    withEvent(next, check.at, 'override', eventText.override(incident.level, level, known.id, forced, why, options.runbook?.levels));
  } else {
    withEvent(next, check.at, 'level', eventText.level(incident.level, level, why, options.runbook?.levels));
  }
  next.nextUpdateDue = addMinutes(lastUpdateTime(incident), updateCadenceFor(level, options.cadence, options.runbook));
  return accept(next);
}

/** When the update clock last started: the last posted update, the last reopening, or the declaration. */
export function lastUpdateTime(incident: Pick<Incident, 'declared' | 'timeline'>): string {
  let latest = incident.declared;
  for (const event of incident.timeline) {
    if ((event.kind === 'update' || event.kind === 'reopened') && epochMs(event.at) >= epochMs(latest)) latest = event.at;
  }
  return latest;
}

export function handOff(incident: Incident, commander: string, now: Date): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const to = commander.trim();
  if (!to) return refuse('invalid', 'Name the new incident commander.');
  if (to === incident.commander) return refuse('no-change', `${to} is already the incident commander.`);
  const next = copy(incident);
  next.commander = to;
  return accept(withEvent(next, check.at, 'commander', eventText.commander(incident.commander, to)));
}

export interface NewEvent {
  kind: string;
  text: string;
  /** Defaults to `now`; must not be earlier than the last event. */
  at?: string;
}

/** Appends an event (a note, a command result from the runner, …). */
export function addEvent(incident: Incident, event: NewEvent, now: Date): TransitionResult {
  let when = now;
  if (event.at !== undefined) {
    const at = canonicalIso(event.at);
    if (!at) return refuse('invalid', `Not an ISO-8601 time with a zone: ${event.at}.`);
    when = new Date(epochMs(at));
  }
  const check = precheck(incident, when);
  if ('refusal' in check) return check.refusal;
  if (!isValidKind(event.kind)) return refuse('invalid', `A timeline kind is one word, not "${event.kind}".`);
  const text = normalizeEventText(event.text);
  if (!text) return refuse('invalid', 'A timeline event needs some text.');
  return accept(withEvent(copy(incident), check.at, event.kind, text));
}

export function escalate(incident: Incident, level: string, now: Date, options: LifecycleOptions = {}): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const label = level.trim();
  if (!label || /\s/.test(label)) return refuse('invalid', `Not an escalation level: "${level}".`);
  if (incident.escalations.includes(label)) return refuse('already-escalated', `Already escalated to ${label}.`);
  const rule = options.runbook?.escalation.find((r) => r.level.toLowerCase() === label.toLowerCase());
  const next = copy(incident);
  next.escalations.push(label);
  return accept(withEvent(next, check.at, 'escalated', eventText.escalated(label, rule?.contact ?? '')));
}

/**
 * Records that a status update went out and restarts the update clock: due one cadence from now, or at
 * `promisedNext`, the next update the posted text promised its readers (a draft written earlier, posted now).
 */
export function recordStatusUpdate(incident: Incident, now: Date, options: LifecycleOptions = {}, promisedNext?: string): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const next = copy(incident);
  next.nextUpdateDue = promisedNext ?? nextUpdateIfPosted(incident, now, options);
  return accept(withEvent(next, check.at, 'update', eventText.update(next.nextUpdateDue)));
}

/** When the next update would be due if one were posted at `now`: what its text promises. */
export function nextUpdateIfPosted(incident: Incident, now: Date, options: LifecycleOptions = {}): string {
  return addMinutes(stampOf(now), updateCadenceFor(incident.level, options.cadence, options.runbook));
}

/**
 * Records a status update written but not sent (copied, opened in an editor): a `draft` event. The update clock
 * is left as it is, since nobody has been told anything yet.
 */
export function recordStatusDraft(incident: Incident, now: Date, where: string, promisedNext: string | null): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  return accept(withEvent(copy(incident), check.at, 'draft', eventText.draft(where, promisedNext)));
}

/** Resolves: the resolved status, `resolved` (and `mitigated` if it never was) stamped, no further updates due. */
export function resolve(incident: Incident, now: Date, summary = '', options: LifecycleOptions = {}): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const next = copy(incident);
  next.status = resolvedStatus(statusChoices(options.runbook));
  next.resolved = check.at;
  next.mitigated = next.mitigated ?? check.at;
  next.nextUpdateDue = null;
  return accept(withEvent(next, check.at, 'resolved', eventText.resolved(summary.trim())));
}

/**
 * Reopens a resolved incident: back to the first status, `resolved` cleared, the update clock restarted. The first
 * mitigation time is kept (it is when the impact first stopped); the timeline shows the recurrence.
 */
export function reopen(incident: Incident, reason: string, now: Date, options: LifecycleOptions = {}): TransitionResult {
  const check = precheck(incident, now, true);
  if ('refusal' in check) return check.refusal;
  if (!incident.resolved) return refuse('not-resolved', 'Only a resolved incident can be reopened.');
  const next = copy(incident);
  next.status = initialStatus(statusChoices(options.runbook));
  next.resolved = null;
  next.nextUpdateDue = addMinutes(check.at, updateCadenceFor(incident.level, options.cadence, options.runbook));
  return accept(withEvent(next, check.at, 'reopened', eventText.reopened(reason.trim())));
}

/** Ticks or unticks protocol step `index` (0-based, in `incident.protocol`). */
export function toggleProtocolStep(incident: Incident, index: number, now: Date): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const step = incident.protocol[index];
  if (!step) return refuse('no-such-step', `There is no protocol step ${index + 1}.`);
  const next = copy(incident);
  next.protocol[index].done = !step.done;
  return accept(withEvent(next, check.at, 'protocol', eventText.protocol(step.text, !step.done)));
}

/**
 * Sets a protocol step to the state the responder chose (a tree checkbox), not its opposite: the note may
 * have changed since the tree was drawn (ticked by hand, by a teammate, steps reordered). The step is found
 * by its text, at `index` when that one still has it; a step already in that state is left alone.
 */
export function setProtocolStep(incident: Incident, step: { index: number; text?: string }, done: boolean, now: Date): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const at =
    step.text === undefined || incident.protocol[step.index]?.text === step.text ? step.index : incident.protocol.findIndex((s) => s.text === step.text);
  const target = incident.protocol[at];
  if (!target) {
    return refuse('no-such-step', step.text === undefined ? `There is no protocol step ${step.index + 1}.` : `The step "${step.text}" is no longer in the note's protocol.`);
  }
  if (target.done === done) return refuse('no-change', `The step "${target.text}" is already ${done ? 'ticked' : 'unticked'} in the note.`);
  const next = copy(incident);
  next.protocol[at].done = done;
  return accept(withEvent(next, check.at, 'protocol', eventText.protocol(target.text, done)));
}

/**
 * Records that the responder was told about these deadlines (from clocks.dueNotifications): their keys join
 * `notified`, so each is told once even across reloads, and each gets a 'deadline' event.
 */
export function recordDeadlinesNotified(
  incident: Incident,
  deadlines: readonly { key: string; due: string; action: string }[],
  now: Date,
): TransitionResult {
  const check = precheck(incident, now);
  if ('refusal' in check) return check.refusal;
  const fresh = deadlines.filter((d) => !incident.notified.includes(d.key));
  if (fresh.length === 0) return refuse('no-change', 'These deadlines were already recorded.');
  const next = copy(incident);
  for (const deadline of fresh) {
    next.notified.push(deadline.key);
    withEvent(next, check.at, 'deadline', eventText.deadline(deadline.action, deadline.due));
  }
  return accept(next);
}

/**
 * Records what an outbound send did (posted to chat, paged, failed and why) as an `outbound` event. Allowed on a
 * resolved incident: the resolve sent to PagerDuty is answered after the incident is resolved.
 */
export function recordOutbound(incident: Incident, now: Date, text: string): TransitionResult {
  const check = precheck(incident, now, true);
  if ('refusal' in check) return check.refusal;
  return accept(withEvent(copy(incident), check.at, 'outbound', text));
}

/**
 * Records the workspace repository's HEAD at the declaration (a `git` event). It is read just after the note is
 * written, so it may land after the incident was already resolved; a note that has one keeps its first.
 */
export function recordGitHead(incident: Incident, head: GitHead, now: Date): TransitionResult {
  const check = precheck(incident, now, true);
  if ('refusal' in check) return check.refusal;
  if (recordedHead(incident)) return refuse('no-change', 'The repository HEAD at the declaration is already recorded.');
  return accept(withEvent(copy(incident), check.at, 'git', eventText.gitHead(head)));
}

/**
 * Records the change the responder confirmed as the trigger, or (null) that none of the listed ones was. Allowed on a
 * resolved incident: the trigger is usually confirmed while writing the post-mortem.
 */
export function confirmTrigger(incident: Incident, change: ConfirmedTrigger | null, now: Date): TransitionResult {
  const check = precheck(incident, now, true);
  if ('refusal' in check) return check.refusal;
  const current = confirmedTrigger(incident);
  if (current?.commit === change?.commit) {
    return refuse('no-change', change ? `${change.commit.slice(0, 7)} is already the confirmed trigger.` : 'No change is confirmed as the trigger.');
  }
  if (change && !canonicalIso(change.committedAt)) return refuse('invalid', `Not an ISO-8601 time with a zone: ${change.committedAt}.`);
  return accept(withEvent(copy(incident), check.at, 'trigger', eventText.trigger(change)));
}
