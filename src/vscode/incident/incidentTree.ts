import * as vscode from 'vscode';
import type { Incident } from '../../core/incident/model';
import type { KnownIncident } from '../../core/runbook/model';
import type { LoadedRunbook } from '../runbook/runbookService';
import { diagnosticTreeStepItem, levelColor } from '../runbook/runbookTree';
import type { StepRef } from '../../protocol/stepRef';
import { stepRef } from '../runbook/stepRef';
import { formatElapsed, formatUtc } from '../../core/incident/time';
import { localTime, localTimeAndAgo, plural } from '../../core/wording';
import type { NoteEntry } from './incidentStore';
import { clocksOf, countdownText, type ClocksView } from './deadlines';
import { incidentLevelName } from './levelName';
import type { Services } from '../services';
import { pendingSummary, SERVICE_NAMES } from '../../core/outbound/outbox';
import { respondersOf } from '../../core/incident/responders';

const RECENT_EVENTS = 8;

export type IncidentNode =
  | { kind: 'levelGroup'; level: number; incidents: Incident[] }
  | { kind: 'resolvedGroup'; incidents: Incident[] }
  | { kind: 'malformed'; entry: NoteEntry }
  | { kind: 'incident'; incident: Incident }
  | { kind: 'protocolGroup'; incident: Incident }
  | { kind: 'protocolItem'; incident: Incident; index: number }
  | { kind: 'timelineGroup'; incident: Incident }
  | { kind: 'responders'; incident: Incident; names: string[] }
  | { kind: 'event'; incident: Incident; index: number }
  | { kind: 'knownIncident'; incident: Incident; loaded: LoadedRunbook; knownIndex: number }
  | { kind: 'knownStep'; incident: Incident; loaded: LoadedRunbook; knownIndex: number; index: number }
  | { kind: 'outbox'; incident: Incident }
  | { kind: 'outboxItem'; incident: Incident; itemId: string }
  | { kind: 'quickDiagnosis'; incident: Incident; loaded: LoadedRunbook }
  | { kind: 'quickStep'; incident: Incident; loaded: LoadedRunbook; index: number };

/**
 * Open incidents grouped by level (most severe first), each with its status, elapsed time and next deadline, and
 * under it its checklist, timeline and runnable steps; resolved incidents in a collapsed group; notes we could not
 * read shown as errors. Times show on the reader's clock; the notes keep UTC.
 */
export class IncidentTreeProvider implements vscode.TreeDataProvider<IncidentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<IncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Descriptions hold clocks; they are recomputed from the notes each refresh, never kept. */
  private readonly ticker: ReturnType<typeof setInterval>;
  /**
   * Each incident's note, from the entries the roots were built from: an item looks its note up here
   * rather than through store.uriOf, a scan of every note per item (the resolved group can hold thousands).
   */
  private noteUris = new Map<string, vscode.Uri>();

  constructor(private readonly deps: Services) {
    this.subscriptions = [deps.store.onDidChange(() => this.refresh()), deps.outbound.onDidChange(() => this.refresh())];
    this.ticker = setInterval(() => this.refresh(), 30_000);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: IncidentNode): Promise<IncidentNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'levelGroup':
      case 'resolvedGroup':
        return node.incidents.map((incident) => ({ kind: 'incident', incident }));
      case 'incident':
        return this.incidentChildren(node.incident);
      case 'protocolGroup':
        return node.incident.protocol.map((_, index) => ({ kind: 'protocolItem', incident: node.incident, index }));
      case 'timelineGroup': {
        const events = node.incident.timeline;
        const first = Math.max(0, events.length - RECENT_EVENTS);
        return events.slice(first).map((_, i) => ({ kind: 'event', incident: node.incident, index: first + i }));
      }
      case 'knownIncident':
        return this.known(node).steps.map((_, index) => ({ ...node, kind: 'knownStep', index }));
      case 'outbox':
        return this.deps.outbound.itemsOf(node.incident.id).map((item) => ({ kind: 'outboxItem', incident: node.incident, itemId: item.id }));
      case 'quickDiagnosis':
        return node.loaded.runbook.diagnostics.map((_, index) => ({ ...node, kind: 'quickStep', index }));
      default:
        return [];
    }
  }

  private async roots(): Promise<IncidentNode[]> {
    const entries = await this.deps.store.entries();
    this.noteUris = new Map(entries.flatMap((e) => (e.incident ? [[e.incident.id, e.uri] as const] : [])));
    const incidents = entries.flatMap((e) => (e.incident ? [e.incident] : []));
    const open = incidents.filter((i) => i.resolved === null);
    const levels = [...new Set(open.map((i) => i.level))].sort((a, b) => a - b);
    const byDeclared = (a: Incident, b: Incident): number => a.declared.localeCompare(b.declared);
    const roots: IncidentNode[] = levels.map((level) => ({ kind: 'levelGroup', level, incidents: open.filter((i) => i.level === level).sort(byDeclared) }));
    const resolved = incidents.filter((i) => i.resolved !== null).sort((a, b) => -byDeclared(a, b));
    if (resolved.length > 0) roots.push({ kind: 'resolvedGroup', incidents: resolved });
    for (const entry of entries) if (!entry.incident) roots.push({ kind: 'malformed', entry });
    return roots;
  }

  private async incidentChildren(incident: Incident): Promise<IncidentNode[]> {
    const children: IncidentNode[] = [];
    if (this.deps.outbound.itemsOf(incident.id).length > 0) children.push({ kind: 'outbox', incident });
    if (incident.protocol.length > 0) children.push({ kind: 'protocolGroup', incident });
    const responders = respondersOf(incident.timeline);
    if (responders.length > 0) children.push({ kind: 'responders', incident, names: responders });
    if (incident.timeline.length > 0) children.push({ kind: 'timelineGroup', incident });
    // Its steps, runnable from here: the known incident's diagnostic tree, else (while open) the runbook's quick diagnosis.
    const loaded = incident.knownIncident || incident.resolved === null ? await this.deps.runbookOf(incident) : undefined;
    const knownIndex = loaded && incident.knownIncident ? loaded.runbook.incidents.findIndex((k) => k.id === incident.knownIncident) : -1;
    if (loaded && knownIndex >= 0) children.push({ kind: 'knownIncident', incident, loaded, knownIndex });
    else if (loaded && incident.resolved === null && loaded.runbook.diagnostics.length > 0) children.push({ kind: 'quickDiagnosis', incident, loaded });
    return children;
  }

  /** A level group's name: its runbooks' own ("P1"); where the runbooks of its incidents name it apart, every name. */
  private async groupName(incidents: readonly Incident[]): Promise<string> {
    const names = await Promise.all(incidents.map((incident) => incidentLevelName(this.deps, incident)));
    return [...new Set(names)].join(' / ');
  }

  private known(node: { loaded: LoadedRunbook; knownIndex: number }): KnownIncident {
    return node.loaded.runbook.incidents[node.knownIndex];
  }

  async getTreeItem(node: IncidentNode): Promise<vscode.TreeItem> {
    const item = await this.describe(node);
    item.id = nodeId(node);
    return item;
  }

  private async describe(node: IncidentNode): Promise<vscode.TreeItem> {
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'levelGroup': {
        const item = new vscode.TreeItem(await this.groupName(node.incidents), Expanded);
        item.description = `${node.incidents.length} open`;
        item.iconPath = new vscode.ThemeIcon('flame', new vscode.ThemeColor(levelColor(node.level)));
        item.contextValue = 'incidentGroup';
        return item;
      }
      case 'resolvedGroup': {
        const item = new vscode.TreeItem('Resolved', Collapsed);
        item.description = String(node.incidents.length);
        item.iconPath = new vscode.ThemeIcon('pass');
        return item;
      }
      case 'malformed': {
        const name = vscode.workspace.asRelativePath(node.entry.uri);
        const first = node.entry.problems?.[0];
        const item = new vscode.TreeItem(`Malformed note: ${name}`, None);
        item.description = first ? `line ${first.line + 1}: ${first.message}` : '';
        item.tooltip = 'This note could not be read. It is shown in the Problems panel and is never rewritten; fix it by hand.';
        // A string tooltip is what screen readers hear: say which note and why, not only the advice.
        item.accessibilityInformation = { label: `Malformed note ${name}, ${item.description}. Never rewritten; fix it by hand.` };
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = 'incident.malformed';
        item.command = { command: 'vscode.open', title: 'Open Note', arguments: [node.entry.uri, { selection: new vscode.Range(first?.line ?? 0, 0, first?.line ?? 0, 0) }] };
        return item;
      }
      case 'incident':
        return this.incidentItem(node.incident);
      case 'protocolGroup': {
        const done = node.incident.protocol.filter((p) => p.done).length;
        const item = new vscode.TreeItem('Response protocol', Expanded);
        item.description = `${done}/${node.incident.protocol.length}`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        return item;
      }
      case 'protocolItem': {
        const step = node.incident.protocol[node.index];
        const item = new vscode.TreeItem(step.text, None);
        item.checkboxState = step.done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        item.contextValue = 'incident.protocolItem';
        return item;
      }
      case 'timelineGroup': {
        const item = new vscode.TreeItem('Timeline', Collapsed);
        item.description = plural(node.incident.timeline.length, 'event');
        item.iconPath = new vscode.ThemeIcon('history');
        return item;
      }
      case 'responders': {
        const item = new vscode.TreeItem('Responders', None);
        item.description = node.names.join(', ');
        item.tooltip = `Named in the timeline (declared, acknowledged, took or handed over command): ${node.names.join(', ')}`;
        item.iconPath = new vscode.ThemeIcon('organization');
        return item;
      }
      case 'event': {
        const event = node.incident.timeline[node.index];
        const firstLine = event.text.split('\n')[0];
        const item = new vscode.TreeItem(firstLine, None);
        // The reader's clock in the row and the hover; the note keeps UTC, and the hover says it too.
        const now = this.deps.clock.now();
        item.description = `${localTime(event.at, now)} · ${event.kind}`;
        item.tooltip = `${localTimeAndAgo(event.at, now)} · ${formatUtc(event.at)} [${event.kind}]\n${event.text}`;
        item.iconPath = new vscode.ThemeIcon(eventIcon(event.kind));
        return item;
      }
      case 'knownIncident': {
        const known = this.known(node);
        const item = new vscode.TreeItem(`${known.id}: ${known.title}`, node.incident.resolved === null ? Expanded : Collapsed);
        item.description = 'diagnostic tree';
        item.iconPath = new vscode.ThemeIcon('bug');
        return item;
      }
      case 'knownStep': {
        const step = this.known(node).steps[node.index];
        const item = diagnosticTreeStepItem(step, node.index);
        item.contextValue = step.command ? 'incident.step' : undefined;
        return item;
      }
      case 'outbox': {
        const items = this.deps.outbound.itemsOf(node.incident.id);
        const item = new vscode.TreeItem(pendingSummary(items) ?? 'Nothing waiting to send', Expanded);
        item.iconPath = new vscode.ThemeIcon(items.some((i) => i.state === 'failed') ? 'cloud-upload' : 'sync', new vscode.ThemeColor(items.some((i) => i.state === 'failed') ? 'errorForeground' : 'foreground'));
        item.tooltip = 'Sent in order as soon as the service answers. Retry sends now; Discard drops them for good.';
        item.contextValue = 'incident.outbox';
        return item;
      }
      case 'outboxItem': {
        const queued = this.deps.outbound.itemsOf(node.incident.id).find((i) => i.id === node.itemId);
        const item = new vscode.TreeItem(queued ? `${SERVICE_NAMES[queued.service]} ${queued.what}` : 'Sent', None);
        if (queued) {
          const state = queued.state === 'failed' ? 'failed' : queued.state === 'held' ? 'waiting for your confirmation: Retry Send pages, Discard Send cancels' : queued.attempts ? `waiting, ${queued.attempts} attempt(s)` : 'waiting';
          item.description = `${state}${queued.lastError ? ` · ${queued.lastError}` : ''}`;
          item.tooltip = `Queued ${queued.queued}${queued.lastError ? `\nLast: ${queued.lastError}` : ''}${queued.state === 'pending' && queued.attempts ? `\nNext try: ${new Date(queued.notBefore).toISOString()}` : ''}`;
          item.iconPath = new vscode.ThemeIcon(queued.state === 'failed' ? 'error' : queued.state === 'held' ? 'bell' : 'clock');
        }
        item.contextValue = 'incident.outboxItem';
        return item;
      }
      case 'quickDiagnosis': {
        const item = new vscode.TreeItem('Quick diagnosis', Expanded);
        item.description = plural(node.loaded.runbook.diagnostics.length, 'step');
        item.tooltip = 'The runbook’s quick-diagnosis steps: run one in this incident’s terminal (▶) or capture its output into the note.';
        item.iconPath = new vscode.ThemeIcon('checklist');
        return item;
      }
      case 'quickStep': {
        const step = node.loaded.runbook.diagnostics[node.index];
        const item = new vscode.TreeItem(`${node.index + 1}. ${step.title}`, None);
        item.description = step.commands.length === 1 ? step.commands[0] : plural(step.commands.length, 'command');
        item.tooltip = [step.title, ...step.commands.map((c) => `$ ${c}`)].join('\n');
        item.iconPath = new vscode.ThemeIcon('terminal');
        item.contextValue = step.commands.length > 0 ? 'incident.step' : undefined;
        item.command = { command: 'incidentRunbook.openRunbook', title: 'Open Runbook', arguments: [{ uri: node.loaded.uri.toString(), line: step.source?.line ?? 0 }] };
        return item;
      }
    }
  }

  private async incidentItem(incident: Incident): Promise<vscode.TreeItem> {
    const now = this.deps.clock.now();
    const item = new vscode.TreeItem(incident.title, vscode.TreeItemCollapsibleState.Collapsed);
    const elapsed = formatElapsed(now.getTime() - Date.parse(incident.declared));
    const level = await incidentLevelName(this.deps, incident);
    const parts = [level, incident.status];
    let clocks: ClocksView | undefined;
    if (incident.resolved === null) {
      parts.push(elapsed);
      clocks = await clocksOf(this.deps, incident);
      if (clocks.next) parts.push(countdownText(clocks.next, now));
    } else {
      parts.push(`resolved after ${formatElapsed(Date.parse(incident.resolved) - Date.parse(incident.declared))}`);
    }
    item.description = parts.join(' · ');
    // Workspace-relative, so in a multi-root workspace it names the folder (the team) the note belongs to.
    const note = this.noteUris.get(incident.id);
    item.tooltip = new vscode.MarkdownString(
      [
        `**${escapeMarkdown(incident.title)}** — ${escapeMarkdown(level)}, ${escapeMarkdown(incident.status)}`,
        `Commander: ${escapeMarkdown(incident.commander || 'unassigned')}`,
        `Declared: ${localTimeAndAgo(incident.declared, now)} · ${formatUtc(incident.declared)}`,
        incident.acknowledged ? `Acknowledged: ${localTimeAndAgo(incident.acknowledged, now)} · ${formatUtc(incident.acknowledged)}` : 'Not acknowledged',
        clocks?.noResponseClock ?? '',
        clocks?.updateCadence ?? '',
        incident.impact ? `Impact: ${escapeMarkdown(incident.impact)}` : '',
        note ? `Note: ${escapeMarkdown(vscode.workspace.asRelativePath(note))}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(incident.resolved ? 'pass' : incident.acknowledged ? 'flame' : 'warning', new vscode.ThemeColor(levelColor(incident.level)));
    item.contextValue = incident.resolved ? 'incident.resolved' : incident.acknowledged ? 'incident.open.acknowledged' : 'incident.open';
    item.command = { command: 'incidentRunbook.openIncidentNote', title: 'Open Incident Note', arguments: [{ incidentId: incident.id }] };
    return item;
  }

  getParent(node: IncidentNode): IncidentNode | undefined {
    switch (node.kind) {
      case 'protocolGroup':
      case 'timelineGroup':
      case 'responders':
      case 'knownIncident':
      case 'outbox':
        return { kind: 'incident', incident: node.incident };
      case 'outboxItem':
        return { kind: 'outbox', incident: node.incident };
      case 'protocolItem':
        return { kind: 'protocolGroup', incident: node.incident };
      case 'event':
        return { kind: 'timelineGroup', incident: node.incident };
      case 'knownStep':
        return { ...node, kind: 'knownIncident' };
      case 'quickDiagnosis':
        return { kind: 'incident', incident: node.incident };
      case 'quickStep':
        return { kind: 'quickDiagnosis', incident: node.incident, loaded: node.loaded };
      default:
        return undefined;
    }
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** The runnable step of a known-incident node, as the run commands take it. */
export function stepArgsOf(node: IncidentNode): (StepRef & { incidentId: string }) | undefined {
  if (node.kind === 'quickStep') return { ...stepRef(node.loaded.uri, { kind: 'diagnostic', index: node.index }), incidentId: node.incident.id };
  if (node.kind !== 'knownStep') return undefined;
  return { ...stepRef(node.loaded.uri, { kind: 'tree', incidentIndex: node.knownIndex, index: node.index }), incidentId: node.incident.id };
}

function nodeId(node: IncidentNode): string {
  switch (node.kind) {
    case 'levelGroup':
      return `level/${node.level}`;
    case 'resolvedGroup':
      return 'resolved';
    case 'malformed':
      return `malformed/${node.entry.uri.toString()}`;
    case 'incident':
      return `incident/${node.incident.id}`;
    case 'protocolGroup':
      return `incident/${node.incident.id}/protocol`;
    case 'protocolItem':
      return `incident/${node.incident.id}/protocol/${node.index}`;
    case 'timelineGroup':
      return `incident/${node.incident.id}/timeline`;
    case 'responders':
      return `incident/${node.incident.id}/responders`;
    case 'event':
      return `incident/${node.incident.id}/timeline/${node.index}`;
    case 'knownIncident':
      return `incident/${node.incident.id}/known`;
    case 'knownStep':
      return `incident/${node.incident.id}/known/${node.index}`;
    case 'outbox':
      return `incident/${node.incident.id}/outbox`;
    case 'outboxItem':
      return `incident/${node.incident.id}/outbox/${node.itemId}`;
    case 'quickDiagnosis':
      return `incident/${node.incident.id}/quick`;
    case 'quickStep':
      return `incident/${node.incident.id}/quick/${node.index}`;
  }
}

function eventIcon(kind: string): string {
  const icons: Record<string, string> = { declared: 'flame', acknowledged: 'check', status: 'edit', level: 'arrow-swap', commander: 'person', escalated: 'megaphone', update: 'comment', command: 'terminal', deadline: 'watch', resolved: 'pass', reopened: 'debug-restart', outbound: 'cloud-upload' };
  return icons[kind] ?? 'circle-small';
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
