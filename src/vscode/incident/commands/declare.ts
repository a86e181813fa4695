// Declaring an incident from the alert text: "What is happening?", then one pick with the triage's proposal first
// (level and known incident, with the runbook's words that made it) and every other level and known incident
// below it, then the note, and a notification whose first button runs the first check. Each question is skipped
// when its answer is given as an argument.
import * as vscode from 'vscode';
import { levelName, levelNameIn } from '../../../core/runbook/levelNames';
import * as lifecycle from '../../../core/incident/lifecycle';
import { TransitionRefused } from '../../../core/incident/lifecycle';
import { findKnownIncident } from '../../../core/incident/runbookFacts';
import { DEFAULT_LEVELS_NOTICE, defaultSeverityLevels, readDefaultLevels, usesDefaultLevels } from '../../../core/runbook/defaults';
import type { Incident } from '../../../core/incident/model';
import type { KnownIncident, Runbook, SeverityLevel } from '../../../core/runbook/model';
import { MachineTime } from '../../../core/run/machineTime';
import { firstCheck, type FirstCheck } from '../../../core/triage/firstCheck';
import { triageRunbook } from '../../../core/triage/fromRunbook';
import { proposeLevel, ruleLevel, type Triage } from '../../../core/triage/triage';
import { openSetting, settingId, type SettingsReader } from '../../../config';
import type { CommandTable } from '../../commands';
import type { RunbookNode } from '../../runbook/runbookTree';
import type { StepRef } from '../../../protocol/stepRef';
import { responseWording } from '../../../core/wording';
import { recordHeadAfterDeclare } from '../../git/gitContext';
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
  /** Declare what the triage proposes for `title` without showing the pick (a level or known incident given wins). */
  acceptProposal?: boolean;
  /** The declare notification's answer: run the first check, post a status update, or open the note. */
  then?: DeclaredAction;
  /** Options for that first check's run (`variables`, `confirm`), as Run Diagnostic Step takes them. */
  firstCheck?: { variables?: Record<string, string>; confirm?: boolean };
}

export type DeclaredAction = 'runFirstCheck' | 'postStatusUpdate' | 'openNote';

/** What declaring needs of the runner: to start the first check's terminal while the person reads the notification. */
export interface DeclareRunner {
  /** Starts the terminal `ref` would run in for the incident titled `title`; resolves with a way to close it when it started one. */
  prepareTerminal(ref: StepRef, title: string): Promise<(() => void) | undefined>;
}

export function declareCommands(services: Services, runner?: DeclareRunner): CommandTable {
  const declareIncident = async (args: DeclareArgs = {}): Promise<string | undefined> => {
    // The machine's share of the way to the first check (what a person waits for), logged as that check starts.
    const time = MachineTime.start(Date.now);
    const { store, clock } = services;
    // Before the questions, so nobody types a title only to learn there is nowhere to keep the note.
    if (!store.folderFor()) throw new Error('Open a folder first: incident notes are kept in the workspace.');
    const loaded = args.runbookUri ? await services.runbooks.get(args.runbookUri) : await services.runbooks.active();
    const runbook = loaded?.runbook ?? null;
    time.mark('runbook loaded');
    const asked = args.title ?? (await time.person(askWhatIsHappening()));
    // The title and the impact are written into a note shared through git: a pasted alert may carry a credential.
    const title = asked && (await services.redactWritten(asked, 'the title'));
    if (!title) return undefined;
    time.mark('title redacted');
    // The first check's shell starts once the title is typed, while the person picks the level and reads the
    // notification: a new bash takes a second or more to be ready. Not for a declare answered wholly in advance (a
    // test, a script), which may never run a check; closed again when the declare does not happen.
    const early = args.title === undefined && loaded ? startFirstCheckShell(services, runner, firstCheck(loaded.uri.toString(), loaded.runbook, null), title.trim()) : undefined;
    const discardEarly = (): void => void early?.then((close) => close?.());
    const chosen = await chooseLevelAndKnown(services.settings, runbook, title, args, time);
    if (!chosen) {
      discardEarly();
      return undefined;
    }
    const { level, known } = chosen;
    const writeNote = async (): Promise<{ uri: vscode.Uri; incident: Incident }> => {
      const result = lifecycle.declare(
        {
          title,
          level,
          commander: services.responder(),
          // Only what the responder said: the level's impact is the level's, shown beside it wherever it matters.
          impact: args.impact ? await services.redactWritten(args.impact, 'the impact') : '',
          runbookPath: loaded ? runbookPath(loaded) : '',
          knownIncident: known,
          ...lifecycleOptions(services, runbook),
          // Declaring below a CRITICAL rule's level from the flowchart is a choice the person made there.
          override: known?.forcedLevel != null && level > known.forcedLevel ? await time.person(confirmOverride(known, level, runbook)) : false,
        },
        clock.now(),
      );
      if (!result.ok) throw new TransitionRefused(result);
      // Beside the runbook it was declared from (its workspace folder's incidents folder); the bundled one has none.
      return store.create(result.incident, loaded && !loaded.bundled ? loaded.uri : undefined);
    };
    const created = await writeNote().catch((error: unknown) => {
      discardEarly();
      throw error;
    });
    time.mark('note written');
    // After the note exists and without awaiting it: git's answer must never slow or fail the declare.
    void recordHeadAfterDeclare(services, created.incident.id, created.uri);
    const incidentId = created.incident.id;
    const check = loaded ? firstCheck(loaded.uri.toString(), loaded.runbook, known ? loaded.runbook.incidents.findIndex((k) => k.id === known.id) : null) : null;
    // The known incident's first check may be another runbook step than the one the early start looked at.
    if (args.title === undefined && args.then !== 'postStatusUpdate' && args.then !== 'openNote') void startFirstCheckShell(services, runner, check, created.incident.title);
    // Opened beside the notification, not before it: the person's next step is the notification's button.
    const shown = args.background ? undefined : Promise.resolve(vscode.window.showTextDocument(created.uri, { preview: false, preserveFocus: true }));
    const runLabel = check ? `Run “${check.title}”` : undefined;
    const act = async (action: DeclaredAction | undefined): Promise<void> => {
      if (action === 'runFirstCheck' && check) {
        time.mark('Run pressed');
        await vscode.commands.executeCommand('incidentRunbook.runStep', { ...check.ref, ...args.firstCheck, incidentId, machineTime: time.carry() });
      }
      if (action === 'postStatusUpdate') await vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId });
      if (action === 'openNote') await vscode.window.showTextDocument(created.uri);
    };
    // Answered in advance, the action is awaited, so a caller learns when the first check has run.
    if (args.then) {
      await shown;
      await act(args.then);
    } else {
      const buttons = [...(runLabel ? [runLabel] : []), 'Post Status Update', 'Open Note'];
      time.mark('notification shown');
      void time.person(vscode.window.showInformationMessage(`${levelNameIn(runbook?.levels, created.incident.level)} declared: ${created.incident.title}`, ...buttons)).then((choice) =>
        act(choice === runLabel && choice ? 'runFirstCheck' : choice === 'Post Status Update' ? 'postStatusUpdate' : choice === 'Open Note' ? 'openNote' : undefined),
      );
      await shown;
    }
    return created.incident.id;
  };

  return { 'incidentRunbook.declareIncident': (args) => declareIncident(toDeclareArgs(args)) };
}

/** Starts the terminal `check` would run in for the incident titled `title`; resolves with a way to close it again. */
function startFirstCheckShell(services: Services, runner: DeclareRunner | undefined, check: FirstCheck | null, title: string): Promise<(() => void) | undefined> | undefined {
  if (!check || !runner) return undefined;
  return runner.prepareTerminal(check.ref, title).catch((error: unknown) => {
    services.log.warn(`The terminal for "${title}" did not start early: ${String(error)}`);
    return undefined;
  });
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
    acceptProposal: a.acceptProposal === true,
    then: a.then === 'runFirstCheck' || a.then === 'postStatusUpdate' || a.then === 'openNote' ? a.then : undefined,
    firstCheck: firstCheckOptions(a.firstCheck),
  };
}

function firstCheckOptions(value: unknown): DeclareArgs['firstCheck'] {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  const variables = o.variables && typeof o.variables === 'object' ? Object.fromEntries(Object.entries(o.variables).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;
  return { ...(variables ? { variables } : {}), ...(typeof o.confirm === 'boolean' ? { confirm: o.confirm } : {}) };
}

function askWhatIsHappening(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Declare an incident',
    prompt: 'What is happening? Paste the alert or say what you see: the runbook proposes the level and the known incident.',
    placeHolder: 'e.g. checkout returns 502',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'An incident needs a title.'),
  });
}

/** The levels to choose among: the runbook's, or the default levels of the setting when it defines none. */
function levelsFor(settings: SettingsReader, runbook: Runbook | null): SeverityLevel[] {
  return runbook?.levels.length ? runbook.levels : defaultSeverityLevels(readDefaultLevels(settings.get('defaultLevels')).levels);
}

interface Chosen {
  level: number;
  known: KnownIncident | null;
}

type DeclareItem = vscode.QuickPickItem & { choice?: { level: number | null; known: KnownIncident | null }; openSetting?: true };

/**
 * The level and known incident: given, the triage's proposal (acceptProposal), or one pick with the proposal first
 * and every other level and known incident below it, each a single choice away.
 */
async function chooseLevelAndKnown(settings: SettingsReader, runbook: Runbook | null, title: string, args: DeclareArgs, time: MachineTime): Promise<Chosen | undefined> {
  const givenKnown = args.knownIncident !== undefined ? findKnownIncident(runbook, args.knownIncident || null) : undefined;
  if (args.level !== undefined && givenKnown !== undefined) return { level: args.level, known: givenKnown };
  const levels = levelsFor(settings, runbook);
  const result = triageRunbook(title, runbook, levels);
  const known = givenKnown !== undefined ? givenKnown : (result.proposal.incident?.incident ?? null);
  const proposed = args.level ?? (givenKnown !== undefined ? proposeLevel(result.levels, result.incidents.find((i) => i.incident.id === givenKnown?.id) ?? null) : result.proposal.level)?.level.level;
  if (args.acceptProposal && proposed !== undefined) return { level: proposed, known };

  const items = declareItems(result, { levels, known, level: proposed ?? null, fixedLevel: args.level !== undefined, fixedKnown: givenKnown !== undefined });
  time.mark('triage proposal ready');
  const defaults = usesDefaultLevels({ levels });
  const picked = await time.person(vscode.window.showQuickPick(items, {
    title: `Declare: ${title}`,
    placeHolder: proposed !== undefined
      ? `Enter declares the proposal; or pick another level or known incident${defaults ? ` (${DEFAULT_LEVELS_NOTICE})` : ''}`
      : `Nothing in the runbook matched the words: how bad is it?${defaults ? ` (${DEFAULT_LEVELS_NOTICE})` : ''}`,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  }));
  if (!picked) return undefined;
  if (picked.openSetting) {
    await openSetting('defaultLevels');
    return undefined;
  }
  const choice = picked.choice;
  if (!choice) return undefined;
  const level = choice.level ?? (await time.person(pickLevel(settings, runbook)));
  return level === undefined ? undefined : { level, known: choice.known };
}

function declareItems(
  result: Triage,
  o: { levels: SeverityLevel[]; known: KnownIncident | null; level: number | null; fixedLevel: boolean; fixedKnown: boolean },
): DeclareItem[] {
  const items: DeclareItem[] = [];
  const levelLabel = (n: number): string => levelNameIn(o.levels, n);
  const levelMatch = result.levels.find((l) => l.level.level === o.level);
  const knownMatch = o.known ? result.incidents.find((i) => i.incident.id === o.known?.id) : undefined;
  const defaults = usesDefaultLevels({ levels: o.levels });
  if (o.level !== null) {
    const why = [
      levelMatch?.reason ? `${levelLabel(o.level)}: ${levelMatch.reason}` : o.fixedLevel ? `${levelLabel(o.level)}: as chosen` : '',
      o.known ? `${o.known.id}: ${knownMatch?.reason ?? 'as chosen'}` : 'not a known incident (none matched)',
    ].filter(Boolean);
    items.push({
      label: `$(flame) ${levelLabel(o.level)}${defaults ? ' (default level)' : ''}${o.known ? ` · ${o.known.id}: ${o.known.title}` : ''}`,
      description: 'proposed',
      detail: why.join(' · '),
      choice: { level: o.level, known: o.known },
    });
  }
  if (!o.fixedLevel) {
    items.push({ label: o.known ? `Another level, as ${o.known.id}` : 'Another level', kind: vscode.QuickPickItemKind.Separator });
    for (const l of result.levels) {
      if (l.level.level === o.level) continue;
      items.push({
        label: `${levelName(l.level)}${defaults ? ' (default level)' : ''}`,
        description: [l.level.impact, responseWording(l.level) ?? 'no response time stated'].filter(Boolean).join(' — '),
        detail: [l.reason ? `matched: ${l.reason}` : '', l.level.examples.length ? `e.g. ${l.level.examples.join(', ')}` : ''].filter(Boolean).join(' · ') || undefined,
        choice: { level: l.level.level, known: o.known },
      });
    }
  }
  if (!o.fixedKnown && result.incidents.length) {
    items.push({ label: o.level !== null ? `Another known incident, at ${levelLabel(o.level)} unless its rule says otherwise` : 'A known incident', kind: vscode.QuickPickItemKind.Separator });
    for (const match of result.incidents) {
      const k = match.incident;
      if (k.id === o.known?.id) continue;
      // Its CRITICAL rule or stated severity sets its level, as the proposal's would; else the level kept.
      const level = o.fixedLevel ? o.level : (ruleLevel(result.levels, k)?.level.level ?? o.level);
      items.push({
        label: `${k.id}: ${k.title}`,
        description: [k.forcedLevel !== null ? `always ${levelLabel(k.forcedLevel)}` : '', match.reason ? `matched: ${match.reason}` : ''].filter(Boolean).join(' · ') || undefined,
        detail: k.symptoms.join(', ') || undefined,
        choice: { level, known: k },
      });
    }
    if (o.known) items.push({ label: 'Not a known incident', description: o.level !== null ? `declare ${levelLabel(o.level)} without a playbook` : undefined, choice: { level: o.level, known: null } });
  }
  if (defaults) {
    items.push(
      { label: DEFAULT_LEVELS_NOTICE, kind: vscode.QuickPickItemKind.Separator },
      { label: `$(settings-gear) Open ${settingId('defaultLevels')}`, description: 'where these levels come from', openSetting: true },
    );
  }
  return items;
}

/**
 * Asks for a level among the runbook's; without a runbook (or levels), among the default levels of the setting.
 * Defaults are said to be defaults, with a way to open the setting; a level without a stated time says so.
 */
export async function pickLevel(settings: SettingsReader, runbook: Runbook | null, current?: number): Promise<number | undefined> {
  const levels: SeverityLevel[] = runbook?.levels.length ? runbook.levels : defaultSeverityLevels(readDefaultLevels(settings.get('defaultLevels')).levels);
  const defaults = usesDefaultLevels({ levels });
  const items: Array<vscode.QuickPickItem & { level?: number }> = levels.map((l) => ({
    label: `${levelName(l)}${l.level === current ? ' (current)' : ''}`,
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

export async function confirmOverride(known: KnownIncident, level: number, runbook: Runbook | null): Promise<boolean> {
  const name = (n: number): string => levelNameIn(runbook?.levels, n);
  const choice = await vscode.window.showWarningMessage(
    `${known.id} is always ${name(known.forcedLevel ?? level)} per the runbook (${known.critical ?? 'CRITICAL rule'}). Use ${name(level)} anyway? The override is recorded in the timeline.`,
    { modal: true },
    'Override',
  );
  return choice === 'Override';
}
