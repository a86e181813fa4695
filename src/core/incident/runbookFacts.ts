// What the incident core needs to know from a runbook, with the defaults that apply when the runbook is silent.
// Reads only the Runbook model's types, never the runbook parser.
import type { KnownIncident, Runbook, SeverityLevel, UpdateCadence } from '../runbook/model';
import { DEFAULT_STATUSES } from './model';

/** Minutes between status updates, per level number (the `incidentRunbook.updateCadenceMinutes` setting). */
export type CadenceMinutes = Readonly<Record<string | number, number>>;

export const DEFAULT_UPDATE_CADENCE: CadenceMinutes = { 1: 30, 2: 60, 3: 240, 4: 1440 };

/** The setting's value for a level, else our default, else the nearest level's default. */
export function cadenceFor(level: number, cadence: CadenceMinutes = DEFAULT_UPDATE_CADENCE): number {
  const set = cadence[level] ?? cadence[String(level)];
  if (typeof set === 'number' && Number.isFinite(set) && set > 0) return set;
  const fallback = DEFAULT_UPDATE_CADENCE[level];
  if (fallback !== undefined) return fallback;
  return level < 1 ? 30 : 1440;
}

/**
 * The cadence the runbook states for a level ("every 15 min for SEV1"), or null: one that names the level wins over
 * one for every level; among equals, the first written. `updateCadence` may be absent in models saved before it.
 */
export function runbookCadence(runbook: Runbook | null | undefined, level: number): UpdateCadence | null {
  const stated = (runbook?.updateCadence ?? []).filter((cadence) => cadence.levels.includes(level));
  const allLevels = runbook?.levels.length ?? 0;
  return stated.find((cadence) => cadence.levels.length < allLevels) ?? stated[0] ?? null;
}

/** Minutes between updates for a level: the runbook's stated cadence, else the setting's (cadenceFor). */
export function updateCadenceFor(level: number, cadence: CadenceMinutes | undefined, runbook: Runbook | null | undefined): number {
  return runbookCadence(runbook, level)?.minutes ?? cadenceFor(level, cadence);
}

/** The statuses an incident moves through: the runbook template's Status choices, else Investigating → Mitigating → Resolved. */
export function statusChoices(runbook: Runbook | null | undefined): readonly string[] {
  const field = runbook?.template?.fields.find((f) => /^status$/i.test(f.name.trim()));
  const choices = field?.choices.map((c) => c.trim()).filter((c) => c.length > 0) ?? [];
  return choices.length >= 2 ? choices : DEFAULT_STATUSES;
}

/** The status that ends an incident: one that says resolved/closed/done, else the last choice. */
export function resolvedStatus(statuses: readonly string[]): string {
  return statuses.find((s) => /resolv|closed|done|fixed/i.test(s)) ?? statuses[statuses.length - 1];
}

/**
 * The status whose first setting stamps `mitigated`: one that says the impact has stopped (Mitigated, Monitoring,
 * Stable), else one that says mitigation (Mitigating), else the one just before the resolved status.
 */
export function mitigatedStatus(statuses: readonly string[]): string | null {
  const resolved = resolvedStatus(statuses);
  const candidates = statuses.filter((s) => s !== resolved);
  const found =
    candidates.find((s) => /^mitigated$|monitor|stable|recover/i.test(s)) ?? candidates.find((s) => /mitigat/i.test(s));
  if (found) return found;
  const index = statuses.indexOf(resolved);
  return index >= 2 ? statuses[index - 1] : null;
}

export function initialStatus(statuses: readonly string[]): string {
  return statuses[0];
}

/** The choice that matches `status` ignoring case and spaces, or null. */
export function matchStatus(statuses: readonly string[], status: string): string | null {
  const wanted = status.trim().toLowerCase();
  return statuses.find((s) => s.trim().toLowerCase() === wanted) ?? null;
}

export function findLevel(runbook: Runbook | null | undefined, level: number): SeverityLevel | null {
  return runbook?.levels.find((l) => l.level === level) ?? null;
}

export function findKnownIncident(runbook: Runbook | null | undefined, id: string | null): KnownIncident | null {
  if (!id || !runbook) return null;
  return runbook.incidents.find((i) => i.id.toLowerCase() === id.toLowerCase()) ?? null;
}

/** A protocol step as a checklist line: "IMMEDIATE: Block affected session". */
export function protocolStepText(step: { tag: string | null; text: string }): string {
  return step.tag ? `${step.tag}: ${step.text}` : step.text;
}
