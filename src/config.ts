// Settings as VS Code holds them: the reader activation is given, and links that open the Settings editor. The
// settings themselves (their keys, types and defaults) are in settings.ts, which the CLI reads too.
import * as vscode from 'vscode';
import { defaultSetting, SECTION, settingId, type SettingKey, type Settings } from './settings';

export { defaultSetting, SECTION, settingId, type SettingKey, type Settings } from './settings';

/** Reads settings; activation is given one, so a test can pass its own (see createExtension). */
export interface SettingsReader {
  /** The value in effect for `scope` (a resource or workspace folder), else the manifest's default. */
  get<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K];
}

/** A command that opens the Settings editor at `key`, for a tree item, a quick pick or a notification's button. */
export function openSettingCommand(key: SettingKey, title = 'Open Setting'): vscode.Command {
  return { command: 'workbench.action.openSettings', title, arguments: [settingId(key)] };
}

/** Opens the Settings editor at `key`. */
export function openSetting(key: SettingKey): Thenable<unknown> {
  const { command, arguments: args = [] } = openSettingCommand(key);
  return vscode.commands.executeCommand(command, ...args);
}

/** The user's and the workspace's settings, as VS Code holds them. */
export const workspaceSettings: SettingsReader = {
  get: (key, scope) => vscode.workspace.getConfiguration(SECTION, scope).get(key) ?? defaultSetting(key),
};
