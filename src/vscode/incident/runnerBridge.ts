import * as path from 'path';
import * as lifecycle from '../../core/incident/lifecycle';
import { mostSevereFirst } from '../../core/incident/model';
import type { RunEvent, RunnerDeps, RunnerIncident } from '../runner';
import { outputLink, outputsFolderName } from '../../core/run/record';
import type { Services } from '../services';
import { createFileExclusive, fileInFolder } from '../../node/noteFiles';
import type { Incident } from '../../core/incident/model';
import { incidentLevelName } from './levelName';

/**
 * What the diagnostics runner may do with incidents: find the one to record into and append a command's result to
 * its timeline (a terminal run's last output lines ride along as continuation lines of the event), append
 * Run and Capture's fenced output block at the end of the note, and keep a run's full output in
 * `<incident id>.outputs/` beside the note.
 */
export function runnerIncidents(services: Services): RunnerDeps['incidents'] {
  const { store, clock } = services;
  const summary = async (incident: Incident): Promise<RunnerIncident> => ({ id: incident.id, title: incident.title, levelName: await incidentLevelName(services, incident) });
  return {
    active: async () => {
      const current = await store.current();
      return current && summary(current);
    },
    open: async () => Promise.all((await store.open()).sort(mostSevereFirst).map(summary)),
    focus: (id) => store.focus(id),
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
    saveOutput: async (incidentId, fileName, text) => {
      const note = await store.uriOf(incidentId);
      if (!note) throw new Error(`No incident note with id ${incidentId}.`);
      // Appears whole and never replaces an earlier run's file: a taken name (same command, same second) gets "-2".
      const file = await createFileExclusive(fileInFolder(path.dirname(note.fsPath), outputsFolderName(incidentId)), fileName, text);
      return outputLink(incidentId, path.basename(file));
    },
  };
}
