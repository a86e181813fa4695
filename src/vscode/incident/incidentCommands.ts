import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import * as lifecycle from '../../core/incident/lifecycle';
import { TransitionRefused, type TransitionResult } from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/model';
import { findKnownIncident, statusChoices } from '../../core/incident/runbookFacts';
import { fillStatusTemplate } from '../../core/incident/statusUpdate';
import type { KnownIncident, Runbook } from '../../core/runbook/model';
import type { LoadedRunbook } from '../runbook/runbookService';
import { formatResponse, type RunbookNode } from '../runbook/runbookTree';
import { runbookPath, type Services } from '../services';
import { pickIncident, type IncidentArg } from './pickIncident';

/**
 * Programmatic arguments: every prompt can be answered in advance, so the flowchart, the tree and tests drive the
 * same flow a person does from the palette.
 */
export interface DeclareArgs {
  level?: number;
  runbookUri?: string;
  title?: string;
  impact?: string;
  /** Known incident id ("INC-001"), or '' for none. */
  knownIncident?: string;
  /** Do not open the new note (the flowchart and tests pass this). */
  background?: boolean;
}

/** Applies a decided change to the incident as its note says at the moment of writing. */
type Apply = (current: Incident) => TransitionResult;
/** Asks whatever the change needs (prompts happen before the write), then returns the change, or undefined when dismissed. */
type Ask = (incident: Incident, runbook: Runbook | null) => Apply | undefined | Promise<Apply | undefined>;


export function createIncidentCommands(services: Services): CommandTable {
  const { store, clock } = services;
  /** What the lifecycle needs from the runbook and the settings. */
  const options = (runbook: Runbook | null) => ({ runbook, cadence: services.cadence() });

  /**
   * Runs one lifecycle transition: the change is checked against the incident we showed (so a refusal says why
   * before anything is written), then applied to the note as it is now, under its lock.
   */
  async function transition(arg: unknown, placeholder: string, ask: Ask): Promise<Incident | undefined> {
    const incident = await pickIncident(store, arg as IncidentArg, placeholder);
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
  }

  const declareIncident = async (args: DeclareArgs = {}): Promise<string | undefined> => {
    // Before the questions, so nobody types a title only to learn there is nowhere to keep the note.
    if (!store.folderFor()) throw new Error('Open a folder first: incident notes are kept in the workspace.');
    const loaded = args.runbookUri ? await services.runbooks.get(args.runbookUri) : await services.runbooks.active();
    const runbook = loaded?.runbook ?? null;
    const level = args.level ?? (await pickLevel(runbook));
    if (level === undefined) return undefined;
    const title = args.title ?? (await vscode.window.showInputBox({ title: `Declare SEV${level} incident`, prompt: 'What is happening? (a short title)', validateInput: (v) => (v.trim() ? undefined : 'An incident needs a title.') }));
    if (!title) return undefined;
    const known = args.knownIncident !== undefined ? findKnownIncident(runbook, args.knownIncident || null) : await pickKnownIncident(runbook, title);
    if (known === undefined) return undefined;
    const result = lifecycle.declare(
      {
        title,
        level,
        commander: services.responder(),
        impact: args.impact ?? runbook?.levels.find((l) => l.level === level)?.impact ?? '',
        runbookPath: loaded ? runbookPath(loaded) : '',
        knownIncident: known,
        ...options(runbook),
        // Declaring below a CRITICAL rule's level from the flowchart is a choice the person made there.
        override: known?.forcedLevel != null && level > known.forcedLevel ? await confirmOverride(known, level) : false,
      },
      clock.now(),
    );
    if (!result.ok) throw new TransitionRefused(result);
    // Beside the runbook it was declared from (its workspace folder's incidents folder); the bundled one has none.
    const created = await store.create(result.incident, loaded && !loaded.bundled ? loaded.uri : undefined);
    if (!args.background) await vscode.window.showTextDocument(created.uri, { preview: false, preserveFocus: true });
    void vscode.window.showInformationMessage(`SEV${created.incident.level} declared: ${created.incident.title}`, 'Post Status Update', 'Open Note').then((choice) => {
      if (choice === 'Post Status Update') void vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: created.incident.id });
      if (choice === 'Open Note') void vscode.window.showTextDocument(created.uri);
    });
    return created.incident.id;
  };

  const table: CommandTable = {
    'incidentRunbook.declareIncident': (args) => declareIncident(toDeclareArgs(args)),

    'incidentRunbook.acknowledge': (arg) => transition(arg, 'Acknowledge which incident?', () => (i) => lifecycle.acknowledge(i, clock.now(), services.responder())),

    'incidentRunbook.setStatus': (arg, statusArg) =>
      transition(arg, 'Set the status of which incident?', async (i, runbook) => {
        const status = typeof statusArg === 'string' ? statusArg : await pickStatus(runbook, i);
        return status ? (current) => lifecycle.setStatus(current, status, clock.now(), options(runbook)) : undefined;
      }),

    'incidentRunbook.changeLevel': (arg, levelArg, reasonArg, overrideArg) =>
      transition(arg, 'Change the level of which incident?', async (i, runbook) => {
        const level = typeof levelArg === 'number' ? levelArg : await pickLevel(runbook, i.level);
        if (level === undefined) return undefined;
        const reason = typeof reasonArg === 'string' ? reasonArg : await vscode.window.showInputBox({ title: `SEV${i.level} → SEV${level}`, prompt: 'Why does the level change?', validateInput: (v) => (v.trim() ? undefined : 'Say why.') });
        if (!reason) return undefined;
        let override = overrideArg === true;
        const preview = lifecycle.changeLevel(i, level, reason, clock.now(), { ...options(runbook), override });
        if (!preview.ok && preview.error.code === 'forced-level' && !override) {
          const known = findKnownIncident(runbook, i.knownIncident);
          override = known ? await confirmOverride(known, level) : false;
          if (!override) return undefined;
        }
        return (current) => lifecycle.changeLevel(current, level, reason, clock.now(), { ...options(runbook), override });
      }),

    'incidentRunbook.addTimelineEvent': (arg, textArg) =>
      transition(arg, 'Add an event to which incident?', async (i) => {
        const text = typeof textArg === 'string' ? textArg : await vscode.window.showInputBox({ title: `Timeline of "${i.title}"`, prompt: 'What happened?' });
        return text ? (current) => lifecycle.addEvent(current, { kind: 'note', text }, clock.now()) : undefined;
      }),

    'incidentRunbook.handOffCommander': (arg, nameArg) =>
      transition(arg, 'Hand off which incident?', async (i) => {
        const commander = typeof nameArg === 'string' ? nameArg : await vscode.window.showInputBox({ title: `Hand off "${i.title}"`, prompt: `New incident commander (now: ${i.commander || 'unassigned'})` });
        return commander ? (current) => lifecycle.handOff(current, commander, clock.now()) : undefined;
      }),

    'incidentRunbook.escalate': (arg, levelArg) =>
      transition(arg, 'Escalate which incident?', async (i, runbook) => {
        const label = typeof levelArg === 'string' ? levelArg : await pickEscalation(runbook, i);
        return label ? (current) => lifecycle.escalate(current, label, clock.now(), options(runbook)) : undefined;
      }),

    'incidentRunbook.postStatusUpdate': async (arg, deliveryArg) => {
      const incident = await pickIncident(store, arg as IncidentArg, 'Post an update for which incident?');
      if (!incident) return undefined;
      const runbook = (await services.runbookOf(incident))?.runbook ?? null;
      const text = fillStatusTemplate(runbook?.template ?? null, incident, runbook, clock.now());
      const delivery = typeof deliveryArg === 'string' ? deliveryArg : await pickDelivery();
      if (!delivery) return undefined;
      if (delivery === 'copy') {
        await vscode.env.clipboard.writeText(text);
      } else if (delivery === 'open') {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }));
      }
      const updated = await transition({ incidentId: incident.id }, '', () => (current) => lifecycle.recordStatusUpdate(current, clock.now(), options(runbook)));
      if (delivery === 'copy') void vscode.window.showInformationMessage('Status update copied to the clipboard; the update clock restarted.');
      return { text, incident: updated };
    },

    'incidentRunbook.resolve': async (arg, summaryArg) => {
      const resolved = await transition(arg, 'Resolve which incident?', async (i, runbook) => {
        const how = typeof summaryArg === 'string' ? summaryArg : await vscode.window.showInputBox({ title: `Resolve "${i.title}"`, prompt: 'How was it resolved? (optional)' });
        return how === undefined ? undefined : (current) => lifecycle.resolve(current, clock.now(), how, options(runbook));
      });
      if (resolved && typeof summaryArg !== 'string') {
        void vscode.window.showInformationMessage(`Resolved: ${resolved.title}`, 'Generate Post-mortem Draft').then((choice) => {
          if (choice) void vscode.commands.executeCommand('incidentRunbook.generatePostmortem', { incidentId: resolved.id });
        });
      }
      return resolved;
    },

    'incidentRunbook.reopen': async (arg, reasonArg) => {
      const resolved = (await store.incidents()).filter((i) => i.resolved !== null);
      return transition(arg ?? (resolved.length === 1 ? { incidentId: resolved[0].id } : { resolved: true }), 'Reopen which incident?', async (i, runbook) => {
        const why = typeof reasonArg === 'string' ? reasonArg : await vscode.window.showInputBox({ title: `Reopen "${i.title}"`, prompt: 'Why is it reopened?' });
        return why === undefined ? undefined : (current) => lifecycle.reopen(current, why, clock.now(), options(runbook));
      });
    },

    // (incident, index) flips the step; (incident, index, done, text) sets it, as the tree's checkbox does.
    'incidentRunbook.toggleProtocolStep': async (arg, indexArg, doneArg, textArg) => {
      const index = typeof indexArg === 'number' ? indexArg : (arg as { index?: number } | undefined)?.index;
      if (index === undefined) return undefined;
      const text = typeof textArg === 'string' ? textArg : undefined;
      return transition(arg, '', () => (current) =>
        typeof doneArg === 'boolean' ? lifecycle.setProtocolStep(current, { index, text }, doneArg, clock.now()) : lifecycle.toggleProtocolStep(current, index, clock.now()),
      );
    },

    'incidentRunbook.openIncidentNote': async (arg) => {
      const incident = await pickIncident(store, (arg ?? { any: true }) as IncidentArg, 'Open which incident note?');
      const uri = incident && (await store.uriOf(incident.id));
      if (!uri) return undefined;
      store.focus(incident.id);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },
  };
  return table;
}

/** The command's argument: DeclareArgs, or a level node of the Runbook view (its inline "declare" action). */
function toDeclareArgs(arg: unknown): DeclareArgs {
  if (!arg || typeof arg !== 'object') return {};
  const node = arg as Partial<RunbookNode>;
  if (node.kind === 'level' && node.loaded && typeof node.index === 'number') {
    return { level: node.loaded.runbook.levels[node.index].level, runbookUri: node.loaded.uri.toString() };
  }
  const a = arg as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof a[key] === 'string' ? (a[key] as string) : undefined);
  return {
    level: typeof a.level === 'number' && Number.isInteger(a.level) ? a.level : undefined,
    runbookUri: text('runbookUri'),
    title: text('title'),
    impact: text('impact'),
    knownIncident: text('knownIncident'),
    background: a.background === true,
  };
}

async function pickStatus(runbook: Runbook | null, incident: Incident): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    statusChoices(runbook).map((s) => ({ label: s, description: s === incident.status ? 'current' : undefined })),
    { title: `Status of "${incident.title}"` },
  );
  return picked?.label;
}

async function pickLevel(runbook: Runbook | null, current?: number): Promise<number | undefined> {
  const levels = runbook?.levels.length ? runbook.levels : [1, 2, 3, 4].map((level) => ({ level, id: `SEV${level}`, impact: '', examples: [] as string[], response: '', responseMinutes: null as number | null, responseKind: 'unknown' as const }));
  const picked = await vscode.window.showQuickPick(
    levels.map((l) => ({
      label: `${l.id}${l.level === current ? ' (current)' : ''}`,
      description: [l.impact, l.response ? `respond in ${formatResponse(l as Runbook['levels'][number])}` : ''].filter(Boolean).join(' — '),
      detail: l.examples.length ? `e.g. ${l.examples.join(', ')}` : undefined,
      level: l.level,
    })),
    { title: 'Severity level', placeHolder: 'How bad is it? The runbook’s impact and examples are beside each level.', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.level;
}

/** Known incidents ordered by how many words of the title their symptoms and title share. `null`: none chosen. */
async function pickKnownIncident(runbook: Runbook | null, title: string): Promise<KnownIncident | null | undefined> {
  if (!runbook?.incidents.length) return null;
  const words = new Set(title.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
  const score = (k: KnownIncident): number => [k.title, ...k.symptoms].join(' ').toLowerCase().match(/[a-z0-9]{3,}/g)?.filter((w) => words.has(w)).length ?? 0;
  const ranked = [...runbook.incidents].sort((a, b) => score(b) - score(a));
  const none = { label: 'None of these', description: 'not a known incident', known: null };
  const items = ranked.map((k) => ({ label: `${k.id}: ${k.title}`, description: k.forcedLevel !== null ? `always SEV${k.forcedLevel}` : undefined, detail: k.symptoms.join(', '), known: k as KnownIncident | null }));
  const best = ranked[0] && score(ranked[0]) > 0 ? items.slice(0, 1) : [];
  const picked = await vscode.window.showQuickPick([...best, none, ...items.slice(best.length)], { title: 'Is it a known incident?', placeHolder: 'Matching the symptoms gives you its diagnostic tree and protocol', matchOnDetail: true });
  return picked === undefined ? undefined : picked.known;
}

async function confirmOverride(known: KnownIncident, level: number): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `${known.id} is always SEV${known.forcedLevel} per the runbook (${known.critical ?? 'CRITICAL rule'}). Use SEV${level} anyway? The override is recorded in the timeline.`,
    { modal: true },
    'Override',
  );
  return choice === 'Override';
}

async function pickEscalation(runbook: Runbook | null, incident: Incident): Promise<string | undefined> {
  const rules = runbook?.escalation ?? [];
  if (rules.length === 0) return vscode.window.showInputBox({ title: 'Escalate', prompt: 'Escalation level (e.g. L2)' });
  const picked = await vscode.window.showQuickPick(
    rules.map((r) => ({ label: r.level, description: r.contact, detail: r.when + (incident.escalations.includes(r.level) ? ' — already reached' : '') })),
    { title: `Escalate "${incident.title}"` },
  );
  return picked?.label;
}

async function pickDelivery(): Promise<'copy' | 'open' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(copy) Copy to clipboard', value: 'copy' as const },
      { label: '$(go-to-file) Open in an editor', value: 'open' as const },
    ],
    { title: 'Post status update', placeHolder: 'The update is filled from the runbook’s template' },
  );
  return picked?.value;
}

export type { LoadedRunbook };
