// What the run commands accept and which commands a runbook offers to run.
// No `vscode` import: arguments arrive as plain JSON (from tree items, the flowchart webview, CodeLenses,
// other extensions), so they are validated here and tested in plain Node.

import type { StepRef } from '../../protocol/stepRef';
import type { Runbook, SourceRange } from '../runbook/model';
import { parseMachineTimeCarry, type MachineTimeCarry } from './machineTime';

/**
 * Options every run command accepts beside what to run: the programmatic API (tests, other features).
 * - `incidentId`: record in this incident (its terminal) instead of the current one; `null`: in none.
 * - `variables`: placeholder values that win over settings and remembered answers.
 * - `confirm: false`: skip the first-run confirmation. Destructive-looking commands, and bundled ones in
 *   an untrusted workspace, still ask.
 * - `dryRun: true`: fill and quote the commands with the values known without asking (a value that is not, and
 *   every secret, stays `[name]`), run nothing, record nothing, ask nothing (not even which incident).
 * - `saveOutput`: save (true) or do not save (false) the run's full output beside the incident note, whatever
 *   the `incidentRunbook.saveFullOutput` setting says. Nothing is saved without an incident.
 */
export interface RunOptions {
  incidentId?: string | null;
  variables?: Record<string, string>;
  confirm?: boolean;
  dryRun?: boolean;
  saveOutput?: boolean;
  /** The journey this run ends (the declare command's first check): the run logs the machine's share of it as it starts. */
  machineTime?: MachineTimeCarry;
}

/** A literal command (from a CodeLens or the API); `runbookUri` says where it came from, for workspace trust. */
export interface LiteralCommand {
  command: string;
  runbookUri?: string;
}

export type RunArgs = (StepRef & RunOptions) | (LiteralCommand & RunOptions);

export type ParsedRunArgs = { ok: true; args: RunArgs | undefined } | { ok: false; error: string };

/** Validates what a caller passed to `incidentRunbook.runStep` / `runAndCapture` (undefined: let the user pick). */
export function parseRunArgs(arg: unknown): ParsedRunArgs {
  if (arg === undefined || arg === null) return { ok: true, args: undefined };
  if (typeof arg !== 'object' || Array.isArray(arg)) return { ok: false, error: 'expected a step reference or { command }' };
  const a = arg as Record<string, unknown>;
  const options = parseOptions(a);
  if (typeof options === 'string') return { ok: false, error: options };
  if (typeof a.command === 'string') {
    if (a.command.trim() === '') return { ok: false, error: 'the command is empty' };
    if (a.runbookUri !== undefined && typeof a.runbookUri !== 'string') return { ok: false, error: 'runbookUri must be a string' };
    return { ok: true, args: { command: a.command, ...(a.runbookUri !== undefined ? { runbookUri: a.runbookUri as string } : {}), ...options } };
  }
  if (typeof a.runbookUri !== 'string') return { ok: false, error: 'runbookUri must be a string' };
  if (a.kind !== 'diagnostic' && a.kind !== 'tree') return { ok: false, error: "kind must be 'diagnostic' or 'tree'" };
  if (!isIndex(a.index)) return { ok: false, error: 'index must be a non-negative integer' };
  if (a.kind === 'tree' && !isIndex(a.incidentIndex)) return { ok: false, error: 'a tree step needs incidentIndex' };
  if (a.incidentIndex !== undefined && !isIndex(a.incidentIndex)) return { ok: false, error: 'incidentIndex must be a non-negative integer' };
  if (a.commandIndex !== undefined && !isIndex(a.commandIndex)) return { ok: false, error: 'commandIndex must be a non-negative integer' };
  const ref: StepRef = { runbookUri: a.runbookUri, kind: a.kind, index: a.index as number };
  if (a.incidentIndex !== undefined) ref.incidentIndex = a.incidentIndex as number;
  if (a.commandIndex !== undefined) ref.commandIndex = a.commandIndex as number;
  return { ok: true, args: { ...ref, ...options } };
}

function parseOptions(a: Record<string, unknown>): RunOptions | string {
  const options: RunOptions = {};
  if (a.incidentId !== undefined) {
    if (a.incidentId !== null && typeof a.incidentId !== 'string') return 'incidentId must be a string or null';
    options.incidentId = a.incidentId;
  }
  if (a.variables !== undefined) {
    const v = a.variables;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
      return 'variables must map names to strings';
    }
    options.variables = { ...(v as Record<string, string>) };
  }
  if (a.confirm !== undefined) {
    if (typeof a.confirm !== 'boolean') return 'confirm must be a boolean';
    options.confirm = a.confirm;
  }
  if (a.dryRun !== undefined) {
    if (typeof a.dryRun !== 'boolean') return 'dryRun must be a boolean';
    options.dryRun = a.dryRun;
  }
  if (a.saveOutput !== undefined) {
    if (typeof a.saveOutput !== 'boolean') return 'saveOutput must be a boolean';
    options.saveOutput = a.saveOutput;
  }
  if (a.machineTime !== undefined) {
    const carry = parseMachineTimeCarry(a.machineTime);
    if (!carry) return 'machineTime must be { startedAt, personMs } in milliseconds';
    options.machineTime = carry;
  }
  return options;
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

export function isStepRef(args: RunArgs): args is StepRef & RunOptions {
  return !('command' in args);
}

/** One command a runbook offers to run, with where it is written. */
export interface RunnableCommand {
  ref: StepRef;
  /** The step's title, or the diagnostic-tree question. */
  title: string;
  /** "Quick diagnosis" or "INC-001: Application Unresponsive". */
  group: string;
  command: string;
  /** The line to put a CodeLens on (the command's own line when known). */
  source?: SourceRange;
}

/** Every command of `runbook`, one entry per command: quick-diagnosis commands, then diagnostic-tree steps that have one. */
export function runnableCommands(runbookUri: string, runbook: Runbook): RunnableCommand[] {
  const out: RunnableCommand[] = [];
  runbook.diagnostics.forEach((step, index) => {
    step.commands.forEach((command, commandIndex) => {
      out.push({
        ref: { runbookUri, kind: 'diagnostic', index, commandIndex },
        title: step.title,
        group: 'Quick diagnosis',
        command,
        source: step.commandSources?.[commandIndex],
      });
    });
  });
  runbook.incidents.forEach((incident, incidentIndex) => {
    incident.steps.forEach((step, index) => {
      if (!step.command) return;
      out.push({
        ref: { runbookUri, kind: 'tree', incidentIndex, index },
        title: step.question,
        group: `${incident.id}: ${incident.title}`,
        command: step.command,
        source: step.source,
      });
    });
  });
  return out;
}

/** The title and commands a StepRef points at in `runbook`, or undefined when it points nowhere (the runbook changed). */
export function resolveStep(ref: StepRef, runbook: Runbook): { title: string; commands: string[] } | undefined {
  if (ref.kind === 'diagnostic') {
    const step = runbook.diagnostics[ref.index];
    if (!step) return undefined;
    if (ref.commandIndex === undefined) return step.commands.length > 0 ? { title: step.title, commands: [...step.commands] } : undefined;
    const command = step.commands[ref.commandIndex];
    return command === undefined ? undefined : { title: step.title, commands: [command] };
  }
  const step = runbook.incidents[ref.incidentIndex ?? -1]?.steps[ref.index];
  return step?.command ? { title: step.question, commands: [step.command] } : undefined;
}
