// Values for runbook placeholders (`[domain]`): from the caller, else the `incidentRunbook.variables`
// setting, else an answer given earlier in this workspace, else an input box whose answer is remembered.
// The values are quoted for the shell later (src/core/shell/placeholders.ts); here they are plain text.

import * as vscode from 'vscode';
import type { SettingsReader } from '../../config';
import { isSecretPlaceholder } from '../../core/shell/secrets';
import type { SecretPlaceholderValues } from './secretValues';

const REMEMBERED_KEY = 'incidentRunbook.placeholderValues';

export class PlaceholderValues {
  constructor(
    private readonly state: vscode.Memento,
    private readonly settings: SettingsReader,
    private readonly secretValues: SecretPlaceholderValues,
  ) {}

  /** A value for every name, or undefined when the person dismissed an input box. */
  async resolve(names: readonly string[], explicit: Readonly<Record<string, string>> | undefined, scope: vscode.Uri | undefined): Promise<Record<string, string> | undefined> {
    const configured = this.settings.get('variables', scope);
    const values: Record<string, string> = {};
    const secretWords = this.settings.get('secretPlaceholders', scope);
    for (const name of names) {
      if (isSecretPlaceholder(name, secretWords)) {
        const secret = pick(explicit, name) ?? pick(configured, name) ?? (await this.resolveSecret(name));
        if (secret === undefined) return undefined;
        values[name] = secret;
        continue;
      }
      const known = pick(explicit, name) ?? pick(configured, name) ?? pick(this.remembered(), name);
      if (known !== undefined) {
        values[name] = known;
        continue;
      }
      const answer = await vscode.window.showInputBox({
        title: `Value for [${name}]`,
        prompt: 'Remembered for this workspace ("Forget Placeholder Values" clears it). It is quoted for the shell where the placeholder stands; where quoting cannot keep it inert (sh -c, ssh, eval, $(( )), a here-document) the run is refused.',
        placeHolder: name,
        ignoreFocusOut: true,
      });
      if (answer === undefined) return undefined;
      values[name] = answer;
      await this.state.update(REMEMBERED_KEY, { ...this.remembered(), [name]: answer });
    }
    return values;
  }

  async clear(): Promise<number> {
    const count = Object.keys(this.remembered()).length;
    await this.state.update(REMEMBERED_KEY, undefined);
    return count + (await this.secretValues.clear());
  }

  /** A secret's value from SecretStorage or a masked box; one remembered here before it counted as secret is dropped. */
  private async resolveSecret(name: string): Promise<string | undefined> {
    const remembered = this.remembered();
    if (Object.prototype.hasOwnProperty.call(remembered, name)) {
      await this.state.update(REMEMBERED_KEY, Object.fromEntries(Object.entries(remembered).filter(([key]) => key !== name)));
    }
    return this.secretValues.resolve(name);
  }

  private remembered(): Record<string, unknown> {
    return this.state.get<Record<string, unknown>>(REMEMBERED_KEY) ?? {};
  }
}

function pick(source: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  if (!source || !Object.prototype.hasOwnProperty.call(source, name)) return undefined;
  const value = source[name];
  return typeof value === 'string' ? value : undefined;
}
