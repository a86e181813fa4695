// A workspace's settings outside VS Code: the `incidentRunbook.*` keys of its .vscode/settings.json (JSON with
// comments, read with jsonc-parser, the parser VS Code itself uses), else the manifest's defaults. A value of the
// wrong type is left out and said so, as VS Code would ignore it.
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { defaultSetting, SECTION, type SettingKey, type Settings } from '../settings';

export interface WorkspaceSettings {
  get<K extends SettingKey>(key: K): Settings[K];
  /** What could not be used, in sentences for a log. */
  problems: string[];
}

export function readWorkspaceSettings(root: string): WorkspaceSettings {
  const file = path.join(root, '.vscode', 'settings.json');
  const problems: string[] = [];
  let values: Record<string, unknown> = {};
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file} could not be read (${(error as Error).message}); the defaults are used.`);
  }
  if (text !== undefined) {
    const errors: ParseError[] = [];
    const parsed: unknown = parse(text, errors, { allowTrailingComma: true });
    if (errors.length) problems.push(`${file}: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}; what could be read is used.`);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) values = parsed as Record<string, unknown>;
  }
  return {
    problems,
    get<K extends SettingKey>(key: K): Settings[K] {
      const fallback = defaultSetting(key);
      const id = `${SECTION}.${key}`;
      if (!Object.prototype.hasOwnProperty.call(values, id)) return fallback;
      const value = values[id];
      if (sameShape(value, fallback)) return value as Settings[K];
      problems.push(`${id} in ${file} is not of the setting's type; the default is used.`);
      return fallback;
    },
  };
}

function sameShape(value: unknown, fallback: unknown): boolean {
  if (Array.isArray(fallback)) return Array.isArray(value);
  if (fallback !== null && typeof fallback === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return typeof value === typeof fallback;
}
