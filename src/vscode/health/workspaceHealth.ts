// Runbook health for the workspace's runbooks, as both the problems in the runbook file and the Runbook Health
// section of the Incident History panel show it: the same figures, and one "reviewed" list in workspace state.
import type * as vscode from 'vscode';
import { healthFindings, runbookHealth, type RunbookHealth } from '../../core/health/health';
import type { Incident } from '../../core/incident/model';
import type { LoadedRunbook } from '../runbook/runbookService';
import { runbookPath, type Services } from '../services';

const REVIEWED_KEY = 'incidentRunbook.healthReviewed';

export interface LoadedHealth {
  loaded: LoadedRunbook;
  health: RunbookHealth;
  /** The incidents the figures were counted from. */
  incidents: Incident[];
}

/** The health of each of `runbooks` that has incident notes, from the notes whose runbook it is. */
export async function healthOfRunbooks(services: Services, runbooks: readonly LoadedRunbook[]): Promise<LoadedHealth[]> {
  if (runbooks.length === 0) return [];
  const byRunbook = new Map<string, Incident[]>();
  for (const incident of await services.store.incidents()) {
    const of = await services.runbookOf(incident);
    if (of) byRunbook.set(of.uri.toString(), [...(byRunbook.get(of.uri.toString()) ?? []), incident]);
  }
  return runbooks.flatMap((loaded) => {
    const incidents = byRunbook.get(loaded.uri.toString()) ?? [];
    if (incidents.length === 0) return [];
    const health = runbookHealth(loaded.runbook, incidents, {
      neverRunIncidents: services.settings.get('healthNeverRunIncidents', loaded.uri),
      staleRuns: services.settings.get('healthStaleRuns', loaded.uri),
      now: services.clock.now(),
    });
    return [{ loaded, health, incidents }];
  });
}

/** What "reviewed" remembers of a finding: its runbook and its words without times, so a later run is the same finding. */
export function healthReviewKey(loaded: LoadedRunbook, finding: ReturnType<typeof healthFindings>[number]): string {
  return `${runbookPath(loaded)}#${finding.message.replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, '')}`;
}

export function reviewedHealthKeys(state: vscode.Memento): Set<string> {
  return new Set(state.get<string[]>(REVIEWED_KEY, []));
}

export async function markHealthReviewed(state: vscode.Memento, key: string): Promise<void> {
  await state.update(REVIEWED_KEY, [...new Set([...reviewedHealthKeys(state), key])]);
}
