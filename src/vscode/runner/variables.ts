// Values for runbook placeholders (`[domain]`): from the caller, else the `incidentRunbook.variables`
// setting, else an answer given earlier in this workspace, else an input box whose answer is remembered (or, with
// its "Save for the team" button, written to that setting in the workspace settings, for everyone who shares them).
// The values are quoted for the shell later (src/core/shell/placeholders.ts); here they are plain text.

import * as vscode from 'vscode';
import { SECTION, settingId, type SettingsReader } from '../../config';
import { placeholderExample } from '../../core/shell/placeholderExample';
import { isSecretPlaceholder } from '../../core/shell/secrets';
import type { SecretPlaceholderValues } from './secretValues';

const REMEMBERED_KEY = 'incidentRunbook.placeholderValues';

export class PlaceholderValues {
  constructor(
    private readonly state: vscode.Memento,
    private readonly settings: SettingsReader,
    private readonly secretValues: SecretPlaceholderValues,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** A value for every name, or undefined when the person dismissed an input box. `commands` are shown in the box. */
  async resolve(names: readonly string[], explicit: Readonly<Record<string, string>> | undefined, scope: vscode.Uri | undefined, commands: readonly string[] = []): Promise<Record<string, string> | undefined> {
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
      const known = this.lookup(name, explicit, configured);
      if (known !== undefined) {
        values[name] = known;
        continue;
      }
      const answer = await askValue(name, commands.filter((command) => command.includes(`[${name}]`)));
      if (answer === undefined) return undefined;
      values[name] = answer.value;
      if (answer.forTeam && (await saveForTeam(name, answer.value, scope, this.log))) continue;
      await this.state.update(REMEMBERED_KEY, { ...this.remembered(), [name]: answer.value });
      this.log.info(`[${name}] remembered for you in this workspace${answer.forTeam ? ' (the team settings could not be written)' : ''}.`);
    }
    return values;
  }

  /**
   * The values known without asking anyone (a preview of the run, such as an agent's confirmation): from the caller,
   * the setting or an earlier answer. Secrets are left out, so a preview never unlocks or shows one.
   */
  known(names: readonly string[], explicit: Readonly<Record<string, string>> | undefined, scope: vscode.Uri | undefined): Record<string, string> {
    const configured = this.settings.get('variables', scope);
    const secretWords = this.settings.get('secretPlaceholders', scope);
    const values: Record<string, string> = {};
    for (const name of names) {
      const value = isSecretPlaceholder(name, secretWords) ? undefined : this.lookup(name, explicit, configured);
      if (value !== undefined) values[name] = value;
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

  private lookup(name: string, explicit: Readonly<Record<string, string>> | undefined, configured: Readonly<Record<string, unknown>>): string | undefined {
    return pick(explicit, name) ?? pick(configured, name) ?? pick(this.remembered(), name);
  }

  private remembered(): Record<string, unknown> {
    return this.state.get<Record<string, unknown>>(REMEMBERED_KEY) ?? {};
  }
}

const SAVE_FOR_TEAM: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('organization'),
  tooltip: `Save for the team: writes the value to ${settingId('variables')} in the workspace settings (.vscode/settings.json)`,
};

/** Asks for `[name]`'s value, showing the commands it fills and an example; Enter keeps it for this workspace. */
function askValue(name: string, commands: readonly string[]): Promise<{ value: string; forTeam: boolean } | undefined> {
  const box = vscode.window.createInputBox();
  box.title = `Value for [${name}]`;
  const fills = commands.length ? `Fills [${name}] in: ${commands.slice(0, 2).join('  ·  ')}${commands.length > 2 ? ` (and ${commands.length - 2} more)` : ''}. ` : '';
  box.prompt = `${fills}Enter keeps it for you in this workspace ("Forget Placeholder Values" clears it); the team button saves it in the workspace settings. It is quoted for the shell; a run where quoting cannot keep it inert (sh -c, ssh, eval, $(( )), a here-document) is refused.`;
  const example = placeholderExample(name);
  box.placeholder = example ? `e.g. ${example}` : name;
  box.ignoreFocusOut = true;
  box.buttons = [SAVE_FOR_TEAM];
  return new Promise((resolve) => {
    let answered = false;
    const answer = (forTeam: boolean): void => {
      answered = true;
      resolve({ value: box.value, forTeam });
      box.hide();
    };
    box.onDidAccept(() => answer(false));
    box.onDidTriggerButton((button) => {
      if (button !== SAVE_FOR_TEAM) return;
      // An empty value in the team's settings would fill every teammate's command with nothing.
      if (box.value.trim() === '') box.validationMessage = 'Type the value first, then save it for the team.';
      else answer(true);
    });
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidHide(() => {
      if (!answered) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

/**
 * Adds `name` to the variables setting of the workspace (of the folder, in a multi-root workspace), keeping what is
 * there. False, with a warning, when it cannot be written: the value is then remembered as for Enter.
 */
async function saveForTeam(name: string, value: string, scope: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<boolean> {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 && scope !== undefined;
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const inspected = configuration.inspect<Record<string, unknown>>('variables');
  const current = (multiRoot ? inspected?.workspaceFolderValue : inspected?.workspaceValue) ?? {};
  try {
    await configuration.update('variables', { ...current, [name]: value }, multiRoot ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
    log.info(`[${name}] saved for the team in the ${multiRoot ? 'folder' : 'workspace'} settings (${settingId('variables')}).`);
    void vscode.window.showInformationMessage(`[${name}] is saved for the team in the workspace settings (${settingId('variables')}): commit them to share it.`);
    return true;
  } catch (error) {
    log.warn(`[${name}] could not be saved for the team in the workspace settings: ${error instanceof Error ? error.message : String(error)}; remembered in this workspace instead.`);
    void vscode.window.showWarningMessage(`[${name}] could not be saved in the workspace settings (${error instanceof Error ? error.message : String(error)}); it is remembered for you in this workspace.`);
    return false;
  }
}

function pick(source: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  if (!source || !Object.prototype.hasOwnProperty.call(source, name)) return undefined;
  const value = source[name];
  return typeof value === 'string' ? value : undefined;
}
