import * as vscode from 'vscode';
import { dueNotifications } from '../../core/incident/clocks';
import type { Deadline } from '../../core/incident/clocks';
import * as lifecycle from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/model';
import { levelNameIn } from '../../core/runbook/levelNames';
import type { Services } from '../services';

const CHECK_EVERY_MS = 15_000;

const ACTIONS: Record<Deadline['kind'], { label: string; command: string }> = {
  response: { label: 'Acknowledge', command: 'incidentRunbook.acknowledge' },
  update: { label: 'Post Status Update', command: 'incidentRunbook.postStatusUpdate' },
  escalation: { label: 'Escalate', command: 'incidentRunbook.escalate' },
};

/** A deadline told to the responder; `unrecorded` says why the note could not record it, when it could not. */
export interface DeadlineAnnouncement {
  incidentId: string;
  deadline: Deadline;
  unrecorded?: string;
}

/** A finished check of the open incidents' deadlines: which incidents it looked at. */
export interface DeadlineCheck {
  incidentIds: string[];
}

export interface ClockWatcher extends vscode.Disposable {
  /** Each deadline as it is announced (for other extensions that forward alerts, and for our tests). */
  readonly onDidAnnounce: vscode.Event<DeadlineAnnouncement>;
  /** Each check as it ends, announcements made: what tells a test that a check found nothing new. */
  readonly onDidCheck: vscode.Event<DeadlineCheck>;
  /** Runs a check that starts after this call (after the running one, if any) and resolves as it ends. */
  checkNow(): Promise<DeadlineCheck>;
}

export interface ClockWatcherOptions {
  /** The periodic check; undefined under the test clock, where the test's moves of the clock are the ticks. */
  everyMs: number | undefined;
}

/**
 * Tells the responder once when a deadline passes. "Once" is kept in the note (`notified`), not in memory, so a
 * reload does not repeat it and another window that already recorded it wins the lock and this one stays quiet.
 * When the note cannot take the record (open with half-typed front matter, read-only), the alert still goes out,
 * once per window, and says why it is not in the note: a missed SEV1 deadline must never be silent.
 */
export function registerClockWatcher(services: Services, { everyMs }: ClockWatcherOptions = { everyMs: CHECK_EVERY_MS }): ClockWatcher {
  const announced = new vscode.EventEmitter<DeadlineAnnouncement>();
  const checked = new vscode.EventEmitter<DeadlineCheck>();
  const toldWithoutRecord = new Set<string>();
  const checkOnce = async (): Promise<DeadlineCheck> => {
    const incidentIds: string[] = [];
    try {
      for (const incident of await services.store.open()) {
        incidentIds.push(incident.id);
        // One incident's note failing must not stop the check of the others.
        try {
          for (const announcement of await announceDue(services, incident, toldWithoutRecord)) announced.fire(announcement);
        } catch (error) {
          services.log.warn(`Deadline check of ${incident.id} failed: ${String(error)}`);
        }
      }
    } catch (error) {
      services.log.warn(`Deadline check failed: ${String(error)}`);
    }
    const result = { incidentIds };
    checked.fire(result);
    return result;
  };
  // One check at a time. A change that arrives while one runs may come after the check read the store, so it
  // asks for one more check after it (several such changes share that one), instead of waiting for the tick.
  let running = false;
  let again = false;
  let waiting: ((check: DeadlineCheck) => void)[] = [];
  const check = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          const callers = waiting;
          waiting = [];
          const result = await checkOnce();
          for (const resolve of callers) resolve(result);
        } while (again);
      } finally {
        running = false;
      }
    })();
  };
  const checkNow = (): Promise<DeadlineCheck> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      check();
    });
  // Deferred, so activation itself reads nothing; then the notes are read once and followed by the watcher.
  const first = setTimeout(check, 2_000);
  const timer = everyMs === undefined ? undefined : setInterval(check, everyMs);
  const disposable = vscode.Disposable.from(announced, checked, services.store.onDidChange(check), {
    dispose: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  });
  return { onDidAnnounce: announced.event, onDidCheck: checked.event, checkNow, dispose: () => disposable.dispose() };
}

async function announceDue(services: Services, incident: Incident, toldWithoutRecord: Set<string>): Promise<DeadlineAnnouncement[]> {
  const runbook = (await services.runbookOf(incident))?.runbook ?? null;
  const due = dueNotifications(incident, runbook, services.clock.now(), services.cadence());
  if (due.length === 0) return [];
  let recorded: Deadline[] = [];
  let unrecorded: string | undefined;
  try {
    await services.store.update(incident.id, (current) => {
      const fresh = dueNotifications(current, runbook, services.clock.now(), services.cadence());
      const result = lifecycle.recordDeadlinesNotified(current, fresh, services.clock.now());
      recorded = result.ok ? fresh : [];
      return result.ok ? result.incident : current;
    });
  } catch (error) {
    unrecorded = error instanceof Error ? error.message : String(error);
    recorded = due.filter((deadline) => !toldWithoutRecord.has(`${incident.id} ${deadline.key}`));
    for (const deadline of recorded) toldWithoutRecord.add(`${incident.id} ${deadline.key}`);
    if (recorded.length > 0) services.log.warn(`Could not record deadline(s) ${recorded.map((d) => d.key).join(', ')} in ${incident.id}: ${unrecorded}`);
  }
  if (recorded.length > 0) showAlert(incident, levelNameIn(runbook?.levels, incident.level), recorded, unrecorded);
  return recorded.map((deadline) => ({ incidentId: incident.id, deadline, ...(unrecorded === undefined ? {} : { unrecorded }) }));
}

/** What to do first when several deadlines passed at once: acknowledge, then escalate, then update. */
const URGENCY: Record<Deadline['kind'], number> = { response: 0, escalation: 1, update: 2 };

/** One message per incident however many of its deadlines passed at once; its button is for the most urgent. */
function showAlert(incident: Incident, level: string, deadlines: readonly Deadline[], unrecorded: string | undefined): void {
  const sorted = [...deadlines].sort((a, b) => URGENCY[a.kind] - URGENCY[b.kind] || a.due.localeCompare(b.due));
  const action = ACTIONS[sorted[0].kind];
  const what = sorted.map((d) => `${d.action} — due ${d.due.slice(11, 16)} UTC`).join('; ');
  const note = unrecorded === undefined ? '' : ` (Not recorded in the note: ${unrecorded})`;
  void vscode.window.showWarningMessage(`${level} "${incident.title}": ${what}.${note}`, action.label, 'Open Note').then((choice) => {
    if (choice === action.label) void vscode.commands.executeCommand(action.command, { incidentId: incident.id });
    if (choice === 'Open Note') void vscode.commands.executeCommand('incidentRunbook.openIncidentNote', { incidentId: incident.id });
  });
}
