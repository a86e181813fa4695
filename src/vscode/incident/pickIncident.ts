import * as vscode from 'vscode';
import { mostSevereFirst, type Incident } from '../../core/incident/model';
import { MalformedNoteError } from '../../core/incident/note';
import type { IncidentStore } from './incidentStore';
import { incidentLevelName } from './levelName';
import type { Services } from '../services';

/**
 * How commands name the incident they act on: a tree node (it carries `incident`), `{ incidentId }`, an id string,
 * `{ resolved: true }` to choose among resolved ones, `{ any: true }` among all, or nothing (the current one).
 */
export type IncidentArg = string | { incidentId?: string; incident?: Incident; resolved?: boolean; any?: boolean } | undefined;

/** The choices name each incident's level as its runbook does ("P1"): hence the runbooks beside the store. */
export async function pickIncident(services: Pick<Services, 'store' | 'runbookOf'>, arg: IncidentArg, placeHolder: string): Promise<Incident | undefined> {
  const { store } = services;
  const id = typeof arg === 'string' ? arg : (arg?.incidentId ?? arg?.incident?.id);
  if (id) {
    const entry = await store.find(id);
    if (entry?.incident) return entry.incident;
    const unreadable = await store.malformedNamed(id);
    if (unreadable?.problems) throw new MalformedNoteError(unreadable.problems, unreadable.uri.fsPath);
    throw new Error(`No incident "${id}" in the workspace's incident notes.`);
  }
  const wantResolved = typeof arg === 'object' && arg?.resolved === true;
  const wantAny = typeof arg === 'object' && arg?.any === true;
  if (!wantResolved && !wantAny) {
    const current = await store.current();
    if (current) return current;
  }
  const all = await store.incidents();
  const choices = all.filter((i) => wantAny || (wantResolved ? i.resolved !== null : i.resolved === null));
  if (choices.length === 0) {
    void sayNoneToPick(store, wantResolved);
    return undefined;
  }
  const sorted = choices.sort(mostSevereFirst);
  const names = await Promise.all(sorted.map((incident) => incidentLevelName(services, incident)));
  const picked = await vscode.window.showQuickPick(
    sorted
      .map((incident, index) => ({ label: `${names[index]}: ${incident.title}`, description: incident.status, detail: `declared ${incident.declared}${incident.commander ? ` · commander ${incident.commander}` : ''}`, incident })),
    { placeHolder },
  );
  if (picked) store.focus(picked.incident.id);
  return picked?.incident;
}

/**
 * Nothing to pick. When notes could not be read, the incident may well be among them: say so and offer
 * the note, rather than inviting a second declaration of the same incident.
 */
async function sayNoneToPick(store: IncidentStore, wantResolved: boolean): Promise<void> {
  const unreadable = await store.malformed();
  const none = wantResolved ? 'There is no resolved incident' : 'There is no open incident';
  if (unreadable.length > 0) {
    const names = unreadable.map((e) => vscode.workspace.asRelativePath(e.uri)).join(', ');
    const choice = await vscode.window.showWarningMessage(
      `${none} that could be read. ${unreadable.length} incident note(s) could not be read (see the Problems panel): ${names}.`,
      'Open Note',
    );
    if (choice) await vscode.window.showTextDocument(unreadable[0].uri);
    return;
  }
  const choice = await vscode.window.showInformationMessage(wantResolved ? `${none}.` : `${none}. Declare one first.`, ...(wantResolved ? [] : ['Declare Incident']));
  if (choice) void vscode.commands.executeCommand('incidentRunbook.declareIncident');
}
