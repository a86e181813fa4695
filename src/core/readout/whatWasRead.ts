// "What was read": everything the reader took from a runbook, each with the line it came from, and every default
// in force where the runbook is silent, so an author sees in a minute what their file gave and what it did not.
// Walks the model generically where it does not know a field (one added to the model later still shows, by its
// key), so the listing never lags behind the reader. Pure: the Runbook tree's "What Was Read" view renders it.
import { DEFAULT_LEVELS_NOTICE, DEFAULT_LEVELS_SETTING, usesDefaultLevels } from '../runbook/defaults';
import { formatMinutes } from '../runbook/duration';
import { levelName, levelNameIn } from '../runbook/levelNames';
import type { EscalationRule, KnownIncident, Runbook, SeverityLevel } from '../runbook/model';
import { cadenceFor, runbookCadence, statusChoices, type CadenceMinutes } from '../incident/runbookFacts';
import { plural } from '../wording';

export type ReadKind =
  | 'group'
  | 'level'
  | 'step'
  | 'command'
  | 'playbook'
  | 'protocol'
  | 'template'
  | 'field'
  | 'rule'
  | 'chart'
  | 'link'
  | 'default'
  | 'fact'
  | 'problem';

export interface ReadItem {
  /** Unique among its siblings: the keys from the top name the item within its runbook (stable tree ids). */
  key: string;
  kind: ReadKind;
  label: string;
  description?: string;
  /** 0-based line of the runbook it was read from (or of the element it belongs to); absent when nothing states it. */
  line?: number;
  /** A default in force: the full id of the setting it comes from, when a setting does. */
  setting?: string;
  children: ReadItem[];
}

export interface WhatWasReadOptions {
  /** The `incidentRunbook.updateCadenceMinutes` setting in force. */
  cadence?: CadenceMinutes;
}

export const CADENCE_SETTING = 'incidentRunbook.updateCadenceMinutes';

/** The model's fields this listing renders by name; any other field is listed generically. */
const RUNBOOK_FIELDS = new Set(['title', 'path', 'format', 'levels', 'diagnostics', 'incidents', 'template', 'escalation', 'flowchart', 'flowchartSource', 'sequence', 'links', 'version', 'problems']);
const LEVEL_FIELDS = new Set(['id', 'level', 'name', 'impact', 'responseMinutes', 'responseKind', 'response', 'action', 'trigger', 'examples', 'source', 'origin', 'nodeId', 'actionNodeId', 'resolution', 'resolutionMinutes']);
const STEP_FIELDS = new Set(['title', 'commands', 'placeholders', 'source', 'commandSources']);
const PLAYBOOK_FIELDS = new Set(['id', 'title', 'symptoms', 'steps', 'rootCauses', 'resolution', 'forcedLevel', 'critical', 'protocol', 'source', 'impact', 'severity']);
const RULE_FIELDS = new Set(['level', 'contact', 'levels', 'afterMinutes', 'when', 'source', 'origin']);
/** Fields that say where or how something was read, not what: never listed as facts. */
const PLUMBING = new Set(['source', 'origin', 'commandSources', 'placeholders', 'nodeId', 'actionNodeId']);

/** The listing of one runbook: its parts in a responder's order, then the defaults in force, then its problems. */
export function whatWasRead(runbook: Runbook, options: WhatWasReadOptions = {}): ReadItem[] {
  const groups = [
    levelsGroup(runbook),
    group('diagnostics', 'Diagnostic steps', runbook.diagnostics.map((step, index) => diagnosticItem(step, index)), 'no commands read'),
    group('incidents', 'Playbooks (known incidents)', runbook.incidents.map((incident, index) => playbookItem(runbook, incident, index)), 'none read'),
    templateGroup(runbook),
    group('escalation', 'Escalation rules', runbook.escalation.map((rule, index) => ruleItem(runbook, rule, index)), 'none read — no escalation clock runs'),
    chartGroup(runbook),
    group('links', 'Related links', runbook.links.map((link, index) => ({ ...withLine(link), key: String(index), kind: 'link' as const, label: link.text, description: link.href, children: extraFields(link, new Set(['text', 'href'])) })), 'none read'),
    ...otherFields(runbook),
    defaultsGroup(runbook, options),
  ];
  if (runbook.version) groups.push(fact('version', 'Version', runbook.version));
  if (runbook.problems.length > 0) {
    groups.push(group('problems', 'Problems', runbook.problems.map((problem, index) => ({ key: String(index), kind: 'problem' as const, label: problem.message, description: problem.severity, line: problem.line, children: [] })), ''));
  }
  return groups;
}

function levelsGroup(runbook: Runbook): ReadItem {
  const defaults = usesDefaultLevels(runbook);
  const items = runbook.levels.map((level, index) => levelItem(level, index));
  if (!defaults) return group('levels', 'Levels', items, 'none read');
  const notice: ReadItem = { key: 'defaults', kind: 'default', label: capitalize(DEFAULT_LEVELS_NOTICE), description: `open ${DEFAULT_LEVELS_SETTING}`, setting: DEFAULT_LEVELS_SETTING, children: [] };
  return { ...group('levels', 'Levels', [notice, ...items], ''), description: DEFAULT_LEVELS_NOTICE };
}

/** "respond within 15 min", "next business day", or that no time is stated: never a time the runbook did not give. */
export function stated(level: SeverityLevel): string {
  if (level.responseKind === 'minutes' && level.responseMinutes !== null) return `respond within ${formatMinutes(level.responseMinutes)}`;
  if (level.responseKind === 'nextBusinessDay') return 'next business day (no clock before it)';
  return level.response ? `"${level.response}": no response clock (not a time)` : 'no response time stated';
}

function levelItem(level: SeverityLevel, index: number): ReadItem {
  const isDefault = level.origin === 'default';
  const facts = [
    fact('impact', 'Impact', level.impact),
    fact('response', 'Response as written', level.response),
    fact('resolution', 'Resolution', level.resolution ?? ''),
    fact('action', 'What to do', level.action),
    fact('trigger', 'Triggered by', level.trigger),
    fact('examples', 'Examples', level.examples.join(', ')),
    fact('id', 'Read as', levelName(level) === level.id ? '' : level.id),
    ...extraFields(level, LEVEL_FIELDS),
  ].filter(present);
  const item: ReadItem = {
    key: String(index),
    kind: 'level',
    label: levelName(level),
    description: isDefault ? `default — ${stated(level)}` : stated(level),
    children: inherit(facts, level.source?.line),
  };
  if (isDefault) item.setting = DEFAULT_LEVELS_SETTING;
  else if (level.source) item.line = level.source.line;
  return item;
}

function diagnosticItem(step: Runbook['diagnostics'][number], index: number): ReadItem {
  const commands = step.commands.map((command, i): ReadItem => ({ key: String(i), kind: 'command', label: command, line: step.commandSources?.[i]?.line ?? step.source?.line, children: [] }));
  const placeholders = step.placeholders.length ? [fact('placeholders', 'Placeholders', step.placeholders.map((p) => `[${p}]`).join(' '))] : [];
  return {
    ...withLine(step),
    key: String(index),
    kind: 'step',
    label: step.title,
    description: step.commands.length === 1 ? step.commands[0] : `${step.commands.length} commands`,
    children: [...commands, ...inherit([...placeholders, ...extraFields(step, STEP_FIELDS)], step.source?.line)],
  };
}

function playbookItem(runbook: Runbook, incident: KnownIncident, index: number): ReadItem {
  const steps = incident.steps.map((step, i): ReadItem => ({
    ...withLine(step),
    key: String(i),
    kind: 'step',
    label: `${i + 1}. ${step.question}`,
    description: step.command ?? step.hint ?? '',
    children: [],
  }));
  const protocol = incident.protocol.map((step, i): ReadItem => ({ ...withLine(step), key: String(i), kind: 'protocol', label: step.tag ? `${step.tag}: ${step.text}` : step.text, children: [] }));
  const causes = incident.rootCauses.map((cause, i) => ({ key: String(i), kind: 'fact' as const, label: cause, children: [] }));
  const parts = [
    fact('symptoms', 'Symptoms', incident.symptoms.join(', ')),
    fact('impact', 'Impact', incident.impact ?? ''),
    fact('severity', 'Severity as stated', incident.severity ?? ''),
    fact('critical', 'CRITICAL', incident.critical ?? ''),
    fact('forced', 'Always', incident.forcedLevel === null ? '' : levelNameIn(runbook.levels, incident.forcedLevel)),
    causes.length ? group('causes', 'Causes', causes, '') : null,
    steps.length ? group('steps', 'Steps', steps, '') : null,
    protocol.length ? group('protocol', 'Protocol', protocol, '') : null,
    fact('resolution', 'Resolution', incident.resolution),
    ...extraFields(incident, PLAYBOOK_FIELDS),
  ].filter((item): item is ReadItem => item !== null && present(item));
  const counts = [incident.steps.length ? plural(incident.steps.length, 'step') : '', incident.severity ? `severity ${incident.severity}` : ''].filter(Boolean).join(' · ');
  return { ...withLine(incident), key: String(index), kind: 'playbook', label: `${incident.id}: ${incident.title}`, description: counts || 'no steps read', children: inherit(parts, incident.source?.line) };
}

function templateGroup(runbook: Runbook): ReadItem {
  const template = runbook.template;
  if (!template) return group('template', 'Status-update template', [], 'none read');
  const fields = template.fields.map((field, i): ReadItem => ({ key: String(i), kind: 'field', label: field.name, description: field.placeholder, children: [] }));
  if (template.origin === 'default') {
    return { ...group('template', 'Status-update template', fields, ''), kind: 'template', description: 'the default template — this runbook has none' };
  }
  return { ...group('template', 'Status-update template', inherit(fields, template.source?.line), ''), kind: 'template', ...withLine(template), description: plural(fields.length, 'field') };
}

/** "SEV1–2 after 30min" said as the clock it sets, or "no clock" where the rule sets none. */
function ruleClock(runbook: Runbook, rule: EscalationRule): string {
  if (typeof rule.afterMinutes !== 'number' || !Number.isFinite(rule.afterMinutes)) return 'no clock';
  const levels = rule.levels.length === 0 ? 'no level' : rule.levels.map((level) => levelNameIn(runbook.levels, level)).join(', ');
  return rule.afterMinutes === 0 ? `clock: at declaration, for ${levels}` : `clock: ${formatMinutes(rule.afterMinutes)} after declaration, for ${levels}`;
}

function ruleItem(runbook: Runbook, rule: EscalationRule, index: number): ReadItem {
  const facts = [fact('when', 'When, as written', rule.when), ...extraFields(rule, RULE_FIELDS)].filter(present);
  return { ...withLine(rule), key: String(index), kind: 'rule', label: [rule.level, rule.contact].filter(Boolean).join(': ') || rule.when, description: ruleClock(runbook, rule), children: inherit(facts, rule.source?.line) };
}

function chartGroup(runbook: Runbook): ReadItem {
  const items: ReadItem[] = [];
  // A runbook without a chart gets one made from its levels: said so, it is not the runbook's.
  if (runbook.flowchartSource) {
    items.push({ key: 'flowchart', kind: 'chart', label: 'Triage flowchart (mermaid)', description: 'drawn in the Severity Flowchart view', line: runbook.flowchartSource.line, children: [] });
  } else if (runbook.flowchart.trim()) {
    items.push({ key: 'flowchart', kind: 'default', label: 'Triage flowchart made from the levels', description: 'this runbook has none', children: [] });
  }
  if (runbook.sequence) items.push({ key: 'sequence', kind: 'chart', label: 'Response-flow diagram (mermaid)', description: 'shown under the flowchart', children: [] });
  return group('charts', 'Flowchart', items, 'none read');
}

function defaultsGroup(runbook: Runbook, options: WhatWasReadOptions): ReadItem {
  const items: ReadItem[] = [];
  if (usesDefaultLevels(runbook)) {
    items.push({ key: 'levels', kind: 'default', label: capitalize(DEFAULT_LEVELS_NOTICE), description: runbook.levels.map(levelName).join(', '), setting: DEFAULT_LEVELS_SETTING, children: [] });
  }
  // Only the levels whose cadence the runbook does not state run on the setting's.
  const unstated = runbook.levels.filter((level) => !runbookCadence(runbook, level.level));
  const cadence = unstated.map((level) => `${levelName(level)} every ${formatMinutes(cadenceFor(level.level, options.cadence))}`).join(', ');
  if (unstated.length > 0) items.push({ key: 'cadence', kind: 'default', label: 'Status-update cadence: your setting, not the runbook', description: cadence, setting: CADENCE_SETTING, children: [] });
  if (!runbook.flowchartSource && runbook.flowchart.trim()) {
    items.push({ key: 'charts', kind: 'default', label: 'Triage flowchart made from the levels', description: 'this runbook has none', children: [] });
  }
  if (!runbook.template || runbook.template.origin === 'default') {
    items.push({ key: 'template', kind: 'default', label: 'Default status-update template', description: 'this runbook has none', children: [] });
  }
  if (!statesStatuses(runbook)) {
    items.push({ key: 'statuses', kind: 'default', label: 'Default statuses', description: statusChoices(runbook).join(' → '), children: [] });
  }
  return { ...group('defaults', 'Defaults in force', items, ''), kind: 'group' };
}

/** True when the runbook's own template gives the statuses (a Status field with choices). */
function statesStatuses(runbook: Runbook): boolean {
  return runbook.template?.origin !== 'default' && (runbook.template?.fields.some((field) => /^status$/i.test(field.name.trim()) && field.choices.length >= 2) ?? false);
}

/** Fields of the runbook this listing has no name for (added to the model after it), listed by their key. */
function otherFields(runbook: Runbook): ReadItem[] {
  return Object.entries(runbook)
    .filter(([key, value]) => !RUNBOOK_FIELDS.has(key) && !isEmpty(value))
    .map(([key, value]) => genericItem(key, value, undefined, 0));
}

/** The fields of an element that `known` does not cover, each as a generic item. */
function extraFields(element: object, known: ReadonlySet<string>): ReadItem[] {
  return Object.entries(element)
    .filter(([key, value]) => !known.has(key) && !PLUMBING.has(key) && !isEmpty(value))
    .map(([key, value]) => genericItem(key, value, lineOf(element), 1));
}

const MAX_DEPTH = 4;

/** Any value of the model, as an item: text as a fact, a list as a group of its elements, an object by its fields. */
function genericItem(key: string, value: unknown, line: number | undefined, depth: number): ReadItem {
  const label = humanize(key);
  if (Array.isArray(value)) {
    const children = depth >= MAX_DEPTH ? [] : value.filter((element) => !isEmpty(element)).map((element, index) => genericElement(String(index), element, line, depth + 1));
    return { key, kind: 'group', label, description: String(children.length), line, children };
  }
  if (isRecord(value)) {
    const item = genericElement(key, value, line, depth);
    return { ...item, label: item.label === key ? label : `${label}: ${item.label}` };
  }
  return { key, kind: 'fact', label, description: String(value), line, children: [] };
}

/** Words that name an element when it has them, first found first. */
const NAME_FIELDS = ['title', 'name', 'text', 'label', 'question', 'id', 'contact', 'when', 'level'];

function genericElement(key: string, element: unknown, line: number | undefined, depth: number): ReadItem {
  if (!isRecord(element)) return { key, kind: 'fact', label: String(element), line, children: [] };
  const own = lineOf(element) ?? line;
  const nameKey = NAME_FIELDS.find((field) => typeof element[field] === 'string' && element[field] !== '');
  const rest = Object.entries(element).filter(([field, value]) => field !== nameKey && !PLUMBING.has(field) && !isEmpty(value));
  const children = depth >= MAX_DEPTH ? [] : rest.map(([field, value]) => genericItem(field, value, own, depth + 1));
  return { key, kind: 'fact', label: nameKey ? String(element[nameKey]) : key, line: own, children };
}

function group(key: string, label: string, children: ReadItem[], whenEmpty: string): ReadItem {
  return { key, kind: 'group', label, description: children.length ? String(children.length) : whenEmpty, children };
}

/** A fact the runbook states, or a group with something in it. */
function present(item: ReadItem): boolean {
  return item.description !== '' || item.children.length > 0;
}

function fact(key: string, label: string, text: string): ReadItem {
  return { key, kind: 'fact', label, description: text, children: [] };
}

/** Items with no line of their own point at the element they belong to. */
function inherit(items: ReadItem[], line: number | undefined): ReadItem[] {
  if (line === undefined) return items;
  return items.map((item) => ({ ...item, line: item.line ?? line, children: inherit(item.children, item.line ?? line) }));
}

function withLine(element: object): { line?: number } {
  const line = lineOf(element);
  return line === undefined ? {} : { line };
}

function lineOf(element: object): number | undefined {
  const source = (element as { source?: unknown }).source;
  return isRecord(source) && typeof source.line === 'number' ? source.line : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

/** "updateCadence" → "Update cadence". */
function humanize(key: string): string {
  return capitalize(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
