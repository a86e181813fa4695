// The git context of an incident, read through VS Code's git API (gitApi.ts): the HEAD recorded when it is declared,
// and the commits before the declaration that the post-mortem lists and Confirm Trigger Change offers.
import * as path from 'path';
import * as vscode from 'vscode';
import { defaultSetting, settingId } from '../../config';
import { recordedHead, type GitHead } from '../../core/incident/events';
import { recordGitHead, TransitionRefused } from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/model';
import { pathsNamedIn, type ChangeCommit, type ChangesBefore } from '../../core/postmortem/changes';
import type { LoadedRunbook } from '../runbook/runbookService';
import type { Services } from '../services';
import { repositoryOf, type GitCommit, type GitRepository } from './gitApi';

/** Git answers a local read in milliseconds; a repository on a slow disk or a hung credential helper must not hold us. */
const GIT_WAIT_MS = 10_000;
/** How many commits are read back from HEAD at most; the window then picks the hours before the declaration. */
const COMMITS_READ = 300;
const HOURS_MAX = 720;

class GitTimeout extends Error {}

function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GitTimeout(`git did not answer within ${GIT_WAIT_MS / 1000} s (${what})`)), GIT_WAIT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Records the repository's HEAD in the new note, just after the declaration and without holding it up: the declare
 * has returned by the time this runs. Nothing when no repository holds the note or git is disabled; a failure is
 * logged, never shown (the incident matters more than its git context).
 */
export async function recordHeadAfterDeclare(services: Services, incidentId: string, noteUri: vscode.Uri): Promise<void> {
  try {
    const head = await bounded(readHead(noteUri), 'reading HEAD for the new incident');
    if (!head) return;
    await services.store.update(incidentId, (current) => {
      const result = recordGitHead(current, head, services.clock.now());
      if (!result.ok) throw new TransitionRefused(result);
      return result.incident;
    });
  } catch (error) {
    if (error instanceof TransitionRefused && error.result.error.code === 'no-change') return;
    services.log.warn(`The repository HEAD was not recorded in ${incidentId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The repository holding a note, asked by the note's folder: git runs in a folder, and cannot start in a file. */
function repositoryOfNote(noteUri: vscode.Uri): Promise<GitRepository | undefined> {
  return repositoryOf(vscode.Uri.joinPath(noteUri, '..'));
}

async function readHead(noteUri: vscode.Uri): Promise<GitHead | undefined> {
  const repository = await repositoryOfNote(noteUri);
  if (!repository) return undefined;
  // A repository just opened has no state until its first status.
  if (!repository.state.HEAD?.commit) await repository.status();
  const head = repository.state.HEAD;
  // No commit yet (a new repository): nothing to record.
  return head?.commit ? { commit: head.commit, branch: head.name ?? null } : undefined;
}

/** The hours setting, or its default with the reason when it is not a number of hours. */
export function changesHours(services: Services, scope: vscode.Uri): { hours: number; problem?: string } {
  const value: unknown = services.settings.get('postmortemChangesHours', scope);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= HOURS_MAX) return { hours: value };
  const hours = defaultSetting('postmortemChangesHours');
  return { hours, problem: `${settingId('postmortemChangesHours')} is ${JSON.stringify(value)}, not a number of hours from 1 to ${HOURS_MAX}: ${hours} hours are used.` };
}

/**
 * The commits on the branch from the HEAD recorded at the declaration (else the repository's HEAD now), and which of
 * them touched the paths the runbook's related documents or the note name. The window is applied by the core.
 */
export async function readChangesBefore(incident: Incident, noteUri: vscode.Uri, runbook: LoadedRunbook | undefined, hours: number): Promise<ChangesBefore> {
  try {
    return await bounded(readChanges(incident, noteUri, runbook, hours), 'reading the commits before the incident');
  } catch (error) {
    return { unavailable: error instanceof GitTimeout ? error.message : `git could not read the commits (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function readChanges(incident: Incident, noteUri: vscode.Uri, runbook: LoadedRunbook | undefined, hours: number): Promise<ChangesBefore> {
  const repository = await repositoryOfNote(noteUri);
  if (!repository) return { unavailable: 'no git repository holds the incident note, or VS Code’s git is disabled (`git.enabled`)' };
  const recorded = recordedHead(incident);
  if (!recorded && !repository.state.HEAD?.commit) await repository.status();
  const head = recorded ?? (repository.state.HEAD?.commit ? { commit: repository.state.HEAD.commit, branch: repository.state.HEAD.name ?? null } : null);
  if (!head) return { unavailable: 'the repository has no commit yet' };
  const log = (options: { path?: string } = {}): Promise<GitCommit[]> => repository.log({ refNames: [head.commit], maxEntries: COMMITS_READ, ...options });
  const commits = (await log()).flatMap(toChangeCommit);
  if (commits.length === 0) {
    return { unavailable: recorded ? `the HEAD recorded at the declaration (${recorded.commit.slice(0, 7)}) is not in this clone: fetch it, then draft again` : 'git read no commit from HEAD' };
  }
  const touched: { path: string; hashes: string[] }[] = [];
  for (const named of namedPaths(incident, runbook, repository)) {
    const hashes = (await log({ path: named })).map((c) => c.hash);
    if (hashes.length > 0) touched.push({ path: named, hashes });
  }
  return { branch: head.branch, head: head.commit, headRecorded: recorded !== null, hours, commits, limit: COMMITS_READ, touched };
}

function toChangeCommit(commit: GitCommit): ChangeCommit[] {
  const at = commit.commitDate ?? commit.authorDate;
  if (!at || Number.isNaN(at.getTime())) return [];
  return [{ hash: commit.hash, subject: commit.message.split('\n', 1)[0], author: commit.authorName ?? '', committedAt: at.toISOString() }];
}

/** Repository-relative paths: the runbook's relative related documents (from its folder), then those the note names. */
function namedPaths(incident: Incident, runbook: LoadedRunbook | undefined, repository: GitRepository): string[] {
  const root = repository.rootUri.fsPath;
  const inRepository = (file: string): string | undefined => {
    const relative = path.relative(root, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined;
  };
  const fromRunbook = runbook && !runbook.bundled
    ? runbook.runbook.links
        .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.href) && !link.href.startsWith('#'))
        .map((link) => inRepository(vscode.Uri.joinPath(runbook.uri, '..', decoded(link.href.split('#')[0])).fsPath))
    : [];
  const fromNote = pathsNamedIn(incident).map((named) => inRepository(path.join(root, named)));
  return [...new Set([...fromRunbook, ...fromNote].filter((p): p is string => p !== undefined))];
}

/** A link's path as written on disk (`%20` is a space); a malformed escape is taken as written. */
function decoded(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
