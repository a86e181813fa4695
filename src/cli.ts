#!/usr/bin/env node
// `incident-runbook`: lint runbooks in CI and print the model the extension reads, with the same parser.
// No `vscode` here: this runs under plain Node from the package's `bin` entry (built to dist/cli.js).
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { version } from '../package.json';
import { DEFAULT_HEALTH_OPTIONS, healthFindings, runbookHealth } from './core/health/health';
import type { Incident } from './core/incident/model';
import { parseIncidentNote } from './core/incident/note';
import { decodeNote } from './node/noteFiles';
import { decodeRunbookBytes, DEFAULT_LEVELS_NOTICE, parseRunbook, Runbook, RunbookProblem, usesDefaultLevels } from './core/runbook';
import { runMergeDriver } from './node/mergeDriver';
import { plural } from './core/wording';

const USAGE = `Usage:
  incident-runbook lint FILE...          Print each problem as file:line:col: severity: message
  incident-runbook parse FILE --json     Print the runbook model as JSON
  incident-runbook parse FILE            Print a short summary of the runbook
  incident-runbook health FILE --incidents DIR [--json]
                                         How the runbook's steps fared in the incident notes of DIR
  incident-runbook mcp [--workspace DIR] [--runbook FILE]
                                         Serve the agent tools over stdio (Model Context Protocol)
  incident-runbook merge-note %O %A %B %P
                                         git's merge driver for incident notes: merges the ancestor %O, ours %A
                                         and theirs %B of the note at %P into %A (see README, "Note merging")
  incident-runbook --help                Show this help

mcp serves the workspace DIR (default: the current folder): its runbooks, found by the
incidentRunbook.runbooks globs of DIR/.vscode/settings.json, and its incident notes. It writes
notes as the extension does and never runs a shell command.
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

function health(args: readonly string[], output: Output): number {
  const json = args.includes('--json');
  const at = args.indexOf('--incidents');
  const folder = at >= 0 ? args[at + 1] : undefined;
  const files = args.filter((arg, i) => arg !== '--json' && i !== at && i !== at + 1);
  if (files.length !== 1 || !folder) {
    output.err(`incident-runbook health takes one FILE and --incidents DIR.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let runbook: Runbook;
  let names: string[];
  try {
    runbook = readRunbook(files[0]);
    names = readdirSync(folder).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    output.err(error instanceof UnreadableFile ? error.message : `incident-runbook: cannot read ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return EXIT_USAGE;
  }
  const incidents: Incident[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      const parsed = parseIncidentNote(decodeNote(readFileSync(file), file), name);
      if (parsed.ok) incidents.push(parsed.incident);
      else output.err(`${file}: not read (${parsed.problems[0]?.message ?? 'malformed'}); left out of the figures`);
    } catch (error) {
      output.err(`${file}: not read (${error instanceof Error ? error.message : String(error)}); left out of the figures`);
    }
  }
  const figures = runbookHealth(runbook, incidents, { ...DEFAULT_HEALTH_OPTIONS, now: new Date() });
  if (json) {
    output.out(JSON.stringify(figures, null, 2));
    return EXIT_OK;
  }
  output.out(`${runbook.title}: ${plural(incidents.length, 'incident')} in ${folder}`);
  for (const step of figures.steps) {
    output.out(`  ${step.title}: ${plural(step.runs.length, 'run')}, ${plural(step.failures, 'failure')}${step.lastRun ? `, last ${step.lastRun}` : ''}`);
  }
  for (const finding of healthFindings(figures)) {
    output.out(`${finding.source ? `${files[0]}:${finding.source.line + 1}: ` : ''}${finding.message}`);
  }
  return EXIT_OK;
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
  const unknownOption = rest.find((arg) => arg.startsWith('-') && arg !== '--json' && !(command === 'health' && arg === '--incidents'));
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
  if (command === 'health') return health(rest, output);
  if (command === 'mcp') {
    output.err(`incident-runbook mcp is a server: run it from a shell or an agent's MCP configuration.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (command === 'merge-note') return mergeNote(rest, output);
  output.err(`${command === undefined ? 'incident-runbook: no command given.' : `incident-runbook: unknown command "${command}".`}\n\n${USAGE}`);
  return EXIT_USAGE;
}

/** `mcp [--workspace DIR] [--runbook FILE]`: the options, or a usage error. */
export function mcpOptions(args: readonly string[], cwd: string): { workspace: string; runbook?: string } | { error: string } {
  const options: { workspace: string; runbook?: string } = { workspace: cwd };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = inline ?? args[++i];
    if ((flag !== '--workspace' && flag !== '--runbook') || value === undefined || value === '') {
      return { error: `incident-runbook mcp: ${flag === '--workspace' || flag === '--runbook' ? `${flag} needs a value` : `unknown argument ${args[i] ?? flag}`}.\n\n${USAGE}` };
    }
    if (flag === '--workspace') options.workspace = path.resolve(cwd, value);
    else options.runbook = value;
  }
  return options;
}

async function mcp(args: readonly string[], output: Output): Promise<number> {
  const options = mcpOptions(args, process.cwd());
  if ('error' in options) {
    output.err(options.error);
    return EXIT_USAGE;
  }
  if (!existsSync(options.workspace)) {
    output.err(`incident-runbook mcp: no folder ${options.workspace}.`);
    return EXIT_USAGE;
  }
  // Its own bundle, loaded only here: lint and parse never pay for the SDK.
  const { serveMcp } = await import('./node/mcp/server');
  await serveMcp({ ...options, version, log: output.err });
  return EXIT_OK;
}

if (require.main === module) {
  const output: Output = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
  };
  const args = process.argv.slice(2);
  if (args[0] === 'mcp' && !args.includes('--help')) {
    mcp(args.slice(1), output).then(
      (code) => (process.exitCode = code),
      (error) => {
        output.err(`incident-runbook mcp: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = EXIT_USAGE;
      },
    );
  } else {
    process.exitCode = main(args, output);
  }
}
