// Every setting of the extension, typed, in one place. Each default is written once, in the manifest (package.json
// `contributes.configuration`, which VS Code shows in the Settings editor): the fallback here is read from there, so
// the code and the Settings editor never disagree. No `vscode` here: the CLI and the MCP server read the same
// settings from a workspace's .vscode/settings.json (src/node/workspaceSettings.ts).
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
  healthNeverRunIncidents: number;
  healthStaleRuns: number;
  postmortemChangesHours: number;
  syncNotesAfterEvent: boolean;
  /** Level number → PagerDuty severity, as the person wrote it (severityFor reads only the four severities). */
  'pagerDuty.severities': Record<string, unknown>;
  'pagerDuty.pageLevels': number[];
  'pagerDuty.confirmBeforePaging': boolean;
  'pagerDuty.eventsUrl': string;
  'slack.webhookOrigin': string;
  'teams.webhookOrigins': string[];
}

export type SettingKey = keyof Settings;

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

