// The "What Was Read" view: for each runbook, the listing of src/core/readout (every part read, with its line,
// and every default in force). A click reveals the line in the runbook, or opens the setting a default comes from.
// Apart from the Runbook view on purpose: that one is what a responder acts from mid-incident (declare, run);
// this one is the author's check of their file, defaults and all, which would bury the first.
import * as vscode from 'vscode';
import { settingId } from '../../config';
import { whatWasRead, type ReadItem, type ReadKind } from '../../core/readout/whatWasRead';
import type { CadenceMinutes } from '../../core/incident/runbookFacts';
import type { LoadedRunbook, RunbookService } from './runbookService';
import { openAt } from './runbookTree';

export type ReadNode =
  | { kind: 'runbook'; loaded: LoadedRunbook }
  /** `path`: the keys from the runbook down to the item, which make its id; `parent` makes `reveal` work. */
  | { kind: 'item'; loaded: LoadedRunbook; item: ReadItem; path: string; parent: ReadNode };

const ICONS: Record<ReadKind, string> = {
  group: 'list-tree',
  level: 'flame',
  step: 'terminal',
  command: 'terminal-bash',
  playbook: 'bug',
  protocol: 'checklist',
  template: 'mail',
  field: 'symbol-field',
  rule: 'megaphone',
  chart: 'type-hierarchy',
  link: 'link',
  default: 'settings-gear',
  fact: 'circle-small',
  problem: 'warning',
};

/** Groups open at first: what an author checks first. */
const EXPANDED = new Set(['levels', 'defaults']);

export class WhatWasReadTreeProvider implements vscode.TreeDataProvider<ReadNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReadNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly runbooks: RunbookService,
    private readonly cadence: () => CadenceMinutes,
  ) {
    this.subscriptions = [
      runbooks.onDidChange(() => this.changed.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingId('updateCadenceMinutes'))) this.changed.fire(undefined);
      }),
    ];
  }

  async getChildren(node?: ReadNode): Promise<ReadNode[]> {
    if (!node) return (await this.runbooks.all()).map((loaded) => ({ kind: 'runbook', loaded }));
    const items = node.kind === 'runbook' ? whatWasRead(node.loaded.runbook, { cadence: this.cadence() }) : node.item.children;
    const base = node.kind === 'runbook' ? '' : `${node.path}/`;
    return items.map((item) => ({ kind: 'item', loaded: node.loaded, item, path: `${base}${item.key}`, parent: node }));
  }

  /** The node of the runbook at `uri`, for `reveal`. */
  async runbookNode(uri: vscode.Uri): Promise<ReadNode | undefined> {
    return (await this.getChildren()).find((node) => node.loaded.uri.toString() === uri.toString());
  }

  getParent(node: ReadNode): ReadNode | undefined {
    return node.kind === 'item' ? node.parent : undefined;
  }

  getTreeItem(node: ReadNode): vscode.TreeItem {
    const { loaded } = node;
    if (node.kind === 'runbook') {
      const item = new vscode.TreeItem(loaded.runbook.title, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${loaded.uri.toString()}#read`;
      item.description = loaded.bundled ? 'bundled' : vscode.workspace.asRelativePath(loaded.uri);
      item.iconPath = new vscode.ThemeIcon('book');
      item.command = openAt(loaded, undefined);
      return item;
    }
    const read = node.item;
    const state = read.children.length === 0 ? vscode.TreeItemCollapsibleState.None : node.parent.kind === 'runbook' && EXPANDED.has(read.key) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(read.label, state);
    item.id = `${loaded.uri.toString()}#read/${node.path}`;
    if (read.description) item.description = read.description;
    item.iconPath = new vscode.ThemeIcon(ICONS[read.kind]);
    item.contextValue = `whatWasRead.${read.kind}`;
    const text = [read.label, read.description].filter(Boolean).join(' — ');
    if (read.setting) {
      // A default has no line in the runbook: it leads to the setting it comes from.
      item.command = { command: 'workbench.action.openSettings', title: 'Open Setting', arguments: [read.setting] };
      item.tooltip = `${text}\nFrom the setting ${read.setting}, not the runbook — click to open it`;
    } else if (read.line !== undefined) {
      item.command = openAt(loaded, { line: read.line });
      item.tooltip = `${text}\n${vscode.workspace.asRelativePath(loaded.uri)}:${read.line + 1} — click to open`;
    } else {
      item.tooltip = read.kind === 'default' || read.kind === 'group' ? text : `${text}\nNot stated at a line of the runbook`;
    }
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
