// What a person sees first: the Incidents icon in the activity bar opens a side bar with the open
// incidents and the runbook trees.
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

  test('opening it shows the Open Incidents and Runbook views', async () => {
    await workbench.showIncidentsView();
    const titles = await workbench.viewTitles();
    assert.ok(titles.includes('Open Incidents'), `views: ${titles.join(', ')}`);
    assert.ok(titles.includes('Runbook'), `views: ${titles.join(', ')}`);
    // Both trees are rendered: rows, or the welcome text an empty tree shows.
    for (const view of ['Open Incidents', 'Runbook']) {
      const items = await workbench.treeItems(view);
      const welcome = await workbench.welcomeText(view);
      console.log(`      ${view}: ${items.length} row(s)${items.length ? ` — ${items.map((i) => i.label).join(' | ')}` : ''}${welcome ? `; welcome: ${JSON.stringify(welcome)}` : ''}`);
    }
    const file = await workbench.screenshot('incidents-view');
    assert.ok(fs.statSync(file).size > 10_000, `screenshot ${file} looks empty`);
  });
});
