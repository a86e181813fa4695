// Severity levels: rows from the classification table (or YAML), levels found in the triage flowchart,
// and reconciling the two into one list with the problems a reader should see.
import { LevelNumber, RunbookProblem, SeverityLevel, SourceRange } from './model';
import { Flowchart, FlowchartNode } from './flowchart';
import { parseResponseTime, formatResponseTime, ResponseTime, sameResponseTime } from './duration';
import { humanLine, problemAt } from './problems';

/** One level as a table row or YAML entry states it. Empty strings mean "not stated". */
export interface LevelRow {
  level: LevelNumber;
  impact: string;
  response: string;
  examples: string[];
  trigger: string;
  action: string;
  source?: SourceRange;
  /** The level as the runbook names it ("P1", "Critical", "Priority 1 (P1) - High"), when it is not plain SEVn. */
  name?: string;
  /** A time to resolve, as written, when the runbook states one apart from the response time. */
  resolution?: string;
}

/** One level as the flowchart states it. */
export interface ChartLevel {
  level: LevelNumber;
  nodeId: string;
  /** The label's text after the SEV id ("15min response"), or ''. */
  response: string;
  trigger: string;
  action: string;
  actionNodeId?: string;
}

/**
 * The levels used when a runbook defines none, unless the `incidentRunbook.defaultLevels` setting says otherwise
 * (package.json ships the same list; a unit test keeps the two equal). No response time, trigger or action: a
 * default never states what the team did not, so no response clock runs for them.
 */
export const DEFAULT_LEVELS: readonly LevelRow[] = [
  { level: 1, impact: 'Service down or data at risk for all users', response: '', examples: [], trigger: '', action: '' },
  { level: 2, impact: 'Major feature degraded for many users', response: '', examples: [], trigger: '', action: '' },
  { level: 3, impact: 'Minor feature impaired, workaround exists', response: '', examples: [], trigger: '', action: '' },
  { level: 4, impact: 'Cosmetic or low-impact issue', response: '', examples: [], trigger: '', action: '' },
];

/** How a level is named everywhere a person reads it: "SEV1". */
export function levelLabel(level: LevelNumber): string {
  return `SEV${level}`;
}

/** "SEV1", "SEV-1", "Sev 1", "severity 1", "P1". */
const LEVEL_IN_TEXT = /(?:\b(?:sev(?:erity)?)\s*(?:-\s*)?|\bP)(\d{1,2})\b/i;

/** The level a table cell names: "**1**", "1", "SEV1", "🔴 SEV-1 (Critical)", "P2". */
export function levelInCell(text: string): LevelNumber | null {
  const named = LEVEL_IN_TEXT.exec(text);
  if (named) return Number(named[1]);
  const bare = /^\D{0,4}?(\d{1,2})\b/.exec(text.trim());
  return bare ? Number(bare[1]) : null;
}

/** Words teams name levels with, and nothing else: "Critical", "Major", "Minor", "High" (a severity word alone). */
const LEVEL_WORD = /^(?:critical|blocker|emergency|urgent|severe|serious|major|high|significant|moderate|medium|normal|minor|low|trivial|cosmetic|warning|informational|info)$/i;

export interface LevelName {
  /** The number the name states (SEV0 → 0, P2 → 2, "1 - High" → 1), or null for a word alone ("Critical"). */
  number: LevelNumber | null;
  /** The name as written, up to the separator after it: "P1", "SEV-1", "Priority 1 (P1)", "Critical". */
  name: string;
  /** The text after the name and its separator: "High", "Site down for everyone". */
  rest: string;
}

/**
 * A level name at the start of a cell, heading or list item: SEV0–SEV9, SEV-1, Sev 1, Severity 1, P1, Priority 1
 * (P1), a severity word ("Critical", "High Severity"), or with `bareNumbers` a number alone ("1 - High Severity",
 * `**1**`). What follows must be a separator or the end, so "High CPU on the primary" is no level.
 */
export function levelNameAt(raw: string, bareNumbers: boolean): LevelName | null {
  const text = raw.replace(/^[^\p{L}\p{N}]{0,6}/u, '').trimEnd();
  const named = /^(?:sev(?:erity)?|priority|prio|p)\s*(?:-\s*)?(\d{1,2})\b(?:\s*\((?:sev|p)\s*-?\d{1,2}\))?/i.exec(text)
    ?? (bareNumbers ? /^(\d{1,2})(?=\s*(?:[-–—:.)|]|$))/.exec(text) : null);
  if (named) return nameWithRest(text, named[0], Number(named[1]));
  const word = /^(\p{L}+)(?:\s+(?:severity|priority|impact|sev))?(?=\s*(?:[-–—:(|,]|$))/iu.exec(text);
  if (word && LEVEL_WORD.test(word[1])) return nameWithRest(text, word[0], null);
  return null;
}

function nameWithRest(text: string, name: string, number: LevelNumber | null): LevelName | null {
  const after = text.slice(name.length);
  // "SEV1 Outage" names a level; "P1 is the highest" does too; "Critical path" or "Major version" do not.
  if (number === null && after !== '' && !/^\s*[-–—:(|,]/.test(after)) return null;
  return { number, name: name.replace(/[*_]+/g, '').trim(), rest: after.replace(/^\s*[-–—:|,]\s*/, '').trim() };
}

/** The level a piece of prose names ("always SEV1"), or null; bare numbers do not count here. */
export function levelInText(text: string): LevelNumber | null {
  const named = LEVEL_IN_TEXT.exec(text);
  return named ? Number(named[1]) : null;
}

function levelOfNode(node: FlowchartNode): LevelNumber | null {
  return levelInText(node.label) ?? (/^sev(\d{1,2})$/i.test(node.id) ? Number(node.id.slice(3)) : null);
}

/** What a level node's label says after the level: "SEV1: 15min response" → "15min response". */
function responseInLabel(label: string): string {
  const named = LEVEL_IN_TEXT.exec(label);
  if (!named) return '';
  const after = label.slice(named.index + named[0].length);
  return after.replace(/^[\s:,\-–—|/()]+/, '').replace(/[\s)]+$/, '').trim();
}

/** Levels in a flowchart: nodes whose label names a level, the labelled edge into each, and the action after it. */
export function levelsFromFlowchart(chart: Flowchart): ChartLevel[] {
  const levelByNode = new Map<string, LevelNumber>();
  for (const node of chart.nodes) {
    const level = levelOfNode(node);
    if (level !== null) levelByNode.set(node.id, level);
  }
  const nodeById = new Map(chart.nodes.map((node) => [node.id, node] as const));
  const levels: ChartLevel[] = [];
  const seen = new Set<LevelNumber>();
  for (const node of chart.nodes) {
    const level = levelByNode.get(node.id);
    if (level === undefined || seen.has(level)) continue;
    seen.add(level);
    const incoming = chart.edges.find((edge) => edge.to === node.id && edge.label !== '');
    const outgoing = chart.edges.find((edge) => edge.from === node.id && !levelByNode.has(edge.to));
    const actionNode = outgoing ? nodeById.get(outgoing.to) : undefined;
    const chartLevel: ChartLevel = {
      level,
      nodeId: node.id,
      response: responseInLabel(node.label),
      trigger: incoming?.label ?? '',
      action: actionNode?.label ?? '',
    };
    if (actionNode) chartLevel.actionNodeId = actionNode.id;
    levels.push(chartLevel);
  }
  return levels;
}

/** Where the reader can point at things inside the flowchart. */
export interface ChartLocation {
  range: SourceRange;
  /** The range of the line that defines a node, or the chart's own range when unknown. */
  nodeRange(nodeId: string): SourceRange;
}

function describe(time: ResponseTime, text: string): string {
  return `"${text}" (${formatResponseTime(time)})`;
}

function levelFromRow(row: LevelRow, chart: ChartLevel | undefined): SeverityLevel {
  const response = row.response || chart?.response || '';
  const time = parseResponseTime(response);
  const level: SeverityLevel = {
    id: levelLabel(row.level),
    level: row.level,
    impact: row.impact,
    responseMinutes: time.responseMinutes,
    responseKind: time.responseKind,
    response,
    action: row.action || chart?.action || '',
    trigger: row.trigger || chart?.trigger || '',
    examples: row.examples,
  };
  if (row.name && row.name !== level.id) level.name = row.name;
  if (row.resolution) {
    level.resolution = row.resolution;
    level.resolutionMinutes = parseResponseTime(row.resolution).responseMinutes;
  }
  if (row.source) level.source = row.source;
  if (chart) {
    level.nodeId = chart.nodeId;
    if (chart.actionNodeId) level.actionNodeId = chart.actionNodeId;
  }
  return level;
}

/**
 * One list of levels from the table rows and the chart. The table wins where both speak; the chart fills what the
 * table leaves out (trigger, action, levels it lacks). A response time that differs between the two is an error.
 */
export function reconcileLevels(
  rows: readonly LevelRow[],
  chartLevels: readonly ChartLevel[],
  chart: ChartLocation | null,
  problems: RunbookProblem[],
): SeverityLevel[] {
  const chartByLevel = new Map(chartLevels.map((level) => [level.level, level] as const));
  const levels: SeverityLevel[] = [];
  const seen = new Map<LevelNumber, LevelRow>();
  // Levels that state no time at all are a choice (many teams give only what to do): said once, not per level.
  const statesTimes = rows.some((row) => row.response !== '') || chartLevels.some((level) => level.response !== '');
  const firstSource = rows.find((row) => row.source)?.source;
  if (!statesTimes && firstSource) {
    problems.push(problemAt(firstSource, 'info', 'no-response-times',
      'These levels state no response time, so no response clock runs for any of them. To have one, give each level a time (e.g. "Response: 15 min").'));
  }
  for (const row of rows) {
    const here = row.source ?? chart?.range;
    const earlier = seen.get(row.level);
    if (earlier) {
      if (here) {
        const where = earlier.source ? ` (line ${humanLine(earlier.source.line)})` : '';
        problems.push(problemAt(here, 'warning', 'duplicate-level', `${levelLabel(row.level)} is defined twice; the first definition${where} is used.`));
      }
      continue;
    }
    seen.set(row.level, row);
    const chartLevel = chartByLevel.get(row.level);
    const level = levelFromRow(row, chartLevel);
    levels.push(level);
    if (!here) continue;
    if (row.response === '' && !chartLevel?.response && statesTimes) {
      problems.push(problemAt(here, 'warning', 'missing-response', `${level.id} has no response time; it gets no response clock.`));
    } else if (level.responseKind === 'unknown' && level.response !== '') {
      problems.push(problemAt(here, 'warning', 'unknown-duration', `${level.id}: cannot read the response time "${level.response}" (write e.g. "15 min", "1 hour", "Next business day").`));
    }
    if (chartLevel && chart && row.response && chartLevel.response) {
      const tableTime = parseResponseTime(row.response);
      const chartTime = parseResponseTime(chartLevel.response);
      if (tableTime.responseKind !== 'unknown' && chartTime.responseKind !== 'unknown' && !sameResponseTime(tableTime, chartTime)) {
        const chartLine = humanLine(chart.nodeRange(chartLevel.nodeId).line);
        problems.push(problemAt(here, 'error', 'level-contradiction',
          `${level.id}: the table says ${describe(tableTime, row.response)} but the flowchart (line ${chartLine}) says ${describe(chartTime, chartLevel.response)}.`));
      }
    }
    if (!chartLevel && chart && chartLevels.length > 0) {
      problems.push(problemAt(here, 'info', 'level-not-in-flowchart', `${level.id} is in the table but not in the flowchart.`));
    }
  }
  for (const chartLevel of chartLevels) {
    if (seen.has(chartLevel.level) || !chart) continue;
    const range = chart.nodeRange(chartLevel.nodeId);
    const level = levelFromRow(
      { level: chartLevel.level, impact: '', response: '', examples: [], trigger: '', action: '', source: range },
      chartLevel,
    );
    levels.push(level);
    if (rows.length > 0) {
      problems.push(problemAt(range, 'warning', 'level-not-in-table', `${level.id} is in the flowchart but not in the table; it has no impact or examples.`));
    }
    if (level.response !== '' && level.responseKind === 'unknown') {
      problems.push(problemAt(range, 'warning', 'unknown-duration', `${level.id}: cannot read the response time "${level.response}" in the flowchart.`));
    }
  }
  return levels.sort((a, b) => a.level - b.level);
}
