// PagerDuty, Slack and Teams in a real VS Code, against a local HTTP server on 127.0.0.1 standing in for all
// three (the services' addresses are settings): what each transition sends, retries, refusals, and that the
// secrets stay out of the note, the log and the settings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Settled } from '../../src/core/outbound/outbox';
import { checkPagerDutyEvent } from '../../src/core/outbound/pagerduty';
import { api, declare, incidentsDir, readNote, treeLabels, waitForIncident, waitUntil, workspaceRoot } from './support';

const ROUTING_KEY = 'Zq9TestRoutingKey0000000000000Zq';

interface Received {
  service: 'pagerduty' | 'slack' | 'teams';
  body: Record<string, unknown>;
  received: number;
  answered?: number;
  status?: number;
}
interface Answer {
  status: number;
  body?: string;
  delayMs?: number;
}

/** The stand-in: records every request, answers PagerDuty from a script (202 when it is empty), the chats 200. */
class StandIn {
  readonly received: Received[] = [];
  readonly pagerDutyAnswers: Answer[] = [];
  private readonly receivedEmitter = new vscode.EventEmitter<Received>();
  /** Fires as each request arrives (before it is answered). */
  readonly onDidReceive = this.receivedEmitter.event;
  private server!: http.Server;
  origin = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const url = req.url ?? '';
        const service = url.startsWith('/v2/enqueue') ? 'pagerduty' : url.startsWith('/services/') ? 'slack' : 'teams';
        const record: Received = { service, body: JSON.parse(text) as Record<string, unknown>, received: Date.now() };
        this.received.push(record);
        this.receivedEmitter.fire(record);
        const answer = service === 'pagerduty' ? (this.pagerDutyAnswers.shift() ?? { status: 202, body: '{"status":"success","message":"Event processed"}' }) : { status: service === 'slack' ? 200 : 202, body: service === 'slack' ? 'ok' : '' };
        setTimeout(() => {
          record.answered = Date.now();
          record.status = answer.status;
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  events(dedupKey: string): Received[] {
    return this.received.filter((r) => r.service === 'pagerduty' && r.body.dedup_key === dedupKey);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The tree's row for the first item waiting for incident `id`, as the tree hands it to Retry Send / Discard Send. */
async function findOutboxNode<T>(provider: vscode.TreeDataProvider<T>, id: string, parent?: T, depth = 5): Promise<(T & { kind: string; itemId: string }) | undefined> {
  for (const child of (await provider.getChildren(parent)) ?? []) {
    const node = child as T & { kind?: string; itemId?: string; incident?: { id?: string } };
    if (node.kind === 'outboxItem' && node.incident?.id === id) return node as T & { kind: string; itemId: string };
    const below = depth > 1 ? await findOutboxNode(provider, id, child, depth - 1) : undefined;
    if (below) return below;
  }
  return undefined;
}

suite('Outbound: PagerDuty, Slack and Teams', () => {
  const standIn = new StandIn();
  const logged: string[] = [];
  let restoreLog: () => void = () => undefined;
  const settled: Settled[] = [];
  let listening: vscode.Disposable | undefined;
  let slackUrl = '';
  let teamsUrl = '';

  suiteSetup(async () => {
    await standIn.start();
    slackUrl = `${standIn.origin}/services/T0TEST/B0TEST/SlackSecretPart123`;
    teamsUrl = `${standIn.origin}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=TeamsSecretSig`;
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    await configuration.update('pagerDuty.eventsUrl', `${standIn.origin}/v2/enqueue`, vscode.ConfigurationTarget.Global);
    await configuration.update('slack.webhookOrigin', standIn.origin, vscode.ConfigurationTarget.Global);
    await configuration.update('teams.webhookOrigins', [standIn.origin], vscode.ConfigurationTarget.Global);
    // One-tap paging for the suite; the confirmation's own test turns it back on.
    await configuration.update('pagerDuty.confirmBeforePaging', false, vscode.ConfigurationTarget.Global);
    const { services } = await api();
    // Everything the extension logs while the suite runs, to look for the secrets in.
    const levels = ['info', 'warn', 'error', 'debug', 'trace', 'appendLine'] as const;
    const log = services.log as unknown as Record<(typeof levels)[number], (...args: unknown[]) => void>;
    const originals = levels.map((level) => [level, log[level]] as const);
    for (const [level, original] of originals) {
      log[level] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
        original.apply(services.log, args);
      };
    }
    restoreLog = () => {
      for (const [level, original] of originals) log[level] = original;
    };
    listening = services.outbound.onDidSettle((s) => settled.push(s));
  });

  suiteTeardown(async () => {
    const { services } = await api();
    for (const service of ['pagerduty', 'slack', 'teams']) await vscode.commands.executeCommand('incidentRunbook.disconnect', service);
    for (const incident of await services.store.incidents()) services.outbound.discard(services.outbound.itemsOf(incident.id).map((i) => i.id));
    listening?.dispose();
    restoreLog();
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    for (const key of ['pagerDuty.eventsUrl', 'slack.webhookOrigin', 'teams.webhookOrigins', 'pagerDuty.confirmBeforePaging']) await configuration.update(key, undefined, vscode.ConfigurationTarget.Global);
    await standIn.stop();
  });

  // Each test starts from the connections it names and an empty answer script, whatever ran before it: the suite
  // runs in any order (INCIDENT_RUNBOOK_TEST_ORDER=shuffle found tests that used the key an earlier test connected).
  setup(() => {
    standIn.pagerDutyAnswers.length = 0;
  });

  async function connectOnly(...wanted: ('pagerduty' | 'slack' | 'teams')[]): Promise<void> {
    for (const service of ['pagerduty', 'slack', 'teams']) await vscode.commands.executeCommand('incidentRunbook.disconnect', service);
    if (wanted.includes('pagerduty')) assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', ROUTING_KEY, false), true);
    if (wanted.includes('slack')) assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectSlack', slackUrl, false), true);
    if (wanted.includes('teams')) assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectTeams', teamsUrl, false), true);
  }

  async function sentFor(id: string, what: string): Promise<void> {
    await waitForIncident(`"${what}" recorded in ${id}`, id, (i) => i.timeline.some((e) => e.kind === 'outbound' && e.text.includes(what)), 45_000);
  }

  test('a routing key or webhook URL that is not one is refused with a message and nothing is kept', async () => {
    await connectOnly();
    const { services } = await api();
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', 'not-a-key', false), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectSlack', 'https://hooks.slack.com.evil.example/services/T0/B0/x', false), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectTeams', 'https://contoso.webhook.office.com/webhookb2/abc', false), undefined);
    assert.deepStrictEqual(await services.outbound.connected(), []);
    assert.ok(logged.some((l) => l.includes('PagerDuty was not connected: A routing key is 32 letters and digits')), logged.join('\n'));
    assert.ok(logged.some((l) => l.includes('Office 365 connector webhook, which Microsoft retired')), logged.join('\n'));
  });

  test('connecting PagerDuty sends a test event that resolves at once, then keeps the key', async () => {
    await connectOnly();
    const before = standIn.received.length;
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', ROUTING_KEY, true), true);
    const test = standIn.received.slice(before);
    assert.deepStrictEqual(test.map((r) => r.body.event_action), ['trigger', 'resolve']);
    assert.strictEqual(test[0].body.dedup_key, test[1].body.dedup_key);
    assert.strictEqual((test[0].body.payload as { severity?: string }).severity, 'info');
    assert.deepStrictEqual(await (await api()).services.outbound.connected(), ['pagerduty']);
  });

  test('declare → acknowledge → resolve sends exactly trigger, acknowledge, resolve with one dedup key; declare does not wait', async () => {
    await connectOnly('pagerduty');
    // The trigger's answer is held 1.5 s: declare must return before it.
    standIn.pagerDutyAnswers.push({ status: 202, body: '{"status":"success"}', delayMs: 1500 });
    const started = Date.now();
    const id = await declare('Checkout down for everyone', 1);
    const declaredAt = Date.now();
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: id });
    await vscode.commands.executeCommand('incidentRunbook.resolve', { incidentId: id }, 'Rolled back');
    await sentFor(id, 'PagerDuty resolve sent');
    const events = standIn.events(id);
    assert.deepStrictEqual(events.map((e) => e.body.event_action), ['trigger', 'acknowledge', 'resolve']);
    assert.ok(events.every((e) => e.body.routing_key === ROUTING_KEY));
    const payload = events[0].body.payload as Record<string, unknown>;
    assert.strictEqual(payload.summary, 'Checkout down for everyone');
    assert.strictEqual(payload.severity, 'critical');
    assert.match(JSON.stringify(payload.custom_details), /"severity_mapping":"default/);
    // The runbook's related documents that are web addresses go as links (its relative ones cannot be opened from
    // PagerDuty), and the body as the server got it fits the Events API v2 schema.
    assert.deepStrictEqual(events[0].body.links, [{ href: 'https://status.example.com', text: 'Status page' }]);
    for (const event of events) assert.deepStrictEqual(checkPagerDutyEvent(event.body), [], JSON.stringify(event.body));
    const answered = events[0].answered ?? Infinity;
    console.log(`[outbound] declare returned after ${declaredAt - started} ms; the trigger reached the server ${events[0].received - started} ms and was answered ${answered - started} ms after the start`);
    assert.ok(declaredAt < answered, `declare returned at +${declaredAt - started} ms, after the trigger was answered at +${answered - started} ms`);
    // A level that does not page sends nothing.
    const quiet = await declare('Typo on the status page', 4);
    await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: quiet });
    await sentFor(id, 'PagerDuty resolve sent');
    assert.deepStrictEqual(standIn.events(quiet), []);
  });

  test('a page that failed because PagerDuty was no longer connected goes once it is connected again', async () => {
    await connectOnly('pagerduty');
    const { services } = await api();
    standIn.pagerDutyAnswers.push({ status: 503, body: '{"status":"unavailable"}' });
    const id = await declare('Ledger writes time out (connection lost)', 1);
    await waitUntil('the first 503', [services.outbound.onDidSettle], () => settled.find((s) => s.item.incidentId === id && s.kind === 'retrying'));
    // The key goes while the trigger waits for its retry (a web workbench whose secret storage forgot it does the same).
    await vscode.commands.executeCommand('incidentRunbook.disconnect', 'pagerduty');
    const failed = await waitUntil('the retry failed for want of the key', [services.outbound.onDidSettle], () => settled.find((s) => s.item.incidentId === id && s.kind === 'failed'));
    assert.match(failed.why ?? '', /PagerDuty is not connected here; it goes once you run "Incident: Connect PagerDuty…"/);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', ROUTING_KEY, false), true);
    await sentFor(id, 'PagerDuty trigger sent');
    assert.deepStrictEqual(standIn.events(id).map((e) => [e.body.event_action, e.status]), [['trigger', 503], ['trigger', 202]]);
  });

  test('a server that answers 500 three times then 202 gets the event once, and the tree shows it waiting meanwhile', async () => {
    await connectOnly('pagerduty');
    standIn.pagerDutyAnswers.push({ status: 500, body: 'oops' }, { status: 500, body: 'oops' }, { status: 500, body: 'oops' });
    const { services, trees } = await api();
    const id = await declare('Payments timing out', 2);
    const waiting = await waitUntil('the waiting row', [services.outbound.onDidChange], async () => (await treeLabels(trees.incidents, undefined, 4)).find((l) => l.includes('update waiting to send')));
    assert.match(waiting, /1 update waiting to send/);
    await sentFor(id, 'PagerDuty trigger sent');
    const events = standIn.events(id);
    assert.deepStrictEqual(events.map((e) => e.status), [500, 500, 500, 202]);
    assert.strictEqual(events.filter((e) => e.status === 202).length, 1);
    assert.deepStrictEqual(services.outbound.itemsOf(id), []);
  });

  test('a page waiting while the window reloads (the server answering 503) is sent once after it', async () => {
    await connectOnly('pagerduty');
    // A reload is simulated: the harness cannot reload the window it runs in. The outbox drops all it holds in
    // memory (the send in flight is cut off) and reads itself again from workspace storage, as a new window does.
    standIn.pagerDutyAnswers.push({ status: 503, body: 'down' }, { status: 503, body: 'down', delayMs: 1000 }, { status: 503, body: 'down' });
    const { services } = await api();
    const id = await declare('Queue consumers stalled', 1);
    await waitUntil('the first 503', [services.outbound.onDidSettle], () => settled.find((s) => s.item.incidentId === id && s.kind === 'retrying'));
    // The second try is held by the server for 1 s: the reload cuts it off in flight.
    await waitUntil('the second try in flight', [standIn.onDidReceive], () => standIn.events(id).length === 2);
    services.outbound.reloadFromStorage();
    assert.deepStrictEqual(services.outbound.itemsOf(id).map((i) => [i.what, i.state]), [['trigger', 'pending']], 'read back from workspace storage');
    await sentFor(id, 'PagerDuty trigger sent');
    const events = standIn.events(id);
    assert.strictEqual(events.filter((e) => e.status === 202).length, 1, `answers: ${events.map((e) => e.status).join(', ')}`);
    assert.deepStrictEqual(events.slice(0, 3).map((e) => e.status), [503, 503, 503]);
    assert.deepStrictEqual(services.outbound.itemsOf(id), []);
  });

  test('with confirmation on, a page waits for its answer: Discard Send from the tree cancels it, Retry Send pages, "Don\'t page" is recorded', async () => {
    await connectOnly('pagerduty');
    const configuration = vscode.workspace.getConfiguration('incidentRunbook');
    await configuration.update('pagerDuty.confirmBeforePaging', true, vscode.ConfigurationTarget.Global);
    const { services, trees } = await api();
    const heldItem = async (id: string): Promise<{ kind: string; itemId: string }> => {
      const node = await waitUntil(`the held page of ${id} in the tree`, [services.outbound.onDidChange], () => findOutboxNode(trees.incidents, id));
      assert.deepStrictEqual(services.outbound.itemsOf(id).map((i) => i.state), ['held']);
      return node;
    };
    try {
      const cancelled = await declare('Cache cluster degraded', 1);
      const node = await heldItem(cancelled);
      assert.ok((await treeLabels(trees.incidents, undefined, 4)).some((l) => l.includes('1 page waiting for your confirmation')));
      // Acknowledged while the page waits: the acknowledge waits behind it, and goes with it or not at all.
      await vscode.commands.executeCommand('incidentRunbook.acknowledge', { incidentId: cancelled });
      await waitUntil('the acknowledge queued', [services.outbound.onDidChange], () => services.outbound.itemsOf(cancelled).length === 2);
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.discardSend', node, true), 1);
      assert.deepStrictEqual(services.outbound.itemsOf(cancelled), [], 'the acknowledge of a page never sent goes with it');

      const paged = await declare('Cache cluster down', 1);
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.retrySend', await heldItem(paged)), 1);
      await sentFor(paged, 'PagerDuty trigger sent');

      const declined = await declare('Cache cluster flapping', 2);
      await services.outbound.answerPage((await heldItem(declined)).itemId, 'dontPage');
      await sentFor(declined, "Not paged: \"Don't page\" was chosen for the PagerDuty trigger (severity error)");
      assert.deepStrictEqual(services.outbound.itemsOf(declined), []);
      // Only the one confirmed reached the service.
      assert.deepStrictEqual([standIn.events(cancelled).length, standIn.events(paged).length, standIn.events(declined).length], [0, 1, 0]);
    } finally {
      await configuration.update('pagerDuty.confirmBeforePaging', false, vscode.ConfigurationTarget.Global);
    }
  });

  test('a 400 is recorded with its message and not retried', async () => {
    await connectOnly('pagerduty');
    standIn.pagerDutyAnswers.push({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}' });
    const { services } = await api();
    const id = await declare('Login broken', 1);
    const failed = await waitUntil('the refusal', [services.outbound.onDidSettle], () => settled.find((s) => s.item.incidentId === id && s.kind === 'failed'));
    assert.match(failed.why ?? '', /HTTP 400: Event object is invalid: Length of 'routing_key' is incorrect/);
    const recorded = await waitForIncident('the refusal in the timeline', id, (i) => i.timeline.some((e) => e.kind === 'outbound' && e.text.includes('failed')));
    assert.match(recorded.timeline.find((e) => e.kind === 'outbound')?.text ?? '', /PagerDuty trigger failed: refused \(HTTP 400: Event object is invalid/);
    // Another incident's page goes through after it; the refused one was sent once.
    const next = await declare('Login broken again', 1);
    await sentFor(next, 'PagerDuty trigger sent');
    assert.strictEqual(standIn.events(id).length, 1);
    assert.deepStrictEqual(services.outbound.itemsOf(id).map((i) => i.state), ['failed'], 'kept for Retry or Discard');
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.discardSend', { incidentId: id }, true), 1);
  });

  test("a runbook's own routing key pages for its incidents; the workspace key for the others", async () => {
    await connectOnly('pagerduty');
    const { services } = await api();
    const id = await declare('Runbook-routed outage', 1);
    const runbook = (await services.store.find(id))?.incident?.runbook;
    assert.ok(runbook, 'the incident names its runbook');
    await sentFor(id, 'PagerDuty trigger sent');
    const RUNBOOK_KEY = 'Zq9RunbookRoutingKey00000000000Z';
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectPagerDuty', RUNBOOK_KEY, false, runbook), true);
    try {
      const routed = await declare('Runbook-routed outage again', 1);
      await sentFor(routed, 'PagerDuty trigger sent');
      assert.deepStrictEqual([standIn.events(id)[0].body.routing_key, standIn.events(routed)[0].body.routing_key], [ROUTING_KEY, RUNBOOK_KEY]);
      assert.deepStrictEqual(services.outbound.runbooksWithKeys(), [runbook]);
    } finally {
      assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.disconnect', 'pagerduty', runbook), true);
    }
    assert.deepStrictEqual(services.outbound.runbooksWithKeys(), []);
    assert.deepStrictEqual(await services.outbound.connected(), ['pagerduty'], 'the workspace key stays');
  });

  test('a status update posted to Slack and Teams: the edited text goes, the timeline records where, the clock restarts', async () => {
    await connectOnly();
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectSlack', slackUrl, true), true);
    assert.strictEqual(await vscode.commands.executeCommand('incidentRunbook.connectTeams', teamsUrl, false), true);
    const id = await declare('Search <!channel> *down*', 3);
    const edited = '**Status**: Investigating\n**Title**: Search <!channel> {{DATE(2026-01-01T00:00:00Z)}}';
    const result = await vscode.commands.executeCommand<{ queued: string[] }>('incidentRunbook.postStatusUpdate', { incidentId: id }, 'chat', undefined, edited);
    assert.deepStrictEqual(result?.queued, ['Slack', 'Microsoft Teams']);
    await sentFor(id, 'Status update posted to Slack');
    await sentFor(id, 'Status update posted to Microsoft Teams');
    const slack = standIn.received.filter((r) => r.service === 'slack').pop();
    const teams = standIn.received.filter((r) => r.service === 'teams').pop();
    assert.ok(slack && teams);
    assert.ok(!JSON.stringify(slack.body).includes('<!channel>'), JSON.stringify(slack.body));
    assert.match(JSON.stringify(slack.body), /\*Status\*: Investigating/);
    assert.ok(!JSON.stringify(teams.body).includes('{{DATE'), JSON.stringify(teams.body));
    const kinds = (await (await api()).services.store.find(id))?.incident?.timeline.map((e) => e.kind) ?? [];
    assert.strictEqual(kinds.filter((k) => k === 'update').length, 1, `one post restarts the clock once: ${kinds.join(', ')}`);
  });

  test('the secrets never appear in a note, the log or the settings', async () => {
    // Its own sends to all three, so the notes and the log hold what the secrets could leak into.
    await connectOnly('pagerduty', 'slack', 'teams');
    const id = await declare('Secrets stay out', 1);
    await vscode.commands.executeCommand('incidentRunbook.postStatusUpdate', { incidentId: id }, 'chat', undefined, '**Status**: Investigating');
    await sentFor(id, 'PagerDuty trigger sent');
    await sentFor(id, 'Status update posted to Slack');
    await sentFor(id, 'Status update posted to Microsoft Teams');
    const secrets = [ROUTING_KEY, 'Zq9RunbookRoutingKey00000000000Z', 'SlackSecretPart123', 'TeamsSecretSig'];
    const notes = fs.readdirSync(incidentsDir()).filter((f) => f.endsWith('.md'));
    assert.ok(notes.length > 0);
    for (const file of notes) {
      const text = readNote(path.basename(file, '.md'));
      for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds a secret`);
    }
    assert.ok(logged.length > 0);
    for (const secret of secrets) assert.ok(!logged.some((l) => l.includes(secret)), `the log holds ${secret}`);
    const settingsFile = path.join(workspaceRoot(), '.vscode', 'settings.json');
    const settingsText = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '';
    const effective = JSON.stringify(vscode.workspace.getConfiguration('incidentRunbook'));
    for (const secret of secrets) assert.ok(!settingsText.includes(secret) && !effective.includes(secret), `the settings hold ${secret}`);
  });
});
