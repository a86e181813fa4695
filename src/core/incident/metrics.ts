// Incident metrics, exact to the second: per incident (for the post-mortem) and over many (incident history, CSV).
import { markedLevelNameIn } from '../runbook/levelNames';
import type { Runbook } from '../runbook/model';
import { responseDeadline } from './clocks';
import { confirmedTrigger, escalatedTo } from './events';
import type { Incident } from './model';
import { cadenceFor, CadenceMinutes } from './runbookFacts';
import { canonicalIso, epochMs } from './time';

export interface ResponseSla {
  due: string;
  /** The level's response time in minutes; null for "next business day". */
  minutes: number | null;
  /**
   * 'met': acknowledged at or before the deadline (or resolved before it without an acknowledgement — the
   * resolution was the response); 'missed': acknowledged late, or not at all by the deadline; 'pending': open,
   * unacknowledged, deadline still ahead.
   */
  status: 'met' | 'missed' | 'pending';
  /** Seconds to spare (positive) or seconds late (negative); for 'pending', seconds left. */
  marginSeconds: number;
  /** When the response happened (acknowledgement, else resolution), or null. */
  respondedAt: string | null;
}

export interface UpdateCadence {
  cadenceMinutes: number;
  updatesPosted: number;
  /** Stretches of the open incident that ran past the cadence without a status update. */
  missed: number;
  /** The longest stretch of the open incident without a status update, in seconds. */
  longestGapSeconds: number;
  /** How far the worst missed stretch overran the cadence, in seconds (0 when kept). */
  worstOverrunSeconds: number;
  kept: boolean;
}

export interface EscalationReached {
  level: string;
  /** When, from the timeline; null when the note lists the escalation without an event. */
  at: string | null;
  /** Seconds after the declaration, or null. */
  afterSeconds: number | null;
}

export interface IncidentMetrics {
  timeToAcknowledgeSeconds: number | null;
  timeToMitigateSeconds: number | null;
  timeToResolveSeconds: number | null;
  /** Declaration to resolution, or to `now` while open. */
  durationSeconds: number;
  responseSla: ResponseSla | null;
  updates: UpdateCadence;
  escalations: EscalationReached[];
  reopenCount: number;
  /**
   * DORA's failed deployment recovery time: from the change the responder confirmed as the trigger (its commit time)
   * to the resolution; null while none is confirmed or the incident is open.
   */
  failedDeploymentRecoverySeconds: number | null;
}

export interface MetricsOptions {
  /** Stands in for the end of an open incident. */
  now: Date;
  cadence?: CadenceMinutes;
}

function secondsFromDeclared(incident: Incident, at: string | null): number | null {
  return at === null ? null : Math.round((epochMs(at) - epochMs(incident.declared)) / 1000);
}

export function incidentMetrics(incident: Incident, runbook: Runbook | null, options: MetricsOptions): IncidentMetrics {
  const endMs = incident.resolved ? epochMs(incident.resolved) : options.now.getTime();
  const declaredMs = epochMs(incident.declared);
  const escalations: EscalationReached[] = [];
  for (const event of incident.timeline) {
    const label = escalatedTo(event);
    if (label && !escalations.some((e) => e.level === label)) {
      escalations.push({ level: label, at: event.at, afterSeconds: secondsFromDeclared(incident, event.at) });
    }
  }
  for (const label of incident.escalations) {
    if (!escalations.some((e) => e.level === label)) escalations.push({ level: label, at: null, afterSeconds: null });
  }
  return {
    timeToAcknowledgeSeconds: secondsFromDeclared(incident, incident.acknowledged),
    timeToMitigateSeconds: secondsFromDeclared(incident, incident.mitigated),
    timeToResolveSeconds: secondsFromDeclared(incident, incident.resolved),
    durationSeconds: Math.round((endMs - declaredMs) / 1000),
    responseSla: responseSla(incident, runbook, options.now),
    updates: updateCadence(incident, options),
    escalations,
    reopenCount: incident.timeline.filter((e) => e.kind === 'reopened').length,
    failedDeploymentRecoverySeconds: failedDeploymentRecovery(incident),
  };
}

function failedDeploymentRecovery(incident: Incident): number | null {
  const trigger = confirmedTrigger(incident);
  const committed = trigger && canonicalIso(trigger.committedAt);
  if (!committed || !incident.resolved) return null;
  return Math.round((epochMs(incident.resolved) - epochMs(committed)) / 1000);
}

function responseSla(incident: Incident, runbook: Runbook | null, now: Date): ResponseSla | null {
  const deadline = responseDeadline(incident, runbook);
  if (!deadline) return null;
  const dueMs = epochMs(deadline.due);
  const base = { due: deadline.due, minutes: deadline.minutes };
  const respondedAt = incident.acknowledged ?? (incident.resolved && epochMs(incident.resolved) <= dueMs ? incident.resolved : null);
  if (respondedAt) {
    const margin = Math.round((dueMs - epochMs(respondedAt)) / 1000);
    return { ...base, status: margin >= 0 ? 'met' : 'missed', marginSeconds: margin, respondedAt };
  }
  const endMs = incident.resolved ? epochMs(incident.resolved) : now.getTime();
  const margin = Math.round((dueMs - endMs) / 1000);
  return { ...base, status: margin >= 0 && !incident.resolved ? 'pending' : 'missed', marginSeconds: margin, respondedAt: null };
}

/**
 * Walks the timeline: the update clock starts at the declaration, restarts at each posted update and at each
 * reopening, and stops at each resolution. A stretch longer than the cadence of the incident's (final) level is a
 * missed update. An open incident's last stretch runs to `now`.
 */
function updateCadence(incident: Incident, options: MetricsOptions): UpdateCadence {
  const cadenceMinutes = cadenceFor(incident.level, options.cadence);
  const limit = cadenceMinutes * 60;
  const result: UpdateCadence = {
    cadenceMinutes,
    updatesPosted: 0,
    missed: 0,
    longestGapSeconds: 0,
    worstOverrunSeconds: 0,
    kept: true,
  };
  const stretch = (fromMs: number, toMs: number): void => {
    const gap = Math.round((toMs - fromMs) / 1000);
    result.longestGapSeconds = Math.max(result.longestGapSeconds, gap);
    if (gap > limit) {
      result.missed++;
      result.worstOverrunSeconds = Math.max(result.worstOverrunSeconds, gap - limit);
    }
  };
  let open = true;
  let since = epochMs(incident.declared);
  const events = incident.timeline
    .map((event, index) => ({ event, index, ms: epochMs(event.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index);
  for (const { event, ms } of events) {
    if (event.kind === 'update' && open) {
      result.updatesPosted++;
      stretch(since, ms);
      since = ms;
    } else if (event.kind === 'resolved' && open) {
      stretch(since, ms);
      open = false;
    } else if (event.kind === 'reopened' && !open) {
      open = true;
      since = ms;
    }
  }
  if (open && !incident.resolved) stretch(since, options.now.getTime());
  result.kept = result.missed === 0;
  return result;
}

// ---- over many incidents --------------------------------------------------------------------------------------

export interface HistoryOptions extends MetricsOptions {
  /** The runbook an incident was run with (for response times); null when unknown. */
  runbookFor?: (incident: Incident) => Runbook | null;
}

export interface LevelSummary {
  level: number;
  /**
   * The level as the incidents' runbooks name it ("P1"; "SEV1 (default level)" where a runbook defines none); the
   * names joined with " / " when runbooks name the same level differently.
   */
  name: string;
  count: number;
  open: number;
  /** Median over acknowledged incidents; the mean of the middle two when the count is even. */
  medianTimeToAcknowledgeSeconds: number | null;
  /** Median over resolved incidents. */
  medianTimeToResolveSeconds: number | null;
  slaMet: number;
  slaMissed: number;
  /** Median failed deployment recovery time over the incidents with a confirmed trigger change. */
  medianFailedDeploymentRecoverySeconds: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Counts, medians and SLA results per level, most severe level first. */
export function summarizeIncidents(incidents: readonly Incident[], options: HistoryOptions): LevelSummary[] {
  const byLevel = new Map<number, { incident: Incident; metrics: IncidentMetrics; name: string }[]>();
  for (const incident of incidents) {
    const runbook = options.runbookFor?.(incident) ?? null;
    const metrics = incidentMetrics(incident, runbook, options);
    const list = byLevel.get(incident.level) ?? [];
    list.push({ incident, metrics, name: markedLevelNameIn(runbook?.levels, incident.level) });
    byLevel.set(incident.level, list);
  }
  return [...byLevel.keys()]
    .sort((a, b) => a - b)
    .map((level) => {
      const list = byLevel.get(level) ?? [];
      const present = (n: number | null): n is number => n !== null;
      return {
        level,
        name: [...new Set(list.map((x) => x.name))].join(' / '),
        count: list.length,
        open: list.filter((x) => !x.incident.resolved).length,
        medianTimeToAcknowledgeSeconds: median(list.map((x) => x.metrics.timeToAcknowledgeSeconds).filter(present)),
        medianTimeToResolveSeconds: median(list.map((x) => x.metrics.timeToResolveSeconds).filter(present)),
        slaMet: list.filter((x) => x.metrics.responseSla?.status === 'met').length,
        slaMissed: list.filter((x) => x.metrics.responseSla?.status === 'missed').length,
        medianFailedDeploymentRecoverySeconds: median(list.map((x) => x.metrics.failedDeploymentRecoverySeconds).filter(present)),
      };
    });
}

export const CSV_COLUMNS = [
  'id',
  'title',
  'level',
  'level_name',
  'status',
  'commander',
  'declared',
  'acknowledged',
  'mitigated',
  'resolved',
  'time_to_acknowledge_s',
  'time_to_mitigate_s',
  'time_to_resolve_s',
  'response_sla',
  'response_sla_margin_s',
  'updates_missed',
  'escalations',
  'reopened',
  'known_incident',
  'runbook',
  'trigger_commit',
  'failed_deployment_recovery_s',
] as const;

/**
 * One field. Text that a spreadsheet would run as a formula gets an apostrophe before it: incident titles come
 * from anyone. Not only at the start: a spreadsheet that reads the file with the other separator (many European
 * locales read `;`) starts a cell after any `;` or `,`, quoted or not, so `x;=cmd()` hides a formula cell. So
 * `=`, `+`, `-` and `@` (after spaces), a tab or a CR at the start or after a `;`, a `,` or a line break are
 * neutralised. A field holding a comma, a semicolon, a quote or a line break is quoted.
 */
export function csvField(value: string | number | null): string {
  const raw = value === null ? '' : String(value);
  const text = typeof value === 'string' ? neutralizeFormula(raw) : raw;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function neutralizeFormula(text: string): string {
  // `[ \t]*`, not `\s*`: no separator is inside the run, so each run is scanned once.
  return text.replace(/(^|[,;\r\n])(?=[ \t]*[=+\-@]|[\t\r])/g, "$1'");
}

/**
 * RFC 4180 CSV (CRLF line breaks, header row) of the incidents, one row each.
 */
export function toCsv(incidents: readonly Incident[], options: HistoryOptions): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const incident of incidents) {
    const runbook = options.runbookFor?.(incident) ?? null;
    const m = incidentMetrics(incident, runbook, options);
    const values: (string | number | null)[] = [
      incident.id,
      incident.title,
      incident.level,
      markedLevelNameIn(runbook?.levels, incident.level),
      incident.status,
      incident.commander,
      incident.declared,
      incident.acknowledged,
      incident.mitigated,
      incident.resolved,
      m.timeToAcknowledgeSeconds,
      m.timeToMitigateSeconds,
      m.timeToResolveSeconds,
      m.responseSla?.status ?? 'n/a',
      m.responseSla?.marginSeconds ?? null,
      m.updates.missed,
      incident.escalations.join(';'),
      m.reopenCount,
      incident.knownIncident,
      incident.runbook,
      confirmedTrigger(incident)?.commit ?? null,
      m.failedDeploymentRecoverySeconds,
    ];
    rows.push(values.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
