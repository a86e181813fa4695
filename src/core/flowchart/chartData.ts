// Turns a Runbook (and its parsed flowchart) into the data the webview draws: which node is which
// level, what each action node means, and the triage helper's choices with the path each one
// lights up. Pure (no `vscode`), so it is unit-tested in Node and the webview stays a thin view.
import type { Flowchart } from '../runbook/flowchart';
import type { Runbook, SeverityLevel } from '../runbook/model';
import { usesDefaultLevels } from '../runbook/defaults';
import { levelName } from '../runbook/levelNames';
import { responseWording } from '../wording';
import type {
  ActionKind,
  ChartAction,
  ChartEdge,
  ChartLevel,
  ChartNode,
  FlowchartData,
  LabelChain,
  PathEdge,
  TriageChoice,
} from '../../protocol/flowchart';

/** What `parseFlowchart` (src/core/runbook/flowchart.ts) returns; only the part we read. */
export type ParsedChart = Pick<Flowchart, 'nodes' | 'edges'>;

const SEV_LABEL = /\bSEV\s*(?:-\s*)?(\d+)\b/i;

/** The node that stands for `level`: the parser's link when it gave one, else a node labelled "SEVn…". */
export function findLevelNode(level: SeverityLevel, chart: ParsedChart): string | null {
  if (level.nodeId && chart.nodes.some((n) => n.id === level.nodeId)) return level.nodeId;
  for (const node of chart.nodes) {
    const match = SEV_LABEL.exec(node.label);
    if (match && Number(match[1]) === level.level) return node.id;
  }
  return null;
}

const ACTION_RULES: ReadonlyArray<{ kind: ActionKind; pattern: RegExp; meaning: string }> = [
  {
    kind: 'page',
    pattern: /\bpag(e|er|ing)\b|on-?call/i,
    meaning: 'Page the on-call engineer now, day or night; they must respond within the level’s response time.',
  },
  {
    kind: 'notify',
    pattern: /notif|alert|inform|slack|chat|message/i,
    meaning: 'Tell the owning team in its channel now, without paging; someone picks it up within the response time.',
  },
  {
    kind: 'ticket',
    pattern: /ticket|jira|issue|queue/i,
    meaning: 'Open a ticket in the team’s queue; it is handled in working hours.',
  },
  {
    kind: 'backlog',
    pattern: /backlog|later|sprint|planning/i,
    meaning: 'Record it in the backlog; it is planned with normal work, no immediate response.',
  },
];

export function describeAction(label: string): { kind: ActionKind; meaning: string } {
  for (const rule of ACTION_RULES) {
    if (rule.pattern.test(label)) return { kind: rule.kind, meaning: rule.meaning };
  }
  return { kind: 'other', meaning: `The runbook’s action for this level: ${label}.` };
}

/** Shortest chain of edges from a start node (one nothing points at) to `target`. */
function pathFromStart(target: string, chart: ParsedChart): PathEdge[] {
  const incoming = new Map<string, ChartEdge[]>();
  for (const edge of chart.edges) {
    const list = incoming.get(edge.to) ?? [];
    list.push(edge);
    incoming.set(edge.to, list);
  }
  // Breadth-first backwards from the target; the first node without incoming edges is the start.
  const cameFrom = new Map<string, ChartEdge | null>([[target, null]]);
  const queue = [target];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    const edges = incoming.get(node) ?? [];
    if (edges.length === 0) return unwind(node, cameFrom);
    for (const edge of edges) {
      if (cameFrom.has(edge.from)) continue;
      cameFrom.set(edge.from, edge);
      queue.push(edge.from);
    }
  }
  // Every node on the way is in a cycle: there is no start, so light up the target alone.
  return [];
}

function unwind(start: string, cameFrom: Map<string, ChartEdge | null>): PathEdge[] {
  const path: PathEdge[] = [];
  let edge = cameFrom.get(start) ?? null;
  while (edge) {
    path.push({ from: edge.from, to: edge.to });
    edge = cameFrom.get(edge.to) ?? null;
  }
  return path;
}

function nodesOf(edges: PathEdge[], extra: Array<string | null>): string[] {
  const nodes = new Set<string>();
  for (const edge of edges) {
    nodes.add(edge.from);
    nodes.add(edge.to);
  }
  for (const id of extra) if (id) nodes.add(id);
  return [...nodes];
}

/** Levels reachable from `start` (itself included), following edges forwards. */
function levelsReachableFrom(start: string, chart: ParsedChart, levelByNode: Map<string, number>): number[] {
  const seen = new Set([start]);
  const queue = [start];
  const found = new Set<number>();
  for (let i = 0; i < queue.length; i++) {
    const level = levelByNode.get(queue[i]);
    // A level node ends the walk: what follows it is its action, not another triage branch.
    if (level !== undefined) {
      found.add(level);
      continue;
    }
    for (const edge of chart.edges) {
      if (edge.from === queue[i] && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return [...found];
}

function levelPath(viaEdge: ChartEdge | null, level: ChartLevel, chart: ParsedChart): PathEdge[] {
  if (!level.nodeId) return [];
  const lead = viaEdge
    ? [...pathFromStart(viaEdge.from, chart), { from: viaEdge.from, to: viaEdge.to }]
    : pathFromStart(level.nodeId, chart);
  // From the edge's target down to the level node (when the label sits further up the chart).
  const between = viaEdge && viaEdge.to !== level.nodeId ? pathBetween(viaEdge.to, level.nodeId, chart) : [];
  const action = level.actionNodeId ? [{ from: level.nodeId, to: level.actionNodeId }] : [];
  return [...lead, ...between, ...action];
}

function pathBetween(from: string, to: string, chart: ParsedChart): PathEdge[] {
  const cameFrom = new Map<string, ChartEdge | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    if (queue[i] === to) break;
    for (const edge of chart.edges) {
      if (edge.from === queue[i] && !cameFrom.has(edge.to)) {
        cameFrom.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  const path: PathEdge[] = [];
  for (let edge = cameFrom.get(to) ?? null; edge; edge = cameFrom.get(edge.from) ?? null) {
    path.unshift({ from: edge.from, to: edge.to });
  }
  return path;
}

function chartLevels(runbook: Runbook, chart: ParsedChart): ChartLevel[] {
  const levelNodes = new Set<string>();
  const levels = runbook.levels.map((level): ChartLevel => {
    const nodeId = findLevelNode(level, chart);
    if (nodeId) levelNodes.add(nodeId);
    return {
      level: level.level,
      id: level.id,
      name: levelName(level),
      nodeId,
      actionNodeId: level.actionNodeId ?? null,
      impact: level.impact,
      response: level.response,
      respond: responseWording(level) ?? '',
      action: level.action,
      trigger: level.trigger,
      examples: level.examples,
    };
  });
  // Without the parser's link, the action is the node the level points at that is not a level.
  for (const level of levels) {
    if (level.actionNodeId || !level.nodeId) continue;
    const next = chart.edges.find((e) => e.from === level.nodeId && !levelNodes.has(e.to));
    level.actionNodeId = next ? next.to : null;
  }
  return levels;
}

function chartActions(levels: ChartLevel[], chart: ParsedChart): ChartAction[] {
  const actions: ChartAction[] = [];
  for (const level of levels) {
    const node = chart.nodes.find((n) => n.id === level.actionNodeId);
    if (!node || actions.some((a) => a.nodeId === node.id)) continue;
    actions.push({ nodeId: node.id, label: node.label, ...describeAction(node.label) });
  }
  return actions;
}

function triageChoices(levels: ChartLevel[], chart: ParsedChart): TriageChoice[] {
  const levelByNode = new Map<string, number>();
  for (const level of levels) if (level.nodeId) levelByNode.set(level.nodeId, level.level);
  const choices: TriageChoice[] = [];
  const seen = new Set<string>();
  const add = (label: string, source: TriageChoice['source'], level: ChartLevel, via: ChartEdge | null): void => {
    const key = `${label.trim().toLowerCase()}\u0000${level.level}`;
    if (!label.trim() || seen.has(key)) return;
    seen.add(key);
    const edges = levelPath(via, level, chart);
    choices.push({ label: label.trim(), source, level: level.level, edges, nodes: nodesOf(edges, [level.nodeId]) });
  };
  // The chart's own questions first, in chart order: they are how the team triages.
  for (const edge of chart.edges) {
    if (!edge.label) continue;
    const reachable = levelsReachableFrom(edge.to, chart, levelByNode);
    // A label that still branches to several levels is a question, not an answer.
    if (reachable.length !== 1) continue;
    const level = levels.find((l) => l.level === reachable[0]);
    if (level) add(edge.label, 'trigger', level, edge);
  }
  for (const level of levels) {
    const via = chart.edges.find((e) => e.to === level.nodeId && e.label) ?? null;
    for (const example of level.examples) add(example, 'example', level, via);
  }
  return choices;
}

export function buildFlowchartData(
  runbookUri: string,
  runbook: Runbook,
  chart: ParsedChart,
  compact: boolean,
): FlowchartData {
  const levels = chartLevels(runbook, chart);
  const source = withoutDirectives(runbook.flowchart);
  const topDown = topDownSource(source);
  return {
    runbookUri,
    runbookTitle: runbook.title,
    compact,
    flowchart: {
      source,
      topDownSource: topDown,
      compactSource: compact ? stackedLevelsSource(topDown ?? source, levels, chart.edges) : null,
      longestChain: topDown === null ? null : longestChain(chart.nodes, chart.edges),
      line: runbook.flowchartSource?.line ?? null,
      nodes: chart.nodes,
      edges: chart.edges,
    },
    levels,
    ...(usesDefaultLevels(runbook) ? { defaultLevels: true } : {}),
    actions: chartActions(levels, chart),
    choices: triageChoices(levels, chart),
    sequence: runbook.sequence ? { source: withoutDirectives(runbook.sequence), line: null } : null,
    escalation: runbook.escalation.map((rule) => ({ level: rule.level, contact: rule.contact, when: rule.when })),
    steps: runbook.diagnostics.map((step, index) => ({ ref: { kind: 'diagnostic', index }, title: step.title })),
  };
}

/**
 * A chart's mermaid source without its directives (`%%{init: {"themeCSS": …}}%%`, also spread over lines or
 * left unclosed) and without a front-matter `config:` block: they restyle the chart with whatever CSS or theme
 * the runbook's author wrote, inside our webview, and can change mermaid's own settings. The webview themes
 * the chart itself. The lines keep their count, so the chart's line numbers still point into the runbook.
 */
export function withoutDirectives(source: string): string {
  let text = dropConfigFrontMatter(source);
  while (text.includes('%%{')) {
    let out = '';
    let at = 0;
    for (let start = text.indexOf('%%{'); start >= 0; start = text.indexOf('%%{', at)) {
      out += text.slice(at, start);
      const close = text.indexOf('}%%', start + 3);
      // Unclosed, mermaid reads the directive to the end of the chart; dropped to the end of its line here.
      const lineEnd = text.indexOf('\n', start);
      const end = close >= 0 ? close + 3 : lineEnd >= 0 ? lineEnd : text.length;
      out += '\n'.repeat(countLines(text.slice(start, end)));
      at = end;
    }
    text = out + text.slice(at);
  }
  return text;
}

/**
 * The chain of nodes with the most nodes (ties: the most label text), each node once, and its edges' labels; null
 * when the chart has a cycle (mermaid's layout then reverses an edge of its choosing, and no chain is sure to be laid
 * end to end) or no edge.
 */
export function longestChain(nodes: readonly ChartNode[], edges: readonly ChartEdge[]): LabelChain | null {
  const labelOf = new Map(nodes.map((node) => [node.id, node.label]));
  const next = new Map<string, ChartEdge[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge]);
  // Longest chain from each node, computed once (the chart is acyclic once no node is met on its own way down).
  const best = new Map<string, { ids: string[]; edgeLabels: string[]; text: number }>();
  const onWay = new Set<string>();
  let cyclic = false;
  const from = (id: string): { ids: string[]; edgeLabels: string[]; text: number } => {
    const known = best.get(id);
    if (known) return known;
    onWay.add(id);
    const own = (labelOf.get(id) ?? id).length;
    let chosen = { ids: [id], edgeLabels: [] as string[], text: own };
    for (const edge of next.get(id) ?? []) {
      if (onWay.has(edge.to)) {
        cyclic = true;
        continue;
      }
      const rest = from(edge.to);
      const candidate = { ids: [id, ...rest.ids], edgeLabels: [edge.label, ...rest.edgeLabels], text: own + edge.label.length + rest.text };
      if (candidate.ids.length > chosen.ids.length || (candidate.ids.length === chosen.ids.length && candidate.text > chosen.text)) chosen = candidate;
    }
    onWay.delete(id);
    best.set(id, chosen);
    return chosen;
  };
  let longest: { ids: string[]; edgeLabels: string[]; text: number } | undefined;
  for (const id of new Set([...labelOf.keys(), ...edges.map((e) => e.from)])) {
    const chain = from(id);
    if (!longest || chain.ids.length > longest.ids.length || (chain.ids.length === longest.ids.length && chain.text > longest.text)) longest = chain;
  }
  if (cyclic || !longest || longest.ids.length < 2) return null;
  return { nodeLabels: longest.ids.map((id) => labelOf.get(id) ?? id), edgeLabels: longest.edgeLabels };
}

/** A `---` block at the chart's top holding `config:` (mermaid's other way to set its options), blanked. */
const FLOWCHART_HEADER = /^(\s*(?:graph|flowchart)\b)[ \t]*([A-Za-z]{2}\b)?/i;

/**
 * The same chart drawn top-down (`graph LR` → `graph TD`), for a panel too narrow for it left to right; null when it
 * already runs top-down (or says no direction, which is top-down) or has no header to change. Only the header
 * changes: lines keep their numbers, and a subgraph's own `direction` stays.
 */
export function topDownSource(source: string): string | null {
  const lines = source.split('\n');
  const found = flowchartHeader(lines);
  if (!found) return null;
  const { index, header } = found;
  const direction = (header[2] ?? 'TB').toUpperCase();
  if (direction === 'TB' || direction === 'TD') return null;
  lines[index] = `${header[1]} TD${lines[index].slice(header[0].length)}`;
  return lines.join('\n');
}

/** The `graph`/`flowchart` header line (after blank lines, comments and a front matter) and its match. */
function flowchartHeader(lines: readonly string[]): { index: number; header: RegExpExecArray } | null {
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && (lines[i].trim() === '' || lines[i].trim().startsWith('%%'))) i++;
  };
  skipBlank();
  if (lines[i]?.trim() === '---') {
    // A front matter (title:, …) before the header.
    i++;
    while (i < lines.length && lines[i].trim() !== '---') i++;
    i++;
    skipBlank();
  }
  const header = i < lines.length ? FLOWCHART_HEADER.exec(lines[i]) : null;
  return header ? { index: i, header } : null;
}

/**
 * The top-down chart with each level below the one before, for the side bar: drawn as written, the levels share one
 * rank side by side and the chart is wider than the side bar. Mermaid's invisible links (`~~~`, drawn as nothing)
 * from each level's action (or the level, when it has none) to the next level give every level a rank of its own;
 * the chart's own nodes and edges are unchanged, and the links go after its last line, so its line numbers and
 * `linkStyle` indices still hold. A pair already ordered by the chart's edges (either way) gets no link: one would
 * add nothing, the other a cycle. Null when there is nothing to stack or the source is no flowchart.
 */
export function stackedLevelsSource(topDown: string, levels: readonly ChartLevel[], edges: readonly ChartEdge[]): string | null {
  if (!flowchartHeader(topDown.split('\n'))) return null;
  const placed = levels.filter((level): level is ChartLevel & { nodeId: string } => level.nodeId !== null).sort((a, b) => a.level - b.level);
  const links: string[] = [];
  for (let i = 1; i < placed.length; i++) {
    const above = placed[i - 1].actionNodeId ?? placed[i - 1].nodeId;
    const below = placed[i].nodeId;
    if (above === below || reaches(above, below, edges) || reaches(below, above, edges)) continue;
    links.push(`    ${above} ~~~ ${below}`);
  }
  return links.length === 0 ? null : `${topDown}\n${links.join('\n')}`;
}

function reaches(from: string, to: string, edges: readonly ChartEdge[]): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    if (queue[i] === to) return true;
    for (const edge of edges) {
      if (edge.from === queue[i] && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return false;
}

function dropConfigFrontMatter(source: string): string {
  const lines = source.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0 || lines[first].trim() !== '---') return source;
  const close = lines.findIndex((line, i) => i > first && line.trim() === '---');
  if (close < 0 || !lines.slice(first + 1, close).some((line) => /^\s*config\s*:/.test(line))) return source;
  return [...lines.slice(0, first), ...lines.slice(first, close + 1).map(() => ''), ...lines.slice(close + 1)].join('\n');
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
