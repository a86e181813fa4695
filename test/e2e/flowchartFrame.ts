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
