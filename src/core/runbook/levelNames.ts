// How a level is named where a person reads it: as the runbook names it ("P1", "Critical", "Priority 1 (P1)"), and
// as its SEVn id only when the runbook names it so or names nothing (an incident whose runbook is gone).
import { levelLabel } from './levels';
import type { LevelNumber, SeverityLevel } from './model';

/** The levels a name is looked up among: a runbook's, or none (no runbook, or one not read yet). */
export type LevelList = readonly SeverityLevel[] | null | undefined;

/** The level's name as written in the runbook, else its id ("SEV1"). */
export function levelName(level: Pick<SeverityLevel, 'id' | 'name'>): string {
  return level.name ?? level.id;
}

/** The name `levels` give the level number `level`; its SEVn id when none of them is that level. */
export function levelNameIn(levels: LevelList, level: LevelNumber): string {
  const found = levels?.find((candidate) => candidate.level === level);
  return found ? levelName(found) : levelLabel(level);
}

/**
 * The name as `levelNameIn` gives it, marked "(default level)" when the level is one of the default levels (the
 * runbook defines none): where a level is shown beside what it means, a default must not pass for the runbook's.
 */
export function markedLevelNameIn(levels: LevelList, level: LevelNumber): string {
  const found = levels?.find((candidate) => candidate.level === level);
  return found?.origin === 'default' ? `${levelName(found)} (default level)` : levelNameIn(levels, level);
}
