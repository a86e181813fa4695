// What each agent tool does, over the same core the extension uses: the hosts (the MCP server in Node, the
// language model tools in VS Code) each give an AgentWorkspace, so the answers and the writes are the same
// wherever an agent runs. Every write goes through the lifecycle's checks; a refusal is an error result.
import type { CadenceMinutes } from '../incident/runbookFacts';
import { findKnownIncident, findLevel, resolvedStatus, statusChoices, matchStatus } from '../incident/runbookFacts';
import { computeDeadlines, noResponseClockReason } from '../incident/clocks';
import * as lifecycle from '../incident/lifecycle';
import { mostSevereFirst, type Incident } from '../incident/model';
import { epochMs } from '../incident/time';
import { levelNameIn } from '../runbook/levelNames';
import { DEFAULT_LEVELS_NOTICE, usesDefaultLevels } from '../runbook/defaults';
import type { DiagnosticStep, DiagnosticTreeStep, Runbook, SourceRange } from '../runbook/model';
import { findPlaceholders, substitutePlaceholders } from '../shell/placeholders';
import type { ShellKind } from '../shell/quote';
import { looksDestructive } from '../shell/destructive';
import { isSecretPlaceholder } from '../shell/secrets';
import { triageRunbook } from '../triage/fromRunbook';
import { agentTool, validateToolInput } from './tools';

export interface WorkspaceRunbook {
  /** Workspace-relative path, as incident notes record it. */
  path: string;
  runbook: Runbook;
}

/** What a host gives the tools: its runbooks and notes, and the one safe way it writes them. */
export interface AgentWorkspace {
  runbooks(): Promise<WorkspaceRunbook[]>;
  incidents(): Promise<Incident[]>;
  /** Workspace-relative path of an incident's note, or undefined when there is none. */
  notePath(id: string): Promise<string | undefined>;
  /** Writes a new note (beside `runbookPath`'s folder when the host keeps several); returns the incident as written. */
  create(incident: Incident, runbookPath: string): Promise<{ incident: Incident; path: string }>;
  /** Applies `change` to the note as it is on disk now, under the note's lock. */
  update(id: string, change: (incident: Incident) => Incident): Promise<Incident>;
  /** Writes (or regenerates, keeping a person's edits) the post-mortem draft; returns its workspace-relative path. */
  draftPostmortem(incident: Incident, runbook: Runbook | null): Promise<string>;
  now(): Date;
  /** Who the responder is (the commander setting, or the OS user). */
  responder(): string;
  cadence(): CadenceMinutes;
  shell(): ShellKind;
  /** What an agent writes into a note passes the same redaction as a person's (secret values, credential shapes). */
  redact(text: string, where: string): Promise<string>;
}

export type ToolAnswer = { ok: true; text: string; data: unknown } | { ok: false; error: string };

class Refused extends Error {}

/** Runs one tool on `input`, validated first; nothing is written when the input or the change is refused. */
export async function callAgentTool(name: string, input: unknown, workspace: AgentWorkspace): Promise<ToolAnswer> {
  const tool = agentTool(name);
  if (!tool) return { ok: false, error: `There is no tool named ${name}.` };
  const checked = validateToolInput(tool, input);
  if (!checked.ok) return checked;
  const args = checked.value;
  try {
    const data = await answer(name, args, workspace);
    return { ok: true, text: JSON.stringify(data, null, 2), data };
  } catch (error) {
    if (error instanceof Refused || error instanceof lifecycle.TransitionRefused) return { ok: false, error: error.message };
    throw error;
  }
}

async function answer(name: string, args: Record<string, unknown>, workspace: AgentWorkspace): Promise<unknown> {
  const text = (key: string): string | undefined => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  switch (name) {
    case 'runbook_outline': {
      const all = await workspace.runbooks();
      const chosen = await pickRunbook(workspace, text('runbook'));
      return { runbooks: all.map((r) => r.path), ...(chosen ? runbookOutline(chosen) : { runbook: null, note: 'The workspace has no runbook.' }) };
    }
    case 'incident_list': {
      const incidents = (await workspace.incidents()).filter((i) => args.includeResolved === true || !i.resolved).sort(openFirst);
      const runbooks = await workspace.runbooks();
      return incidents.map((incident) => incidentLine(incident, runbookOf(runbooks, incident), workspace));
    }
    case 'incident_show': {
      const incident = await findIncident(workspace, text('id') as string);
      return incidentDetail(incident, runbookOf(await workspace.runbooks(), incident), workspace, await workspace.notePath(incident.id));
    }
    case 'triage_propose': {
      const chosen = await pickRunbook(workspace, text('runbook'));
      if (!chosen) throw new Refused('The workspace has no runbook to triage with.');
      const triage = triageRunbook(text('symptoms') as string, chosen.runbook, chosen.runbook.levels);
      const { level, incident } = triage.proposal;
      return {
        level: level ? { level: level.level.level, name: levelNameIn(chosen.runbook?.levels, level.level.level), because: level.reason, origin: level.level.origin ?? 'runbook' } : null,
        knownIncident: incident ? { id: incident.incident.id, title: incident.incident.title, because: incident.reason } : null,
        alternatives: triage.incidents.filter((m) => m.score > 0 && m !== incident).slice(0, 3).map((m) => ({ id: m.incident.id, title: m.incident.title, because: m.reason })),
        note: level || incident ? 'A proposal from the runbook\'s words: the responder decides.' : "Nothing in the runbook matched these words: ask the responder how bad it is.",
      };
    }
    case 'incident_declare': {
      const chosen = await pickRunbook(workspace, text('runbook'));
      const runbook = chosen?.runbook ?? null;
      const level = args.level as number;
      if (runbook && runbook.levels.length && !findLevel(runbook, level)) {
        throw new Refused(`Level ${level} is not one of the runbook's: ${runbook.levels.map((l) => `${l.level} (${l.id})`).join(', ')}.`);
      }
      const knownId = text('knownIncident');
      const known = knownId ? findKnownIncident(runbook, knownId) : null;
      if (knownId && !known) throw new Refused(`"${knownId}" is not one of the runbook's known incidents: ${(runbook?.incidents ?? []).map((k) => k.id).join(', ') || 'it has none'}.`);
      const result = lifecycle.declare(
        { title: await workspace.redact(text('title') as string, 'the title'), level, commander: workspace.responder(), impact: await workspace.redact(text('impact') ?? '', 'the impact'), runbookPath: chosen?.path ?? '', knownIncident: known, runbook, cadence: workspace.cadence() },
        workspace.now(),
      );
      if (!result.ok) throw new lifecycle.TransitionRefused(result);
      const created = await workspace.create(result.incident, chosen?.path ?? '');
      return { id: created.incident.id, note: created.path, level: levelNameIn(runbook?.levels, created.incident.level), status: created.incident.status };
    }
    case 'incident_add_event': {
      const id = (await findIncident(workspace, text('id') as string)).id;
      const written = await workspace.redact(text('text') as string, 'the timeline event');
      const updated = await workspace.update(id, (current) => applied(lifecycle.addEvent(current, { kind: 'note', text: `${written} (written by an agent)` }, workspace.now())));
      return { id, event: updated.timeline[updated.timeline.length - 1] };
    }
    case 'incident_set_status': {
      const incident = await findIncident(workspace, text('id') as string);
      const runbook = runbookOf(await workspace.runbooks(), incident);
      const options = { runbook, cadence: workspace.cadence() };
      const statuses = statusChoices(runbook);
      const target = matchStatus(statuses, text('status') as string);
      const resolving = target !== null && target === resolvedStatus(statuses);
      const summary = await workspace.redact(text('summary') ?? '', 'the resolve summary');
      const updated = await workspace.update(incident.id, (current) =>
        applied(resolving ? lifecycle.resolve(current, workspace.now(), summary, options) : lifecycle.setStatus(current, text('status') as string, workspace.now(), options)),
      );
      return { id: updated.id, status: updated.status, resolved: updated.resolved };
    }
    case 'postmortem_draft': {
      const incident = await findIncident(workspace, text('id') as string);
      return { id: incident.id, draft: await workspace.draftPostmortem(incident, runbookOf(await workspace.runbooks(), incident)) };
    }
    case 'diagnostic_plan': {
      const chosen = await pickRunbook(workspace, text('runbook'));
      if (!chosen) throw new Refused('The workspace has no runbook, so it has no steps.');
      return diagnosticPlan(chosen.runbook, text('step') as string, (args.values as Record<string, string> | undefined) ?? {}, workspace.shell());
    }
  }
  throw new Refused(`${name} is not offered here.`);
}

function applied(result: lifecycle.TransitionResult): Incident {
  if (!result.ok) throw new lifecycle.TransitionRefused(result);
  return result.incident;
}

async function pickRunbook(workspace: AgentWorkspace, path: string | undefined): Promise<WorkspaceRunbook | undefined> {
  const all = await workspace.runbooks();
  if (path === undefined) return all[0];
  const found = all.find((r) => r.path === path);
  if (!found) throw new Refused(`No runbook at ${path}; the workspace has ${all.map((r) => r.path).join(', ') || 'none'}.`);
  return found;
}

async function findIncident(workspace: AgentWorkspace, id: string): Promise<Incident> {
  const incidents = await workspace.incidents();
  const found = incidents.find((i) => i.id === id);
  if (!found) throw new Refused(`No incident with id "${id}"; incident_list gives the ids (open: ${incidents.filter((i) => !i.resolved).map((i) => i.id).join(', ') || 'none'}).`);
  return found;
}

function runbookOf(runbooks: readonly WorkspaceRunbook[], incident: Incident): Runbook | null {
  return (runbooks.find((r) => r.path === incident.runbook) ?? runbooks[0])?.runbook ?? null;
}

function openFirst(a: Incident, b: Incident): number {
  return Number(a.resolved !== null) - Number(b.resolved !== null) || mostSevereFirst(a, b);
}


/** 1-based, as an editor shows it. */
function lineOf(source: SourceRange | undefined): number | null {
  return source ? source.line + 1 : null;
}

/** The runbook as an agent needs it: only what the file states, with where; defaults said to be defaults. */
export function runbookOutline({ path, runbook }: WorkspaceRunbook): Record<string, unknown> {
  const defaults = usesDefaultLevels(runbook);
  return {
    runbook: path,
    title: runbook.title,
    levels: runbook.levels.map((level) => ({
      level: level.level,
      name: level.name ?? level.id,
      impact: level.impact || null,
      response: level.response || null,
      responseMinutes: level.responseKind === 'minutes' ? level.responseMinutes : null,
      resolution: level.resolution ?? null,
      action: level.action || null,
      examples: level.examples,
      origin: level.origin ?? 'runbook',
      line: lineOf(level.source),
    })),
    ...(defaults ? { levelsNote: `${DEFAULT_LEVELS_NOTICE}: no response clock runs unless the setting states a time.` } : {}),
    diagnostics: runbook.diagnostics.map((step, index) => ({ number: index + 1, title: step.title, commands: step.commands, placeholders: step.placeholders, line: lineOf(step.source) })),
    knownIncidents: runbook.incidents.map((known) => ({
      id: known.id,
      title: known.title,
      symptoms: known.symptoms,
      severity: known.severity ?? null,
      forcedLevel: known.forcedLevel,
      steps: known.steps.map((step, index) => ({ number: index + 1, question: step.question, command: step.command, hint: step.hint, line: lineOf(step.source) })),
      rootCauses: known.rootCauses,
      resolution: known.resolution || null,
      protocol: known.protocol.map((step) => step.text),
      line: lineOf(known.source),
    })),
    escalation: runbook.escalation.map((rule) => ({ level: rule.level, contact: rule.contact, when: rule.when, afterMinutes: rule.afterMinutes, levels: rule.levels, line: lineOf(rule.source) })),
    statusTemplate: runbook.template ? { fields: runbook.template.fields.map((f) => f.name), origin: runbook.template.origin ?? 'runbook', line: lineOf(runbook.template.source) } : null,
    problems: runbook.problems.filter((p) => p.severity === 'error').map((p) => ({ line: p.line + 1, message: p.message })),
  };
}

function incidentLine(incident: Incident, runbook: Runbook | null, workspace: AgentWorkspace): Record<string, unknown> {
  const [next] = computeDeadlines(incident, runbook, workspace.cadence());
  return {
    id: incident.id,
    title: incident.title,
    level: levelNameIn(runbook?.levels, incident.level),
    status: incident.status,
    commander: incident.commander || null,
    declared: incident.declared,
    resolved: incident.resolved,
    next: next ? { action: next.action, due: next.due, overdue: epochMs(next.due) <= workspace.now().getTime(), ...(next.setting ? { fromSetting: next.setting } : {}) } : null,
  };
}

function incidentDetail(incident: Incident, runbook: Runbook | null, workspace: AgentWorkspace, note: string | undefined): Record<string, unknown> {
  const known = findKnownIncident(runbook, incident.knownIncident);
  return {
    ...incidentLine(incident, runbook, workspace),
    note: note ?? null,
    impact: incident.impact || null,
    acknowledged: incident.acknowledged,
    mitigated: incident.mitigated,
    knownIncident: incident.knownIncident,
    escalations: incident.escalations,
    protocol: incident.protocol,
    deadlines: computeDeadlines(incident, runbook, workspace.cadence()).map((d) => ({ kind: d.kind, action: d.action, due: d.due, ...(d.setting ? { fromSetting: d.setting } : {}) })),
    noResponseClock: noResponseClockReason(incident, runbook),
    steps: known ? known.steps.map((s) => s.question) : (runbook?.diagnostics ?? []).map((s) => s.title),
    timeline: incident.timeline,
  };
}

/** Where a step is in the runbook, as the run commands take it (see StepRef), with what it runs. */
export interface FoundStep {
  kind: 'diagnostic' | 'tree';
  index: number;
  incidentIndex?: number;
  title: string;
  commands: string[];
}

/** A step by its number or title: the quick diagnostics first, then the known incidents' steps that run a command. */
export function findRunbookStep(runbook: Runbook, step: string): FoundStep | undefined {
  const wanted = step.trim().toLowerCase();
  const quick: readonly DiagnosticStep[] = runbook.diagnostics;
  const byNumber = /^\d+$/.test(wanted) ? Number(wanted) - 1 : -1;
  const quickIndex = quick[byNumber] ? byNumber : bestTitle(quick.map((s) => s.title), wanted);
  if (quickIndex >= 0) return { kind: 'diagnostic', index: quickIndex, title: quick[quickIndex].title, commands: quick[quickIndex].commands };
  const tree = runbook.incidents.flatMap((known, incidentIndex) => known.steps.map((s: DiagnosticTreeStep, index) => ({ s, index, incidentIndex }))).filter((t) => t.s.command);
  const treeIndex = bestTitle(tree.map((t) => t.s.question), wanted);
  if (treeIndex < 0) return undefined;
  const { s, index, incidentIndex } = tree[treeIndex];
  return { kind: 'tree', index, incidentIndex, title: s.question, commands: [s.command as string] };
}

/** The exact title, else the first that contains the words asked for; -1 when none does. */
function bestTitle(titles: readonly string[], wanted: string): number {
  const exact = titles.findIndex((t) => t.toLowerCase() === wanted);
  return exact >= 0 ? exact : titles.findIndex((t) => t.toLowerCase().includes(wanted));
}

/** The step's commands filled as the runner would fill them, for a terminal the responder approves. Runs nothing. */
export function diagnosticPlan(runbook: Runbook, step: string, values: Readonly<Record<string, string>>, shell: ShellKind): Record<string, unknown> {
  const found = findRunbookStep(runbook, step);
  if (!found) throw new Refused(`No step "${step}" in the runbook; runbook_outline lists them.`);
  // A secret is never handed to an agent or filled by one: the responder types it into their own terminal.
  const plain = Object.fromEntries(Object.entries(values).filter(([name]) => !isSecretPlaceholder(name)));
  const commands = found.commands.map((command) => {
    const names = findPlaceholders(command);
    const secrets = names.filter((name) => isSecretPlaceholder(name));
    const missing = names.filter((name) => plain[name] === undefined && !secrets.includes(name));
    let filled: string | null;
    let refused: string | null = null;
    try {
      filled = substitutePlaceholders(command, plain, shell);
    } catch (error) {
      filled = null;
      refused = error instanceof Error ? error.message : String(error);
    }
    const destructive = looksDestructive(command);
    return { asWritten: command, filled, missing, ...(secrets.length ? { secretsLeftForTheResponder: secrets } : {}), ...(refused ? { refused } : {}), destructive: destructive.destructive ? destructive.reason ?? true : false };
  });
  return { step: found.title, shell, commands, note: 'Nothing was run. Show the command to the responder; run it only in a terminal they approve.' };
}

/** The timeline's word for a step an agent ran: who confirmed it is the point. */
export function agentRunEventText(step: string, responder: string): string {
  return `Run by an agent, confirmed by ${responder || 'the responder'}: ${step}`;
}
