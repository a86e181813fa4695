import * as lifecycle from '../incident/lifecycle';
import type { RunEvent, RunnerDeps } from '../runner';
import type { Services } from '../services';

/**
 * What the diagnostics runner may do with incidents: find the one to record into and append a command's result to
 * its timeline (a terminal run's last output lines ride along as continuation lines of the event), and append
 * Run and Capture's fenced output block at the end of the note.
 */
export function runnerIncidents(services: Services): RunnerDeps['incidents'] {
  const { store, clock } = services;
  const summary = (incident: { id: string; title: string }): { id: string; title: string } => ({ id: incident.id, title: incident.title });
  return {
    active: async () => {
      const current = await store.current();
      return current && summary(current);
    },
    get: async (id) => {
      const entry = await store.find(id);
      return entry?.incident && summary(entry.incident);
    },
    appendTimeline: async (incidentId, event: RunEvent) => {
      await store.update(incidentId, (current) => {
        const text = event.output ? `${event.text}\n${event.output}` : event.text;
        const result = lifecycle.addEvent(current, { kind: event.kind, text }, clock.now());
        if (!result.ok) throw new Error(result.error.message);
        return result.incident;
      });
    },
    appendBlock: async (incidentId, markdown) => {
      await store.appendMarkdown(incidentId, markdown);
    },
  };
}
