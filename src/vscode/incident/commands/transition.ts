// The one way a command changes an incident: the change is asked, checked against the incident shown (a
// refusal says why before anything is written), then applied to the note as it is at the moment of writing.
import { TransitionRefused, type TransitionResult } from '../../../core/incident/lifecycle';
import type { Incident } from '../../../core/incident/model';
import type { Runbook } from '../../../core/runbook/model';
import type { Services } from '../../services';
import { pickIncident, type IncidentArg } from '../pickIncident';

/** Applies a decided change to the incident as its note says at the moment of writing. */
export type Apply = (current: Incident) => TransitionResult;
/** Asks whatever the change needs (prompts happen before the write), then returns the change, or undefined when dismissed. */
export type Ask = (incident: Incident, runbook: Runbook | null) => Apply | undefined | Promise<Apply | undefined>;
export type Transition = (arg: unknown, placeholder: string, ask: Ask) => Promise<Incident | undefined>;

/** What the lifecycle needs from the runbook and the settings. */
export function lifecycleOptions(services: Services, runbook: Runbook | null): { runbook: Runbook | null; cadence: ReturnType<Services['cadence']> } {
  return { runbook, cadence: services.cadence() };
}

export function transitionFor(services: Services): Transition {
  const { store } = services;
  return async (arg, placeholder, ask) => {
    const incident = await pickIncident(services, arg as IncidentArg, placeholder);
    if (!incident) return undefined;
    const runbook = (await services.runbookOf(incident))?.runbook ?? null;
    const apply = await ask(incident, runbook);
    if (!apply) return undefined;
    const preview = apply(incident);
    if (!preview.ok) throw new TransitionRefused(preview);
    return store.update(incident.id, (current) => {
      const result = apply(current);
      if (!result.ok) throw new TransitionRefused(result);
      return result.incident;
    });
  };
}
