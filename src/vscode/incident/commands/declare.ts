// Declaring an incident: level, title, known incident (each asked unless given), then the note.
import * as vscode from 'vscode';
import { levelLabel } from '../../../core/runbook/levels';
import * as lifecycle from '../../../core/incident/lifecycle';
import { TransitionRefused } from '../../../core/incident/lifecycle';
import { findKnownIncident } from '../../../core/incident/runbookFacts';
import { DEFAULT_LEVELS_NOTICE, defaultSeverityLevels, readDefaultLevels, usesDefaultLevels } from '../../../core/runbook/defaults';
import type { KnownIncident, Runbook, SeverityLevel } from '../../../core/runbook/model';
import { openSetting, settingId, type SettingsReader } from '../../../config';
import type { CommandTable } from '../../commands';
import type { RunbookNode } from '../../runbook/runbookTree';
import { responseWording } from '../../../core/wording';
import { runbookPath, type Services } from '../../services';
import { lifecycleOptions } from './transition';

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

export function declareCommands(services: Services): CommandTable {
  const declareIncident = async (args: DeclareArgs = {}): Promise<string | undefined> => {
    const { store, clock } = services;
    // Before the questions, so nobody types a title only to learn there is nowhere to keep the note.
    if (!store.folderFor()) throw new Error('Open a folder first: incident notes are kept in the workspace.');
    const loaded = args.runbookUri ? await services.runbooks.get(args.runbookUri) : await services.runbooks.active();
    const runbook = loaded?.runbook ?? null;
    const level = args.level ?? (await pickLevel(services.settings, runbook));
    if (level === undefined) return undefined;
    const title = args.title ?? (await vscode.window.showInputBox({ title: `Declare ${levelLabel(level)} incident`, prompt: 'What is happening? (a short title)', validateInput: (v) => (v.trim() ? undefined : 'An incident needs a title.') }));
    if (!title) return undefined;
    const known = args.knownIncident !== undefined ? findKnownIncident(runbook, args.knownIncident || null) : await pickKnownIncident(runbook, title);
    if (known === undefined) return undefined;
    const result = lifecycle.declare(
      {
        title,
        level,
        commander: services.responder(),
        // Only what the responder said: the level's impact is the level's, shown beside it wherever it matters.
        impact: args.impact ?? '',
        runbookPath: loaded ? runbookPath(loaded) : '',
        knownIncident: known,
        ...lifecycleOptions(services, runbook),
        // Declaring below a CRITICAL rule's level from the flowchart is a choice the person made there.
        override: known?.forcedLevel != null && level > known.forcedLevel ? await confirmOverride(known, level) : false,
      },
      clock.now(),
    );
    if (!result.ok) throw new TransitionRefused(result);
    // Beside the runbook it was declared from (its workspace folder's incidents folder); the bundled one has none.
    const created = await store.create(result.incident, loaded && !loaded.bundled ? loaded.uri : undefined);
    if (!args.background) await vscode.window.showTextDocument(created.uri, { preview: false, preserveFocus: true });
    void vscode.window.showInformationMessage(`${levelLabel(created.incident.level)} declared: ${created.incident.title}`, 'Post Status Update', 'Open Note').then((choice) => {
      if (choice === 'Post Status Update') void vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: created.incident.id });
      if (choice === 'Open Note') void vscode.window.showTextDocument(created.uri);
    });
    return created.incident.id;
  };

  return { 'incidentRunbook.declareIncident': (args) => declareIncident(toDeclareArgs(args)) };
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

/**
 * Asks for a level among the runbook's; without a runbook (or levels), among the default levels of the setting.
 * Defaults are said to be defaults, with a way to open the setting; a level without a stated time says so.
 */
export async function pickLevel(settings: SettingsReader, runbook: Runbook | null, current?: number): Promise<number | undefined> {
  const levels: SeverityLevel[] = runbook?.levels.length ? runbook.levels : defaultSeverityLevels(readDefaultLevels(settings.get('defaultLevels')).levels);
  const defaults = usesDefaultLevels({ levels });
  const items: Array<vscode.QuickPickItem & { level?: number }> = levels.map((l) => ({
    label: `${l.id}${l.level === current ? ' (current)' : ''}`,
    description: [l.impact, responseWording(l) ?? 'no response time stated'].filter(Boolean).join(' — '),
    detail: l.examples.length ? `e.g. ${l.examples.join(', ')}` : undefined,
    level: l.level,
  }));
  if (defaults) {
    items.push(
      { label: DEFAULT_LEVELS_NOTICE, kind: vscode.QuickPickItemKind.Separator },
      { label: `$(settings-gear) Open ${settingId('defaultLevels')}`, description: 'where these levels come from' },
    );
  }
  const placeHolder = defaults
    ? `How bad is it? (${DEFAULT_LEVELS_NOTICE})`
    : 'How bad is it? The runbook’s impact and examples are beside each level.';
  const picked = await vscode.window.showQuickPick(items, { title: 'Severity level', placeHolder, matchOnDescription: true, matchOnDetail: true });
  if (picked && picked.level === undefined) {
    await openSetting('defaultLevels');
    return undefined;
  }
  return picked?.level;
}

/** Known incidents ordered by how many words of the title their symptoms and title share. `null`: none chosen. */
async function pickKnownIncident(runbook: Runbook | null, title: string): Promise<KnownIncident | null | undefined> {
  if (!runbook?.incidents.length) return null;
  const words = new Set(title.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
  const score = (k: KnownIncident): number => [k.title, ...k.symptoms].join(' ').toLowerCase().match(/[a-z0-9]{3,}/g)?.filter((w) => words.has(w)).length ?? 0;
  const ranked = [...runbook.incidents].sort((a, b) => score(b) - score(a));
  const none = { label: 'None of these', description: 'not a known incident', known: null };
  const items = ranked.map((k) => ({ label: `${k.id}: ${k.title}`, description: k.forcedLevel !== null ? `always ${levelLabel(k.forcedLevel)}` : undefined, detail: k.symptoms.join(', '), known: k as KnownIncident | null }));
  const best = ranked[0] && score(ranked[0]) > 0 ? items.slice(0, 1) : [];
  const picked = await vscode.window.showQuickPick([...best, none, ...items.slice(best.length)], { title: 'Is it a known incident?', placeHolder: 'Matching the symptoms gives you its diagnostic tree and protocol', matchOnDetail: true });
  return picked === undefined ? undefined : picked.known;
}

export async function confirmOverride(known: KnownIncident, level: number): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `${known.id} is always ${levelLabel(known.forcedLevel ?? level)} per the runbook (${known.critical ?? 'CRITICAL rule'}). Use ${levelLabel(level)} anyway? The override is recorded in the timeline.`,
    { modal: true },
    'Override',
  );
  return choice === 'Override';
}
