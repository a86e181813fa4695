// The first run `npm start` gives a newcomer, driven as a person would: the demo workspace beside its own web
// service (started here, on a free loopback port), the walkthrough open. Declare, look at the host, run the health
// check (the service answers in the incident terminal), Demo: Break the Service, the same check again (a failure in
// the timeline), Demo: Restart the Service, resolve, draft the post-mortem; then every walkthrough step shows done.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startDemoService, type DemoService } from '../../demo/service/service';
import { prepareDemoWorkspace, useDemoService } from '../harness/demoWorkspace';
import { WORKSPACE_FOLDER_NAME } from '../harness/workspace';
import { openWorkbench, type Workbench } from './driver';
import { waitOnDisk } from './onDisk';

const WALKTHROUGH = 'Respond to your first incident';
const STEPS = ['openRunbook', 'flowchart', 'declare', 'runStep', 'resolve', 'postmortem'];
const HEALTH_STEP = 'Check service health';
/** The health step's record in the note, `[domain]` filled (quoted or not, as the shell needs), and what it says of the run. */
const HEALTH_RUN = /\[command\] `curl -sS -m 2 --fail-with-body [^`]*127\.0\.0\.1:\d+'?\/api\/health` (.*)$/gm;

suite('Demo: a first incident against the demo service (e2e)', () => {
  let parent: string;
  let service: DemoService | undefined;
  let workbench: Workbench | undefined;

  suiteSetup(async () => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-ws-demo-'));
    const workspace = path.join(parent, WORKSPACE_FOLDER_NAME);
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    // A team setting kept beside the one the demo fills: no confirmation before each read-only check.
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'incidentRunbook.confirmBeforeRun': false }, null, 2));
    prepareDemoWorkspace(workspace);
    service = await startDemoService({ workspace, trafficEveryMs: 1_000 });
    useDemoService(workspace, service.origin);
    workbench = await openWorkbench({ label: 'demo', workspace, colorTheme: 'Default Light Modern' });
  });

  suiteTeardown(async () => {
    await workbench?.close();
    await service?.close();
    fs.rmSync(parent, { recursive: true, force: true, maxRetries: 3 });
  });

  test('declare, a health check the service answers, break it, the same check fails in the timeline, restart, resolve, post-mortem; the walkthrough follows', async () => {
    const wb = workbench!;
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pickQuickInputItem(WALKTHROUGH);
    await wb.waitForWalkthroughSteps(STEPS, false);
    await wb.screenshot('demo-walkthrough-start');

    await wb.runCommand('Incident: Open Runbook');
    await wb.waitForFocusedEditor('Demo Web Service Runbook');
    await wb.runCommand('Incident: Show Severity Flowchart');
    await wb.webviewFrame({ selector: 'svg g.node' });

    await wb.runCommand('Incident: Declare Incident');
    await wb.typeInQuickInput('health check answers 503 on the demo service', { submit: true });
    await wb.waitForQuickInputItems((labels) => labels.length > 1);
    await wb.acceptQuickPick();
    await wb.waitForNotification(/declared: health check answers 503/);

    const incidents = path.join(wb.workspace, 'incidents');
    const note = (): string => {
      const file = fs.existsSync(incidents) ? fs.readdirSync(incidents).find((f) => f.endsWith('.md')) : undefined;
      return file ? fs.readFileSync(path.join(incidents, file), 'utf8') : '';
    };
    const healthRuns = (): string[] => [...note().matchAll(HEALTH_RUN)].map((m) => m[1]);
    // Each record's exit code, with the whole record where it has none, so a failure says what was recorded.
    const healthExits = (): string[] => healthRuns().map((words) => /^exited (\d+)/.exec(words)?.[1] ?? words);
    const runStep = async (title: string): Promise<void> => {
      await wb.runCommand('Incident: Run Diagnostic Step');
      await wb.typeInQuickInput(title);
      await wb.pickQuickInputItem(title);
    };
    const runHealthStep = async (runs: number): Promise<string> => {
      await runStep(HEALTH_STEP);
      return waitOnDisk(`health check run ${runs} in the note`, incidents, () => healthRuns().length >= runs && note(), { seen: healthRuns });
    };

    // A first look at the host opens the incident terminal. Its shell integration (which reports exit codes and
    // output) can come later than the runner waits for on a loaded machine; the health check then runs with it.
    await runStep('Check host resources');
    await waitOnDisk('the host check in the note', incidents, () => /\[command\] `uptime`/.test(note()), { seen: note });

    const healthy = await runHealthStep(1);
    assert.deepStrictEqual(healthExits(), ['0'], healthy);
    assert.match(healthy, /"status": "ok"/, 'the service’s answer, read from the incident terminal, is in the timeline');
    await wb.screenshot('demo-health-answered');

    await wb.runCommand('Demo: Break the Service');
    await wb.pickQuickInputItem('Health check fails');
    await wb.waitForNotification(/The demo service is failing: health check fails/);
    assert.strictEqual(service?.mode(), 'unhealthy');
    const broken = await runHealthStep(2);
    assert.deepStrictEqual(healthExits(), ['0', '22'], 'curl --fail-with-body exits 22 on the 503');
    assert.match(broken, /"status": "unavailable"/);
    await wb.screenshot('demo-health-failed');

    await wb.runCommand('Demo: Restart the Service');
    await wb.waitForNotification(/The demo service restarted/);
    await runHealthStep(3);
    assert.deepStrictEqual(healthExits(), ['0', '22', '0']);

    await wb.runCommand('Incident: Resolve');
    await wb.typeInQuickInput('Restarted the service; health answers 200 again', { submit: true });
    await wb.clickNotificationButton(/Resolved: health check answers 503/, 'Generate Post-mortem Draft');
    const postmortems = path.join(wb.workspace, 'postmortems');
    await waitOnDisk('the post-mortem draft', postmortems, () => fs.existsSync(postmortems) && fs.readdirSync(postmortems).some((f) => f.endsWith('.md')));
    // Written, then opened with the focus: the palette below, opened between the two, closed as the focus moved (ci53).
    await wb.waitForFocusedEditor('Post-mortem: health check answers 503');

    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pickQuickInputItem(WALKTHROUGH);
    const steps = await wb.waitForWalkthroughSteps(STEPS, true);
    assert.deepStrictEqual(steps.map((s) => s.id), STEPS, JSON.stringify(steps));
    await wb.screenshot('demo-walkthrough-done');
  });
});
