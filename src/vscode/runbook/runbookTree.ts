import * as vscode from 'vscode';
import { openSettingCommand, settingId } from '../../config';
import { DEFAULT_LEVELS_NOTICE, usesDefaultLevels } from '../../core/runbook/defaults';
import { levelName, levelNameIn } from '../../core/runbook/levelNames';
import { responseWording } from '../../core/wording';
import type { DiagnosticTreeStep, Runbook, SourceRange } from '../../core/runbook/model';
import type { LoadedRunbook, RunbookService } from './runbookService';
import type { StepRef } from '../../protocol/stepRef';
import { stepRef } from './stepRef';

type SectionName = 'levels' | 'diagnostics' | 'incidents' | 'escalation' | 'links';

/** The nodes of the Runbook view. Each carries what it needs to render and to find its children. */
export type RunbookNode =
  | { kind: 'runbook'; loaded: LoadedRunbook }
  | { kind: 'section'; loaded: LoadedRunbook; section: SectionName }
  /** Above the levels when they are the defaults: says so, and opens the setting they come from. */
  | { kind: 'defaultLevels'; loaded: LoadedRunbook }
  | { kind: 'level'; loaded: LoadedRunbook; index: number }
  | { kind: 'diagnostic'; loaded: LoadedRunbook; index: number }
  | { kind: 'command'; loaded: LoadedRunbook; step: number; index: number }
  | { kind: 'knownIncident'; loaded: LoadedRunbook; index: number }
  | { kind: 'treeStep'; loaded: LoadedRunbook; incident: number; index: number }
  | { kind: 'protocolStep'; loaded: LoadedRunbook; incident: number; index: number }
  | { kind: 'escalation'; loaded: LoadedRunbook; index: number }
  | { kind: 'link'; loaded: LoadedRunbook; index: number };

const SECTION_LABELS: Record<SectionName, string> = {
  levels: 'Severity Levels',
  diagnostics: 'Quick Diagnosis',
  incidents: 'Known Incidents',
  escalation: 'Escalation Path',
  links: 'Related Documents',
};

function sectionSize(runbook: Runbook, section: SectionName): number {
  switch (section) {
    case 'levels':
      return runbook.levels.length;
    case 'diagnostics':
      return runbook.diagnostics.length;
    case 'incidents':
      return runbook.incidents.length;
    case 'escalation':
      return runbook.escalation.length;
    case 'links':
      return runbook.links.length;
  }
}

/** "respond within 15 min", "respond by next business day", "response: page the IC": never "SEV4: Next day". */
function responsePhrase(level: Runbook['levels'][number]): string {
  return responseWording(level) ?? 'no response time stated';
}

export class RunbookTreeProvider implements vscode.TreeDataProvider<RunbookNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunbookNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** While an incident is open the Quick Diagnosis section is expanded: its first check is the next thing to do. */
  private incidentOpen = false;
  private incidentsChecked = false;

  constructor(
    private readonly runbooks: RunbookService,
    private readonly incidents?: { open(): Promise<readonly unknown[]>; onDidChange: vscode.Event<unknown> },
  ) {
    this.subscription = vscode.Disposable.from(
      runbooks.onDidChange(() => this.changed.fire(undefined)),
      ...(incidents ? [incidents.onDidChange(() => void this.checkIncidents())] : []),
    );
  }

  private async checkIncidents(): Promise<void> {
    this.incidentsChecked = true;
    const open = !!this.incidents && (await this.incidents.open()).length > 0;
    if (open === this.incidentOpen) return;
    this.incidentOpen = open;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RunbookNode): Promise<RunbookNode[]> {
    // Not awaited: the notes are read on first need, and the section follows when they are.
    if (!this.incidentsChecked) void this.checkIncidents();
    if (!node) {
      const all = await this.runbooks.all();
      return all.length === 1 ? this.sectionsOf(all[0]) : all.map((loaded) => ({ kind: 'runbook', loaded }));
    }
    const { loaded } = node;
    const { runbook } = loaded;
    switch (node.kind) {
      case 'runbook':
        return this.sectionsOf(loaded);
      case 'section': {
        const children = range(sectionSize(runbook, node.section)).map((index): RunbookNode => ({ kind: sectionChildKind[node.section], loaded, index }));
        return node.section === 'levels' && usesDefaultLevels(runbook) ? [{ kind: 'defaultLevels', loaded }, ...children] : children;
      }
      case 'diagnostic':
        return range(runbook.diagnostics[node.index].commands.length).map((index) => ({ kind: 'command', loaded, step: node.index, index }));
      case 'knownIncident': {
        const incident = runbook.incidents[node.index];
        return [
          ...range(incident.steps.length).map((index): RunbookNode => ({ kind: 'treeStep', loaded, incident: node.index, index })),
          ...range(incident.protocol.length).map((index): RunbookNode => ({ kind: 'protocolStep', loaded, incident: node.index, index })),
        ];
      }
      default:
        return [];
    }
  }

  private sectionsOf(loaded: LoadedRunbook): RunbookNode[] {
    return (Object.keys(SECTION_LABELS) as SectionName[])
      .filter((section) => sectionSize(loaded.runbook, section) > 0)
      .map((section) => ({ kind: 'section', loaded, section }));
  }

  getParent(node: RunbookNode): RunbookNode | undefined {
    const { loaded } = node;
    switch (node.kind) {
      case 'runbook':
        return undefined;
      case 'section':
        return undefined;
      case 'defaultLevels':
        return { kind: 'section', loaded, section: 'levels' };
      case 'command':
        return { kind: 'diagnostic', loaded, index: node.step };
      case 'treeStep':
      case 'protocolStep':
        return { kind: 'knownIncident', loaded, index: node.incident };
      default:
        return { kind: 'section', loaded, section: parentSection[node.kind] };
    }
  }

  getTreeItem(node: RunbookNode): vscode.TreeItem {
    const item = this.describe(node);
    // VS Code keeps an item's expansion by id: the section expanded for an incident is another item.
    item.id = nodeId(node) + (this.expandedForIncident(node) ? '/incident-open' : '');
    const source = item.command?.command === 'incidentRunbook.openRunbook' ? (item.command.arguments?.[0] as { line: number } | undefined) : undefined;
    if (source && node.kind !== 'runbook') {
      // Where it comes from, so a person can check the runbook when the tree says something surprising.
      const where = `${vscode.workspace.asRelativePath(node.loaded.uri)}:${source.line + 1}`;
      item.tooltip = [typeof item.tooltip === 'string' ? item.tooltip : String(item.label ?? ''), `${where} — click to open`].join('\n');
      // A string tooltip replaces label and description for screen readers: keep both in what they hear.
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      item.accessibilityInformation ??= { label: [label, typeof item.description === 'string' ? item.description : '', `${where}`].filter(Boolean).join(', ') };
    }
    return item;
  }

  private expandedForIncident(node: RunbookNode): boolean {
    return node.kind === 'section' && node.section === 'diagnostics' && this.incidentOpen;
  }

  private describe(node: RunbookNode): vscode.TreeItem {
    const { loaded } = node;
    const { runbook } = loaded;
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'runbook': {
        const item = new vscode.TreeItem(runbook.title, vscode.TreeItemCollapsibleState.Expanded);
        item.description = loaded.bundled ? 'bundled' : vscode.workspace.asRelativePath(loaded.uri);
        item.iconPath = new vscode.ThemeIcon('book');
        item.contextValue = 'runbook';
        item.command = openAt(loaded, undefined);
        return item;
      }
      case 'section': {
        const expanded = node.section === 'levels' || this.expandedForIncident(node);
        const item = new vscode.TreeItem(SECTION_LABELS[node.section], expanded ? vscode.TreeItemCollapsibleState.Expanded : collapsed);
        item.description = String(sectionSize(runbook, node.section));
        if (node.section === 'levels' && usesDefaultLevels(runbook)) item.description += ` · ${DEFAULT_LEVELS_NOTICE}`;
        return item;
      }
      case 'defaultLevels': {
        const item = new vscode.TreeItem(capitalize(DEFAULT_LEVELS_NOTICE), none);
        item.description = `open ${settingId('defaultLevels')}`;
        item.tooltip = `These levels are the setting ${settingId('defaultLevels')}, not the runbook's. Click to open the setting; a levels table in the runbook replaces them.`;
        item.iconPath = new vscode.ThemeIcon('settings-gear');
        item.command = openSettingCommand('defaultLevels');
        return item;
      }
      case 'level': {
        const level = runbook.levels[node.index];
        const item = new vscode.TreeItem(`${levelName(level)}: ${responsePhrase(level)}`, none);
        item.description = level.impact;
        const origin = level.origin === 'default' ? `A default level (setting ${settingId('defaultLevels')}): this runbook defines none.` : '';
        item.tooltip = tooltip([`${levelName(level)} — ${level.impact}`, `Response: ${level.response || responsePhrase(level)}`, level.action && `Action: ${level.action}`, level.examples.length ? `Examples: ${level.examples.join(', ')}` : '', origin]);
        item.iconPath = new vscode.ThemeIcon('flame', new vscode.ThemeColor(levelColor(level.level)));
        item.contextValue = 'runbook.level';
        // A default has no line in the runbook to point at: it leads to the setting it came from.
        item.command = level.origin === 'default' ? openSettingCommand('defaultLevels') : openAt(loaded, level.source);
        return item;
      }
      case 'diagnostic': {
        const step = runbook.diagnostics[node.index];
        const item = new vscode.TreeItem(step.title, step.commands.length > 1 ? collapsed : none);
        item.description = step.commands.length === 1 ? step.commands[0] : `${step.commands.length} commands`;
        item.tooltip = tooltip([step.title, ...step.commands.map((c) => `$ ${c}`)]);
        item.iconPath = new vscode.ThemeIcon('terminal');
        item.contextValue = 'runbook.step';
        item.command = openAt(loaded, step.source);
        return item;
      }
      case 'command': {
        const command = runbook.diagnostics[node.step].commands[node.index];
        const item = new vscode.TreeItem(command, none);
        item.contextValue = 'runbook.command';
        item.command = openAt(loaded, runbook.diagnostics[node.step].commandSources?.[node.index]);
        return item;
      }
      case 'knownIncident': {
        const incident = runbook.incidents[node.index];
        const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, collapsed);
        item.description = incident.forcedLevel !== null ? `always ${levelNameIn(runbook.levels, incident.forcedLevel)}` : incident.symptoms.join(', ');
        item.tooltip = tooltip([`${incident.id}: ${incident.title}`, incident.symptoms.length ? `Symptoms: ${incident.symptoms.join(', ')}` : '', incident.critical ? `CRITICAL: ${incident.critical}` : '', incident.resolution && `Resolution: ${incident.resolution}`]);
        item.iconPath = new vscode.ThemeIcon('bug');
        item.contextValue = 'runbook.knownIncident';
        item.command = openAt(loaded, incident.source);
        return item;
      }
      case 'treeStep': {
        const step = runbook.incidents[node.incident].steps[node.index];
        const item = diagnosticTreeStepItem(step, node.index);
        item.contextValue = step.command ? 'runbook.step' : 'runbook.question';
        item.command = openAt(loaded, step.source);
        return item;
      }
      case 'protocolStep': {
        const step = runbook.incidents[node.incident].protocol[node.index];
        const item = new vscode.TreeItem(step.tag ? `${step.tag}: ${step.text}` : step.text, none);
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.command = openAt(loaded, step.source);
        return item;
      }
      case 'escalation': {
        const rule = runbook.escalation[node.index];
        const item = new vscode.TreeItem(`${rule.level}: ${rule.contact}`, none);
        item.description = rule.when;
        item.iconPath = new vscode.ThemeIcon('megaphone');
        item.command = openAt(loaded, rule.source);
        return item;
      }
      case 'link': {
        const link = runbook.links[node.index];
        const item = new vscode.TreeItem(link.text, none);
        item.description = link.href;
        item.iconPath = new vscode.ThemeIcon('link');
        item.command = { command: 'vscode.open', title: 'Open', arguments: [resolveLink(loaded.uri, link.href)] };
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const sectionChildKind = {
  levels: 'level',
  diagnostics: 'diagnostic',
  incidents: 'knownIncident',
  escalation: 'escalation',
  links: 'link',
} as const;

const parentSection: Record<'level' | 'diagnostic' | 'knownIncident' | 'escalation' | 'link', SectionName> = {
  level: 'levels',
  diagnostic: 'diagnostics',
  knownIncident: 'incidents',
  escalation: 'escalation',
  link: 'links',
};

/** Stable ids let VS Code keep expansion and selection across refreshes, and make `reveal` work. */
function nodeId(node: RunbookNode): string {
  const base = node.loaded.uri.toString();
  switch (node.kind) {
    case 'runbook':
      return base;
    case 'section':
      return `${base}#${node.section}`;
    case 'defaultLevels':
      return `${base}#levels/defaults`;
    case 'command':
      return `${base}#diagnostic/${node.step}/${node.index}`;
    case 'treeStep':
      return `${base}#incident/${node.incident}/step/${node.index}`;
    case 'protocolStep':
      return `${base}#incident/${node.incident}/protocol/${node.index}`;
    default:
      return `${base}#${node.kind}/${node.index}`;
  }
}

/** The step a tree node stands for, as the argument the run commands take. */
export function stepRefOf(node: RunbookNode): StepRef | undefined {
  if (node.kind === 'diagnostic') return stepRef(node.loaded.uri, { kind: 'diagnostic', index: node.index });
  if (node.kind === 'command') return stepRef(node.loaded.uri, { kind: 'diagnostic', index: node.step, commandIndex: node.index });
  if (node.kind === 'treeStep') return stepRef(node.loaded.uri, { kind: 'tree', incidentIndex: node.incident, index: node.index });
  return undefined;
}

/** A known incident's diagnostic-tree step as both trees show it: numbered question, its command or hint. */
export function diagnosticTreeStepItem(step: DiagnosticTreeStep, index: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`${index + 1}. ${step.question}`, vscode.TreeItemCollapsibleState.None);
  item.description = step.command ?? step.hint ?? '';
  item.iconPath = new vscode.ThemeIcon(step.command ? 'terminal' : 'question');
  return item;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function tooltip(lines: string[]): string {
  return lines.filter(Boolean).join('\n');
}

export function levelColor(level: number): string {
  return level <= 1 ? 'errorForeground' : level === 2 ? 'editorWarning.foreground' : level === 3 ? 'editorInfo.foreground' : 'descriptionForeground';
}

/** The command that reveals `source`'s line in the runbook's editor (its top without one). */
export function openAt(loaded: LoadedRunbook, source: Pick<SourceRange, 'line'> | undefined): vscode.Command {
  return { command: 'incidentRunbook.openRunbook', title: 'Open Runbook', arguments: [{ uri: loaded.uri.toString(), line: source?.line ?? 0 }] };
}

function resolveLink(runbookUri: vscode.Uri, href: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return vscode.Uri.parse(href);
  const [path, fragment] = href.split('#');
  return vscode.Uri.joinPath(runbookUri, '..', path).with({ fragment: fragment ?? '' });
}
