// Sends waiting in the Incidents tree, as a person sees them: with PagerDuty connected, a SEV1 declared from the
// palette asks before it pages, and until it is answered its trigger (and the acknowledge queued behind it) wait
// under the incident. The page is never confirmed, so nothing leaves the machine. README's screenshot comes from here.
import * as assert from 'assert';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { openWorkbench, writeMachineSettings, type Workbench } from './driver';
import { removeNotes } from './notes';
import { waitOnDisk } from './onDisk';

suite('Waiting sends in the Incidents tree (e2e)', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench({ label: 'outbound', colorTheme: 'Default Light Modern' });
    await workbench.showIncidentsView();
  });

  suiteTeardown(async () => {
    if (workbench) removeNotes(workbench.workspace);
    await workbench?.close();
  });

  test('a page waiting for its confirmation, and the acknowledge behind it, are shown under the incident', async () => {
    await workbench.runCommand('Incident: Connect PagerDuty…');
    await workbench.typeInQuickInput('E2eRoutingKey0000000000000000000', { submit: true });
    await workbench.answerDialog(/Send a test event\?/, 'Connect Without a Test');
    await workbench.waitForNotification(/PagerDuty is connected for this workspace/);

    await workbench.runCommand('Incident: Declare Incident');
    await workbench.typeInQuickInput('Site down in EU', { submit: true });
    await workbench.waitForQuickInputItems((labels) => labels.includes('SEV2'));
    await workbench.acceptQuickPick();
    const asked = await workbench.waitForNotification(/Page PagerDuty/, 30_000);
    assert.match(asked, /Page PagerDuty \(this workspace's routing key\) for SEV1 “Site down in EU”, severity critical\?/);

    await workbench.runCommand('Incident: Acknowledge');
    await workbench.waitForTreeLabels('Open Incidents', (rows) => rows.includes('Site down in EU'), 30_000);
    // An incident's row opens on a click; what waits to send is its first child.
    const waiting = '1 page waiting for your confirmation, 1 update waiting to send';
    const labels = await workbench.waitForTreeLabelsUnder('Open Incidents', 'Site down in EU', (rows) => rows.includes(waiting), 30_000);
    const rows = await workbench.treeItems('Open Incidents');
    const below = rows.slice(labels.indexOf(waiting) + 1, labels.indexOf(waiting) + 3).map((r) => `${r.label} — ${r.description}`);
    assert.deepStrictEqual(below, ['PagerDuty trigger — waiting for your confirmation: Retry Send pages, Discard Send cancels', 'PagerDuty acknowledge — waiting'], JSON.stringify(rows));
    await workbench.screenshot('outbound-waiting-sends');
  });
});

/** PagerDuty's Events API on 127.0.0.1: records each event and answers 202; stopped, the port refuses (a service down). */
class PagerDutyStandIn {
  readonly events: Record<string, unknown>[] = [];
  private readonly arrived = new EventEmitter();
  private server: http.Server | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        this.events.push(JSON.parse(text) as Record<string, unknown>);
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"status":"success","message":"Event processed"}');
        this.arrived.emit('event');
      });
    });
    // Up again after a stop: on the same port, the one the window's setting names.
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  eventsFor(dedupKey: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.dedup_key === dedupKey);
  }

  /** Resolves when an event for `dedupKey` has arrived (at once if one has): on the request, never on a timer. */
  waitForEvent(dedupKey: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.eventsFor(dedupKey)[0];
        if (!found) return;
        clearTimeout(timer);
        this.arrived.off('event', check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.arrived.off('event', check);
        reject(new Error(`No PagerDuty event for ${dedupKey} within ${timeoutMs} ms; got: ${JSON.stringify(this.events.map((e) => [e.event_action, e.dedup_key]))}`));
      }, timeoutMs);
      this.arrived.on('event', check);
      check();
    });
  }
}

// A real window reload (not the integration suite's simulated one) and the confirmation's own buttons: PagerDuty is
// connected to a stand-in on 127.0.0.1, and what reaches it is awaited on its recorded requests.
suite('Outbound: PagerDuty pages across a real window reload, and the Page / Don\'t page buttons (e2e)', () => {
  const standIn = new PagerDutyStandIn();
  let workbench: Workbench;

  /** The id of the incident titled `title`, from its note on disk (the id is the dedup key its page goes with). */
  const incidentId = (title: string): Promise<string> =>
    waitOnDisk(`the note of "${title}"`, path.join(workbench.workspace, 'incidents'), () => {
      for (const file of fs.readdirSync(path.join(workbench.workspace, 'incidents')).filter((f) => f.endsWith('.md'))) {
        const text = fs.readFileSync(path.join(workbench.workspace, 'incidents', file), 'utf8');
        if (new RegExp(`^title: ${title}$`, 'm').test(text)) return /^id: (.+)$/m.exec(text)?.[1];
      }
      return undefined;
    });
  const noteSays = (id: string, pattern: RegExp, timeoutMs = 30_000): Promise<boolean> => {
    const file = path.join(workbench.workspace, 'incidents', `${id}.md`);
    return waitOnDisk(`${String(pattern)} in ${id}'s note`, path.dirname(file), () => pattern.test(fs.readFileSync(file, 'utf8')), { timeoutMs, seen: () => fs.readFileSync(file, 'utf8') });
  };

  async function declare(title: string, level: 'SEV1' | 'SEV2'): Promise<void> {
    await workbench.runCommand('Incident: Declare Incident');
    await workbench.typeInQuickInput(title, { submit: true });
    await workbench.waitForQuickInputItems((labels) => labels.includes(level));
    await workbench.pickQuickInputItem(level);
  }

  /** Declares at a paging level and waits for the question before the page; returns the incident's id. */
  async function declareAndWaitForTheQuestion(title: string, level: 'SEV1' | 'SEV2'): Promise<{ id: string; question: RegExp }> {
    await declare(title, level);
    const question = new RegExp(`Page PagerDuty .* for ${level} “${title}”`);
    await workbench.waitForNotification(question, 30_000);
    return { id: await incidentId(title), question };
  }

  suiteSetup(async () => {
    await standIn.start();
    // A machine setting (the routing key goes to it), read when the window opens.
    writeMachineSettings({ 'incidentRunbook.pagerDuty.eventsUrl': `http://127.0.0.1:${standIn.port}/v2/enqueue` });
    workbench = await openWorkbench({ label: 'outbound-reload', colorTheme: 'Default Light Modern' });
    await workbench.showIncidentsView();
    await workbench.runCommand('Incident: Connect PagerDuty…');
    await workbench.typeInQuickInput('E2eReloadRoutingKey0000000000000', { submit: true });
    await workbench.answerDialog(/Send a test event\?/, 'Connect Without a Test');
    await workbench.waitForNotification(/PagerDuty is connected for this workspace/);
  });

  suiteTeardown(async () => {
    writeMachineSettings({ 'incidentRunbook.pagerDuty.eventsUrl': undefined });
    if (workbench) removeNotes(workbench.workspace);
    await workbench?.close();
    await standIn.stop();
  });

  test('"Page" sends the trigger; "Don\'t page" sends nothing and the timeline says so', async () => {
    const paged = await declareAndWaitForTheQuestion('Checkout returns 500', 'SEV1');
    await workbench.clickNotificationButton(paged.question, 'Page');
    const trigger = await standIn.waitForEvent(paged.id, 30_000);
    assert.strictEqual(trigger.event_action, 'trigger');
    assert.strictEqual((trigger.payload as { severity?: string }).severity, 'critical');
    await noteSays(paged.id, /\[outbound\] PagerDuty trigger sent \(severity critical\)/);

    const declined = await declareAndWaitForTheQuestion('Cache hit rate low', 'SEV2');
    await workbench.clickNotificationButton(declined.question, "Don't page");
    // The decision is recorded (a positive signal) before the stand-in is checked for silence.
    await noteSays(declined.id, /\[outbound\] Not paged: .Don't page. was chosen for the PagerDuty trigger \(severity error\)/);
    const rows = await workbench.waitForTreeLabelsUnder('Open Incidents', 'Cache hit rate low', () => true);
    assert.ok(!rows.some((r) => /waiting/.test(r)), `nothing waits to send: ${JSON.stringify(rows)}`);
    assert.deepStrictEqual(standIn.eventsFor(declined.id), []);
    assert.strictEqual(standIn.eventsFor(paged.id).length, 1);
    await workbench.screenshot('outbound-dont-page-recorded');
  });

  test('a page the server could not take before a window reload reaches it once after the reload', async () => {
    await standIn.stop();
    const { id, question } = await declareAndWaitForTheQuestion('Queue consumers stalled', 'SEV1');
    await workbench.clickNotificationButton(question, 'Page');
    // The port refuses: the trigger stays in the outbox, shown under its incident.
    await workbench.waitForTreeLabels('Open Incidents', (rows) => rows.includes('Queue consumers stalled'), 30_000);
    await workbench.waitForTreeLabelsUnder('Open Incidents', 'Queue consumers stalled', (rows) => rows.includes('1 update waiting to send'), 30_000);
    await workbench.screenshot('outbound-waiting-before-reload');

    await workbench.reloadWindow();
    await workbench.showIncidentsView();
    await standIn.start();
    // The outbox read back by the new window retries on its backoff (seconds to a minute after the refusals).
    const trigger = await standIn.waitForEvent(id, 150_000);
    assert.strictEqual(trigger.event_action, 'trigger');
    await noteSays(id, /\[outbound\] PagerDuty trigger sent/);
    await workbench.waitForTreeLabelsUnder('Open Incidents', 'Queue consumers stalled', (rows) => !rows.some((r) => /waiting/.test(r)), 30_000);
    assert.strictEqual(standIn.eventsFor(id).length, 1, JSON.stringify(standIn.eventsFor(id)));
    await workbench.screenshot('outbound-sent-after-reload');
  });

  test('a page waiting for its answer when the window reloads is asked again after it; "Page" then sends it once', async () => {
    const { id, question } = await declareAndWaitForTheQuestion('Search index stale', 'SEV1');
    await workbench.waitForTreeLabelsUnder('Open Incidents', 'Search index stale', (rows) => rows.includes('1 page waiting for your confirmation'), 30_000);

    await workbench.reloadWindow();
    await workbench.showIncidentsView();
    // A new window's notification center holds only what this window showed: the question is asked anew.
    await workbench.waitForNotification(question, 60_000);
    await workbench.screenshot('outbound-asked-again-after-reload');
    assert.deepStrictEqual(standIn.eventsFor(id), [], 'nothing went before the answer');
    await workbench.clickNotificationButton(question, 'Page');
    await standIn.waitForEvent(id, 30_000);
    await noteSays(id, /\[outbound\] PagerDuty trigger sent/);
    assert.strictEqual(standIn.eventsFor(id).length, 1);
  });
});
