import * as vscode from 'vscode';
import { levelLabel } from '../../core/runbook/levels';
import { mostSevereFirst, type Incident } from '../../core/incident/model';
import { MalformedNoteError } from '../../core/incident/note';
import type { IncidentStore } from './incidentStore';

/**
 * How commands name the incident they act on: a tree node (it carries `incident`), `{ incidentId }`, an id string,
 * `{ resolved: true }` to choose among resolved ones, `{ any: true }` among all, or nothing (the current one).
 */
export type IncidentArg = string | { incidentId?: string; incident?: Incident; resolved?: boolean; any?: boolean } | undefined;

export async function pickIncident(store: IncidentStore, arg: IncidentArg, placeHolder: string): Promise<Incident | undefined> {
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
  const picked = await vscode.window.showQuickPick(
    choices
      .sort(mostSevereFirst)
      .map((incident) => ({ label: `${levelLabel(incident.level)}: ${incident.title}`, description: incident.status, detail: `declared ${incident.declared}${incident.commander ? ` · commander ${incident.commander}` : ''}`, incident })),
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
