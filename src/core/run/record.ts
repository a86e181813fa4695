// The words a run leaves in the incident note: one timeline line per run, and a fenced block for
// captured output. No `vscode` import, so the wording is unit-tested.

import { boundOutput, type OutputBounds } from '../shell/output';
import { judgePipeline, SIGPIPE_EXIT, type PipelineReport } from './pipeline';

/** What a Run and Capture run gave (src/node/capture.ts runs it). */
export interface CaptureResult {
  /** The exit code, or null when the process was killed, timed out, was cancelled or never started. */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** stdout and stderr interleaved as they arrived, terminal escapes stripped, at most the last maxOutputBytes. */
  output: string;
  truncated: boolean;
  /** Why the process could not be started (command not found...), when it could not. */
  error?: string;
  /** The shell the command ran in, or null when it ran directly. */
  shell: string | null;
  /** What is known about the commands of a pipeline in it, when it has one and ended by itself. */
  pipeline?: PipelineReport;
}

/** A timeline event from the runner. `text` is one line; `output`, when present, is the cleaned, bounded last lines. */
export interface RunEvent {
  kind: 'command';
  text: string;
  output?: string;
}

/** How a terminal run ended, as far as VS Code could tell. */
export interface TerminalRunEnd {
  command: string;
  via: 'shellIntegration' | 'sendText';
  /** undefined when the shell did not report one (or there was no shell integration). */
  exitCode: number | undefined;
  durationMs?: number;
  /** The terminal was closed before the command ended. */
  terminalClosed?: boolean;
  /** Escapes already stripped. */
  output?: string;
  /** More output arrived than was kept: `output` is only its last part. */
  outputTruncated?: boolean;
  /** The output was read to its end (not cut short by the wait for its last chunk): an empty one means nothing was printed. */
  outputComplete?: boolean;
  /** What the exit code says about the commands of a pipeline in it (see pipeline.ts). */
  pipeline?: PipelineReport;
}

const MAX_COMMAND_CHARS = 200;

/** "850 ms", "12.3 s", "2 min 5 s", "1 h 4 min". */
export function formatRunDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** `text` as Markdown inline code on one line, however many backticks it holds; long commands are shortened. */
export function inlineCode(text: string): string {
  let oneLine = text.replace(/\r?\n/g, ' ⏎ ');
  if (oneLine.length > MAX_COMMAND_CHARS) oneLine = `${oneLine.slice(0, MAX_COMMAND_CHARS - 1)}…`;
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A fenced code block that no line of `body` can close early. */
export function fencedBlock(body: string, info = 'text'): string {
  const longestRun = Math.max(0, ...(body.match(/^ {0,3}`{3,}/gm) ?? []).map((run) => run.trim().length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${body}${body.endsWith('\n') || body === '' ? '' : '\n'}${fence}`;
}

export function terminalRunEvent(end: TerminalRunEnd, bounds: OutputBounds): RunEvent {
  const cmd = inlineCode(end.command);
  let text: string;
  if (end.via === 'sendText') text = `${cmd} ran, exit code unknown (no shell integration)`;
  else if (end.terminalClosed) text = `${cmd} stopped: its terminal was closed`;
  else if (end.exitCode === undefined) text = `${cmd} ended${durationSuffix(end.durationMs)}, exit code unknown`;
  else {
    text = `${exitWords(cmd, end.exitCode, end.pipeline, durationSuffix(end.durationMs), 'the terminal')}`;
    if (end.outputComplete && !end.output?.trim()) text += PRINTED_NOTHING;
  }
  const output = end.output !== undefined ? boundOutput(end.output, bounds).text : '';
  return output.trim() ? { kind: 'command', text, output } : { kind: 'command', text };
}

function durationSuffix(ms: number | undefined): string {
  return ms === undefined ? '' : ` in ${formatRunDuration(ms)}`;
}

/** Said of a run that ended by itself without a byte of output, where a diagnostic usually prints something. */
const PRINTED_NOTHING = '; it printed nothing';

/**
 * "`cmd` exited N in T", with what the pipeline report adds: which command failed, or that only the last
 * command's status is known (then the line says "exit code unknown", which events.ts reads as unknown, not
 * as a success). `reporter` is who gave the exit code ("the terminal", "the shell").
 */
function exitWords(cmd: string, exitCode: number, report: PipelineReport | undefined, duration: string, reporter: string): string {
  const exited = `${cmd} exited ${exitCode}${duration}`;
  if (!report) return exited;
  if (report.known === 'last') {
    if (exitCode !== 0) return exited;
    return `${cmd} ended${duration}, exit code unknown: ${reporter} reported 0, the last command's, and ${report.shell} does not report the others in a pipeline`;
  }
  if (report.known === 'pipefail') {
    if (exitCode === 0) return exited;
    if (exitCode === SIGPIPE_EXIT) return `${exited} (SIGPIPE: a command was stopped when the next one stopped reading, as \`head\` does; not necessarily a failure)`;
    return `${exited}: a command in its pipeline failed (pipefail; which one is not reported)`;
  }
  const verdict = judgePipeline(report.stages, report.exitCodes);
  const parts: string[] = [];
  if (verdict.failed.length > 0) {
    const [first, ...rest] = verdict.failed;
    parts.push(`${[`${inlineCode(first.command)} failed with exit ${first.exitCode}`, ...rest.map((f) => `${inlineCode(f.command)} with exit ${f.exitCode}`)].join(', ')}`);
  }
  if (verdict.stoppedReading.length > 0) parts.push(`${verdict.stoppedReading.map(inlineCode).join(', ')} stopped when the next command stopped reading`);
  return parts.length > 0 ? `${exited}: ${parts.join('; ')}` : exited;
}

/** The one-line summary of a Run and Capture. */
export function captureSummary(command: string, result: CaptureResult): string {
  const cmd = inlineCode(command);
  if (result.error) return `${cmd} could not start: ${result.error.split('\n')[0]} (Run and Capture)`;
  if (result.timedOut) return `${cmd} timed out after ${formatRunDuration(result.durationMs)} (Run and Capture)`;
  if (result.cancelled) return `${cmd} was cancelled after ${formatRunDuration(result.durationMs)} (Run and Capture)`;
  if (result.exitCode === null) return `${cmd} was stopped after ${formatRunDuration(result.durationMs)} (Run and Capture)`;
  const ended = exitWords(cmd, result.exitCode, result.pipeline, ` in ${formatRunDuration(result.durationMs)}`, 'the shell');
  return `${ended}${result.output.trim() ? '' : PRINTED_NOTHING} (Run and Capture)`;
}

/** The Markdown appended to the incident for a Run and Capture: the summary, then the output's last lines fenced. */
export function captureBlock(command: string, result: CaptureResult, bounds: OutputBounds): string {
  const bounded = boundOutput(result.output, bounds);
  const truncated = bounded.truncated || result.truncated;
  const lines = [`**${captureSummary(command, result)}**${truncated ? ' (output truncated to its last lines)' : ''}`, '', fencedBlock(bounded.text)];
  return `${lines.join('\n')}\n`;
}

// --- full output saved beside the note ------------------------------------------------------------------

const MAX_SLUG_CHARS = 40;

/** `20261127T054301Z`: the UTC second a run started, sortable and safe in a file name on every OS. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A short, file-name-safe slug of a command: `kubectl get pods -n prod` -> `kubectl-get-pods-n-prod`. */
export function commandSlug(command: string): string {
  const slug = command
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG_CHARS)
    .replace(/-+$/, '');
  return slug || 'command';
}

/** The file a run's full output is saved to: `<UTC stamp>-<command slug>.log`, so a folder listing reads in run order. */
export function outputFileName(startedAt: Date, command: string): string {
  return `${utcStamp(startedAt)}-${commandSlug(command)}.log`;
}

/** The folder beside an incident's note that holds its runs' full output: `<incident id>.outputs`. */
export function outputsFolderName(incidentId: string): string {
  return `${incidentId}.outputs`;
}

/** The link from the incident note (`<id>.md`) to a saved output file beside it, each path segment URL-encoded. */
export function outputLink(incidentId: string, fileName: string): string {
  return `${linkSegment(outputsFolderName(incidentId))}/${linkSegment(fileName)}`;
}

/** encodeURIComponent, plus the parentheses it leaves alone: an unbalanced one would end a Markdown link early. */
function linkSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** What goes in the saved file: the whole cleaned output, saying so at the top when its beginning was not kept. */
export function savedOutputText(output: string, truncated: boolean, keptBytes: number): string {
  const body = output.endsWith('\n') || output === '' ? output : `${output}\n`;
  if (!truncated) return body;
  return `[earlier output dropped: only the last ${Math.round(keptBytes / 1024)} KB were kept]\n${body}`;
}

/** `event` with ` — full output: [<file name>](<link>)` at the end of its first line. */
export function withOutputLink(event: RunEvent, link: string): RunEvent {
  const fileName = decodeURIComponent(link.split('/').pop() ?? link);
  const [first, ...rest] = event.text.split('\n');
  const text = [`${first} — full output: [${markdownLinkText(fileName)}](${link})`, ...rest].join('\n');
  return { ...event, text };
}

/** Escapes what would end or break a Markdown link text. */
function markdownLinkText(text: string): string {
  return text.replace(/[\\[\]`*_<>]/g, (c) => `\\${c}`);
}
