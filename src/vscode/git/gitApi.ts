// The part of VS Code's built-in git extension API (`vscode.git`, API version 1) that we use, typed here because
// the extension ships no package of its types (the shape follows extensions/git/src/api/git.d.ts in VS Code).
// Going through it, not a `git` child process, means the user's git set-up (path, credentials, askpass) applies.
import * as vscode from 'vscode';

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
  readonly authorEmail?: string;
  readonly commitDate?: Date;
}

export interface GitBranch {
  readonly name?: string;
  readonly commit?: string;
  readonly upstream?: { readonly remote: string; readonly name: string };
  readonly ahead?: number;
  readonly behind?: number;
}

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepositoryState {
  readonly HEAD: GitBranch | undefined;
  readonly remotes: readonly { readonly name: string; readonly fetchUrl?: string; readonly pushUrl?: string }[];
  readonly workingTreeChanges: readonly GitChange[];
  readonly indexChanges: readonly GitChange[];
  readonly mergeChanges: readonly GitChange[];
  /** Present when `git.untrackedChanges` is `separate`; otherwise untracked files are among workingTreeChanges. */
  readonly untrackedChanges?: readonly GitChange[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitLogOptions {
  readonly maxEntries?: number;
  readonly path?: string;
  /** Given, `maxEntries` is ignored (git.ts passes one or the other). */
  readonly range?: string;
  /** Where the log starts (read by `git log --stdin`); unlike `range`, it keeps `maxEntries`. */
  readonly refNames?: string[];
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  status(): Promise<void>;
  add(paths: string[]): Promise<void>;
  commit(message: string, options?: { readonly all?: boolean | 'tracked' }): Promise<void>;
  fetch(remote?: string, ref?: string, depth?: number): Promise<void>;
  pull(unshallow?: boolean): Promise<void>;
  /** Merges `ref` (a branch, `origin/main`) into HEAD; rejects with the code 'Conflict' when git stops on one. */
  merge(ref: string): Promise<void>;
  /** Never called with a force mode: we do not force-push. */
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  log(options?: GitLogOptions): Promise<GitCommit[]>;
  getCommit(ref: string): Promise<GitCommit>;
  /** The file at `path` (absolute) as of `ref`; rejects when it is not in that commit. */
  show(ref: string, path: string): Promise<string>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The git API, or undefined when the built-in git extension is absent or disabled (`git.enabled: false`). */
export async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const listener = api.onDidChangeState((state) => {
        if (state === 'initialized') {
          listener.dispose();
          resolve();
        }
      });
    });
  }
  return api;
}

/**
 * The repository holding `uri`, opening it when git has not yet (repository detection may be off, or the folder
 * not scanned yet); undefined when `uri` is in no repository or git is unavailable.
 */
export async function repositoryOf(uri: vscode.Uri): Promise<GitRepository | undefined> {
  const api = await gitApi();
  if (!api) return undefined;
  return api.getRepository(uri) ?? (await api.openRepository(uri)) ?? undefined;
}

/** What the git extension's failed operations carry (its GitError): git's own code for the failure and its stderr. */
export interface GitFailure {
  /** One of the extension's GitErrorCodes: 'Conflict', 'AuthenticationFailed', 'RemoteConnectionError', 'PushRejected'… */
  readonly gitErrorCode?: string;
  readonly stderr?: string;
  readonly message: string;
}

export function gitFailure(error: unknown): GitFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<Record<keyof GitFailure, unknown>>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  return { gitErrorCode: text(e.gitErrorCode), stderr: text(e.stderr), message: text(e.message) ?? String(error) };
}
