// The severity flowchart as a person sees it in the real workbench: the panel opens beside the
// editor with the runbook's chart drawn by mermaid, one clickable node per level; clicking SEV2
// declares an SEV2 incident (a note appears in incidents/); the chart follows the theme and the
// runbook; a broken diagram shows its error. How fast it opens is measured by `npm run bench`
// (test/perf/flowchart.perf.ts), never here: a speed figure must not fail a test.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { onCleanup } from '../harness/cleanup';
import { perfFile, repoRoot } from '../harness/paths';
import { mergePerfFigures, roundFigure } from '../harness/perf';
import { parseFlowchart, parseRunbook } from '../../src/core/runbook';
import type { Runbook } from '../../src/core/runbook/model';
import { escapeRegExp, openWorkbench, type ColorTheme, type WebviewChannelMessage, type Workbench } from './driver';
import { CHART, levelLabelSize, openFlowchartPanel, renderStamp, SHOW_FLOWCHART, waitForRenderCount } from './flowchartFrame';
import { isoNow, removeNotes, writeNote } from './notes';
import { waitOnDisk } from './onDisk';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'flowchart');

function readRunbook(file: string): Runbook {
  return parseRunbook(fs.readFileSync(file, 'utf8'), file);
}

interface LevelNode {
  level: number;
  text: string;
  role: string | null;
  tabindex: string | null;
  label: string | null;
}

async function levelNodes(frame: Frame): Promise<LevelNode[]> {
  return frame.locator(`${CHART} .level-node`).evaluateAll((elements) =>
    elements.map((el) => ({
      level: Number(el.getAttribute('data-level')),
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      role: el.getAttribute('role'),
      tabindex: el.getAttribute('tabindex'),
      label: el.getAttribute('aria-label'),
    })),
  );
}

/** Labelled edges of a chart, as the person reads them on the arrows. */
function edgeLabels(runbook: Runbook): string[] {
  return parseFlowchart(runbook.flowchart)
    .edges.map((e) => e.label)
    .filter(Boolean);
}

/** The fill a level node's shape is painted with, as the browser computed it. */
async function nodeFill(frame: Frame): Promise<string> {
  return frame
    .locator(`${CHART} .level-node rect, ${CHART} .level-node polygon`)
    .first()
    .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(el).fill);
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

async function assertChartMatchesRunbook(workbench: Workbench, frame: Frame, runbook: Runbook): Promise<void> {
  const svg = await workbench.readSvg(frame, CHART);
  const chart = parseFlowchart(runbook.flowchart);
  assert.strictEqual(svg.nodes.length, chart.nodes.length, `nodes drawn: ${svg.nodes.map((n) => n.text).join(' | ')}`);
  for (const node of chart.nodes) {
    assert.ok(svg.nodes.some((n) => n.text === node.label), `no node labelled "${node.label}" in ${svg.nodes.map((n) => n.text).join(' | ')}`);
  }
  // Mermaid nests a span.edgeLabel in each g.edgeLabel; count the groups.
  const drawnEdgeLabels = (await frame.locator(`${CHART} g.edgeLabel`).allTextContents()).map((t) => t.trim()).filter(Boolean);
  assert.deepStrictEqual(drawnEdgeLabels.sort(), edgeLabels(runbook).sort());
  assert.ok(svg.width > 100 && svg.height > 50, `the chart has a size: ${svg.width}×${svg.height}`);

  const levels = await levelNodes(frame);
  assert.deepStrictEqual(
    sorted(levels.map((l) => l.level)),
    sorted(runbook.levels.map((l) => l.level)),
    'one clickable node per level',
  );
  for (const node of levels) {
    const level = runbook.levels.find((l) => l.level === node.level);
    assert.ok(level, `node for an unknown level ${node.level}`);
    assert.match(node.text, new RegExp(`\\b${level.id}\\b`), `the SEV${node.level} node says ${node.text}`);
    // Keyboard users reach and activate it like a button.
    assert.strictEqual(node.role, 'button');
    assert.strictEqual(node.tabindex, '0');
    assert.ok(node.label?.includes(level.impact), `aria-label "${node.label}" names the impact "${level.impact}"`);
  }
}

/** As a responder has it: the runbook open, the chart beside it in half the editor area. */
async function openBesideRunbook(workbench: Workbench): ReturnType<typeof openFlowchartPanel> {
  await workbench.runCommand('Go to File...');
  await workbench.typeInQuickInput('default-runbook.md');
  await workbench.pickQuickInputItem('default-runbook.md');
  return openFlowchartPanel(workbench);
}

suite('Severity flowchart (e2e)', () => {
  suite('on the bundled runbook', () => {
    let workbench: Workbench;
    let runbook: Runbook;

    /** Content-Security-Policy violations reported by the webview documents. */
    const cspViolations: string[] = [];

    suiteSetup(async () => {
      workbench = await openWorkbench({ label: 'flowchart', colorTheme: 'Default Light Modern' });
      workbench.page.on('console', (message) => {
        const where = message.location().url;
        if (/Content Security Policy/i.test(message.text()) && /vscode-resource|webview/.test(where)) cspViolations.push(`${where}: ${message.text()}`);
      });
      runbook = readRunbook(path.join(workbench.workspace, 'runbooks', 'default-runbook.md'));
      assert.ok(runbook.levels.length >= 4 && runbook.flowchart, 'the bundled runbook has levels and a flowchart');
    });

    suiteTeardown(async () => {
      await workbench?.close();
    });

    // Each test opens the panel and declares what it needs; the incidents it leaves go, and the chart stops
    // counting them, before the next.
    teardown(async () => {
      if (!workbench) return;
      // A failed test may leave a question open (a Run confirmation): it would take the next test's keys.
      await workbench.dismissDialog();
      if (removeNotes(workbench.workspace) === 0) return;
      const frame = await openFlowchartPanel(workbench);
      await frame.locator(`${CHART} .count-badge`).first().waitFor({ state: 'detached' });
    });

    test('the open command draws the runbook’s chart beside the editor: one clickable node per level', async () => {
      const frame = await openBesideRunbook(workbench);
      await assertChartMatchesRunbook(workbench, frame, runbook);
      // Below the chart: the response flow (mermaid) and the escalation path (a table).
      if (runbook.sequence) await frame.locator('.sequence .diagram svg').waitFor({ state: 'attached' });
      assert.strictEqual(await frame.locator('.escalation-table tbody tr').count(), runbook.escalation.length);
      await workbench.screenshot('flowchart-light', { frame });
      await workbench.screenshot('flowchart-workbench-light');
      assert.deepStrictEqual(cspViolations, [], 'the page works within its Content-Security-Policy');
    });

    test('beside the runbook the level nodes’ labels are drawn at the editor’s font size at least', async () => {
      const frame = await openBesideRunbook(workbench);
      const size = await levelLabelSize(frame);
      const viewBox = await frame.locator(CHART).first().getAttribute('viewBox');
      console.log(`      level labels drawn at ${size.drawnFontPx.toFixed(1)} px (line ${size.lineHeightPx.toFixed(1)} px), editor font ${size.editorFontPx} px, chart ${viewBox}`);
      mergePerfFigures(perfFile, {
        'flowchart.panelLabelFontPx': roundFigure(size.drawnFontPx),
        'flowchart.panelLabelLineHeightPx': roundFigure(size.lineHeightPx),
      });
      assert.ok(size.editorFontPx > 0, 'the webview knows the editor font size');
      assert.ok(size.drawnFontPx >= size.editorFontPx - 0.01, `labels drawn at ${size.drawnFontPx.toFixed(1)} px, under the editor's ${size.editorFontPx} px`);
    });

    test('a panel too narrow for the chart as written draws it once, top-down, not as written first', async () => {
      // A fresh page, opened narrow: beside the runbook in half the editor area.
      await workbench.runCommand('View: Close All Editors');
      const frame = await openBesideRunbook(workbench);
      await frame.locator('body.narrow-chart').waitFor({ state: 'attached' });
      const { count } = await renderStamp(frame);
      const draws = Number(await frame.locator('body').getAttribute('data-flowchart-draws'));
      console.log(`      narrow panel: ${count} render(s), mermaid drew the chart ${draws} time(s)`);
      assert.strictEqual(draws, count, `mermaid laid the chart out ${draws} times for ${count} render(s) shown`);
    });

    test('keyboard: a level node takes focus and Enter starts the declare flow', async () => {
      const frame = await openFlowchartPanel(workbench);
      await frame.locator(`${CHART} .level-node[data-level="3"]`).focus();
      await workbench.page.keyboard.press('Enter');
      // The declare command asks for a title first; leaving it declares nothing.
      await workbench.typeInQuickInput('');
      await workbench.page.keyboard.press('Escape');
    });

    test('hovering a level shows its impact, response time and examples; an action says what it means', async () => {
      const frame = await openFlowchartPanel(workbench);
      const level = runbook.levels.find((l) => l.level === 1) ?? runbook.levels[0];
      await frame.locator(`${CHART} .level-node[data-level="${level.level}"]`).hover();
      const tooltip = frame.locator('#flowchart-tooltip');
      await tooltip.waitFor({ state: 'visible' });
      const text = await tooltip.innerText();
      assert.ok(text.includes(level.impact), `tooltip: ${text}`);
      assert.ok(text.includes(level.response), `tooltip: ${text}`);
      for (const example of level.examples) assert.ok(text.includes(example), `tooltip lacks example ${example}: ${text}`);

      await frame.locator(`${CHART} .action-node`).first().hover();
      assert.match(await tooltip.innerText(), /What it means:/);
    });

    test('the triage helper highlights the path of a chosen trigger and proposes its level', async () => {
      const level = runbook.levels.find((l) => l.level === 2 && l.trigger);
      assert.ok(level, 'the bundled runbook labels the edge to SEV2');
      const frame = await openFlowchartPanel(workbench);
      await frame.locator('button.choice', { hasText: level.trigger }).first().click();
      const onPath = await frame.locator(`${CHART} .node.on-path`).evaluateAll((els) => els.map((el) => el.getAttribute('data-level')));
      assert.ok(onPath.includes('2'), `highlighted nodes: ${JSON.stringify(onPath)}`);
      assert.ok((await frame.locator(`${CHART} .flowchart-link.on-path`).count()) >= 1, 'the edges on the path are highlighted');
      const declare = frame.locator('button.declare', { hasText: `Declare ${level.id}` });
      await declare.waitFor({ state: 'visible' });
      // In view, not below the fold of the panel: the choice list is long.
      const inView = await declare.evaluate((el) => {
        const box = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
        return box.top >= 0 && box.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
      });
      assert.ok(inView, 'the proposal’s Declare button is scrolled into view after the choice');
      // The path is said in words too (the highlight is only drawn), in the proposal's live region.
      const proposal = await frame.locator('.proposal').innerText();
      assert.ok(proposal.includes(`Path on the chart: ${level.trigger} → ${level.id}`), proposal);
      await workbench.screenshot('flowchart-triage', { frame });

      // Keyboard: Clear gives focus back to the choice it cleared; Space presses it again, and the pressed
      // choice still shows the focus ring.
      const choice = frame.locator('button.choice', { hasText: level.trigger }).first();
      await frame.locator('.proposal button', { hasText: 'Clear' }).press('Enter');
      assert.strictEqual(await frame.evaluate('document.activeElement && document.activeElement.classList.contains("choice") ? document.activeElement.textContent : null'), await choice.textContent());
      await choice.press('Space');
      assert.strictEqual(await choice.getAttribute('aria-pressed'), 'true');
      const ring = (await frame.evaluate('(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()')) as [string, string];
      assert.ok(ring[0] !== 'none' && Number.parseFloat(ring[1]) >= 2, `the focused, pressed choice shows a focus ring: ${ring.join(' ')}`);
      // The status line stays a live region in the page even when it has nothing to say.
      assert.strictEqual(await frame.locator('[role="status"]').count(), 1);
      assert.strictEqual(await frame.locator('[role="status"][hidden]').count(), 0);
    });

    test('clicking SEV2 declares an incident at SEV2, and the chart counts it', async () => {
      const frame = await openFlowchartPanel(workbench);
      const folder = path.join(workbench.workspace, 'incidents');
      const before = new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
      await workbench.clickInFrame(frame, { selector: `${CHART} .level-node[data-level="2"]` });
      // The declare flow asks what is happening, then proposes a known incident for it (INC-003 says "checkout").
      await workbench.typeInQuickInput('Checkout errors for some users (flowchart e2e)', { submit: true });
      await workbench.pickQuickInputItem('Not a known incident');

      const newNotes = (): string[] => (fs.existsSync(folder) ? fs.readdirSync(folder) : []).filter((f) => f.endsWith('.md') && !before.has(f));
      const created = await waitOnDisk('the declared incident’s note', folder, () => newNotes().length > 0 && newNotes(), { seen: newNotes });
      assert.strictEqual(created.length, 1, `new notes in ${folder}: ${created.join(', ')}`);
      const note = fs.readFileSync(path.join(folder, created[0]), 'utf8');
      assert.match(note, /^level:\s*2\s*$/m, note.slice(0, 400));
      assert.match(note, /Checkout errors for some users/);

      const badge = frame.locator(`${CHART} .count-badge[data-level="2"] text`);
      await badge.waitFor({ state: 'attached', timeout: 30_000 });
      assert.strictEqual((await badge.textContent())?.trim(), '1 open');
      // A count read as easily as the label it sits on (it was 12 px scaled down with the chart, about 6 px).
      const badgePx = (await frame.evaluate(`(() => {
        const svg = document.querySelector(${JSON.stringify(CHART)});
        const text = svg.querySelector('.count-badge[data-level="2"] text');
        return text.getBoundingClientRect().height / text.getBBox().height * Number.parseFloat(getComputedStyle(text).fontSize);
      })()`)) as number;
      const { editorFontPx } = await levelLabelSize(frame);
      assert.ok(badgePx >= editorFontPx - 0.01, `the badge's count is drawn at ${badgePx.toFixed(1)} px, under the editor's ${editorFontPx} px`);
      assert.match((await frame.locator(`${CHART} .level-node[data-level="2"]`).getAttribute('aria-label')) ?? '', /1 open/);
      await workbench.screenshot('flowchart-declared', { frame });
    });

    test('a first check’s Run button runs its commands in the incident’s terminal, and the note records each', async () => {
      // A step a responder runs as is (no placeholders to fill in), on the one open incident.
      const note = writeNote(workbench.workspace, { id: '2026-11-27-checkout-errors', title: 'Checkout errors for some users', level: 2, declared: isoNow() });
      const frame = await openFlowchartPanel(workbench);
      // The chart counts it: the extension has read the note.
      await frame.locator(`${CHART} .count-badge[data-level="2"] text`, { hasText: '1' }).waitFor({ state: 'attached' });
      const index = runbook.diagnostics.findIndex((d) => d.commands.length > 0 && d.placeholders.length === 0);
      assert.ok(index >= 0, 'the bundled runbook has a quick-diagnosis step without placeholders');
      const step = runbook.diagnostics[index];
      await frame.locator(`.first-checks button.run[aria-label="Run ${step.title}"]`).click();
      // Each command is shown, filled in, before its first run in this workspace.
      for (const command of step.commands) {
        const { message, detail } = await workbench.answerDialog(/^Run this command in the terminal "Incident: Checkout errors/, 'Run');
        assert.ok(detail.startsWith(command), `the confirmation shows "${command}": ${message} / ${detail}`);
      }
      const timeline = (): string => {
        const text = fs.readFileSync(note, 'utf8');
        return text.slice(text.indexOf('## Timeline'));
      };
      const recorded = (): boolean => step.commands.every((c) => new RegExp(`\\[command\\] \`${escapeRegExp(c)}\` exited 0`).test(timeline()));
      await waitOnDisk('the note to record each command and its exit code', path.dirname(note), recorded, { seen: timeline });
      await workbench.screenshot('flowchart-run-step');
    });

    test('follows the theme: dark, high contrast and high contrast light', async () => {
      const themes: [ColorTheme, string, string][] = [
        ['Default Dark Modern', 'vscode-dark', 'flowchart-dark'],
        ['Default High Contrast', 'vscode-high-contrast', 'flowchart-high-contrast'],
        ['Default High Contrast Light', 'vscode-high-contrast-light', 'flowchart-high-contrast-light'],
      ];
      const frame = await openFlowchartPanel(workbench);
      try {
        await drawInEachTheme(frame, themes);
      } finally {
        // The suite's theme again, for the tests after this one.
        await workbench.setColorTheme('Default Light Modern');
      }
      await workbench.screenshot('flowchart-workbench-high-contrast-light');
    });

    async function drawInEachTheme(frame: Frame, themes: [ColorTheme, string, string][]): Promise<void> {
      for (const [theme, bodyClass, shot] of themes) {
        const { count } = await renderStamp(frame);
        const fillBefore = await nodeFill(frame);
        await workbench.setColorTheme(theme);
        await frame.locator(`body.${bodyClass}`).waitFor({ state: 'attached' });
        await waitForRenderCount(frame, count + 1);
        const fillAfter = await nodeFill(frame);
        assert.notStrictEqual(fillAfter, fillBefore, `${theme}: the nodes were redrawn in the theme's colours`);
        // The top of the page (the chart), wherever the tests before left it scrolled.
        await frame.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
        await workbench.screenshot(shot, { frame });
      }
    }

    test('the compact view in the Incidents side bar draws the same chart', async () => {
      const readyPorts = (messages: WebviewChannelMessage[]): Set<number> => new Set(messages.filter((m) => m.type === 'webview/ready').map((m) => m.port));
      const portsBefore = readyPorts(await workbench.webviewChannels());
      await workbench.showIncidentsView();
      await workbench.expandView('Severity Flowchart');
      const view = await workbench.webviewFrame({ selector: '.layout.compact #chart svg .level-node' }, 60_000);
      // VS Code's webview host says 'no-csp-found' on a webview's port when a page it is given has no policy (the
      // first, empty one too), before that page loads: once the side bar's page said 'webview/ready' on its port,
      // every such warning for it has come.
      const messages = await workbench.waitForWebviewChannels("the side bar webview's 'webview/ready'", (seen) => [...readyPorts(seen)].some((port) => !portsBefore.has(port)));
      const ours = readyPorts(messages);
      assert.deepStrictEqual(
        messages.filter((m) => ours.has(m.port) && m.channel === 'no-csp-found'),
        [],
        'no webview of ours (the side bar, and the panel if it was opened before) was given a page without a content security policy',
      );
      assert.deepStrictEqual(
        sorted((await levelNodes(view)).map((l) => l.level)),
        sorted(runbook.levels.map((l) => l.level)),
      );
      // Laid out for the side bar's width (top-down, labels wrapped), not scaled down: its labels are drawn at the
      // editor's font size at least (they were scaled to about 5 px).
      await view.locator('body.compact-chart').waitFor({ state: 'attached' });
      const size = await levelLabelSize(view);
      const chartWidth = await view.locator(CHART).first().evaluate((svg) => (svg as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width);
      const pageWidth = (await view.evaluate('document.documentElement.clientWidth')) as number;
      const scrollWidth = (await view.evaluate('document.documentElement.scrollWidth')) as number;
      console.log(`      side-bar labels drawn at ${size.drawnFontPx.toFixed(1)} px, line ${size.lineHeightPx.toFixed(1)} px high, editor font ${size.editorFontPx} px; chart ${chartWidth.toFixed(0)} px wide in ${pageWidth} px`);
      mergePerfFigures(perfFile, {
        'flowchart.sideBarLabelFontPx': roundFigure(size.drawnFontPx),
        'flowchart.sideBarLabelLineHeightPx': roundFigure(size.lineHeightPx),
      });
      assert.ok(size.editorFontPx > 0, 'the webview knows the editor font size');
      assert.ok(size.drawnFontPx >= size.editorFontPx - 0.01, `side-bar labels drawn at ${size.drawnFontPx.toFixed(1)} px, under the editor's ${size.editorFontPx} px`);
      assert.ok(size.lineHeightPx >= size.editorFontPx, `a side-bar label's line is ${size.lineHeightPx.toFixed(1)} px high, under the editor's ${size.editorFontPx} px`);
      // The levels stack one below the other (compactSource): side by side they made the chart 384 px wide in 298 px.
      assert.ok(chartWidth <= pageWidth, `the side-bar chart is ${chartWidth.toFixed(0)} px wide in a ${pageWidth} px page`);
      assert.ok(scrollWidth <= pageWidth, `the side-bar page scrolls sideways: ${scrollWidth} px of content in ${pageWidth} px`);
      // The other sections folded, so the picture shows the chart at the height a person would give it.
      await workbench.collapseView('Open Incidents');
      await workbench.collapseView('Runbook');
      await workbench.screenshot('flowchart-side-bar');
      await workbench.expandView('Open Incidents');
      await workbench.expandView('Runbook');
    });

    test('the panel survives a window reload, with the triage choice it had', async () => {
      const level = runbook.levels.find((l) => l.level === 3 && l.trigger) ?? runbook.levels.find((l) => l.trigger);
      assert.ok(level?.trigger, 'the bundled runbook labels an edge to a level');
      const frame = await openFlowchartPanel(workbench);
      await frame.locator('button.choice', { hasText: level.trigger }).first().click();
      const picked = await frame.locator('button.choice[aria-pressed="true"] .choice-label').textContent();
      assert.ok(picked, 'a triage choice is selected before the reload');
      await workbench.runCommand('Developer: Reload Window');
      await workbench.waitUntilReady(true);
      // The panel's page, not the side-bar view's (which the previous test opened).
      const restored = await workbench.webviewFrame({ selector: `.layout:not(.compact) ${CHART} .level-node` }, 60_000);
      assert.deepStrictEqual(sorted((await levelNodes(restored)).map((l) => l.level)), sorted(runbook.levels.map((l) => l.level)));
      await restored.locator('button.choice[aria-pressed="true"]', { hasText: picked }).waitFor({ state: 'attached' });
    });

  });

  suite('on other runbooks', () => {
    let workbench: Workbench;
    let workspace: string;

    suiteSetup(async () => {
      // Only these two runbooks: the broken one sorts first, so it is what the panel shows first.
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-runbook-ws-flowchart-other-'));
      onCleanup(() => fs.rmSync(workspace, { recursive: true, force: true, maxRetries: 3 }));
      fs.mkdirSync(path.join(workspace, 'runbooks'));
      for (const file of ['broken-chart.md', 'payments-sev0.md']) fs.copyFileSync(path.join(FIXTURES, file), path.join(workspace, 'runbooks', file));
      workbench = await openWorkbench({ label: 'flowchart-other', workspace, colorTheme: 'Default Dark Modern' });
    });

    suiteTeardown(async () => {
      await workbench?.close();
    });

    /** Opens the runbook in an editor, then the panel, which shows the chart of the runbook in front. */
    async function showChartOf(fileName: string): Promise<void> {
      await workbench.runCommand('Go to File...');
      await workbench.typeInQuickInput(fileName);
      await workbench.pickQuickInputItem(fileName);
      // The runbook opened in the group that had focus, perhaps the panel's; bring the chart back.
      await workbench.runCommand(SHOW_FLOWCHART);
    }

    test('a runbook whose chart does not parse shows the error and the chart’s source', async () => {
      await showChartOf('broken-chart.md');
      const frame = await workbench.webviewFrame({ selector: '.diagram-error' }, 60_000);
      const text = await frame.locator('.diagram-error').innerText();
      assert.match(text, /syntax error/i);
      assert.match(text, /Parse error on line \d+/);
      assert.ok(text.includes('A[Incident Detected] --> T{Triage'), `the source is shown: ${text}`);
      // The rest of the page still works: the table's examples are offered for triage.
      assert.ok((await frame.locator('button.choice', { hasText: 'Complete outage' }).count()) === 1);
      await workbench.screenshot('flowchart-broken', { frame });
    });

    test('opening another runbook redraws its chart: SEV0 and its own edge labels', async () => {
      await showChartOf('payments-sev0.md');
      const frame = await workbench.webviewFrame({ selector: `${CHART} .level-node[data-level="0"]` }, 60_000);
      const runbook = readRunbook(path.join(workspace, 'runbooks', 'payments-sev0.md'));
      assert.deepStrictEqual(sorted(runbook.levels.map((l) => l.level)), [0, 1, 2, 3]);
      await assertChartMatchesRunbook(workbench, frame, runbook);
      assert.strictEqual(await frame.locator('.diagram-error').count(), 0);
      await workbench.screenshot('flowchart-sev0-dark', { frame });
    });

    test('a change to the runbook redraws the chart and the triage choices', async () => {
      const file = path.join(workspace, 'runbooks', 'payments-sev0.md');
      const before = fs.readFileSync(file, 'utf8');
      assert.ok(before.includes('|Refunds are stuck|'), 'the fixture labels the edge to SEV2 "Refunds are stuck"');
      await showChartOf('payments-sev0.md');
      const frame = await workbench.webviewFrame({ selector: `${CHART} .level-node[data-level="0"]` }, 60_000);
      const { count } = await renderStamp(frame);
      // Saved by another tool (a git pull, say): the editor showing it reloads, the chart follows.
      fs.writeFileSync(file, before.replace('|Refunds are stuck|', '|Refunds or payouts are stuck|'));
      try {
        await redrawnWithNewLabel(frame, count);
      } finally {
        // The fixture as the other tests read it.
        fs.writeFileSync(file, before);
      }
      // Drawn from it again before the next test.
      const restored = frame.locator('button.choice .choice-label', { hasText: /^\s*Refunds are stuck\s*$/ });
      try {
        await restored.first().waitFor({ state: 'attached' });
      } catch (error) {
        const offered = await frame.locator('button.choice .choice-label').allTextContents();
        throw new Error(`The triage choices never came back to the restored runbook's; offered: ${offered.join(' | ')}`, { cause: error });
      }
    });

    async function redrawnWithNewLabel(frame: Frame, count: number): Promise<void> {
      await waitForRenderCount(frame, count + 1);
      // A render may come before the new text is read; the chart then draws again.
      try {
        await frame.locator(`${CHART} .edgeLabel`).filter({ hasText: /^\s*Refunds or payouts are stuck\s*$/ }).first().waitFor({ state: 'attached' });
      } catch (error) {
        const drawn = (await workbench.readSvg(frame, CHART)).edgeLabels;
        throw new Error(`The chart never drew the edge label "Refunds or payouts are stuck"; edge labels drawn: ${drawn.join(' | ')}`, { cause: error });
      }
      const labels = (await workbench.readSvg(frame, CHART)).edgeLabels;
      assert.ok(!labels.includes('Refunds are stuck'), 'the old label is gone');
      await frame.locator('button.choice', { hasText: 'Refunds or payouts are stuck' }).waitFor({ state: 'attached' });
    }
  });
});
