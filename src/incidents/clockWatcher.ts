import * as vscode from 'vscode';
import { dueNotifications } from '../incident/clocks';
import type { Deadline } from '../incident/clocks';
import * as lifecycle from '../incident/lifecycle';
import type { Incident } from '../incident/model';
import type { Services } from '../services';

const CHECK_EVERY_MS = 15_000;

const ACTIONS: Record<Deadline['kind'], { label: string; command: string }> = {
  response: { label: 'Acknowledge', command: 'incidentRunbook.acknowledge' },
  update: { label: 'Post Status Update', command: 'incidentRunbook.postStatusUpdate' },
  escalation: { label: 'Escalate', command: 'incidentRunbook.escalate' },
};

/**
 * Tells the responder once when a deadline passes. "Once" is kept in the note (`notified`), not in memory, so a
 * reload does not repeat it and another window that already recorded it wins the lock and this one stays quiet.
 */
export function registerClockWatcher(services: Services): vscode.Disposable {
  let running = false;
  const check = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (const incident of await services.store.open()) await notifyDue(services, incident);
    } catch (error) {
      services.log.warn(`Deadline check failed: ${String(error)}`);
    } finally {
      running = false;
    }
  };
  // Deferred, so activation itself reads nothing; then the notes are read once and followed by the watcher.
  const first = setTimeout(() => void check(), 2_000);
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  return vscode.Disposable.from(services.store.onDidChange(() => void check()), {
    dispose: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  });
}

async function notifyDue(services: Services, incident: Incident): Promise<void> {
  const runbook = (await services.runbookOf(incident))?.runbook ?? null;
  const due = dueNotifications(incident, runbook, services.clock.now(), services.cadence());
  if (due.length === 0) return;
  let recorded: Deadline[] = [];
  await services.store.update(incident.id, (current) => {
    const fresh = dueNotifications(current, runbook, services.clock.now(), services.cadence());
    const result = lifecycle.recordDeadlinesNotified(current, fresh, services.clock.now());
    recorded = result.ok ? fresh : [];
    return result.ok ? result.incident : current;
  });
  for (const deadline of recorded) {
    const action = ACTIONS[deadline.kind];
    void vscode.window
      .showWarningMessage(`SEV${incident.level} "${incident.title}": ${deadline.action} — due ${deadline.due.slice(11, 16)} UTC.`, action.label, 'Open Note')
      .then((choice) => {
        if (choice === action.label) void vscode.commands.executeCommand(action.command, { incidentId: incident.id });
        if (choice === 'Open Note') void vscode.commands.executeCommand('incidentRunbook.openIncidentNote', { incidentId: incident.id });
      });
  }
}
