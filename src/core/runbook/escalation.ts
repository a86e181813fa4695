// Escalation "When" cells: "All incidents", "SEV1-2 after 30min", "SEV1 after 1hr", "2 hours", "45 m".
// The incident clocks use the same rules to say who to call next.
import { EscalationRule, LevelNumber } from './model';
import { parseDuration } from './duration';

export interface EscalationCondition {
  levels: LevelNumber[];
  afterMinutes: number;
}

/**
 * SEV1, SEV 1, SEV-1, Sev1, P1, severity 1; optionally a range (SEV1-2, SEV1 to SEV3) and a list (SEV1/2, SEV1, 2).
 * Spaces around the dash as `\s*(?:-\s*)?`: `\s*-?\s*` splits a run of spaces in every way, quadratic on a long one.
 */
const LEVEL_EXPRESSION =
  /\b(?:sev(?:erity)?|p)\s*(?:-\s*)?(\d+)(?:\s*(?:-|–|to)\s*(?:(?:sev|p)\s*(?:-\s*)?)?(\d+))?((?:\s*[/,&]\s*(?:(?:sev|p)\s*(?:-\s*)?)?\d+\b)*)(\s*\+|\s+(?:and|or)\s+(?:above|higher|worse|up))?/gi;
/**
 * "All incidents", "any level", "every SEV", "always", or "All" alone. Not "any data exposure": that names a
 * kind of incident, which no clock can tell (see isJudgement).
 */
const ALL_LEVELS = /\b(?:all|any|every)\s+(?:incidents?|levels?|sev(?:s|erit(?:y|ies))?|severit(?:y|ies)|cases?|pages?|alerts?|outages?)\b|\balways\b|^\W*(?:all|any|every(?:thing|one)?)\W*$/i;
/** A "When" cell that describes what happened ("Any data exposure", "If payments are affected", "When the IC asks"). */
const JUDGEMENT = /^\W*(?:any|all|every|if|when|whenever|upon)\b/i;
const IMMEDIATELY = /\b(?:immediate(?:ly)?|asap|at once|right away)\b/i;

/** The levels a text names (SEV1, SEV1-2, P1/P2, SEV2+) and the text without them. */
export function levelsIn(text: string, known: readonly LevelNumber[]): { levels: LevelNumber[]; rest: string } {
  const found = new Set<LevelNumber>();
  LEVEL_EXPRESSION.lastIndex = 0;
  const rest = text.replace(LEVEL_EXPRESSION, (_whole, first: string, rangeEnd?: string, list?: string, orHigher?: string) => {
    const from = Number(first);
    if (orHigher) {
      // "SEV2+" means SEV2 and everything more severe, i.e. lower numbers.
      for (const level of known) if (level <= from) found.add(level);
      found.add(from);
    } else if (rangeEnd !== undefined) {
      const to = Number(rangeEnd);
      for (let level = Math.min(from, to); level <= Math.max(from, to) && level - from < 100; level++) found.add(level);
    } else {
      found.add(from);
    }
    for (const extra of (list ?? '').match(/\d+/g) ?? []) found.add(Number(extra));
    return ' ';
  });
  return { levels: [...found].sort((a, b) => a - b), rest };
}

/**
 * Reads a "When" cell against the runbook's levels. Returns null when it says neither which levels nor after how
 * long. A cell that names no level applies to all levels; one that names no delay applies from the start.
 */
export function parseEscalationWhen(when: string, knownLevels: readonly LevelNumber[]): EscalationCondition | null {
  const { levels, rest } = levelsIn(when, knownLevels);
  const minutes = parseDuration(rest);
  const saysAll = ALL_LEVELS.test(rest);
  if (levels.length === 0 && minutes === null && !saysAll && !IMMEDIATELY.test(rest)) return null;
  return {
    levels: levels.length > 0 ? levels : [...knownLevels].sort((a, b) => a - b),
    afterMinutes: minutes ?? 0,
  };
}

/**
 * The rules that apply to an incident at `level` once `elapsedMinutes` have passed since it was declared, in table
 * order. A prose rule (afterMinutes null) is never due by a clock.
 */
export function escalationsDue(rules: readonly EscalationRule[], level: LevelNumber, elapsedMinutes: number): EscalationRule[] {
  return rules.filter((rule) => rule.afterMinutes !== null && rule.levels.includes(level) && elapsedMinutes >= rule.afterMinutes);
}

/** The next rule that will apply to an incident at `level` after `elapsedMinutes`, or null when none is left. */
export function nextEscalation(rules: readonly EscalationRule[], level: LevelNumber, elapsedMinutes: number): EscalationRule | null {
  let next: EscalationRule | null = null;
  for (const rule of rules) {
    if (rule.afterMinutes === null || !rule.levels.includes(level) || rule.afterMinutes <= elapsedMinutes) continue;
    if (!next || next.afterMinutes === null || rule.afterMinutes < next.afterMinutes) next = rule;
  }
  return next;
}

/** True when a "When" cell that parseEscalationWhen cannot read names a kind of incident: a responder's call. */
export function isJudgement(when: string): boolean {
  return JUDGEMENT.test(when);
}
