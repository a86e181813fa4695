// The run commands: what to run → may it run here (trust) → where it is recorded → placeholder values,
// quoted for the shell that runs it → the person's go-ahead → run → timeline. Each stop on the way ends
// the command with a RunOutcome saying why, so callers (tests, the webview) learn what happened.

import * as os from 'os';
import * as vscode from 'vscode';
import { TIMELINE_OUTPUT_BOUNDS, type OutputBounds } from '../../core/shell/output';
import { findPlaceholders, substitutePlaceholders, unsafePlaceholder, UnsafePlaceholderError, UntypeableValueError } from '../../core/shell/placeholders';
import { isSafeBare, shellKindFromPath, UnquotableValueError, type ShellKind } from '../../core/shell/quote';
import { isSecretPlaceholder, splitSecretValues, type KnownSecret } from '../../core/shell/secrets';
import type { CaptureResult } from '../../node/capture';
import { NoSecretReferenceError, referToSecrets } from '../../node/secretEnv';
import { hostShellPath } from '../../node/platform';
import type { SettingsReader } from '../../config';
import { runbookName, STOP_TRUSTING_COMMAND, type Confirmations } from './confirm';
import type { LoadedRunbookRef, RunnerDeps, RunnerIncident } from './deps';
import { manageTrustAction, noticeFor, reportCommandError, showNotice, type CommandTable, type Notice } from '../commands';
import { captureBlock, captureSummary, inlineCode, outputFileName, savedOutputText, terminalRunEvent, withOutputLink, type RunEvent } from '../../core/run/record';
import { isStepRef, parseRunArgs, resolveStep, runnableCommands, type RunArgs } from '../../core/run/steps';
import type { StepRef } from '../../protocol/stepRef';
import { terminalPlan, type PipelineReport } from '../../core/run/pipeline';
import { MachineTime } from '../../core/run/machineTime';
import { RAW_OUTPUT_BYTES, secretTerminalName, terminalName, type RunnerTerminals, type TerminalJourney } from './terminal';
import type { PlaceholderValues } from './variables';

export interface CommandOutcome {
  /**
   * The command as it ran (placeholders filled and quoted, perhaps edited at the confirmation), as it is
   * recorded: a secret placeholder stays `[token]`, and credentials in it are redacted.
   */
  command: string;
  via: 'shellIntegration' | 'sendText' | 'capture' | 'none';
  /** null when unknown (no shell integration), killed, or not run. */
  exitCode: number | null;
  timedOut?: boolean;
  cancelled?: boolean;
  durationMs?: number;
  /** Cleaned output: the last lines recorded (terminal), or the captured output. */
  output?: string;
  /** The timeline line written, when the run was recorded in an incident. */
  recorded?: string;
  /** Where the full output was saved, relative to the incident note, when it was. */
  savedOutput?: string;
  /** What is known about the commands of a pipeline in it (each one's exit code, pipefail, or only the last's). */
  pipeline?: PipelineReport;
}

export interface RunOutcome {
  status: 'ran' | 'dry-run' | 'cancelled' | 'refused' | 'failed';
  /** Why it did not run (refused, failed). */
  message?: string;
  /** The incident the run was recorded in, if any (a dry run: the one it would be recorded in). */
  incidentId?: string;
  /** A dry run only: no incident was named or is current and several are open, so the real run asks which records it. */
  asksWhichIncident?: boolean;
  /** A dry run only: the placeholders left as `[name]` (secrets, and values not known without asking the person). */
  unfilled?: string[];
  runs: CommandOutcome[];
}

export interface RunnerServices {
  deps: RunnerDeps;
  terminals: RunnerTerminals;
  values: PlaceholderValues;
  confirmations: Confirmations;
  /** Told once the question "which incident records it?" is on screen, ready for an answer. */
  askedWhichIncident: () => void;
}

type Mode = 'terminal' | 'capture';

const CAPTURE_MAX_BYTES = 256 * 1024;
const CAPTURE_BLOCK_BOUNDS: OutputBounds = { maxLines: 200, maxBytes: 16 * 1024 };

/**
 * Ends a run early with the outcome's status. A run stopped on purpose (the person cancelled) says nothing;
 * one refused or failed carries the notice the person is shown, through the extension's one error policy.
 */
class RunStopped extends Error {
  constructor(
    readonly status: 'cancelled' | 'refused' | 'failed',
    message: string,
    readonly notice?: Notice,
  ) {
    super(message);
  }
}

/** The run commands. They never throw: each ends with a RunOutcome saying what happened, for callers and tests. */
export function runCommands(s: RunnerServices): CommandTable {
  return {
    'incidentRunbook.runStep': (arg) => runGuarded(s, arg, 'incidentRunbook.runStep'),
    'incidentRunbook.runAndCapture': (arg) => runGuarded(s, arg, 'incidentRunbook.runAndCapture'),
    'incidentRunbook.clearVariables': async () => {
      const count = await s.values.clear();
      void vscode.window.showInformationMessage(count > 0 ? `Forgot ${count} placeholder value(s) for this workspace.` : 'No placeholder values were remembered.');
    },
    [STOP_TRUSTING_COMMAND]: (arg) => stopTrusting(s.confirmations, arg),
  };
}

/**
 * Takes back "Trust this runbook's read-only commands": `{ runbookUri }` names the runbook (the button on the trust
 * message), else the person picks among the trusted ones. Resolves with the URIs no longer trusted.
 */
async function stopTrusting(confirmations: Confirmations, arg: unknown): Promise<string[]> {
  const named = typeof arg === 'object' && arg !== null && 'runbookUri' in arg && typeof arg.runbookUri === 'string' ? arg.runbookUri : undefined;
  const trusted = confirmations.trustedRunbooks();
  if (trusted.length === 0 || (named !== undefined && !trusted.includes(named))) {
    void vscode.window.showInformationMessage(`${named ? runbookName(named) : 'No runbook'}: its commands are not trusted in this workspace; each asks before its first run.`);
    return [];
  }
  let chosen: readonly string[] = named ? [named] : trusted;
  if (!named && trusted.length > 1) {
    const all = { label: 'All of them', runbooks: trusted };
    const picked = await vscode.window.showQuickPick([all, ...trusted.map((runbook) => ({ label: runbookName(runbook), runbooks: [runbook] }))], {
      title: 'Stop trusting which runbook’s read-only commands?',
    });
    if (!picked) return [];
    chosen = picked.runbooks;
  }
  const stopped = await confirmations.stopTrusting(chosen);
  void vscode.window.showInformationMessage(`${stopped.map(runbookName).join(', ')}: its commands ask again before their first run in this workspace.`);
  return stopped;
}

async function runGuarded(s: RunnerServices, arg: unknown, commandId: 'incidentRunbook.runStep' | 'incidentRunbook.runAndCapture'): Promise<RunOutcome> {
  const runs: CommandOutcome[] = [];
  try {
    return await run(s, arg, commandId === 'incidentRunbook.runStep' ? 'terminal' : 'capture', runs);
  } catch (error) {
    if (error instanceof RunStopped) {
      if (error.notice) showNotice(error.notice);
      return { status: error.status, message: error.message, runs };
    }
    reportCommandError(s.deps.log, commandId, error);
    return { status: 'failed', message: error instanceof Error ? error.message : String(error), runs };
  }
}

async function run(s: RunnerServices, arg: unknown, mode: Mode, runs: CommandOutcome[]): Promise<RunOutcome> {
  const parsed = parseRunArgs(arg);
  if (!parsed.ok) throw fail(`Invalid arguments for the run command: ${parsed.error}.`);
  const args = parsed.args ?? (await pickCommand(s.deps, mode));
  const target = await resolveTarget(s.deps, args);
  const askEvenIfConfirmed = checkTrust(target.origin);
  // A dry run previews the run (an agent's confirmation, say): it asks nothing, neither the incident nor a value.
  const incident = await incidentFor(s, args.incidentId, { ask: !args.dryRun });

  const configured = configuredShell(s.deps.settings);
  const shellPath = mode === 'terminal' ? s.terminals.shellPathFor(incident, configured) : captureShell(configured);
  // Where a placeholder stands decides a refusal, not its value: refused now, nobody types a value for nothing.
  refuseUnsafePlaceholders(target.commands, shellPath);
  const names = [...new Set(target.commands.flatMap(findPlaceholders))];
  // The declare command's first check: the prompts here are the person's time too (without one, these are lookups).
  const time = args.machineTime ? MachineTime.resume(args.machineTime, Date.now) : undefined;
  time?.mark('Run pressed, step and incident found');
  const asking = <T>(answer: PromiseLike<T>): PromiseLike<T> => (time ? time.person(answer) : answer);
  // A value typed into a terminal is spelled so the shell decodes it, or refused with Run and Capture offered.
  const typedFor = mode === 'terminal' ? args : undefined;
  if (args.dryRun) {
    // What is not known without asking stays `[name]`, as a secret does in what is shown.
    const known = s.values.known(names, args.variables, target.origin?.uri);
    const runs = target.commands.map((command): CommandOutcome => ({ command: quoteValues(command, known, shellPath, typedFor), via: 'none', exitCode: null }));
    const asksWhichIncident = args.incidentId === undefined && !incident && (await s.deps.incidents.open()).length > 1;
    const unfilled = names.filter((name) => !Object.prototype.hasOwnProperty.call(known, name));
    return { status: 'dry-run', incidentId: incident?.id, runs, unfilled, ...(asksWhichIncident ? { asksWhichIncident } : {}) };
  }
  const values = await asking(s.values.resolve(names, args.variables, target.origin?.uri, target.commands));
  if (!values) throw new RunStopped('cancelled', 'A placeholder value was not given.');
  time?.mark('placeholder values');
  const { secrets, plain } = splitSecretValues(values, s.deps.settings.get('secretPlaceholders', target.origin?.uri));
  // What is shown, confirmed and recorded keeps each secret placeholder as `[name]`; only what runs has its value.
  const shown = target.commands.map((command) => quoteValues(command, plain, shellPath, typedFor));
  const finals = target.commands.map((command) => fill(command, plain, secrets, shellPath, typedFor));

  const cwd = workingFolder(target.origin);
  const saveOutput = args.saveOutput ?? s.deps.settings.get('saveFullOutput');
  const redact = await redactorFor(secrets);
  for (const [i, command] of shown.entries()) {
    const where = mode === 'terminal' ? `the terminal "${hasSecrets(finals[i].env) ? secretTerminalName(incident) : terminalName(incident)}"` : 'the background (Run and Capture)';
    const answer = await asking(s.confirmations.confirm({ command, where, always: askEvenIfConfirmed, skipFirstRunQuestion: args.confirm === false, runbook: isStepRef(args) ? target.origin?.uri.toString() : undefined }));
    if (!answer.run) return { status: 'cancelled', incidentId: incident?.id, runs };
    if (i === 0) time?.mark('confirmed');
    // An edited command gets the secret values filled into the `[name]`s left in it.
    const final = answer.command === command ? finals[i] : fill(answer.command, {}, secrets, shellPath, typedFor);
    if (mode === 'terminal') checkTypeable(final.command, args);
    const run: RunCommand = { final: final.command, env: final.env, shown: await redact(answer.command), redact };
    const journey = time && i === 0 ? { mark: (stage: string) => time.mark(stage), started: () => logMachineTime(s.deps.log, time, incident) } : undefined;
    runs.push(mode === 'terminal' ? await runInTerminal(s, run, incident, cwd, { configured, shellPath }, saveOutput, journey) : await runCaptured(s.deps, run, incident, cwd, shellPath, saveOutput));
  }
  return { status: 'ran', incidentId: incident?.id, runs };
}

/**
 * Starts the terminal a step would run in for the incident titled `title` (declared a moment from now, or just
 * declared), without running anything, so its shell is up (a new bash takes a second or more to report its
 * integration) by the time the person asks for the step. Only where the run would use that terminal: a trusted
 * workspace, the step found, no secret placeholder (those get a terminal of their own). Resolves with a way to close
 * it again (the declare was cancelled) when it was started here.
 */
export async function prepareTerminal(s: Pick<RunnerServices, 'deps' | 'terminals'>, ref: StepRef, title: string): Promise<(() => void) | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  const origin = await s.deps.runbooks.get(ref.runbookUri);
  const step = origin && resolveStep(ref, origin.runbook);
  if (!step) return undefined;
  const secretWords = s.deps.settings.get('secretPlaceholders', origin.uri);
  if (step.commands.flatMap(findPlaceholders).some((name) => isSecretPlaceholder(name, secretWords))) return undefined;
  const started = s.terminals.startAhead(title, workingFolder(origin), configuredShell(s.deps.settings));
  return started && (() => started.dispose());
}

/** The journey from Declare to this first check, as the product's own time (the e2e journey reads it: journey.alertToFirstCheckMachineMs). */
function logMachineTime(log: vscode.LogOutputChannel, time: MachineTime, incident: RunnerIncident | undefined): void {
  time.mark('command sent');
  const { machineMs, personMs } = time.split();
  log.info(`First check of ${incident?.id ?? 'no incident'} started in the terminal: ${machineMs} ms of machine time since Declare began (${personMs} ms waiting for the person not counted).`);
  log.debug(`Machine time of ${incident?.id ?? 'no incident'}'s first check by stage: ${time.breakdown()}`);
}

// --- what to run ------------------------------------------------------------------------------------

async function pickCommand(deps: RunnerDeps, mode: Mode): Promise<RunArgs> {
  const loaded = await deps.runbooks.all();
  const items = loaded.flatMap((l) =>
    runnableCommands(l.uri.toString(), l.runbook).map((c) => ({
      label: c.title,
      description: loaded.length > 1 ? `${c.group} · ${l.runbook.title}` : c.group,
      detail: c.command,
      ref: c.ref,
    })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('The runbook has no diagnostic commands to run.');
    throw new RunStopped('cancelled', 'No commands to pick from.');
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: mode === 'terminal' ? 'Run Diagnostic Step' : 'Run Diagnostic Step and Capture Output',
    placeHolder: 'Filter by step title or command',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new RunStopped('cancelled', 'Nothing was picked.');
  return picked.ref;
}

interface Target {
  commands: string[];
  /** The runbook the commands come from; undefined for a literal command with no known runbook (treated as workspace text). */
  origin: LoadedRunbookRef | undefined;
}

async function resolveTarget(deps: RunnerDeps, args: RunArgs): Promise<Target> {
  if (!isStepRef(args)) return { commands: [args.command], origin: args.runbookUri ? await deps.runbooks.get(args.runbookUri) : undefined };
  const origin = await deps.runbooks.get(args.runbookUri);
  if (!origin) throw fail(`The runbook ${args.runbookUri} is not loaded any more.`);
  const step = resolveStep(args, origin.runbook);
  if (!step) throw fail(`That step is no longer in ${origin.runbook.title}: the runbook changed. Pick it again.`);
  return { commands: step.commands, origin };
}

/** Refuses workspace commands in an untrusted workspace; returns true when a bundled command must ask first. */
function checkTrust(origin: LoadedRunbookRef | undefined): boolean {
  if (vscode.workspace.isTrusted) return false;
  if (origin?.bundled) return true;
  throw new RunStopped('refused', 'The workspace is not trusted.', {
    severity: 'warning',
    message: 'This workspace is not trusted, so commands from its runbooks do not run. Trust the workspace to run them.',
    actions: [manageTrustAction],
  });
}

/**
 * Several incidents open and none chosen (selected in the tree, or the only one): ask which one the run
 * belongs to rather than record it nowhere. The answer holds for later runs; Escape cancels the run.
 */
async function askWhichIncident({ deps, askedWhichIncident }: RunnerServices): Promise<RunnerIncident | undefined> {
  const open = await deps.incidents.open();
  if (open.length < 2) return undefined;
  type Choice = vscode.QuickPickItem & { incident: RunnerIncident | undefined };
  const items: Choice[] = [
    ...open.map((incident) => ({ label: `${incident.levelName === undefined ? '' : `${incident.levelName}: `}${incident.title}`, description: incident.id, incident })),
    { label: 'None: run it without recording it', incident: undefined },
  ];
  // A quick pick of our own rather than showQuickPick: the window tells it when its first choice is active,
  // that is when the question is on screen and can be answered (what onDidAskWhichIncident reports).
  const picked = await new Promise<Choice | undefined>((resolve) => {
    const question = vscode.window.createQuickPick<Choice>();
    question.title = 'Record this run in which incident?';
    question.placeholder = `${open.length} incidents are open`;
    question.items = items;
    let onScreen = false;
    question.onDidChangeActive(() => {
      if (onScreen) return;
      onScreen = true;
      askedWhichIncident();
    });
    question.onDidAccept(() => {
      resolve(question.selectedItems[0] ?? question.activeItems[0]);
      question.hide();
    });
    question.onDidHide(() => {
      resolve(undefined);
      question.dispose();
    });
    question.show();
  });
  if (!picked) throw new RunStopped('cancelled', 'No incident was chosen for the run.');
  if (picked.incident) deps.incidents.focus(picked.incident.id);
  return picked.incident;
}

/** The incident that records the run: the one named, else the current one, else (with `ask`) the person's choice. */
async function incidentFor(s: RunnerServices, incidentId: string | null | undefined, { ask }: { ask: boolean }): Promise<RunnerIncident | undefined> {
  if (incidentId === null) return undefined;
  if (incidentId === undefined) return (await s.deps.incidents.active()) ?? (ask ? await askWhichIncident(s) : undefined);
  const incident = await s.deps.incidents.get(incidentId);
  if (!incident) throw fail(`No incident with id ${incidentId}.`);
  return incident;
}

// --- shells and quoting -------------------------------------------------------------------------------

/** `incidentRunbook.shell`, if the person set one: the shell for runbook terminals and captures. */
function configuredShell(settings: SettingsReader): string | undefined {
  return settings.get('shell') || undefined;
}

/** The shell Run and Capture uses for commands that need one: a shell we can quote for, else the platform's. */
function captureShell(configured: string | undefined): string {
  const preferred = configured || vscode.env.shell;
  if (preferred && shellKindFromPath(preferred)) return preferred;
  return process.platform === 'win32' ? hostShellPath() : '/bin/sh';
}

/** The command with its placeholders filled for `shellPath`; `typedFor` is set when it will be typed into a terminal. */
function quoteValues(command: string, values: Record<string, string>, shellPath: string, typedFor: RunArgs | undefined): string {
  const kind: ShellKind | undefined = shellKindFromPath(shellPath);
  if (!kind && Object.values(values).some((v) => v === '' || !isSafeBare(v, 'sh'))) {
    throw fail(`Placeholder values cannot be quoted safely for the shell ${shellPath}. Set "incidentRunbook.shell" to bash, zsh, fish, pwsh or sh.`);
  }
  try {
    return substitutePlaceholders(command, values, kind ?? 'sh', { typed: typedFor !== undefined });
  } catch (error) {
    throw asRunStopped(error, typedFor);
  }
}

/** Refuses the run when a placeholder in it stands where no quoting for `shellPath` is safe (inside sh -c, ssh, eval…). */
function refuseUnsafePlaceholders(commands: readonly string[], shellPath: string): void {
  const kind = shellKindFromPath(shellPath) ?? 'sh';
  for (const command of commands) {
    const unsafe = unsafePlaceholder(command, kind);
    if (unsafe) throw fail(unsafe.message);
  }
}

/** A command with its values filled, and the environment of the terminal it runs in. */
interface Filled {
  command: string;
  env: Record<string, string>;
}

function hasSecrets(env: Record<string, string>): boolean {
  return Object.keys(env).length > 0;
}

/**
 * `command` as it runs. Typed into a terminal, a secret placeholder refers to an environment variable of a
 * terminal started for the run (the value typed would stay in the scrollback and the shell's history);
 * passed as an argument (Run and Capture), it holds the value.
 */
function fill(command: string, plain: Record<string, string>, secrets: readonly KnownSecret[], shellPath: string, typedFor: RunArgs | undefined): Filled {
  const names = findPlaceholders(command);
  const used = secrets.filter((secret) => names.includes(secret.name));
  if (!typedFor || used.length === 0) return { command: quoteValues(command, { ...plain, ...Object.fromEntries(secrets.map((x) => [x.name, x.value])) }, shellPath, typedFor), env: {} };
  const kind = shellKindFromPath(shellPath);
  if (!kind) throw offerCapture(`A secret value is passed to a terminal through its environment, never typed, which is done for bash, zsh, sh and fish, not ${shellPath}. Use Run and Capture, which passes the value without a terminal.`, typedFor);
  try {
    return referToSecrets(command, plain, used, kind);
  } catch (error) {
    throw asRunStopped(error, typedFor);
  }
}

/** A refusal from quoting as the run's stop: a value a terminal cannot take offers Run and Capture. */
function asRunStopped(error: unknown, typedFor: RunArgs | undefined): unknown {
  if ((error instanceof UntypeableValueError || error instanceof NoSecretReferenceError) && typedFor) return offerCapture(error.message, typedFor);
  if (error instanceof UnquotableValueError || error instanceof UnsafePlaceholderError) return fail(error.message);
  return error;
}

/**
 * Hides secret placeholder values and credentials of known shapes in text bound for the note, the log or
 * the screen. Loaded on first use: secretlint's rule set weighs ~200 KB that activation does not need.
 */
async function redactorFor(secrets: readonly KnownSecret[]): Promise<(text: string) => Promise<string>> {
  const { redact } = await import('../../node/redact');
  return (text) => redact(text, secrets);
}

/** A terminal's line discipline cuts a typed line at 4,095 bytes (the rest would run as another command, or be lost). */
const TTY_LINE_BYTES = 4095;

function checkTypeable(command: string, args: RunArgs): void {
  const longest = Math.max(...command.split('\n').map((line) => new TextEncoder().encode(line).length));
  if (longest > TTY_LINE_BYTES) {
    throw offerCapture(`This command has a line of ${longest} bytes; a terminal cuts a typed line at ${TTY_LINE_BYTES}, so it was not typed. Use Run and Capture, which passes it without a terminal.`, args);
  }
}

/** Refuses a terminal run with a button that runs the same step with Run and Capture instead. */
function offerCapture(message: string, args: RunArgs): RunStopped {
  return new RunStopped('refused', message, {
    severity: 'warning',
    message,
    actions: [{ title: 'Run and Capture', run: () => vscode.commands.executeCommand('incidentRunbook.runAndCapture', args) }],
  });
}

function workingFolder(origin: LoadedRunbookRef | undefined): vscode.Uri | undefined {
  const own = origin && !origin.bundled ? vscode.workspace.getWorkspaceFolder(origin.uri) : undefined;
  return own?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

// --- running and recording ------------------------------------------------------------------------------

/** One command to run: what runs, what is shown and recorded in its place, and the redaction for its output. */
interface RunCommand {
  final: string;
  /** Environment variables of the terminal it runs in (secret values it refers to); empty for none. */
  env: Record<string, string>;
  /** `final` with each secret placeholder as `[name]` and credentials redacted. */
  shown: string;
  redact: (text: string) => Promise<string>;
}

async function runInTerminal(
  s: RunnerServices,
  { final, env, shown: command, redact }: RunCommand,
  incident: RunnerIncident | undefined,
  cwd: vscode.Uri | undefined,
  shell: { configured: string | undefined; shellPath: string },
  saveOutput: boolean,
  /** The declare command's first check: told each stage, and as the command is handed to the terminal. */
  journey?: TerminalJourney,
): Promise<CommandOutcome> {
  const terminal = hasSecrets(env) ? s.terminals.secretTerminalFor(incident, cwd, shell.shellPath, env) : s.terminals.terminalFor(incident, cwd, shell.configured);
  journey?.mark('terminal found or created');
  const startedAt = new Date();
  const plan = terminalPlan(final, shell.shellPath);
  const ran = await s.terminals.run(terminal, final, plan.line, journey);
  // Redacted whole, before the last lines are cut from it: a key block cut in two is still found.
  const redacted = { ...ran, command, output: ran.output === undefined ? undefined : await redact(ran.output) };
  const end = redacted.via === 'shellIntegration' && plan.report ? { ...redacted, pipeline: plan.report } : redacted;
  const bounded = terminalRunEvent(end, TIMELINE_OUTPUT_BOUNDS);
  const full: FullOutput = { startedAt, command, output: end.output, truncated: end.outputTruncated ?? false, keptBytes: RAW_OUTPUT_BYTES };
  const savedFirst = saveOutput ? await saveFullOutput(s.deps, incident, full) : undefined;
  const event = savedFirst ? withOutputLink(bounded, savedFirst) : bounded;
  const { recorded, saved } = await record(s.deps, incident, event, full, savedFirst);
  return {
    command,
    via: end.via,
    exitCode: end.exitCode ?? null,
    durationMs: end.durationMs,
    output: event.output,
    ...(end.pipeline ? { pipeline: end.pipeline } : {}),
    ...(recorded ? { recorded: event.text } : {}),
    ...(saved ? { savedOutput: saved } : {}),
  };
}

async function runCaptured(
  deps: RunnerDeps,
  { final, shown: command, redact }: RunCommand,
  incident: RunnerIncident | undefined,
  cwd: vscode.Uri | undefined,
  shellPath: string,
  saveOutput: boolean,
): Promise<CommandOutcome> {
  const timeoutSeconds = deps.settings.get('captureTimeoutSeconds');
  const startedAt = new Date();
  // Loaded on first use: execa and its dependencies weigh ~115 KB that activation does not need.
  const { runAndCapture } = await import('../../node/capture');
  const ran: CaptureResult = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${inlineCode(command)}`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return runAndCapture(final, {
        cwd: cwd?.fsPath ?? os.homedir(),
        timeoutMs: Math.max(1, timeoutSeconds) * 1000,
        maxOutputBytes: CAPTURE_MAX_BYTES,
        signal: controller.signal,
        shellPath,
      });
    },
  );
  // Everything written from the run is redacted, the pipeline's commands as they ran too.
  const stages = ran.pipeline?.known === 'each' ? { pipeline: { ...ran.pipeline, stages: await Promise.all(ran.pipeline.stages.map(redact)) } } : {};
  const result: CaptureResult = { ...ran, ...stages, output: await redact(ran.output), ...(ran.error === undefined ? {} : { error: await redact(ran.error) }) };
  const block = captureBlock(command, result, CAPTURE_BLOCK_BOUNDS);
  const summary = captureSummary(command, result);
  const bounded: RunEvent = { kind: 'command', text: summary };
  const full: FullOutput = { startedAt, command, output: result.output, truncated: result.truncated, keptBytes: CAPTURE_MAX_BYTES };
  const savedFirst = saveOutput ? await saveFullOutput(deps, incident, full) : undefined;
  const event = savedFirst ? withOutputLink(bounded, savedFirst) : bounded;
  const { recorded, saved } = await record(deps, incident, event, full, savedFirst, block);
  if (!incident) {
    deps.log.info(`Run and Capture (no incident open):\n${block}`);
    void vscode.window.showInformationMessage(`${summary.replace(/`/g, '')}. It is not recorded in an incident: the output is in the log.`, 'Show Output').then((choice) => {
      if (choice) deps.log.show(true);
    });
  }
  return {
    command,
    via: 'capture',
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    durationMs: result.durationMs,
    output: result.output,
    ...(result.pipeline ? { pipeline: result.pipeline } : {}),
    ...(recorded ? { recorded: event.text } : {}),
    ...(saved ? { savedOutput: saved } : {}),
  };
}

interface FullOutput {
  startedAt: Date;
  command: string;
  /** Cleaned output; undefined when none was read (no shell integration). */
  output: string | undefined;
  /** Only the last `keptBytes` of the output were kept. */
  truncated: boolean;
  keptBytes: number;
}

/**
 * Saves a run's full output beside the incident note and returns the link to it; undefined when there is no
 * incident or no output. A failed save is reported but does not lose the run's record.
 */
async function saveFullOutput(deps: RunnerDeps, incident: RunnerIncident | undefined, run: FullOutput, failure: 'warn' | 'quiet' = 'warn'): Promise<string | undefined> {
  if (!incident || !run.output?.trim()) return undefined;
  try {
    const text = savedOutputText(run.output, run.truncated, run.keptBytes);
    return await deps.incidents.saveOutput(incident.id, outputFileName(run.startedAt, run.command), text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.error(`Could not save the full output of a run in incident ${incident.id}`, message);
    if (failure === 'warn') void vscode.window.showWarningMessage(`The full output was not saved (the run is still recorded in "${incident.title}"): ${message}`);
    return undefined;
  }
}

/**
 * Writes the event (and Run and Capture's output block) to the incident. When the note cannot take it
 * (malformed, half-typed in an editor, read-only), the run's output is kept in a file beside the note instead,
 * unless it already is, and the message says where: a failed record loses nothing.
 */
async function record(
  deps: RunnerDeps,
  incident: RunnerIncident | undefined,
  event: RunEvent,
  full: FullOutput,
  saved: string | undefined,
  block?: string,
): Promise<{ recorded: boolean; saved: string | undefined }> {
  if (!incident) {
    deps.log.info(`Ran outside an incident: ${event.text}`);
    return { recorded: false, saved };
  }
  try {
    await deps.incidents.appendTimeline(incident.id, event);
    if (block) await deps.incidents.appendBlock(incident.id, block);
    return { recorded: true, saved };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.error(`Could not record a run in incident ${incident.id}`, message);
    const kept = saved ?? (await saveFullOutput(deps, incident, full, 'quiet'));
    const where = kept ? ` Its output is kept beside the note, in ${kept.split('/').map(decodeURIComponent).join('/')}.` : '';
    // Said as the cause would be (a malformed note offers to open it), with where the output went.
    showNotice({ severity: 'error', message: `The run was not recorded in "${incident.title}": ${message}${where}`, actions: noticeFor(error)?.actions ?? [] });
    return { recorded: false, saved: kept };
  }
}

function fail(message: string): RunStopped {
  return new RunStopped('failed', message, { severity: 'error', message, actions: [] });
}
