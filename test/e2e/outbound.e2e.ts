// Sends waiting in the Incidents tree, as a person sees them: with PagerDuty connected, a SEV1 declared from the
// palette asks before it pages, and until it is answered its trigger (and the acknowledge queued behind it) wait
// under the incident. The page is never confirmed, so nothing leaves the machine. README's screenshot comes from here.
import * as assert from 'assert';
import { openWorkbench, type Workbench } from './driver';
import { removeNotes } from './notes';

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
    await workbench.page.keyboard.press('Enter');
    const asked = await workbench.waitForNotification(/Page PagerDuty/, 30_000);
    assert.match(asked, /Page PagerDuty \(this workspace's routing key\) for SEV1 “Site down in EU”, severity critical\?/);

    await workbench.runCommand('Incident: Acknowledge');
    await workbench.waitForTreeLabels('Open Incidents', (rows) => rows.includes('Site down in EU'), 30_000);
    // An incident's row opens on a click; what waits to send is its first child.
    await workbench.expandTreeItem('Open Incidents', 'Site down in EU');
    const waiting = '1 page waiting for your confirmation, 1 update waiting to send';
    const labels = await workbench.waitForTreeLabels('Open Incidents', (rows) => rows.includes(waiting), 30_000);
    const rows = await workbench.treeItems('Open Incidents');
    const below = rows.slice(labels.indexOf(waiting) + 1, labels.indexOf(waiting) + 3).map((r) => `${r.label} — ${r.description}`);
    assert.deepStrictEqual(below, ['PagerDuty trigger — waiting for your confirmation: Retry Send pages, Discard Send cancels', 'PagerDuty acknowledge — waiting'], JSON.stringify(rows));
    await workbench.screenshot('outbound-waiting-sends');
  });
});
