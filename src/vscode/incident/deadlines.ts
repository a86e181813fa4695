import { settingId } from '../../config';
import { nextDeadline, noResponseClockReason, type Deadline } from '../../core/incident/clocks';
import type { Incident } from '../../core/incident/model';
import { cadenceFor, runbookCadence, type CadenceMinutes } from '../../core/incident/runbookFacts';
import type { Runbook } from '../../core/runbook/model';
import { formatCountdown } from '../../core/incident/time';
import type { Services } from '../services';

export type DeadlineView = Pick<Deadline, 'due' | 'action' | 'setting'>;

/** What the tree and the status bar show of an open incident's clocks; derived, never stored. */
export interface ClocksView {
  /** The most urgent deadline, if any. */
  next: DeadlineView | undefined;
  /** Why no response clock runs, while one would be wanted (see noResponseClockReason); else null. */
  noResponseClock: string | null;
  /** The update clock, said as the setting's (the runbook never sets it). */
  updateCadence: string;
}

/** The incident's clocks under its runbook and the cadence setting. */
export async function clocksOf(services: Services, incident: Incident): Promise<ClocksView> {
  const runbook = (await services.runbookOf(incident))?.runbook ?? null;
  const cadence = services.cadence();
  return {
    next: nextDeadline(incident, runbook, services.clock.now(), cadence)?.deadline,
    noResponseClock: noResponseClockReason(incident, runbook),
    updateCadence: cadenceWords(incident.level, cadence, runbook),
  };
}

const WHOSE: Record<NonNullable<Deadline['setting']>, string> = {
  updateCadenceMinutes: 'cadence setting',
  defaultLevels: 'default level setting',
};

/** "Post a status update in 12m (cadence setting)": a time that is a setting's says so. */
export function countdownText(deadline: DeadlineView, now: Date): string {
  const whose = deadline.setting ? ` (${WHOSE[deadline.setting]})` : '';
  return `${deadline.action} ${formatCountdown(Date.parse(deadline.due) - now.getTime())}${whose}`;
}

/** Where the update clock's time comes from, said plainly: the runbook's own words, or the setting standing in. */
function cadenceWords(level: number, cadence: CadenceMinutes, runbook: Runbook | null): string {
  const stated = runbookCadence(runbook, level);
  if (stated) return `Status updates every ${stated.minutes} min (the runbook: "${stated.text.length > 80 ? `${stated.text.slice(0, 79)}…` : stated.text}")`;
  return `Status updates every ${cadenceFor(level, cadence)} min (your setting ${settingId('updateCadenceMinutes')}, not the runbook's)`;
}
