// A small reader for mermaid flowcharts (`graph LR` / `flowchart TD`): enough to know which node is which
// level, what edge label leads to it and what action follows it. Mermaid itself draws the chart in the
// webview; this only needs node ids, labels, shapes and edges. Unknown statements are skipped, never fatal.

export type FlowchartShape = 'rect' | 'diamond' | 'round' | 'other';

export interface FlowchartNode {
  id: string;
  label: string;
  shape: FlowchartShape;
}

export interface FlowchartEdge {
  from: string;
  to: string;
  label: string;
}

export interface Flowchart {
  /** "LR", "TD", ...; '' when the source is not a flowchart. */
  direction: string;
  nodes: FlowchartNode[];
  edges: FlowchartEdge[];
}

/** Openers longest first, so `((` wins over `(`. */
const SHAPES: ReadonlyArray<[open: string, close: string, shape: FlowchartShape]> = [
  ['(((', ')))', 'round'],
  ['((', '))', 'round'],
  ['([', '])', 'round'],
  ['[[', ']]', 'other'],
  ['[(', ')]', 'other'],
  ['[/', '/]', 'other'],
  ['[\\', '\\]', 'other'],
  ['{{', '}}', 'other'],
  ['(', ')', 'round'],
  ['[', ']', 'rect'],
  ['{', '}', 'diamond'],
  ['>', ']', 'other'],
];

const HEADER = /^(?:graph|flowchart)\b\s*([A-Za-z]{2})?/i;
const SKIPPED_STATEMENT = /^(?:%%|style\b|classDef\b|class\b|click\b|linkStyle\b|subgraph\b|end\b|direction\b|accTitle\b|accDescr\b)/;
const NODE_ID = /^[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*/u;
/**
 * `-- text -->`, `== text ==>`, `-. text .->`: the label sits inside the arrow. The label starts and ends with a
 * non-space, so a run of spaces is scanned once, not once per position of a lazy label.
 */
const TEXT_EDGE = /^<?(?:--|==|-\.)\s+(\S(?:[^\n]*?\S)?)\s+(?:-{2,}[>xo]|-{3,}|={2,}[>xo]|={3,}|\.-+[>xo]?)/;
/** `-->`, `---`, `==>`, `-.->`, `<-->`, `--x`, `--o`, `~~~`. */
const PLAIN_EDGE = /^(?:[<xo](?=[-=.]))?(?:-{2,}|={2,}|-\.+-|~{3,})[>xo]?/;

const LABEL_MARKUP = /["`#<]|\s\s|[^\S ]/;

/** Mermaid labels: quotes, `#quot;`-style entities, `<br>` and markdown-string backticks. */
export function cleanLabel(raw: string): string {
  let label = raw.trim();
  if (!LABEL_MARKUP.test(label)) return label;
  if (label.length >= 2 && label.startsWith('"') && label.endsWith('"')) label = label.slice(1, -1);
  if (label.length >= 2 && label.startsWith('`') && label.endsWith('`')) label = label.slice(1, -1);
  // One pass for every kind of markup: six passes over a long label cost six times one.
  return label.replace(LABEL_MARKUP_PARTS, (whole, entity?: string, code?: string) => {
    if (entity !== undefined) return ENTITIES[entity];
    // Past U+10FFFF String.fromCodePoint throws; such an entity stays as written.
    if (code !== undefined) return Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : whole;
    return ' ';
  })
    // An entity may stand for whitespace (#10;), which is one space like any other.
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: '&', lt: '<', gt: '>' };
/**
 * `<br>`, `#quot;`-style entities, `#123;` code points, and whitespace other than one space (read as one space): a
 * single space is left alone, so a label of words does not call the replacer once per word.
 */
const LABEL_MARKUP_PARTS = /<[bB][rR]\s*\/?>|#(quot|amp|lt|gt);|#(\d+);|\s{2,}|[^\S ]/g;

/** Splits a line into statements at `;` outside brackets and quotes. */
function statements(line: string): string[] {
  if (line.indexOf(';') === -1) return [line];
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '[' || char === '(' || char === '{') depth++;
    else if ((char === ']' || char === ')' || char === '}') && depth > 0) depth--;
    else if (char === ';' && depth === 0) {
      parts.push(line.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(line.slice(start));
  return parts;
}

const SPACES = /\s+/y;

class StatementReader {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    // One sticky match over the run, not a pattern test per character.
    SPACES.lastIndex = this.pos;
    if (SPACES.test(this.text)) this.pos = SPACES.lastIndex;
  }

  get rest(): string {
    return this.text.slice(this.pos);
  }

  /** `id`, `id[label]`, `id{label}`, ... plus an optional `:::class`. */
  node(): { id: string; label?: string; shape?: FlowchartShape } | null {
    this.skipSpace();
    const id = NODE_ID.exec(this.rest);
    if (!id) return null;
    this.pos += id[0].length;
    const result: { id: string; label?: string; shape?: FlowchartShape } = { id: id[0] };
    for (const [open, close, shape] of SHAPES) {
      if (!this.text.startsWith(open, this.pos)) continue;
      const labelStart = this.pos + open.length;
      const quoteEnd = this.text[labelStart] === '"' ? this.text.indexOf('"', labelStart + 1) : -1;
      const end = this.text.indexOf(close, quoteEnd === -1 ? labelStart : quoteEnd + 1);
      if (end === -1) break;
      result.label = cleanLabel(this.text.slice(labelStart, end));
      result.shape = shape;
      this.pos = end + close.length;
      break;
    }
    const className = /^:::[\w-]+/.exec(this.rest);
    if (className) this.pos += className[0].length;
    return result;
  }

  /** One or more nodes joined with `&`. */
  nodeGroup(): Array<{ id: string; label?: string; shape?: FlowchartShape }> {
    const group = [];
    for (;;) {
      const node = this.node();
      if (!node) break;
      group.push(node);
      this.skipSpace();
      if (this.text[this.pos] !== '&') break;
      this.pos++;
    }
    return group;
  }

  /** An edge operator and its label, or null when none follows; `invisible` for `~~~`, which only places nodes. */
  edge(): { label: string; invisible?: true } | null {
    this.skipSpace();
    const withText = TEXT_EDGE.exec(this.rest);
    if (withText) {
      this.pos += withText[0].length;
      return { label: cleanLabel(withText[1]) };
    }
    const plain = PLAIN_EDGE.exec(this.rest);
    if (!plain) return null;
    this.pos += plain[0].length;
    if (plain[0].startsWith('~')) return { label: '', invisible: true };
    this.skipSpace();
    if (this.text[this.pos] === '|') {
      const quoteEnd = this.text[this.pos + 1] === '"' ? this.text.indexOf('"', this.pos + 2) : -1;
      const end = this.text.indexOf('|', quoteEnd === -1 ? this.pos + 1 : quoteEnd + 1);
      if (end !== -1) {
        const label = cleanLabel(this.text.slice(this.pos + 1, end));
        this.pos = end + 1;
        return { label };
      }
    }
    return { label: '' };
  }
}

/** Reads a mermaid flowchart. Never throws; what it cannot read is skipped. */
export function parseFlowchart(source: string): Flowchart {
  const chart: Flowchart = { direction: '', nodes: [], edges: [] };
  const byId = new Map<string, FlowchartNode>();
  const remember = (node: { id: string; label?: string; shape?: FlowchartShape }): void => {
    const known = byId.get(node.id);
    if (!known) {
      const created: FlowchartNode = { id: node.id, label: node.label ?? node.id, shape: node.shape ?? 'rect' };
      byId.set(node.id, created);
      chart.nodes.push(created);
    } else if (node.label !== undefined) {
      known.label = node.label;
      known.shape = node.shape ?? known.shape;
    }
  };
  let sawHeader = false;
  for (const rawLine of source.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('%%')) continue;
    if (!sawHeader) {
      sawHeader = true;
      const header = HEADER.exec(line);
      if (header) {
        chart.direction = (header[1] ?? 'TD').toUpperCase();
        continue;
      }
    }
    for (const statement of statements(line)) {
      const text = statement.trim();
      if (text === '' || SKIPPED_STATEMENT.test(text)) continue;
      const reader = new StatementReader(text);
      let previous = reader.nodeGroup();
      previous.forEach(remember);
      for (;;) {
        const edge = reader.edge();
        if (!edge) break;
        const next = reader.nodeGroup();
        if (next.length === 0) break;
        next.forEach(remember);
        // An invisible link draws nothing and leads nowhere: triage paths must not follow it.
        if (!edge.invisible) for (const from of previous) for (const to of next) chart.edges.push({ from: from.id, to: to.id, label: edge.label });
        previous = next;
      }
    }
  }
  return chart;
}

/** Quotes a label for mermaid so any text is safe inside `["..."]` or `|"..."|`. */
function quoteLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/[\r\n]+/g, ' ')}"`;
}

export interface FlowchartLevel {
  id: string;
  /** The level as the runbook names it ("P1"), when that is not `id`: the node says what the runbook says. */
  name?: string;
  level: number;
  response: string;
  trigger: string;
  action: string;
}

/** Node ids the generated chart gives a level and its action; also what the readers assume for a generated chart. */
export function generatedNodeIds(level: number): { nodeId: string; actionNodeId: string } {
  const suffix = String(level).replace(/\W/g, '_');
  return { nodeId: `S${suffix}`, actionNodeId: `A${suffix}` };
}

/**
 * A triage chart for runbooks that have none: a start node, a triage decision, one edge per level labelled with
 * its trigger, and each level's action.
 */
export function generateFlowchart(levels: readonly FlowchartLevel[]): string {
  const lines = ['flowchart TD', '    Start([Incident detected]) --> T{Triage}'];
  for (const level of levels) {
    const { nodeId, actionNodeId } = generatedNodeIds(level.level);
    const name = level.name ?? level.id;
    const label = level.response ? `${name}: ${level.response}` : name;
    const arrow = level.trigger ? `-->|${quoteLabel(level.trigger)}|` : '-->';
    lines.push(`    T ${arrow} ${nodeId}[${quoteLabel(label)}]`);
    if (level.action) lines.push(`    ${nodeId} --> ${actionNodeId}[${quoteLabel(level.action)}]`);
  }
  return lines.join('\n');
}
