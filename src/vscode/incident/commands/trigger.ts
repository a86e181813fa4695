// Confirm Trigger Change: the responder names the commit that set the incident off, among the commits of the hours
// before the declaration (the post-mortem's candidates). Recorded in the note's timeline; it gives DORA's failed
// deployment recovery time (commit to resolution) in the history and its CSV.
import * as vscode from 'vscode';
import { confirmTrigger, TransitionRefused } from '../../../core/incident/lifecycle';
import { incidentMetrics } from '../../../core/incident/metrics';
import { formatDuration, formatUtc } from '../../../core/incident/time';
import { commitsBefore, tickedInDraft, type ChangeCommit } from '../../../core/postmortem/changes';
import type { Incident } from '../../../core/incident/model';
import { decodeNote } from '../../../node/noteFiles';
import { postmortemPlace } from '../../postmortem/postmortemCommands';
import type { CommandTable } from '../../commands';
import { changesHours, readChangesBefore } from '../../git/gitContext';
import type { Services } from '../../services';
import { pickIncident } from '../pickIncident';

/** The command's arguments: `commit` (a full or short hash) skips the pick; null or '' records "none of them". */
export interface ConfirmTriggerArgs {
  incidentId?: string;
  commit?: string | null;
}

type TriggerItem = vscode.QuickPickItem & { commit?: ChangeCommit | null };

export function triggerCommands(services: Services): CommandTable {
  const confirm = async (args: ConfirmTriggerArgs): Promise<string | null | undefined> => {
    const incident = await pickIncident(services, args.incidentId ?? { any: true }, 'Confirm the trigger change of which incident?');
    const noteUri = incident && (await services.store.uriOf(incident.id));
    if (!incident || !noteUri) return undefined;
    const { hours, problem } = changesHours(services, noteUri);
    if (problem) void vscode.window.showWarningMessage(problem);
    const changes = await readChangesBefore(incident, noteUri, await services.runbookOf(incident), hours);
    if ('unavailable' in changes) throw new Error(`There are no changes to choose from: ${changes.unavailable}.`);
    const candidates = commitsBefore(changes.commits, incident.declared, hours);
    const window = `the ${hours} hours before the declaration (${formatUtc(incident.declared)})${changes.branch ? ` on ${changes.branch}` : ''}`;
    let chosen: ChangeCommit | null | undefined;
    if (args.commit !== undefined) {
      const wanted = args.commit?.trim().toLowerCase();
      chosen = wanted ? candidates.find((c) => c.hash.startsWith(wanted)) : null;
      if (chosen === undefined) throw new Error(`${args.commit} is not one of the commits of ${window}; ${hoursHint}`);
    } else {
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(`No commit in ${window}: there is no change to confirm. ${hoursHint}`);
        return undefined;
      }
      const touching = new Set(changes.touched.flatMap((t) => t.hashes));
      // What the person ticked in the draft's changes section is proposed first.
      const ticked = tickedInDraft((await draftText(services, incident, noteUri)) ?? '');
      const isTicked = (c: ChangeCommit): boolean => ticked.some((short) => c.hash.startsWith(short));
      const ordered = [...candidates.filter(isTicked), ...candidates.filter((c) => !isTicked(c))];
      const items: TriggerItem[] = [
        ...ordered.map((c) => ({
          label: `$(git-commit) ${c.hash.slice(0, 7)} ${c.subject}`,
          description: `${isTicked(c) ? 'ticked in the post-mortem · ' : ''}${c.author} · ${formatUtc(c.committedAt)}`,
          detail: touching.has(c.hash) ? `touches ${changes.touched.filter((t) => t.hashes.includes(c.hash)).map((t) => t.path).join(', ')}` : undefined,
          commit: c,
        })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: 'None of these changes', description: 'clears a confirmed trigger', commit: null },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: `Trigger change: ${incident.title}`, placeHolder: `Which change set it off? Commits of ${window}, newest first`, matchOnDescription: true, matchOnDetail: true });
      if (!picked || picked.commit === undefined) return undefined;
      chosen = picked.commit;
    }
    const change = chosen && { commit: chosen.hash, subject: chosen.subject, committedAt: chosen.committedAt };
    const updated = await services.store.update(incident.id, (current) => {
      const result = confirmTrigger(current, change, services.clock.now());
      if (!result.ok) throw new TransitionRefused(result);
      return result.incident;
    });
    const recovery = incidentMetrics(updated, null, { now: services.clock.now() }).failedDeploymentRecoverySeconds;
    void vscode.window.showInformationMessage(
      change
        ? `Trigger confirmed: ${change.commit.slice(0, 7)} ${change.subject}. ${recovery !== null ? `Failed deployment recovery time: ${formatDuration(recovery)}.` : 'The recovery time is known once the incident is resolved.'}`
        : 'No change is confirmed as the trigger.',
    );
    return change ? change.commit : null;
  };

  return { 'incidentRunbook.confirmTriggerChange': (arg) => confirm(toArgs(arg)) };
}

/** The incident's post-mortem draft as the person has it (unsaved edits included), or undefined when there is none. */
async function draftText(services: Services, incident: Incident, noteUri: vscode.Uri): Promise<string | undefined> {
  const target = postmortemPlace(services, incident, noteUri)?.target;
  if (!target) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (open) return open.getText();
  try {
    return decodeNote(await vscode.workspace.fs.readFile(target), target.fsPath);
  } catch {
    // No draft yet, or one that is not UTF-8: nothing ticked to propose.
    return undefined;
  }
}

const hoursHint = 'an older change needs a longer `incidentRunbook.postmortemChangesHours`.';

function toArgs(arg: unknown): ConfirmTriggerArgs {
  if (typeof arg === 'string') return { incidentId: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  const incidentId = typeof a.incidentId === 'string' ? a.incidentId : typeof (a.incident as { id?: unknown } | undefined)?.id === 'string' ? String((a.incident as { id: string }).id) : undefined;
  return { incidentId, ...(typeof a.commit === 'string' || a.commit === null ? { commit: a.commit } : {}) };
}
