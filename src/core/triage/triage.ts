// Triage from the alert text: which of the runbook's levels and known incidents the words of "what is
// happening?" point at, each with a score and the runbook's words that made it ("symptoms say …"). Pure, so
// the declare command, the tests and any other caller get the same answer. Only what the runbook has is ever
// proposed: no level it does not define, no known incident it does not list.
import type { KnownIncident, SeverityLevel } from '../runbook/model';
import { levelInText } from '../runbook/levels';

/** A chart edge label that leads to exactly one level ("Service Down" → 1): src/core/flowchart/chartData.ts's triggers. */
export interface ChartTrigger {
  label: string;
  level: number;
}

export interface TriageInput {
  /** The levels to choose among: the runbook's, or the default levels when it defines none. */
  levels: readonly SeverityLevel[];
  incidents: readonly KnownIncident[];
  triggers?: readonly ChartTrigger[];
}

export interface LevelMatch {
  level: SeverityLevel;
  /** 0 when nothing of the text matched. */
  score: number;
  /** Why, in the runbook's words ("chart says “Service Down”"), or null. */
  reason: string | null;
}

export interface IncidentMatch {
  incident: KnownIncident;
  /** Index in the runbook's incidents (for step references). */
  index: number;
  score: number;
  reason: string | null;
}

export interface TriageProposal {
  /** The proposed level, or null when nothing matched (the person chooses). */
  level: LevelMatch | null;
  /** The proposed known incident, or null when none matched. */
  incident: IncidentMatch | null;
}

export interface Triage {
  /** Every level, in the runbook's order, with its score. */
  levels: LevelMatch[];
  /** Every known incident, best match first (the runbook's order among equals). */
  incidents: IncidentMatch[];
  proposal: TriageProposal;
}

/** One piece of the runbook a candidate is known by, and how much a word found there counts. */
interface Field {
  text: string;
  /** How the reason names it: "symptoms say", "chart says". */
  says: string;
  weight: number;
}

interface Candidate {
  fields: Field[];
  /** A name the alert text may carry whole ("IngressHighErrorRate", "INC-001"). */
  names: string[];
}

// Words that say nothing about which incident it is.
const STOPWORDS = new Set(
  'a an and are as at be been by for from has have in into is it its no not of on or our the this to was were with all any some after before every than then there when while'.split(' '),
);

/** Lower-case word stems of `text`: camelCase and digits split, plural and -ing/-ed endings dropped. */
export function triageWords(text: string): string[] {
  const spaced = text.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
  const words = spaced.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return words.filter((w) => w.length > 1 && !STOPWORDS.has(w)).map(stem);
}

function stem(word: string): string {
  if (/\d/.test(word)) return word;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && /(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** A status or error code names one failure; a word like "checkout" names a place many failures share. */
const CODE_WEIGHT = 2;
/** The alert's own name in the text says which playbook it is. */
const NAME_SCORE = 10;

function levelCandidate(level: SeverityLevel, triggers: readonly ChartTrigger[]): Candidate {
  const chart = triggers.filter((t) => t.level === level.level).map((t) => t.label);
  if (level.trigger && !chart.includes(level.trigger)) chart.push(level.trigger);
  return {
    fields: [
      ...chart.map((text) => ({ text, says: 'chart says', weight: 1.5 })),
      ...level.examples.map((text) => ({ text, says: 'example', weight: 1 })),
      { text: level.impact, says: 'impact', weight: 0.75 },
    ],
    names: [],
  };
}

function incidentCandidate(incident: KnownIncident): Candidate {
  return {
    fields: [
      { text: incident.title, says: 'title', weight: 1.5 },
      ...incident.symptoms.map((text) => ({ text, says: 'symptoms say', weight: 1.25 })),
      ...(incident.impact ? [{ text: incident.impact, says: 'impact', weight: 0.75 }] : []),
      ...incident.rootCauses.map((text) => ({ text, says: 'a cause is', weight: 0.5 })),
    ],
    // A playbook per alert is titled with the alert's name (`### HighErrorRate`).
    names: [incident.id, ...(/^[\p{L}\d_.:-]+$/u.test(incident.title) && incident.title.length > 5 ? [incident.title] : [])],
  };
}

interface Scored {
  score: number;
  reason: string | null;
}

/** Scores every candidate of one group against the text's words, rarer words of the group counting more. */
function scoreGroup(text: string, candidates: readonly Candidate[]): Scored[] {
  const query = [...new Set(triageWords(text))];
  const fieldWords = candidates.map((c) => c.fields.map((f) => new Set(triageWords(f.text))));
  const documentFrequency = new Map<string, number>();
  for (const fields of fieldWords) {
    const all = new Set(fields.flatMap((f) => [...f]));
    for (const word of all) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  const lowered = text.toLowerCase();
  return candidates.map((candidate, c) => {
    const byField = new Map<number, number>();
    let score = 0;
    for (const word of query) {
      const df = documentFrequency.get(word);
      if (!df) continue;
      const rarity = Math.log(1 + candidates.length / df);
      // The field where the word counts most stands for it.
      let best = -1;
      for (const [f, words] of fieldWords[c].entries()) {
        if (words.has(word) && (best < 0 || candidate.fields[f].weight > candidate.fields[best].weight)) best = f;
      }
      if (best < 0) continue;
      const points = rarity * candidate.fields[best].weight * (/\d/.test(word) ? CODE_WEIGHT : 1);
      score += points;
      byField.set(best, (byField.get(best) ?? 0) + points);
    }
    const named = candidate.names.find((name) => lowered.includes(name.toLowerCase()));
    if (named) return { score: score + NAME_SCORE, reason: `the alert is ${named}` };
    if (score === 0) return { score: 0, reason: null };
    const [field] = [...byField.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    const { says, text: said } = candidate.fields[field];
    return { score, reason: `${says} “${said}”` };
  });
}

/** The level a known incident's stated severity names among `levels` ("P2", "SEV-1", a level's own name), or null. */
function levelOfSeverity(severity: string | undefined, levels: readonly LevelMatch[]): LevelMatch | null {
  if (!severity) return null;
  const said = severity.trim().toLowerCase();
  const number = levelInText(severity);
  // Default levels are nobody's scale: a playbook's "major" or "P2" names none of them.
  const own = levels.filter((l) => l.level.origin !== 'default');
  return own.find((l) => l.level.name?.toLowerCase() === said || l.level.id.toLowerCase() === said) ?? own.find((l) => number !== null && l.level.level === number) ?? null;
}

export function triage(text: string, input: TriageInput): Triage {
  const triggers = input.triggers ?? [];
  const levelScores = scoreGroup(text, input.levels.map((l) => levelCandidate(l, triggers)));
  const levels: LevelMatch[] = input.levels.map((level, i) => ({ level, ...levelScores[i] }));
  const incidentScores = scoreGroup(text, input.incidents.map(incidentCandidate));
  const incidents: IncidentMatch[] = input.incidents
    .map((incident, index) => ({ incident, index, ...incidentScores[index] }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const incident = incidents[0]?.score > 0 ? incidents[0] : null;
  return { levels, incidents, proposal: { level: proposeLevel(levels, incident), incident } };
}

/**
 * The level to declare `incident` at: its rule's (ruleLevel), else the level the text scored best, else null (the
 * person chooses). Only a level in `levels` is ever returned.
 */
export function proposeLevel(levels: readonly LevelMatch[], incident: IncidentMatch | null): LevelMatch | null {
  return ruleLevel(levels, incident?.incident ?? null) ?? levels.reduce<LevelMatch | null>((top, l) => (l.score > (top?.score ?? 0) ? l : top), null);
}

/** The level a known incident sets itself, among `levels`: its CRITICAL rule's, then the severity it states; else null. */
export function ruleLevel(levels: readonly LevelMatch[], known: KnownIncident | null): LevelMatch | null {
  if (!known) return null;
  const forced = levels.find((l) => known.forcedLevel !== null && l.level.level === known.forcedLevel);
  if (forced) return { ...forced, reason: `${known.id} is always ${forced.level.id} per the runbook` };
  const stated = levelOfSeverity(known.severity, levels);
  return stated ? { ...stated, reason: `${known.id} says severity “${known.severity}”` } : null;
}
