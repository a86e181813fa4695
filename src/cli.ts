#!/usr/bin/env node
// `incident-runbook`: lint runbooks in CI and print the model the extension reads, with the same parser.
// No `vscode` here: this runs under plain Node from the package's `bin` entry (built to dist/cli.js).
import { readFileSync } from 'fs';
import { decodeRunbookBytes, DEFAULT_LEVELS_NOTICE, parseRunbook, Runbook, RunbookProblem, usesDefaultLevels } from './core/runbook';
import { runMergeDriver } from './node/mergeDriver';

const USAGE = `Usage:
  incident-runbook lint FILE...          Print each problem as file:line:col: severity: message
  incident-runbook parse FILE --json     Print the runbook model as JSON
  incident-runbook parse FILE            Print a short summary of the runbook
  incident-runbook merge-note %O %A %B %P
                                         git's merge driver for incident notes: merges the ancestor %O, ours %A
                                         and theirs %B of the note at %P into %A (see README, "Note merging")
  incident-runbook --help                Show this help

FILE is a Markdown runbook, or a YAML one when it ends in .yaml/.yml.
Exit status: 0 when fine, 1 when lint found an error or merge-note left a conflict, 2 on a usage error or an
unreadable file.`;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

class UnreadableFile extends Error {}

function readRunbook(file: string): Runbook {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UnreadableFile(`incident-runbook: cannot read ${file} (${reason})`);
  }
  return parseRunbook(decodeRunbookBytes(bytes), file);
}

export function formatProblem(file: string, problem: RunbookProblem): string {
  return `${file}:${problem.line + 1}:${problem.column + 1}: ${problem.severity}: ${problem.message}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function lint(files: readonly string[], output: Output): number {
  let exit = EXIT_OK;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const file of files) {
    let runbook: Runbook;
    try {
      runbook = readRunbook(file);
    } catch (error) {
      if (!(error instanceof UnreadableFile)) throw error;
      output.err(error.message);
      exit = EXIT_USAGE;
      continue;
    }
    for (const problem of runbook.problems) {
      output.out(formatProblem(file, problem));
      counts[problem.severity]++;
    }
  }
  if (counts.error > 0 && exit === EXIT_OK) exit = EXIT_ERRORS;
  output.err(`${plural(files.length, 'file')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}`);
  return exit;
}

function summary(runbook: Runbook): string {
  const lines = [
    `${runbook.title} (${runbook.format}${runbook.version ? `, version ${runbook.version}` : ''})`,
    `levels: ${runbook.levels.map((level) => `${level.id} ${level.response || '-'}`).join(', ')}${usesDefaultLevels(runbook) ? ` (${DEFAULT_LEVELS_NOTICE})` : ''}`,
    `diagnostic steps: ${runbook.diagnostics.length}`,
    `known incidents: ${runbook.incidents.map((incident) => incident.id).join(', ') || 'none'}`,
    `escalation rules: ${runbook.escalation.length}`,
    `problems: ${runbook.problems.length}`,
  ];
  return lines.join('\n');
}

function parse(args: readonly string[], output: Output): number {
  const json = args.includes('--json');
  const files = args.filter((arg) => arg !== '--json');
  if (files.length !== 1) {
    output.err(`incident-runbook parse takes exactly one FILE.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    const runbook = readRunbook(files[0]);
    output.out(json ? JSON.stringify(runbook, null, 2) : summary(runbook));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    output.err(error.message);
    return EXIT_USAGE;
  }
}

function mergeNote(args: readonly string[], output: Output): number {
  if (args.length !== 4 || args.includes('--json')) {
    output.err(`incident-runbook merge-note takes the four files git passes: %O %A %B %P.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const [base, ours, theirs, notePath] = args;
  const outcome = runMergeDriver({ base, ours, theirs, notePath });
  output.err(`incident-runbook: ${outcome.message}`);
  return outcome.exit === 0 ? EXIT_OK : EXIT_ERRORS;
}

/** Runs the CLI on `args` (without `node cli.js`) and returns the exit status. */
export function main(args: readonly string[], output: Output): number {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    output.out(USAGE);
    return EXIT_OK;
  }
  const unknownOption = rest.find((arg) => arg.startsWith('-') && arg !== '--json');
  if (unknownOption) {
    output.err(`incident-runbook: unknown option ${unknownOption}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (command === 'lint') {
    if (rest.length === 0 || rest.includes('--json')) {
      output.err(`incident-runbook lint needs at least one FILE (and no --json).\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    return lint(rest, output);
  }
  if (command === 'parse') return parse(rest, output);
  if (command === 'merge-note') return mergeNote(rest, output);
  output.err(`${command === undefined ? 'incident-runbook: no command given.' : `incident-runbook: unknown command "${command}".`}\n\n${USAGE}`);
  return EXIT_USAGE;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
  });
}
