// Runbook health, from the incident history: which steps ran, failed, went stale or never ran; which known
// incidents never matched; which incidents were resolved without a diagnostic; which levels missed their SLA.
// Pure: the CLI (`incident-runbook health`) and the extension's view print the same figures.
import { commandOutcome, isFailedCommand } from '../incident/events';
import { incidentMetrics } from '../incident/metrics';
import type { Incident } from '../incident/model';
import { levelNameIn } from '../runbook/levelNames';
import type { Runbook, SourceRange } from '../runbook/model';
import { findPlaceholderSpans } from '../shell/placeholders';
import { plural } from '../wording';

/** The exit status a shell gives a command it cannot find: the tool was renamed or removed. */
const NOT_FOUND_EXIT = 127;

export interface HealthOptions {
  /** A step not run in at least this many incidents (that ran something) is reported as never run. */
  neverRunIncidents: number;
  /** A step whose last this-many runs all ended "command not found" is stale. */
  staleRuns: number;
  now: Date;
}

export const DEFAULT_HEALTH_OPTIONS: Omit<HealthOptions, 'now'> = { neverRunIncidents: 5, staleRuns: 2 };

export interface StepRun {
  incident: string;
  at: string;
  command: string;
  outcome: 'ok' | 'failed' | 'not-found' | 'unknown';
}

export interface StepHealth {
  /** "Check service health", or "INC-001: Is the process running?" for a known incident's step. */
  title: string;
  kind: 'diagnostic' | 'tree';
  knownIncident: string | null;
  /** 0-based, as the model keeps it. */
  source?: SourceRange;
  commands: string[];
  runs: StepRun[];
  failures: number;
  lastRun: string | null;
  /** Its last `staleRuns` runs all ended "command not found" (exit 127). */
  stale: boolean;
  /** Not run in any of the incidents considered, and they were at least `neverRunIncidents`. */
  neverRun: boolean;
}

export interface LevelSla {
  level: number;
  name: string;
  missed: number;
  /** Incidents at this level whose response SLA was decided (met or missed). */
  decided: number;
}

export interface RunbookHealth {
  incidents: number;
  steps: StepHealth[];
  knownIncidentsNeverMatched: Array<{ id: string; title: string; source?: SourceRange }>;
  resolvedWithoutRuns: string[];
  /** Levels with a stated response time, most missed first. */
  slaByLevel: LevelSla[];
  options: Omit<HealthOptions, 'now'>;
}

/** The literal parts of a step's command around its placeholders, to recognise a run of it with values filled. */
function commandPattern(command: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const span of findPlaceholderSpans(command)) {
    parts.push(command.slice(last, span.start));
    last = span.end;
  }
  parts.push(command.slice(last));
  return parts;
}

/** As the timeline writes a command on one line (see inlineCode in core/run/record.ts). */
function oneLine(command: string): string {
  return command.replace(/\r?\n/g, ' ⏎ ').trim();
}

/**
 * True when `ran` is `command` with its placeholders filled: the literal parts appear in order, the first at the
 * start and the last at the end. A shortened record ("…" at the end) matches on what it kept. Linear: indexOf only.
 */
export function isRunOf(command: string, ran: string): boolean {
  let text = oneLine(ran);
  const shortened = text.endsWith('…');
  if (shortened) text = text.slice(0, -1);
  const parts = commandPattern(oneLine(command));
  if (parts.length === 1) return shortened ? text.length > 0 && parts[0].startsWith(text) : parts[0] === text;
  if (!text.startsWith(parts[0])) return shortened && parts[0].startsWith(text);
  let at = parts[0].length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && !shortened) return text.length - part.length >= at && text.endsWith(part);
    const found = text.indexOf(part, at);
    // A shortened record was cut before this part: what it kept matched.
    if (found < 0) return shortened;
    at = found + part.length;
  }
  return true;
}

function outcomeWord(exitCode: number | null, timedOut: boolean): StepRun['outcome'] {
  if (exitCode === NOT_FOUND_EXIT) return 'not-found';
  if (isFailedCommand({ command: '', exitCode, timedOut })) return 'failed';
  return exitCode === 0 ? 'ok' : 'unknown';
}

export function runbookHealth(runbook: Runbook, incidents: readonly Incident[], options: HealthOptions): RunbookHealth {
  const steps: StepHealth[] = [
    ...runbook.diagnostics.map((step) => ({ title: step.title, kind: 'diagnostic' as const, knownIncident: null, source: step.source, commands: step.commands })),
    ...runbook.incidents.flatMap((known) =>
      known.steps.filter((s) => s.command).map((s) => ({ title: `${known.id}: ${s.question}`, kind: 'tree' as const, knownIncident: known.id, source: s.source, commands: [s.command as string] })),
    ),
  ].map((step) => ({ ...step, runs: [] as StepRun[], failures: 0, lastRun: null as string | null, stale: false, neverRun: false }));

  const resolvedWithoutRuns: string[] = [];
  let withRuns = 0;
  for (const incident of incidents) {
    let ran = false;
    for (const event of incident.timeline) {
      const outcome = commandOutcome(event);
      if (!outcome) continue;
      ran = true;
      // A command belongs to the first step that has it: a command listed twice counts once.
      const step = steps.find((s) => s.commands.some((c) => isRunOf(c, outcome.command)));
      if (!step) continue;
      const run: StepRun = { incident: incident.id, at: event.at, command: outcome.command, outcome: outcomeWord(outcome.exitCode, outcome.timedOut) };
      step.runs.push(run);
      if (run.outcome === 'failed' || run.outcome === 'not-found') step.failures++;
      if (!step.lastRun || run.at > step.lastRun) step.lastRun = run.at;
    }
    if (ran) withRuns++;
    else if (incident.resolved) resolvedWithoutRuns.push(incident.id);
  }
  for (const step of steps) {
    const recent = [...step.runs].sort((a, b) => a.at.localeCompare(b.at)).slice(-options.staleRuns);
    step.stale = recent.length >= options.staleRuns && recent.every((r) => r.outcome === 'not-found');
    step.neverRun = step.runs.length === 0 && withRuns >= options.neverRunIncidents;
  }

  const matched = new Set(incidents.map((i) => i.knownIncident).filter((id): id is string => id !== null));
  const knownIncidentsNeverMatched = runbook.incidents.filter((k) => !matched.has(k.id)).map((k) => ({ id: k.id, title: k.title, source: k.source }));

  const byLevel = new Map<number, LevelSla>();
  for (const incident of incidents) {
    const sla = incidentMetrics(incident, runbook, { now: options.now }).responseSla;
    if (!sla || sla.status === 'pending') continue;
    const entry = byLevel.get(incident.level) ?? { level: incident.level, name: levelNameIn(runbook.levels, incident.level), missed: 0, decided: 0 };
    entry.decided++;
    if (sla.status === 'missed') entry.missed++;
    byLevel.set(incident.level, entry);
  }
  const slaByLevel = [...byLevel.values()].sort((a, b) => b.missed / b.decided - a.missed / a.decided || b.missed - a.missed || a.level - b.level);
  return {
    incidents: incidents.length,
    steps,
    knownIncidentsNeverMatched,
    resolvedWithoutRuns,
    slaByLevel,
    options: { neverRunIncidents: options.neverRunIncidents, staleRuns: options.staleRuns },
  };
}

/** One line per finding, for the CLI and the problems: "stale", "never run", "failed 3 of 4". */
export function healthFindings(health: RunbookHealth): Array<{ source?: SourceRange; message: string }> {
  const findings: Array<{ source?: SourceRange; message: string }> = [];
  for (const step of health.steps) {
    if (step.stale) findings.push({ source: step.source, message: `"${step.title}" is stale: its last ${health.options.staleRuns} runs ended "command not found" (exit 127); was the tool renamed or removed?` });
    else if (step.failures > 0) findings.push({ source: step.source, message: `"${step.title}" failed in ${step.failures} of ${plural(step.runs.length, 'run')}; last run ${step.lastRun}.` });
    if (step.neverRun) findings.push({ source: step.source, message: `"${step.title}" was never run in ${plural(health.incidents, 'incident')}.` });
  }
  for (const known of health.knownIncidentsNeverMatched) findings.push({ source: known.source, message: `Known incident ${known.id} (${known.title}) was never declared in ${plural(health.incidents, 'incident')}.` });
  if (health.resolvedWithoutRuns.length) findings.push({ message: `${plural(health.resolvedWithoutRuns.length, 'incident')} resolved with no diagnostic run: ${health.resolvedWithoutRuns.join(', ')}.` });
  for (const level of health.slaByLevel) if (level.missed > 0) findings.push({ message: `${level.name}: response SLA missed in ${level.missed} of ${plural(level.decided, 'incident')}.` });
  return findings;
}

