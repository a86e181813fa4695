import { nextDeadline } from '../../core/incident/clocks';
import type { Incident } from '../../core/incident/model';
import type { Services } from '../services';

export interface DeadlineView {
  /** ISO-8601 UTC */
  due: string;
  action: string;
}

/** The incident's most urgent deadline under its runbook and the cadence setting; derived, never stored. */
export async function nextDeadlineOf(services: Services, incident: Incident): Promise<DeadlineView | undefined> {
  const runbook = (await services.runbookOf(incident))?.runbook ?? null;
  return nextDeadline(incident, runbook, services.clock.now(), services.cadence())?.deadline;
}
