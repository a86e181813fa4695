// The flowchart webview as the e2e specs and the perf bench read it: its selectors and its own record
// of renders (media/flowchart/main.ts stamps <body> with data-render-count and data-rendered-at).
import type { Frame } from 'playwright-core';
import type { Workbench } from './driver';

export const SHOW_FLOWCHART = 'Incident: Show Severity Flowchart';
export const CHART = '#chart svg';

export async function renderStamp(frame: Frame): Promise<{ count: number; renderedAt: number }> {
  const [count, renderedAt] = await Promise.all([
    frame.locator('body').getAttribute('data-render-count'),
    frame.locator('body').getAttribute('data-rendered-at'),
  ]);
  return { count: Number(count ?? '0'), renderedAt: Number(renderedAt ?? 'NaN') };
}

/** Waits on the page's own render counter (a DOM state), and says what it saw when it never came. */
export async function waitForRenderCount(frame: Frame, atLeast: number, timeoutMs = 30_000): Promise<number> {
  try {
    await frame.waitForFunction(
      (n) => Number((globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.renderCount ?? '0') >= n,
      atLeast,
      { timeout: timeoutMs },
    );
  } catch (error) {
    const { count } = await renderStamp(frame).catch(() => ({ count: NaN }));
    throw new Error(`The flowchart rendered ${count} time(s), expected ${atLeast} within ${timeoutMs} ms (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
  }
  return (await renderStamp(frame)).count;
}

/** Opens the panel with the palette command, as a person does, and returns its page once the chart is drawn. */
export async function openFlowchartPanel(workbench: Workbench): Promise<Frame> {
  await workbench.runCommand(SHOW_FLOWCHART);
  // The panel's page, not the side-bar view's.
  const frame = await workbench.webviewFrame({ selector: `.layout:not(.compact) ${CHART}` }, 60_000);
  await waitForRenderCount(frame, 1);
  return frame;
}

export interface LabelSize {
  /** The smallest level-node label's font size as drawn: its CSS font size times the SVG's scaling, in CSS pixels. */
  drawnFontPx: number;
  /** The height of that label's first line of text on the page, in CSS pixels. */
  lineHeightPx: number;
  /** --vscode-editor-font-size in the webview, in CSS pixels. */
  editorFontPx: number;
}

/** How big the level nodes' labels are on screen (the nodes a person clicks to declare). */
export async function levelLabelSize(frame: Frame): Promise<LabelSize> {
  // A string, not a function: this project compiles without the DOM lib.
  return (await frame.evaluate(`(() => {
    const svg = document.querySelector(${JSON.stringify(CHART)});
    const viewBox = svg.viewBox.baseVal;
    const scale = viewBox && viewBox.width ? svg.getBoundingClientRect().width / viewBox.width : 1;
    let drawnFontPx = Infinity;
    let lineHeightPx = Infinity;
    for (const node of svg.querySelectorAll('.level-node')) {
      const label = node.querySelector('.nodeLabel, text');
      if (!label) continue;
      drawnFontPx = Math.min(drawnFontPx, Number.parseFloat(getComputedStyle(label).fontSize) * scale);
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode();
      if (!text) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      const line = range.getClientRects()[0];
      if (line) lineHeightPx = Math.min(lineHeightPx, line.height);
    }
    const editorFontPx = Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
    return { drawnFontPx, lineHeightPx, editorFontPx };
  })()`)) as LabelSize;
}
