// Defaults fill the gaps a runbook leaves, and are always marked as such (origin 'default'), never shown as the
// runbook's. The levels of a runbook that defines none come from the `incidentRunbook.defaultLevels` setting, whose
// value is checked here: a person typed it, so a bad entry is reported and left out, never guessed at.
import type { Runbook, SeverityLevel } from './model';
import { DEFAULT_LEVELS, LevelRow, levelLabel, levelInCell, reconcileLevels } from './levels';

export const DEFAULT_LEVELS_SETTING = 'incidentRunbook.defaultLevels';

/** What every view says beside levels that are defaults. */
export const DEFAULT_LEVELS_NOTICE = 'default levels — this runbook defines none';

/** One entry of the `incidentRunbook.defaultLevels` setting, as package.json describes it. */
export interface DefaultLevel {
  /** 1 for SEV1 (a name such as "SEV1" is read too). */
  level: number | string;
  impact?: string;
  /** A response time the person states ("15 min"); without one, no response clock runs. */
  response?: string;
  action?: string;
}

export interface DefaultLevelsReading {
  levels: LevelRow[];
  /** What was wrong with the setting, one sentence each; the entries or fields in question are left out. */
  problems: string[];
}

const TEXT_FIELDS = ['impact', 'response', 'action'] as const;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function levelNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 99 ? value : null;
  if (typeof value === 'string') return levelInCell(value);
  return null;
}

function shipped(problems: string[]): DefaultLevelsReading {
  return { levels: DEFAULT_LEVELS.map((row) => ({ ...row, examples: [] })), problems };
}

/** The setting's levels, sorted, with what was wrong with it; the shipped levels when it names none that can be read. */
export function readDefaultLevels(value: unknown): DefaultLevelsReading {
  const problems: string[] = [];
  if (value === undefined || value === null) return shipped(problems);
  if (!Array.isArray(value)) {
    return shipped([`${DEFAULT_LEVELS_SETTING} should be a list of levels like { "level": 1, "impact": "…" }; the shipped SEV1–SEV4 are used.`]);
  }
  const levels: LevelRow[] = [];
  value.forEach((entry: unknown, index) => {
    const where = `${DEFAULT_LEVELS_SETTING}[${index}]`;
    const level = isRecord(entry) ? levelNumber(entry.level) : null;
    if (!isRecord(entry) || level === null) {
      problems.push(`${where} has no "level" (a number such as 1, or a name such as "SEV1"); it is left out.`);
      return;
    }
    if (levels.some((row) => row.level === level)) {
      problems.push(`${where}: ${levelLabel(level)} is listed twice; the first is used.`);
      return;
    }
    const row: LevelRow = { level, impact: '', response: '', examples: [], trigger: '', action: '' };
    for (const field of TEXT_FIELDS) {
      const text = entry[field];
      if (typeof text === 'string') row[field] = text.trim();
      else if (text !== undefined) problems.push(`${where}.${field} should be text; it is left out.`);
    }
    levels.push(row);
  });
  if (levels.length === 0) {
    problems.push(`${DEFAULT_LEVELS_SETTING} lists no level that can be read; the shipped SEV1–SEV4 are used.`);
    return shipped(problems);
  }
  return { levels: levels.sort((a, b) => a.level - b.level), problems };
}

/** The default levels in a sentence for the author: "SEV1, SEV2 from the setting …; none has a response time …". */
export function describeDefaultLevels(rows: readonly LevelRow[]): string {
  const names = rows.map((row) => (row.response ? `${levelLabel(row.level)} ${row.response}` : levelLabel(row.level))).join(', ');
  const clocks = rows.some((row) => row.response) ? '' : '; none has a response time, so no response clock runs';
  return `${names}, from the setting ${DEFAULT_LEVELS_SETTING}${clocks}`;
}

/** Default levels as the model holds them, each marked 'default' (they have no source in any runbook). */
export function defaultSeverityLevels(rows: readonly LevelRow[] = DEFAULT_LEVELS): SeverityLevel[] {
  return reconcileLevels(rows, [], null, []).map((level) => ({ ...level, origin: 'default' }));
}

/** True when the runbook's levels are the defaults: the file defines none. */
export function usesDefaultLevels(runbook: Pick<Runbook, 'levels'>): boolean {
  return runbook.levels.length > 0 && runbook.levels.every((level) => level.origin === 'default');
}
