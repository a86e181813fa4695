// git's merge driver for incident notes (`incident-runbook merge-note %O %A %B %P`): git hands over three files —
// the common ancestor, ours and theirs — and takes the result from ours' file; exit 0 means merged, anything else
// a conflict for the person to resolve. A note the core cannot merge goes to `git merge-file`, git's own text
// merge, so neither side is ever lost.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { mergeIncidentNote } from '../core/incident/merge';
import { decodeNote } from './noteFiles';

export interface MergeDriverFiles {
  /** %O: the common ancestor (empty when both sides added the file). */
  base: string;
  /** %A: ours, and where the result goes. */
  ours: string;
  /** %B: theirs. */
  theirs: string;
  /** %P: the note's path in the repository, for its name and the messages. */
  notePath: string;
}

export interface MergeDriverOutcome {
  /** 0: merged cleanly; 1: the result holds conflict markers (or git's merge could not run). */
  exit: 0 | 1;
  /** One line for the person running git. */
  message: string;
}

/** Runs `git merge-file`; its status is the number of conflicts, negative when it failed. */
export type GitMergeFile = (ours: string, base: string, theirs: string) => { status: number | null; stderr: string };

const gitMergeFile: GitMergeFile = (ours, base, theirs) => {
  const result = spawnSync('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs], { encoding: 'utf8' });
  return { status: result.status, stderr: result.error ? result.error.message : result.stderr };
};

export function runMergeDriver(files: MergeDriverFiles, mergeFile: GitMergeFile = gitMergeFile): MergeDriverOutcome {
  const name = files.notePath;
  let texts: [string, string, string];
  try {
    texts = [files.base, files.ours, files.theirs].map((file) => decodeNote(readFileSync(file), file)) as [string, string, string];
  } catch (error) {
    return textMerge(files, `${error instanceof Error ? error.message : String(error)}`, mergeFile);
  }
  const [base, ours, theirs] = texts;
  const result = mergeIncidentNote(base, ours, theirs, { fileName: path.basename(files.notePath) });
  if (result.kind === 'fallback') return textMerge(files, result.reason, mergeFile);
  writeFileSync(files.ours, result.text);
  const recorded = result.disagreements.length > 0 ? `; kept ours for ${result.disagreements.join(', ')} and recorded theirs in the timeline as [merge] events` : '';
  if (result.conflicts.length > 0) {
    return { exit: 1, message: `${name}: timeline and fields merged${recorded}; conflict markers in ${result.conflicts.map((c) => `"${c}"`).join(', ')}: resolve them, then add the file` };
  }
  return { exit: 0, message: `${name}: merged as an incident note${recorded}` };
}

function textMerge(files: MergeDriverFiles, reason: string, mergeFile: GitMergeFile): MergeDriverOutcome {
  const merged = mergeFile(files.ours, files.base, files.theirs);
  const why = `${files.notePath}: not merged as an incident note (${reason}); git's text merge was used`;
  if (merged.status === 0) return { exit: 0, message: why };
  if (merged.status !== null && merged.status > 0) return { exit: 1, message: `${why} and left conflict markers: resolve them, then add the file` };
  // Ours is left as it was; theirs stays in git's index (`git checkout --theirs`), so nothing is lost.
  return { exit: 1, message: `${why} but it failed (${merged.stderr.trim() || `status ${merged.status}`}); the file holds our version` };
}

// ---- set-up ---------------------------------------------------------------------------------------------------

/** The name of the driver in `.gitattributes` and in git's config. */
export const DRIVER_NAME = 'incident-note';

export interface NoteMergingSetup {
  /** The repository's top folder. */
  repository: string;
  attributesFile: string;
  /** The line `.gitattributes` holds for the incidents folder. */
  attributesLine: string;
  /** False when the line was there already. */
  attributesAdded: boolean;
  /** The command written as `merge.incident-note.driver` in the repository's local config. */
  driver: string;
}

function gitIn(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`git could not be run (${result.error.message}); install git and try again`);
  if (result.status !== 0) throw new Error(`git ${args[0]} failed in ${cwd}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The `.gitattributes` line sending an incidents folder's notes to the driver (a path with spaces is quoted, as git reads it). */
export function attributesLineFor(incidentsFolder: string): string {
  const pattern = `${incidentsFolder.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')}/*.md`;
  return `${/[\s"]/.test(pattern) ? JSON.stringify(pattern) : pattern} merge=${DRIVER_NAME}`;
}

/**
 * Sets up note merging for the repository holding `incidentsFolder` (an absolute path): the `.gitattributes` line at
 * the repository's top (committed, so the team shares it) and the driver in its local config (git never takes a
 * driver command from a committed file). `driver` is the command, with git's %O %A %B %P.
 */
export function enableNoteMerging(incidentsFolder: string, driver: string): NoteMergingSetup {
  const repository = gitIn(existsSync(incidentsFolder) ? incidentsFolder : path.dirname(incidentsFolder), ['rev-parse', '--show-toplevel']);
  const relative = path.relative(repository, incidentsFolder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${incidentsFolder} is not inside the repository ${repository}`);
  const attributesLine = attributesLineFor(relative || '.');
  const attributesFile = path.join(repository, '.gitattributes');
  const current = existsSync(attributesFile) ? readFileSync(attributesFile, 'utf8') : '';
  const attributesAdded = !current.split(/\r?\n/).some((line) => line.trim() === attributesLine);
  if (attributesAdded) {
    const eol = current.includes('\r\n') ? '\r\n' : '\n';
    writeFileSync(attributesFile, `${current}${current && !current.endsWith('\n') ? eol : ''}${attributesLine}${eol}`);
  }
  gitIn(repository, ['config', '--local', `merge.${DRIVER_NAME}.name`, 'Incident Runbook: merges incident notes by what they mean']);
  gitIn(repository, ['config', '--local', `merge.${DRIVER_NAME}.driver`, driver]);
  return { repository, attributesFile, attributesLine, attributesAdded, driver };
}
