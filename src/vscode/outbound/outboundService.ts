// Outbound events: PagerDuty pages that follow the incident's transitions and status updates posted to Slack and
// Teams. Every event goes through the outbox (src/core/outbound/outbox.ts), kept in workspace state, so what
// could not go out (offline, a service down) survives a window reload and goes when it can; it is drained in
// the background, so no command waits on the network. Secrets (the routing key, the webhook URLs) stay in
// SecretStorage and are added only at the moment of the send: never in the outbox, a note, the log or settings.
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { settingId, type SettingsReader } from '../../config';
import { recordOutbound, recordStatusUpdate } from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/model';
import type { RelatedLink } from '../../core/runbook/model';
import type { Clock } from '../../core/incident/time';
import { levelNameIn, type LevelList } from '../../core/runbook/levelNames';
import { checkSlackMessage, checkTeamsMessage, slackMessage, teamsMessage } from '../../core/outbound/chat';
import * as outbox from '../../core/outbound/outbox';
import { SERVICE_NAMES, type Outbox, type OutboxItem, type OutboundService as Service, type SendOutcome, type Settled } from '../../core/outbound/outbox';
import { checkPagerDutyEvent, followUpEvent, pagerDutyActionsFor, runbookLinks, severityFor, triggerEvent, type PagerDutyEventBody } from '../../core/outbound/pagerduty';
import { postJson } from '../../node/outbound';
import type { IncidentStore, IncidentWrite } from '../incident/incidentStore';
import { workspaceSecretScope } from '../runner/secretValues';

const OUTBOX_KEY = 'incidentRunbook.outbox';
const PAGED_KEY = 'incidentRunbook.outbound.paged';
/** The runbooks that have a routing key of their own (SecretStorage lists no keys): for Disconnect. */
const RUNBOOK_KEYS_KEY = 'incidentRunbook.outbound.runbookRoutingKeys';
export const CHAT_SERVICES = ['slack', 'teams'] as const satisfies readonly Service[];
export type ChatService = (typeof CHAT_SERVICES)[number];

export interface OutboundDeps {
  log: vscode.LogOutputChannel;
  settings: SettingsReader;
  store: IncidentStore;
  clock: Clock;
  /** The runbook an incident was declared from (its related documents go with a page as links). */
  runbookOf(incident: Incident): Promise<{ runbook: { links: readonly RelatedLink[]; levels: LevelList } } | undefined>;
}

export class OutboundService implements vscode.Disposable {
  private box: Outbox = outbox.emptyOutbox();
  private paged = new Set<string>();
  /** Moves on at each reload from storage: a send started before it settles nothing after it. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the outbox or a connection changes (the tree shows what waits). */
  readonly onDidChange = this.changed.event;
  private readonly settledEmitter = new vscode.EventEmitter<Settled>();
  /** Fires as each send settles: delivered, waiting for a retry, or failed (tests and other extensions follow it). */
  readonly onDidSettle = this.settledEmitter.event;
  private readonly inFlight = new Map<string, AbortController>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Note writes are turned into events one at a time, in the order they were written. */
  private writes: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[];
  private disposed = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly deps: OutboundDeps,
  ) {
    this.disposables = [
      this.changed,
      this.settledEmitter,
      deps.store.onDidWrite((write) => {
        this.writes = this.writes.then(() => this.followWrite(write)).catch((error) => deps.log.error(`Outbound: ${String(error)}`));
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.wake()),
    ];
    this.load();
  }

  /** The outbox as workspace storage keeps it: what waited across a reload goes now, after activation returns. */
  private load(): void {
    this.box = outbox.readOutbox(this.state.get(OUTBOX_KEY));
    const paged = this.state.get<unknown>(PAGED_KEY);
    this.paged = new Set(Array.isArray(paged) ? paged.filter((p): p is string => typeof p === 'string') : []);
    if (this.box.items.length) this.timer = setTimeout(() => this.drain(), 0);
    // A page that was waiting for its answer is asked again: it must not wait unseen.
    for (const item of this.box.items) if (item.state === 'held') void this.askToPage(item);
  }

  /**
   * What a window reload does to the outbox: everything in memory is dropped (a send in flight is cut off and its
   * answer ignored), then the outbox is read again from workspace storage and drained. The integration suite's
   * stand-in for a reload, which its harness cannot do without ending the tests.
   */
  reloadFromStorage(): void {
    this.generation++;
    clearTimeout(this.timer);
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.load();
  }

  // ---- connections -----------------------------------------------------------------------------------------

  private async secretKey(service: Service, runbook?: string): Promise<string> {
    const key = `incidentRunbook.outbound/${await workspaceSecretScope(this.state)}/${service}`;
    return runbook === undefined ? key : `${key}/runbook/${encodeURIComponent(runbook)}`;
  }

  /** The secret for `service`; for a page, the runbook's own routing key first, else the workspace's. */
  async secret(service: Service, runbook?: string): Promise<string | undefined> {
    const own = runbook ? await this.secrets.get(await this.secretKey(service, runbook)) : undefined;
    return own ?? this.secrets.get(await this.secretKey(service));
  }

  /** Keeps a secret for the workspace, or (a PagerDuty routing key) for one runbook, by the path notes name it with. */
  async storeSecret(service: Service, value: string, runbook?: string): Promise<void> {
    await this.secrets.store(await this.secretKey(service, runbook), value);
    if (runbook !== undefined) await this.state.update(RUNBOOK_KEYS_KEY, [...new Set([...this.runbooksWithKeys(), runbook])]);
    // What failed for want of this connection goes now, as its message promised.
    this.box = outbox.retryUnconnected(this.box, service, this.deps.clock.now().getTime(), runbook);
    this.saved();
    this.changed.fire();
    this.wake();
  }

  async deleteSecret(service: Service, runbook?: string): Promise<void> {
    await this.secrets.delete(await this.secretKey(service, runbook));
    if (runbook !== undefined) await this.state.update(RUNBOOK_KEYS_KEY, this.runbooksWithKeys().filter((r) => r !== runbook));
    this.changed.fire();
  }

  runbooksWithKeys(): string[] {
    const names = this.state.get<unknown>(RUNBOOK_KEYS_KEY);
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  }

  async connected(): Promise<Service[]> {
    const all: Service[] = ['pagerduty', ...CHAT_SERVICES];
    const present = await Promise.all(all.map(async (s) => ((await this.secret(s)) !== undefined ? s : undefined)));
    return present.filter((s): s is Service => s !== undefined);
  }

  // ---- what goes out ---------------------------------------------------------------------------------------

  /** A note write: the PagerDuty events its transition calls for, queued (untrusted or unconnected: nothing). */
  private async followWrite({ before, after }: IncidentWrite): Promise<void> {
    if (!vscode.workspace.isTrusted || (await this.secret('pagerduty', after.runbook || undefined)) === undefined) return;
    const pageLevels = this.deps.settings.get('pagerDuty.pageLevels');
    const pages = (level: number): boolean => Array.isArray(pageLevels) && pageLevels.includes(level);
    const actions = pagerDutyActionsFor(before, after, this.paged.has(after.id), pages);
    const confirm = this.deps.settings.get('pagerDuty.confirmBeforePaging') !== false;
    const held: OutboxItem[] = [];
    for (const action of actions) {
      const body = action === 'trigger' ? await this.trigger(after) : followUpEvent(action, after);
      if (!body) continue;
      const trigger = action === 'trigger';
      const firstPage = trigger && !this.paged.has(after.id);
      if (trigger) this.paged.add(after.id);
      const item = this.queue(after.id, 'pagerduty', action, body, undefined, after.runbook || undefined, trigger ? { held: confirm, firstPage } : {});
      if (item.state === 'held') held.push(item);
    }
    if (actions.length) await this.state.update(PAGED_KEY, [...this.paged]);
    for (const item of held) void this.askToPage(item);
  }

  /** Shows what a held page will send; the answer pages or cancels it, no answer leaves it waiting in the tree. */
  private async askToPage(item: OutboxItem): Promise<void> {
    const body = item.body as PagerDutyEventBody;
    const routing = item.runbook && this.runbooksWithKeys().includes(item.runbook) ? `the routing key of ${item.runbook}` : "this workspace's routing key";
    const level = body.payload?.custom_details?.level;
    const choice = await vscode.window.showWarningMessage(
      `Page PagerDuty (${routing}) for ${typeof level === 'string' ? `${level} ` : ''}“${body.payload?.summary ?? item.incidentId}”, severity ${body.payload?.severity ?? 'unknown'}? Until you answer, it waits in the Incidents tree.`,
      'Page',
      "Don't page",
    );
    if (choice) await this.answerPage(item.id, choice === 'Page' ? 'page' : 'dontPage');
  }

  /** A person's answer to a held page: it goes now, or it is dropped (with what follows it) and the timeline says so. */
  async answerPage(id: string, answer: 'page' | 'dontPage'): Promise<void> {
    const item = this.box.items.find((i) => i.id === id && i.state === 'held');
    // Answered already, from the tree or another window of the prompt.
    if (!item) return;
    if (answer === 'page') return this.retry([id]);
    this.discard([id]);
    const severity = (item.body as PagerDutyEventBody).payload?.severity;
    await this.record(item.incidentId, `Not paged: "Don't page" was chosen for the PagerDuty trigger${severity ? ` (severity ${severity})` : ''}.`);
  }

  private async trigger(incident: Incident): Promise<PagerDutyEventBody | undefined> {
    const runbook = await this.runbookOf(incident);
    const mapping = this.deps.settings.get('pagerDuty.severities');
    const severity = severityFor(incident.level, mapping && typeof mapping === 'object' ? mapping : {});
    if (!severity) {
      // Nothing is guessed: the person is told which level lacks a severity, and where to give it one.
      const why = `Not paged: ${settingId('pagerDuty.severities')} gives no PagerDuty severity for ${levelNameIn(runbook?.levels, incident.level)}.`;
      this.deps.log.warn(`${incident.id}: ${why}`);
      await this.record(incident.id, why);
      return undefined;
    }
    const inspected = vscode.workspace.getConfiguration().inspect(settingId('pagerDuty.severities'));
    const severityIsDefault = inspected?.globalValue === undefined && inspected?.workspaceValue === undefined && inspected?.workspaceFolderValue === undefined;
    const note = await this.deps.store.uriOf(incident.id);
    return triggerEvent(incident, {
      severity,
      severityIsDefault,
      source: vscode.workspace.name ?? 'VS Code workspace',
      notePath: note ? vscode.workspace.asRelativePath(note) : '',
      links: runbook ? runbookLinks(runbook.links) : [],
      levels: runbook?.levels,
    });
  }

  /** The runbook's links and level names are extra: a runbook that cannot be read now never holds a page up. */
  private async runbookOf(incident: Incident): Promise<{ links: readonly RelatedLink[]; levels: LevelList } | undefined> {
    try {
      return (await this.deps.runbookOf(incident))?.runbook;
    } catch (error) {
      this.deps.log.warn(`Outbound: the page of ${incident.id} goes without its runbook's links and level names (its runbook: ${String(error)}).`);
      return undefined;
    }
  }

  /**
   * Queues a status update for each of `services` (the text as the responder left it). The first delivery
   * records the post and restarts the update clock (to `promisedNext`, what the text promised); each delivery
   * records where it went.
   */
  postStatusUpdate(incident: Incident, text: string, services: readonly ChatService[], promisedNext: string | undefined): void {
    if (!vscode.workspace.isTrusted) throw new Error('This workspace is not trusted: nothing is sent from it.');
    const group = randomUUID();
    for (const service of services) {
      const body = service === 'slack' ? slackMessage(incident.title, text) : teamsMessage(incident.title, text);
      this.queue(incident.id, service, 'status update', body, { group, promisedNext });
    }
  }

  private queue(incidentId: string, service: Service, what: string, body: unknown, post?: OutboxItem['post'], runbook?: string, page: { held?: boolean; firstPage?: boolean } = {}): OutboxItem {
    const id = randomUUID();
    const item = { id, incidentId, service, what, body, queued: this.deps.clock.now().toISOString(), ...(post ? { post } : {}), ...(runbook ? { runbook } : {}), ...(page.firstPage ? { firstPage: true } : {}) };
    this.box = outbox.enqueue(this.box, item, this.deps.clock.now().getTime(), page.held);
    this.deps.log.info(`Outbound: ${SERVICE_NAMES[service]} ${what} for ${incidentId} queued${page.held ? ', waiting for confirmation' : ''}.`);
    this.saved();
    this.wake();
    return this.box.items.find((i) => i.id === id) as OutboxItem;
  }

  // ---- the outbox ------------------------------------------------------------------------------------------

  itemsOf(incidentId: string): OutboxItem[] {
    return outbox.itemsOf(this.box, incidentId);
  }

  retry(ids: readonly string[]): void {
    for (const id of ids) this.box = outbox.retry(this.box, id, this.deps.clock.now().getTime());
    this.saved();
    this.wake();
  }

  /** Drops the sends (one in flight is cancelled): they never go. A first page dropped leaves its incident unpaged. */
  discard(ids: readonly string[]): void {
    for (const id of ids) {
      const item = this.box.items.find((i) => i.id === id);
      if (item?.firstPage && this.paged.delete(item.incidentId)) void this.state.update(PAGED_KEY, [...this.paged]);
      this.inFlight.get(id)?.abort();
      this.box = outbox.discard(this.box, id);
      this.deps.log.info(`Outbound: send ${id} discarded.`);
    }
    this.saved();
  }

  private saved(): void {
    void this.state.update(OUTBOX_KEY, this.box);
    this.changed.fire();
  }

  private wake(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drain(), 0);
  }

  private busy(item: OutboxItem): boolean {
    return [...this.inFlight.keys()].some((id) => {
      const other = this.box.items.find((i) => i.id === id);
      return other !== undefined && other.incidentId === item.incidentId && other.service === item.service;
    });
  }

  private drain(): void {
    if (this.disposed || !vscode.workspace.isTrusted) return;
    const now = this.deps.clock.now().getTime();
    for (const item of outbox.due(this.box, now)) if (!this.busy(item)) void this.send(item);
    const idle = { items: this.box.items.filter((i) => !this.busy(i)) };
    const next = outbox.nextWake(idle, now);
    clearTimeout(this.timer);
    if (next !== undefined && next > now) this.timer = setTimeout(() => this.drain(), next - now);
  }

  private async send(item: OutboxItem): Promise<void> {
    const controller = new AbortController();
    const generation = this.generation;
    this.inFlight.set(item.id, controller);
    let outcome: SendOutcome;
    try {
      const target = await this.target(item);
      outcome = 'problem' in target ? { kind: target.unconnected ? 'unconnected' : 'local', message: target.problem } : await postJson(target.url, target.body, { signal: controller.signal });
    } catch (error) {
      outcome = { kind: 'network', message: String(error) };
    } finally {
      if (this.inFlight.get(item.id) === controller) this.inFlight.delete(item.id);
    }
    // Cut off by a reload: the item stays queued as persisted and goes from the next window.
    if (this.disposed || generation !== this.generation) return;
    const result = outbox.settle(this.box, item.id, outcome, this.deps.clock.now().getTime());
    this.box = result.outbox;
    this.saved();
    if (result.settled) await this.report(result.settled);
    this.wake();
  }

  /** Where the item goes and what exactly: the secret joins the body here, checked against its schema. */
  private async target(item: OutboxItem): Promise<{ url: string; body: unknown } | { problem: string; unconnected?: true }> {
    const secret = await this.secret(item.service, item.runbook);
    const name = SERVICE_NAMES[item.service];
    if (secret === undefined) return { problem: `${name} is not connected here; it goes once you run "Incident: Connect ${item.service === 'teams' ? 'Teams' : name}…"`, unconnected: true };
    if (item.service === 'pagerduty') {
      const body = { routing_key: secret, ...(item.body as PagerDutyEventBody) };
      const problems = checkPagerDutyEvent(body);
      return problems.length ? { problem: `the event does not fit the Events API v2 schema: ${problems.join('; ')}` } : { url: this.deps.settings.get('pagerDuty.eventsUrl'), body };
    }
    const problems = item.service === 'slack' ? checkSlackMessage(item.body) : checkTeamsMessage(item.body);
    return problems.length ? { problem: `the message does not fit ${name}'s limits: ${problems.join('; ')}` } : { url: secret, body: item.body };
  }

  private async report(settled: Settled): Promise<void> {
    const { item, why } = settled;
    const name = SERVICE_NAMES[item.service];
    this.settledEmitter.fire(settled);
    if (settled.kind === 'retrying') {
      this.deps.log.warn(`Outbound: ${name} ${item.what} for ${item.incidentId} not sent (${why}); attempt ${item.attempts}, next at ${new Date(item.notBefore).toISOString()}.`);
      return;
    }
    if (settled.kind === 'sent') {
      this.deps.log.info(`Outbound: ${name} ${item.what} for ${item.incidentId} sent.`);
      if (item.post) {
        const restart = item.post.clockRestarted ? undefined : { promisedNext: item.post.promisedNext };
        await this.record(item.incidentId, `Status update posted to ${name}${restart ? '' : ' too'}.`, restart);
      } else {
        const severity = (item.body as PagerDutyEventBody).payload?.severity;
        await this.record(item.incidentId, `PagerDuty ${item.what} sent${severity ? ` (severity ${severity})` : ''}.`);
      }
      return;
    }
    this.deps.log.error(`Outbound: ${name} ${item.what} for ${item.incidentId} ${why}.`);
    await this.record(item.incidentId, `${name} ${item.what} failed: ${why}.`);
    // Not awaited: the outbox goes on while the message waits for an answer.
    void vscode.window.showErrorMessage(`${name} ${item.what} for ${item.incidentId} failed: ${why}.`, 'Retry', 'Discard').then((choice) => {
      if (choice === 'Retry') this.retry([item.id]);
      if (choice === 'Discard') this.discard([item.id]);
    });
  }

  /** An `outbound` timeline event; with `restart`, the status update is recorded as posted first (the clock restarts). */
  private async record(incidentId: string, text: string, restart?: { promisedNext?: string }): Promise<void> {
    try {
      await this.deps.store.update(incidentId, (current) => {
        const now = this.deps.clock.now();
        let incident = current;
        if (restart && current.resolved === null) {
          const posted = recordStatusUpdate(current, now, { cadence: this.deps.settings.get('updateCadenceMinutes') }, restart.promisedNext);
          if (posted.ok) incident = posted.incident;
        }
        const recorded = recordOutbound(incident, now, text);
        return recorded.ok ? recorded.incident : incident;
      });
    } catch (error) {
      // The note went away or cannot be written: the log keeps what happened.
      this.deps.log.warn(`Outbound: could not record "${text}" in ${incidentId}: ${String(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const controller of this.inFlight.values()) controller.abort();
    for (const d of this.disposables) d.dispose();
  }
}
