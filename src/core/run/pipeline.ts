// What a run can know about the commands of a pipeline. A shell's exit status for `curl … | jq` is jq's:
// curl failing (exit 6) is lost unless the shell is asked. bash and zsh have pipefail and
// PIPESTATUS/pipestatus, fish has $pipestatus, POSIX sh (dash) has neither. So a run plans what it adds
// around the command for its shell, and the record says what was known, never more.
// Pure: no `vscode`, no Node.

import { shellKindFromPath, type ShellKind } from '../shell/quote';

export interface PipelineReading {
  /** The commands of `command` when it is one pipeline of two or more (nothing but `|` between them at its top level). */
  stages: string[] | undefined;
  /** A `|` pipe appears somewhere outside quotes (in a pipeline, a list, a subshell). */
  hasPipe: boolean;
}

/** What a run knows about the commands of its pipeline besides the exit code the shell gave. */
export type PipelineReport =
  /** Each command's exit code, in order. */
  | { known: 'each'; stages: string[]; exitCodes: number[] }
  /** The exit code is that of the last command that failed (the run had pipefail), which one is not said. */
  | { known: 'pipefail' }
  /** Only the last command's exit code: `shell` does not report the others. */
  | { known: 'last'; shell: string };

/** How Run and Capture runs a command that needs a shell. */
export interface CapturePlan {
  /** The text the shell runs: the command, perhaps with pipefail before it and its commands' exit codes reported after. */
  script: string;
  /** The commands whose exit codes the script writes to file descriptor 3 (one line, in order); absent when it writes none. */
  reportedStages?: string[];
  /** What is known when no exit codes arrive on fd 3 (or none were asked for); absent when the command has no pipe. */
  otherwise?: PipelineReport;
}

/** How a command is typed into a terminal with shell integration, and what its exit code will tell. */
export interface TerminalPlan {
  /** What is sent to the terminal. */
  line: string;
  report?: PipelineReport;
}

/** A command left by SIGPIPE (128 + 13) when the next one stopped reading (`kubectl logs … | head`): not a failure. */
export const SIGPIPE_EXIT = 141;

/**
 * Reads the top level of a POSIX-style command line: where its pipes are, and whether anything else joins
 * commands there (`;`, `&&`, `||`, `&`, a line break, a comment, a here-document). Quotes, `$(…)`, `${…}`,
 * backticks and parentheses are skipped as a shell would. Anything it cannot place leaves `stages` undefined:
 * a run then claims less, never more.
 */
export function readPipeline(command: string): PipelineReading {
  const text = command.trim();
  const stack: ('paren' | 'brace' | 'dq' | 'bt')[] = [];
  const stages: string[] = [];
  let stageStart = 0;
  let single = true;
  let hasPipe = false;
  const atTop = (): boolean => stack.length === 0;
  const notSingle = (): void => {
    if (atTop()) single = false;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    const context = stack[stack.length - 1];
    if (c === '\\') {
      if (i + 1 >= text.length) single = false;
      i++;
      continue;
    }
    if (context === 'bt') {
      if (c === '`') stack.pop();
      continue;
    }
    if (context === 'dq') {
      if (c === '"') stack.pop();
      else if (c === '`') stack.push('bt');
      else if (c === '$' && (next === '(' || next === '{')) {
        stack.push(next === '(' ? 'paren' : 'brace');
        i++;
      }
      continue;
    }
    // Code: the top level, a subshell or substitution, or a ${…} (whose words read the same for this purpose).
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { stages: undefined, hasPipe };
      i = close;
    } else if (c === '"') stack.push('dq');
    else if (c === '`') stack.push('bt');
    else if (c === '$' && (next === '(' || next === '{')) {
      stack.push(next === '(' ? 'paren' : 'brace');
      i++;
    } else if (c === '(') stack.push('paren');
    else if (c === ')' || c === '}') {
      if (context === (c === ')' ? 'paren' : 'brace')) stack.pop();
      else if (c === ')') single = false;
    } else if (c === '#' && startsWord(text, i)) {
      single = false;
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '|') {
      if (next === '|') {
        notSingle();
        i++;
      } else if (text[i - 1] === '>') continue; // >| is a redirection
      else {
        hasPipe = true;
        if (atTop()) {
          stages.push(text.slice(stageStart, i).trim());
          if (next === '&') i++; // |& pipes stderr too
          stageStart = i + 1;
        }
      }
    } else if (c === '&') {
      if (next === '&') {
        notSingle();
        i++;
      } else if (next !== '>' && text[i - 1] !== '>' && text[i - 1] !== '<') notSingle();
    } else if (c === ';' || c === '\n' || c === '\r') notSingle();
    else if (c === '<' && next === '<' && text[i + 2] !== '<') single = false; // a here-document's lines are not commands
  }
  if (stack.length > 0) return { stages: undefined, hasPipe };
  stages.push(text.slice(stageStart).trim());
  const complete = single && stages.length >= 2 && stages.every((stage) => stage !== '');
  return { stages: complete ? stages : undefined, hasPipe };
}

function startsWord(text: string, i: number): boolean {
  return i === 0 || /[\s;&|()]/.test(text[i - 1]);
}

// Names no runbook uses, so the report cannot clobber the person's variables.
const RC = '__incident_runbook_rc';
const CODES = '__incident_runbook_codes';

/**
 * How Run and Capture runs `command` in the shell at `shellPath`. bash and zsh get pipefail for the run, so a
 * failing command anywhere in a pipeline fails the run; for one pipeline, bash, zsh and fish also write each
 * command's exit code to fd 3, so the record names the one that failed. Other shells run the command as it is.
 */
export function capturePlan(command: string, shellPath: string): CapturePlan {
  const reading = readPipeline(command);
  if (!reading.hasPipe) return { script: command };
  const kind = shellKindFromPath(shellPath);
  const stages = reading.stages;
  const reportTo3 = (codes: string, exit: string): string => `${codes}; printf '%s\\n' "$${CODES}" 2>/dev/null >&3; exit ${exit}`;
  if (kind === 'bash' || kind === 'zsh') {
    // zsh older than 5.3 has no pipefail; `setopt` of an unknown option is only an error there, `set -o` ends the script.
    const pipefail = kind === 'bash' ? 'set -o pipefail' : 'setopt pipefail 2>/dev/null';
    const script = `${pipefail}; ${command}`;
    if (!stages) return { script, otherwise: { known: 'pipefail' } };
    const array = kind === 'bash' ? 'PIPESTATUS' : 'pipestatus';
    // One assignment statement reads both before the next pipeline resets them.
    return { script: `${script}\n${reportTo3(`${RC}=$? ${CODES}="\${${array}[*]}"`, `"$${RC}"`)}`, reportedStages: stages, otherwise: { known: 'pipefail' } };
  }
  const otherwise: PipelineReport = { known: 'last', shell: shellName(kind, shellPath) };
  if (kind === 'fish' && stages) {
    return { script: `${command}\n${reportTo3(`set -l ${CODES} $pipestatus`, `$${CODES}[-1]`)}`, reportedStages: stages, otherwise };
  }
  return { script: command, otherwise };
}

/**
 * How `command` is typed into a terminal running `shellPath`. One pipeline in bash or zsh runs in a subshell
 * with pipefail (`: ; (set -o pipefail; a | b)`), so the exit code shell integration reports fails when any of its commands fails, and the
 * terminal's own settings are left as they were. Other shells, and lists holding a pipe (`cd x && a | b`,
 * whose `cd` must last), are sent as written; their exit code is only the last command's.
 */
export function terminalPlan(command: string, shellPath: string): TerminalPlan {
  const reading = readPipeline(command);
  if (!reading.hasPipe) return { line: command };
  const kind = shellKindFromPath(shellPath);
  if ((kind === 'bash' || kind === 'zsh') && reading.stages) {
    // The `:` first: VS Code's bash integration learns a command started from a DEBUG trap, which a line opening
    // with a subshell never fires, so that line would report neither its start nor its exit code.
    return { line: `: ; (set -o pipefail; ${command.trim()})`, report: { known: 'pipefail' } };
  }
  return { line: command, report: { known: 'last', shell: shellName(kind, shellPath) } };
}

function shellName(kind: ShellKind | undefined, shellPath: string): string {
  const base = shellPath.trim().split(/[\\/]/).pop()?.replace(/\.exe$/i, '') ?? '';
  return base || kind || 'the shell';
}

/** The report from the line of exit codes a capture plan's script wrote to fd 3; undefined when it is not one code per command. */
export function parseReportedCodes(text: string, stages: string[]): PipelineReport | undefined {
  const line = text.trim().split('\n').pop() ?? '';
  const codes = line.trim().split(/\s+/).filter((w) => w !== '');
  if (codes.length !== stages.length || !codes.every((code) => /^\d+$/.test(code))) return undefined;
  return { known: 'each', stages, exitCodes: codes.map(Number) };
}

export interface PipelineVerdict {
  /** The pipeline's exit code: that of the last command that failed, else 0. */
  exitCode: number;
  /** The commands that failed, in order, with their exit codes. */
  failed: { command: string; exitCode: number }[];
  /** Commands that were stopped by SIGPIPE because the next one stopped reading; not failures. */
  stoppedReading: string[];
}

/** Which commands of a pipeline failed, from each one's exit code. */
export function judgePipeline(stages: readonly string[], exitCodes: readonly number[]): PipelineVerdict {
  const failed: PipelineVerdict['failed'] = [];
  const stoppedReading: string[] = [];
  stages.forEach((command, i) => {
    const exitCode = exitCodes[i] ?? 0;
    if (exitCode === 0) return;
    if (exitCode === SIGPIPE_EXIT && i < stages.length - 1) stoppedReading.push(command);
    else failed.push({ command, exitCode });
  });
  return { exitCode: failed.length > 0 ? failed[failed.length - 1].exitCode : 0, failed, stoppedReading };
}
