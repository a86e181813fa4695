// The YAML runbook reader (`*.runbook.yaml`): the same model as the Markdown reader, from keys instead of
// headings. Every schema problem points at the node it is about, using yaml's node ranges and LineCounter.
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, visit, YAMLError, YAMLMap } from 'yaml';
import { DiagnosticStep, DiagnosticTreeStep, KnownIncident, ProtocolStep, RelatedLink, SourceRange, StatusTemplate } from './model';
import { LevelRow, levelInCell, levelInText } from './levels';
import { EscalationRow, RunbookParts, SectionKind, emptyParts } from './parts';
import { placeholderNames } from './placeholders';
import { problemAt, START_OF_FILE } from './problems';
import { parseTemplateFields } from './template';
import { splitList } from './inline';
import { protocolStep, treeStep } from './steps';
import { SourceLines, trimTrailingNewlines } from './text';

type YamlNode = Node | null | undefined;

class YamlReader {
  constructor(
    private readonly lineCounter: LineCounter,
    private readonly source: SourceLines,
    readonly parts: RunbookParts,
  ) {}

  rangeOfOffsets(start: number, end: number): SourceRange {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    return this.source.range(from.line - 1, from.col - 1, to.line - 1, to.col - 1);
  }

  rangeOf(node: YamlNode, fallback: SourceRange = START_OF_FILE): SourceRange {
    if (!node?.range) return fallback;
    const [start, valueEnd] = node.range;
    // Ranges of block values run to the next key; point at the value's own first line instead.
    const firstLineEnd = this.source.lineText(this.lineCounter.linePos(start).line - 1).length;
    const startPos = this.lineCounter.linePos(start);
    const endPos = this.lineCounter.linePos(valueEnd);
    if (endPos.line !== startPos.line) {
      return this.source.range(startPos.line - 1, startPos.col - 1, startPos.line - 1, firstLineEnd);
    }
    return this.rangeOfOffsets(start, valueEnd);
  }

  schemaError(node: YamlNode, message: string, fallback?: SourceRange): void {
    this.parts.problems.push(problemAt(this.rangeOf(node, fallback), 'error', 'yaml-schema', message));
  }

  /** The entries of a mapping, reporting keys not in `known`. */
  entries(node: YamlNode, what: string, known: readonly string[]): Map<string, { key: Scalar; value: YamlNode }> {
    const result = new Map<string, { key: Scalar; value: YamlNode }>();
    if (!isMap(node)) {
      this.schemaError(node, `${what} must be a mapping (key: value lines).`);
      return result;
    }
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const key = isScalar(pair.key) ? pair.key : null;
      const name = key ? String(key.value) : '';
      if (!key || !known.includes(name)) {
        this.parts.problems.push(problemAt(this.rangeOf(key ?? (pair.key as YamlNode)), 'warning', 'unknown-key',
          `Unknown key "${name}" in ${what}; expected one of: ${known.join(', ')}.`));
        continue;
      }
      result.set(name, { key, value: pair.value as YamlNode });
    }
    return result;
  }

  text(node: YamlNode, what: string): string {
    if (node === null || node === undefined) return '';
    if (isScalar(node)) return node.value === null ? '' : trimTrailingNewlines(String(node.value));
    this.schemaError(node, `${what} must be text.`);
    return '';
  }

  /** A list of texts; a single text is split at commas. */
  textList(node: YamlNode, what: string): string[] {
    if (node === null || node === undefined) return [];
    if (isScalar(node)) return splitList(this.text(node, what));
    if (!isSeq(node)) {
      this.schemaError(node, `${what} must be a list.`);
      return [];
    }
    return node.items.map((item) => this.text(item as YamlNode, `Each item of ${what}`)).filter((text) => text !== '');
  }

  items(node: YamlNode, what: string): Node[] {
    if (node === null || node === undefined) return [];
    if (!isSeq(node)) {
      this.schemaError(node, `${what} must be a list (lines starting with "- ").`);
      return [];
    }
    return node.items.filter((item): item is Node => item !== null && typeof item === 'object');
  }

  number(node: YamlNode, what: string): number | undefined {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    this.schemaError(node, `${what} must be a number.`);
    return undefined;
  }
}

const TOP_KEYS = ['title', 'version', 'levels', 'flowchart', 'sequence', 'diagnostics', 'incidents', 'template', 'escalation', 'links'];
const SECTION_OF_KEY: Readonly<Record<string, SectionKind>> = {
  levels: 'classification',
  diagnostics: 'diagnosis',
  sequence: 'responseFlow',
  incidents: 'incidents',
  template: 'template',
  escalation: 'escalation',
  links: 'links',
};

function readLevels(reader: YamlReader, node: YamlNode): LevelRow[] {
  const rows: LevelRow[] = [];
  for (const item of reader.items(node, '`levels`')) {
    const fields = reader.entries(item, 'a level', ['level', 'id', 'impact', 'response', 'examples', 'trigger', 'action']);
    const levelNode = fields.get('level')?.value ?? fields.get('id')?.value;
    const levelText = levelNode ? reader.text(levelNode, '`level`') : '';
    const level = levelInCell(levelText);
    if (level === null) {
      reader.schemaError(levelNode ?? item, levelNode ? `Cannot read the level "${levelText}" (write 1 or SEV1).` : 'A level needs `level: 1` (or `id: SEV1`).');
      continue;
    }
    rows.push({
      level,
      impact: reader.text(fields.get('impact')?.value, '`impact`'),
      response: reader.text(fields.get('response')?.value, '`response`'),
      examples: reader.textList(fields.get('examples')?.value, '`examples`'),
      trigger: reader.text(fields.get('trigger')?.value, '`trigger`'),
      action: reader.text(fields.get('action')?.value, '`action`'),
      source: reader.rangeOf(item),
    });
  }
  return rows;
}

function readDiagnostics(reader: YamlReader, node: YamlNode): DiagnosticStep[] {
  return reader.items(node, '`diagnostics`').map((item, index) => {
    const fields = reader.entries(item, 'a diagnostic step', ['title', 'commands']);
    const commandsNode = fields.get('commands')?.value;
    let commandNodes: YamlNode[] = [];
    if (isSeq(commandsNode)) commandNodes = commandsNode.items as YamlNode[];
    else if (commandsNode) commandNodes = [commandsNode];
    const commands: string[] = [];
    const commandSources: SourceRange[] = [];
    for (const commandNode of commandNodes) {
      const command = reader.text(commandNode, 'A command');
      if (command === '') continue;
      commands.push(command);
      commandSources.push(reader.rangeOf(commandNode));
    }
    return {
      title: reader.text(fields.get('title')?.value, '`title`') || `Step ${index + 1}`,
      commands,
      placeholders: placeholderNames(commands),
      source: reader.rangeOf(item),
      commandSources,
    };
  });
}

function readTreeStep(reader: YamlReader, item: Node): DiagnosticTreeStep {
  const source = reader.rangeOf(item);
  if (isScalar(item)) return { ...treeStep(reader.text(item, 'A step')), source };
  const fields = reader.entries(item, 'a diagnostic-tree step', ['question', 'command', 'hint']);
  const command = reader.text(fields.get('command')?.value, '`command`') || null;
  return {
    question: reader.text(fields.get('question')?.value, '`question`'),
    command,
    hint: reader.text(fields.get('hint')?.value, '`hint`') || null,
    placeholders: command ? placeholderNames([command]) : [],
    source,
  };
}

function readProtocolStep(reader: YamlReader, item: Node): ProtocolStep {
  const source = reader.rangeOf(item);
  if (isScalar(item)) return { ...protocolStep(reader.text(item, 'A protocol step')), source };
  const fields = reader.entries(item, 'a protocol step', ['tag', 'text']);
  return {
    tag: reader.text(fields.get('tag')?.value, '`tag`') || null,
    text: reader.text(fields.get('text')?.value, '`text`'),
    source,
  };
}

const INCIDENT_KEYS = ['id', 'title', 'symptoms', 'steps', 'rootCauses', 'resolution', 'critical', 'forcedLevel', 'protocol'];

function readIncidents(reader: YamlReader, node: YamlNode): KnownIncident[] {
  return reader.items(node, '`incidents`').map((item, index) => {
    const fields = reader.entries(item, 'an incident', INCIDENT_KEYS);
    const critical = reader.text(fields.get('critical')?.value, '`critical`') || null;
    const forcedNode = fields.get('forcedLevel')?.value;
    const forced = forcedNode ? levelInCell(reader.text(forcedNode, '`forcedLevel`')) : null;
    const id = reader.text(fields.get('id')?.value, '`id`') || `INC-${String(index + 1).padStart(3, '0')}`;
    return {
      id,
      title: reader.text(fields.get('title')?.value, '`title`') || id,
      symptoms: reader.textList(fields.get('symptoms')?.value, '`symptoms`'),
      steps: reader.items(fields.get('steps')?.value, '`steps`').map((step) => readTreeStep(reader, step)),
      rootCauses: reader.textList(fields.get('rootCauses')?.value, '`rootCauses`'),
      resolution: reader.text(fields.get('resolution')?.value, '`resolution`'),
      forcedLevel: forced ?? (critical ? levelInText(critical) : null),
      critical,
      protocol: reader.items(fields.get('protocol')?.value, '`protocol`').map((step) => readProtocolStep(reader, step)),
      source: reader.rangeOf(item),
    };
  });
}

function readEscalation(reader: YamlReader, node: YamlNode): EscalationRow[] {
  return reader.items(node, '`escalation`').map((item) => {
    const fields = reader.entries(item, 'an escalation rule', ['level', 'contact', 'when', 'levels', 'afterMinutes']);
    const row: EscalationRow = {
      level: reader.text(fields.get('level')?.value, '`level`'),
      contact: reader.text(fields.get('contact')?.value, '`contact`'),
      when: reader.text(fields.get('when')?.value, '`when`'),
      source: reader.rangeOf(item),
    };
    const levelsNode = fields.get('levels')?.value;
    if (levelsNode) row.levels = reader.textList(levelsNode, '`levels`').map(levelInCell).filter((level): level is number => level !== null);
    const after = reader.number(fields.get('afterMinutes')?.value, '`afterMinutes`');
    if (after !== undefined) row.afterMinutes = after;
    return row;
  });
}

function readLinks(reader: YamlReader, node: YamlNode): RelatedLink[] {
  return reader.items(node, '`links`').map((item) => {
    if (isScalar(item)) {
      const href = reader.text(item, 'A link');
      return { text: href, href };
    }
    const fields = reader.entries(item, 'a link', ['text', 'href']);
    const href = reader.text(fields.get('href')?.value, '`href`');
    return { text: reader.text(fields.get('text')?.value, '`text`') || href, href };
  });
}

function readTemplate(reader: YamlReader, node: YamlNode): StatusTemplate | null {
  const text = reader.text(node, '`template`');
  return text === '' ? null : { fields: parseTemplateFields(text), text, source: reader.rangeOf(node) };
}

/** First line of a scalar's content: the line after `|` or `>` for block scalars. */
function contentLine(reader: YamlReader, node: YamlNode): number | undefined {
  if (!node?.range) return undefined;
  const line = reader.rangeOf(node).line;
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') ? line + 1 : line;
}

/**
 * yaml reports a missing closing quote where the file ends; the author needs the line where the string starts,
 * which is the start of the quoted scalar that runs up to that point.
 */
function unclosedQuoteStart(document: Document, error: YAMLError): number | undefined {
  if (error.code !== 'MISSING_CHAR') return undefined;
  let start: number | undefined;
  visit(document, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[0] < error.pos[0] && node.range[1] >= error.pos[0]) start = node.range[0];
    },
  });
  return start;
}

/** Reads a YAML runbook whose text is already normalised (and repaired) into parts. */
export function readYamlRunbook(text: string, path: string, source: SourceLines): RunbookParts {
  const parts = emptyParts(path, 'yaml', (line) => source.linesRange(line));
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(lineCounter, source, parts);
  for (const error of document.errors) {
    const start = unclosedQuoteStart(document, error) ?? error.pos[0];
    parts.problems.push(problemAt(reader.rangeOfOffsets(start, Math.max(start + 1, error.pos[1])), 'error', 'yaml-syntax', error.message));
  }
  for (const warning of document.warnings) {
    parts.problems.push(problemAt(reader.rangeOfOffsets(warning.pos[0], warning.pos[1]), 'warning', 'yaml-syntax', warning.message));
  }
  const root = document.contents as YamlNode;
  if (!isMap(root)) {
    parts.readable = false;
    if (document.errors.length === 0) reader.schemaError(root, 'A YAML runbook is a mapping with keys such as title, levels, diagnostics, incidents, template, escalation.');
    return parts;
  }
  const top = reader.entries(root, 'the runbook', TOP_KEYS);
  for (const [key, entry] of top) {
    const section = SECTION_OF_KEY[key];
    if (section) parts.sections.set(section, reader.rangeOf(entry.key));
  }
  const value = (key: string): YamlNode => top.get(key)?.value;
  parts.title = reader.text(value('title'), '`title`');
  parts.version = reader.text(value('version'), '`version`') || null;
  parts.levelRows = readLevels(reader, value('levels'));
  const flowchart = reader.text(value('flowchart'), '`flowchart`');
  if (flowchart !== '') {
    parts.flowchart = { source: flowchart, range: reader.rangeOf(value('flowchart')), firstLine: contentLine(reader, value('flowchart')) };
    if (!parts.sections.has('classification')) parts.sections.set('classification', reader.rangeOf(top.get('flowchart')?.key));
  }
  parts.sequence = reader.text(value('sequence'), '`sequence`') || null;
  parts.diagnostics = readDiagnostics(reader, value('diagnostics'));
  parts.incidents = readIncidents(reader, value('incidents'));
  parts.template = readTemplate(reader, value('template'));
  parts.escalationRows = readEscalation(reader, value('escalation'));
  parts.links = readLinks(reader, value('links'));
  return parts;
}
