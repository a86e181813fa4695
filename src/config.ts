// Every setting of the extension, typed, read in one place. Each default is written once, in the
// manifest (package.json `contributes.configuration`, which VS Code shows in the Settings editor):
// the fallback here is read from there, so the code and the Settings editor never disagree.
import * as vscode from 'vscode';
import { contributes } from '../package.json';
import type { DefaultLevel } from './core/runbook/defaults';

export interface Settings {
  runbooks: string[];
  incidentsFolder: string;
  postmortemsFolder: string;
  updateCadenceMinutes: Record<string, number>;
  /** As the person wrote it: checked by readDefaultLevels (core/runbook/defaults.ts), which reports what it leaves out. */
  defaultLevels: DefaultLevel[];
  variables: Record<string, unknown>;
  secretPlaceholders: string[];
  captureTimeoutSeconds: number;
  saveFullOutput: boolean;
  confirmBeforeRun: boolean;
  commander: string;
  shell: string;
  /** Level number → PagerDuty severity, as the person wrote it (severityFor reads only the four severities). */
  'pagerDuty.severities': Record<string, unknown>;
  'pagerDuty.pageLevels': number[];
  'pagerDuty.eventsUrl': string;
  'slack.webhookOrigin': string;
  'teams.webhookOrigins': string[];
}

export type SettingKey = keyof Settings;

/** Reads settings; activation is given one, so a test can pass its own (see createExtension). */
export interface SettingsReader {
  /** The value in effect for `scope` (a resource or workspace folder), else the manifest's default. */
  get<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K];
}

export const SECTION = 'incidentRunbook';

const manifestProperties = contributes.configuration.properties as Record<string, { default?: unknown }>;

/** The manifest's default for `key`. */
export function defaultSetting<K extends SettingKey>(key: K): Settings[K] {
  const property = manifestProperties[`${SECTION}.${key}`];
  if (!property) throw new Error(`${SECTION}.${key} is not contributed in package.json`);
  return property.default as Settings[K];
}

/** The full id of a setting, for `affectsConfiguration` and "open the setting" links. */
export function settingId(key: SettingKey): string {
  return `${SECTION}.${key}`;
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
