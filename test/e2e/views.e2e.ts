// What a person sees first: the Incidents icon in the activity bar opens a side bar with the open
// incidents and the runbook trees, the latter filled from the workspace's runbook.
import * as assert from 'assert';
import * as fs from 'fs';
import { openWorkbench, type Workbench } from './driver';

suite('Incidents view (e2e)', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench({ label: 'views' });
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('the activity bar has the Incidents container', async () => {
    const labels = await workbench.activityBarLabels();
    assert.ok(labels.some((label) => label.startsWith('Incidents')), `activity bar: ${labels.join(', ')}`);
  });

  test('opening it shows the Open Incidents and Runbook views, the runbook read into its tree', async () => {
    await workbench.showIncidentsView();
    const titles = await workbench.viewTitles();
    assert.ok(titles.includes('Open Incidents'), `views: ${titles.join(', ')}`);
    assert.ok(titles.includes('Runbook'), `views: ${titles.join(', ')}`);

    // An empty workspace has no incidents: the view offers to declare one.
    const welcome = await workbench.welcomeText('Open Incidents');
    const incidents = await workbench.treeLabels('Open Incidents');
    assert.ok(incidents.length > 0 || /Declare Incident/.test(welcome), `Open Incidents shows neither rows nor its welcome: ${JSON.stringify(welcome)}`);

    // The runbook tree fills in once the extension has read runbooks/default-runbook.md.
    const sections = await workbench.waitForTreeLabels('Runbook', (labels) => labels.length > 0, 60_000);
    console.log(`      Runbook tree: ${sections.join(' | ')}`);

    const file = await workbench.screenshot('incidents-view');
    assert.ok(fs.statSync(file).size > 10_000, `screenshot ${file} looks empty`);
  });
});

suite('Notification center (e2e driver)', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench({ label: 'notification-center' });
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('a notification that arrives while the center is open and empty is read once', async () => {
    // How a deadline alert arrives when a spec waits for it: VS Code's center then listed it twice on the next open.
    const center = workbench.page.locator('.notifications-center');
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.runCommand('Notifications: Show Notifications');
    await workbench.runCommand('Incident: Acknowledge');
    const message = await workbench.waitForNotification(/There is no open incident/);
    // Whether the center is still open is VS Code's choice, not the driver's: it hides the center by itself when its
    // last notification (a progress such as "Activating Extensions...") closes, which a load-mode CI run met here.
    if (await center.isVisible()) {
      await workbench.page.locator('#status\\.notifications').click();
      await center.waitFor({ state: 'hidden' });
    }
    assert.deepStrictEqual(await workbench.notifications(), [message]);
  });
});
