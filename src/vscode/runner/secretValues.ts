// Values of secret placeholders (`[token]`, `[DB_PASSWORD]`; src/core/shell/secrets.ts says which): asked
// in a masked input box and kept in VS Code's SecretStorage (the OS keychain), never in settings or
// workspace state. SecretStorage is one store for all workspaces, so each workspace's values sit under a
// random scope id of its own; the names it holds (not the values) are kept in workspace state, so that
// "Forget Placeholder Values" can find them (SecretStorage lists no keys in the VS Code versions we support).

import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { SettingsReader } from '../../config';
import { splitSecretValues, type KnownSecret } from '../../core/shell/secrets';

const SCOPE_KEY = 'incidentRunbook.secretPlaceholderScope';
const NAMES_KEY = 'incidentRunbook.secretPlaceholderNames';

export class SecretPlaceholderValues {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** The value kept for `name`, else the answer of a masked input box (then kept); undefined when dismissed. */
  async resolve(name: string): Promise<string | undefined> {
    const kept = await this.secrets.get(await this.keyOf(name));
    if (kept !== undefined) return kept;
    const answer = await vscode.window.showInputBox({
      title: `Secret value for [${name}]`,
      prompt: `Kept in VS Code's secret storage for this workspace ("Forget Placeholder Values" clears it). The incident note records [${name}], never the value.`,
      placeHolder: name,
      password: true,
      ignoreFocusOut: true,
    });
    if (answer === undefined) return undefined;
    await this.secrets.store(await this.keyOf(name), answer);
    await this.state.update(NAMES_KEY, [...new Set([...this.names(), name])]);
    return answer;
  }

  /**
   * Every secret value this workspace knows, to hide from what is written: the ones kept here, and those set in
   * `incidentRunbook.variables` under a secret placeholder's name.
   */
  async known(settings: SettingsReader): Promise<KnownSecret[]> {
    const kept: KnownSecret[] = [];
    for (const name of this.names()) {
      const value = await this.secrets.get(await this.keyOf(name));
      if (value !== undefined) kept.push({ name, value });
    }
    // Each folder of a multi-root workspace may set its own: read every folder's (a read with no folder sees none of them).
    const scopes = vscode.workspace.workspaceFolders?.map((folder) => folder.uri) ?? [undefined];
    const configured = scopes.flatMap((scope) => {
      const values = Object.fromEntries(Object.entries(settings.get('variables', scope)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      return splitSecretValues(values, settings.get('secretPlaceholders', scope)).secrets;
    });
    return [...kept, ...configured];
  }

  /** Forgets every secret value kept for this workspace; returns how many there were. */
  async clear(): Promise<number> {
    const names = this.names();
    for (const name of names) await this.secrets.delete(await this.keyOf(name));
    await this.state.update(NAMES_KEY, undefined);
    return names.length;
  }

  private names(): string[] {
    const names = this.state.get<unknown>(NAMES_KEY);
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  }

  private async keyOf(name: string): Promise<string> {
    return `incidentRunbook.placeholder/${await workspaceSecretScope(this.state)}/${name}`;
  }
}

/** This workspace's random scope id in the shared SecretStorage (made on first use, kept in workspace state). */
export async function workspaceSecretScope(state: vscode.Memento): Promise<string> {
  let scope = state.get<string>(SCOPE_KEY);
  if (!scope) {
    scope = randomUUID();
    await state.update(SCOPE_KEY, scope);
  }
  return scope;
}
