// The severity-flowchart webview. It draws what the host sends ('flowchart/render'), asks the host
// to act ('flowchart/declare', 'flowchart/runStep', …) and never touches the runbook itself.
// Talks to the host only through the typed protocol in src/protocol/flowchart.ts.
import {
  INITIAL_RENDER_ELEMENT_ID,
  isHostToWebviewMessage,
  isReplyTo,
  requestMessage,
  type FlowchartData,
  type HostMessage,
  type HostToWebviewMessage,
  type Reply,
  type RequestFields,
  type StepSummary,
  type TriageChoice,
  type WebviewRequestType,
  type WebviewToHostMessage,
} from '../../src/protocol/flowchart';
import { decorateActions, decorateLevels, fitViewBox, highlightPath, naturalWidth, nodeElements, showCounts } from './chart';
import { h } from './dom';
import { configure, errorPanel, renderDiagram, type RenderResult } from './render';
import { actionLegend, escalationTable, section } from './sections';
import {
  canvasTextWidth,
  chartFontPx,
  cssColorReader,
  fontsOf,
  mermaidConfig,
  themeKindOf,
  themeSignature,
  wideWidthAtLeast,
  type ChartLayout,
  type ColorReader,
  type ThemeFonts,
} from './theme';
import { createTooltip } from './tooltip';
import { buildTriage, choiceKey, type TriagePanel } from './triage';

/** What survives the panel being hidden or the window reloading (see the host's serializer). */
interface SavedState {
  /** The runbook shown; the host's serializer reopens the panel on it after a reload. */
  runbookUri: string | null;
  choice: string | null;
}

const vscode = acquireVsCodeApi<SavedState>();

function post(message: WebviewToHostMessage): void {
  vscode.postMessage(message);
}

/** The chart as currently shown, so counts and highlights can change without a re-render. */
interface ShownChart {
  data: FlowchartData;
  svg: SVGSVGElement | null;
  nodes: Map<string, SVGGElement>;
  triage: TriagePanel;
  layout: ChartLayout;
  /**
   * The chart's natural width as written (layout 'wide'), to tell when a resize calls for the other layout; when it
   * was never drawn as written, the least it can be (wideWidthAtLeast).
   */
  wideWidth: number | null;
}

/** How much wider than the chart the page must grow before a top-down chart goes back to left-to-right. */
const WIDE_AGAIN_MARGIN_PX = 24;

/** The 'flowchart/render' message baked into the page, if any (validated like any message). */
function initialRender(): HostMessage<'flowchart/render'> | undefined {
  const text = document.getElementById(INITIAL_RENDER_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const message: unknown = JSON.parse(text);
    return isHostToWebviewMessage(message) && message.type === 'flowchart/render' ? message : undefined;
  } catch {
    return undefined;
  }
}

class FlowchartPage {
  private data: FlowchartData | null | undefined = undefined;
  private shown: ShownChart | null = null;
  private counts = new Map<number, number>();
  private generation = 0;
  private renderedTheme = '';
  private firstRender = true;
  private themeTimer: number | undefined;
  private nextRequestId = 1;
  /** Requests waiting for their reply, by requestId; each is given only the reply to its own type. */
  private readonly pending = new Map<number, (reply: HostToWebviewMessage) => void>();
  private readonly root = h('main', { className: 'flowchart-page' });
  private readonly status = h('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly descriptions = h('div', { className: 'visually-hidden' });
  private readonly tooltip = createTooltip();
  private resizeTimer: number | undefined;
  /** The last natural width of the chart as written, per data and theme: a resize needs no render to know it. */
  private wideWidthCache: { key: string; width: number } | null = null;

  start(): void {
    this.status.classList.add('empty');
    document.body.append(this.status, this.root, this.descriptions, this.tooltip.element);
    this.root.appendChild(h('p', { className: 'hint', text: 'Loading the severity flowchart…' }));
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isHostToWebviewMessage(event.data)) this.receive(event.data);
    });
    // The page may carry its first chart (see src/vscode/flowchart/html.ts): draw it without waiting.
    const initial = initialRender();
    if (initial) this.receive(initial);
    // VS Code swaps the body's theme class and the --vscode-* variables when the theme changes.
    const observer = new MutationObserver(() => this.themeMayHaveChanged());
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-id'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
    new ResizeObserver(() => this.sizeMayHaveChanged()).observe(this.root);
    // The host sends nothing before this, so no message can arrive before the listener above.
    document.body.dataset.readyAt = String(performance.now());
    post({ type: 'webview/ready' });
  }

  private receive(message: HostToWebviewMessage): void {
    switch (message.type) {
      case 'flowchart/render':
        // When the chart data arrived, for the timing breakdown the e2e run prints.
        document.body.dataset.dataAt ??= String(performance.now());
        this.data = message.data;
        void this.render(performance.now());
        break;
      case 'incidents/counts':
        this.counts = new Map(message.counts.map((c) => [c.level, c.count]));
        if (this.shown) this.showCounts(this.shown.svg, this.shown.nodes, this.shown.data);
        break;
      case 'theme/changed':
        this.themeMayHaveChanged();
        break;
      default: {
        // The replies: the rest of HostToWebviewMessage.
        const settle = this.pending.get(message.requestId);
        this.pending.delete(message.requestId);
        settle?.(message);
        break;
      }
    }
  }

  private themeMayHaveChanged(): void {
    // Class and variables change in several mutations; look once they have all landed.
    window.clearTimeout(this.themeTimer);
    this.themeTimer = window.setTimeout(() => {
      if (this.data !== undefined && this.currentTheme() !== this.renderedTheme) void this.render(performance.now());
    }, 30);
  }

  /** A panel or side bar made narrower than its chart draws it top-down; made wide enough again, as written. */
  private sizeMayHaveChanged(): void {
    window.clearTimeout(this.resizeTimer);
    this.resizeTimer = window.setTimeout(() => {
      const shown = this.shown;
      if (!shown || shown.wideWidth === null) return;
      const isWide = shown.layout === 'wide';
      const fitsWide = shown.wideWidth <= this.root.clientWidth - (isWide ? 0 : WIDE_AGAIN_MARGIN_PX);
      if (fitsWide !== isWide) void this.render(performance.now());
    }, 150);
  }

  private currentTheme(): string {
    return themeSignature(themeKindOf(document.body), cssColorReader(document.body), fontsOf(document.body));
  }

  private async render(requestedAt: number): Promise<void> {
    const generation = ++this.generation;
    const data = this.data;
    if (!data) {
      this.shown = null;
      this.root.replaceChildren(
        h('p', { className: 'hint', text: 'No runbook found. Add a runbook (runbooks/*.md) to the workspace to see its severity flowchart.' }),
      );
      return;
    }
    const kind = themeKindOf(document.body);
    const read = cssColorReader(document.body);
    const fonts = fontsOf(document.body);
    this.renderedTheme = themeSignature(kind, read, fonts);
    const drawn = await this.drawChart(data, kind, read, fonts, generation);
    if (generation !== this.generation) return; // newer data or theme arrived meanwhile
    const { chart, layout, wideWidth } = drawn;

    const focused = this.focusedKey();
    const page = this.layout(data, chart, chartFontPx(fonts));
    this.descriptions.replaceChildren();
    this.tooltip.tooltip.hide();
    this.root.replaceChildren(...page.children);
    const svg = chart?.ok ? chart.svg : null;
    const nodes = svg && chart?.ok ? nodeElements(svg, chart.id) : new Map<string, SVGGElement>();
    const handlers = { declare: (level: number) => this.declare(level), tooltip: this.tooltip.tooltip, descriptions: this.descriptions };
    const levels = decorateLevels(nodes, data.levels, handlers);
    decorateActions(nodes, data.actions, handlers);
    this.showCounts(svg, nodes, data);
    this.shown = { data, svg, nodes, triage: page.triage, layout, wideWidth };
    const saved = vscode.getState();
    // A choice belongs to the runbook it was made on.
    page.triage.select(saved?.runbookUri === data.runbookUri ? saved.choice : null, true);
    this.restoreFocus(focused);
    this.reportRendered(requestedAt, nodes.size, levels, chart && !chart.ok ? chart.message : null);

    // The sequence diagram is documentation: draw it after the chart is on screen.
    if (!data.compact && data.sequence) await this.renderSequence(data.sequence.source, data.sequence.line, generation);
  }

  /**
   * Draws the chart in the layout that fits the page (see ChartLayout), drawing it once: as written when its natural
   * width fits, else top-down with wrapped labels when that is narrower. The natural width as written is known only
   * once drawn, so a chart whose labels laid end to end already overflow the page (wideWidthAtLeast) is drawn top-down
   * straight away; only one that might fit is drawn as written first. Labels keep their size either way; a chart
   * still too wide scrolls sideways.
   */
  private async drawChart(
    data: FlowchartData,
    kind: ReturnType<typeof themeKindOf>,
    read: ColorReader,
    fonts: ThemeFonts,
    generation: number,
  ): Promise<{ chart: RenderResult | null; layout: ChartLayout; wideWidth: number | null }> {
    // On <body>: mermaid measures the labels in a scratch element under <body> before laying out, and the chart
    // shown must keep the styles it was measured with.
    const styleFor = (layout: ChartLayout): void => {
      document.body.classList.toggle('compact-chart', layout === 'compact');
      document.body.classList.toggle('narrow-chart', layout === 'narrow');
    };
    const render = (layout: ChartLayout, source: string): Promise<RenderResult> => {
      configure(mermaidConfig(kind, read, fonts, layout));
      styleFor(layout);
      return renderDiagram('flowchart', source);
    };
    const { source, topDownSource, compactSource, longestChain } = data.flowchart;
    if (!source.trim()) return { chart: null, layout: 'wide', wideWidth: null };
    const narrowLayout: ChartLayout = data.compact ? 'compact' : 'narrow';
    const available = this.root.clientWidth;
    const key = `${this.renderedTheme}\u0000${source}`;
    const known = this.wideWidthCache?.key === key ? this.wideWidthCache.width : null;
    const atLeast = known ?? wideWidthAtLeast(longestChain, fonts, canvasTextWidth());
    let wide: RenderResult | null = null;
    let wideWidth = atLeast;
    if (atLeast <= available) {
      wide = await render('wide', source);
      if (!wide.ok) return { chart: wide, layout: 'wide', wideWidth: null };
      wideWidth = naturalWidth(wide.svg);
      this.wideWidthCache = { key, width: wideWidth };
      if (wideWidth <= available || generation !== this.generation) return { chart: wide, layout: 'wide', wideWidth };
    }
    const narrow = await render(narrowLayout, (data.compact ? compactSource : null) ?? topDownSource ?? source);
    if (narrow.ok && naturalWidth(narrow.svg) < wideWidth) return { chart: narrow, layout: narrowLayout, wideWidth };
    if (wide) {
      styleFor('wide');
      return { chart: wide, layout: 'wide', wideWidth };
    }
    return { chart: await render('wide', source), layout: 'wide', wideWidth };
  }

  /** Count badges, then room for them: a badge on a top node reaches above the chart's own box. */
  private showCounts(svg: SVGSVGElement | null, nodes: Map<string, SVGGElement>, data: FlowchartData): void {
    showCounts(nodes, data.levels, this.counts);
    if (svg) fitViewBox(svg);
  }

  private layout(data: FlowchartData, chart: RenderResult | null, labelPx: number): { children: Node[]; triage: TriagePanel } {
    const triage = buildTriage(data, {
      select: (choice) => this.select(choice),
      declare: (level) => this.declare(level),
      runStep: (ref) => this.runStep(ref),
    });
    const figure = h('figure', { className: 'chart', attrs: { id: 'chart', 'aria-label': `Severity flowchart of ${data.runbookTitle}` } });
    const openSource = data.flowchart.line === null ? null : this.openSourceAt(data.flowchart.line);
    if (!chart) {
      figure.appendChild(h('p', { className: 'hint', text: 'This runbook has no severity flowchart. The triage helper uses its severity table.' }));
    } else if (chart.ok) {
      // The badges' text follows the labels' size; the figure is as wide as the chart wants, and scrolls when the
      // page is narrower (the triage helper wraps below it first).
      figure.style.setProperty('--chart-font-size', `${labelPx}px`);
      if (!data.compact) figure.style.flexBasis = `${Math.ceil(naturalWidth(chart.svg))}px`;
      figure.append(chart.svg);
      const legend = actionLegend(data.actions);
      if (legend) figure.appendChild(legend);
    } else {
      figure.appendChild(errorPanel('The severity flowchart has a syntax error', chart.message, data.flowchart.source, openSource));
    }
    const toolbar = h('div', { className: data.compact ? 'toolbar compact-toolbar' : 'toolbar' }, h('h1', { text: data.runbookTitle || 'Severity flowchart' }));
    if (openSource) toolbar.appendChild(this.button('Open in runbook', openSource, 'secondary'));
    if (data.compact) toolbar.appendChild(this.button('Open beside editor', () => post({ type: 'flowchart/openPanel' }), 'secondary'));
    const children: Node[] = [toolbar, h('div', { className: data.compact ? 'layout compact' : 'layout' }, figure, triage.element)];
    if (!data.compact) {
      const flow = data.sequence ? h('div', { className: 'diagram' }) : h('p', { className: 'hint', text: 'The runbook has no response-flow diagram.' });
      children.push(section('Response flow', 'sequence', flow));
      children.push(section('Escalation path', 'escalation', escalationTable(data.escalation)));
    }
    return { children, triage };
  }

  private async renderSequence(source: string, line: number | null, generation: number): Promise<void> {
    const result = await renderDiagram('sequence', source);
    if (generation !== this.generation) return;
    const target = this.root.querySelector('.sequence .diagram');
    if (!target) return;
    target.replaceChildren(
      result.ok
        ? result.svg
        : errorPanel('The response-flow diagram has a syntax error', result.message, source, line === null ? null : this.openSourceAt(line)),
    );
  }

  private reportRendered(requestedAt: number, nodeCount: number, levels: number[], error: string | null): void {
    const now = performance.now();
    // The first chart counts from the document's start (script loading included): that is what
    // a person waits for after opening the panel.
    const ms = this.firstRender ? now : now - requestedAt;
    this.firstRender = false;
    const renderedAt = performance.timeOrigin + now;
    const body = document.body.dataset;
    body.renderCount = String(Number(body.renderCount ?? '0') + 1);
    body.renderedAt = String(renderedAt);
    body.nodeCount = String(nodeCount);
    // What the triage helper names its levels, read back from the page: what a person sees, not what was sent.
    const triageLevels = [...new Set([...this.root.querySelectorAll('.triage .level-tag')].map((tag) => tag.textContent ?? ''))];
    post({ type: 'flowchart/rendered', ms, renderedAt, nodeCount, levels, triageLevels, error });
  }

  private select(choice: TriageChoice | null): void {
    vscode.setState({ runbookUri: this.shown?.data.runbookUri ?? null, choice: choice ? choiceKey(choice) : null });
    if (this.shown?.svg) highlightPath(this.shown.svg, this.shown.nodes, choice);
  }

  private request<T extends WebviewRequestType>(type: T, fields: RequestFields<T>, onReply: (reply: Reply<T>) => void): void {
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, (reply) => {
      if (isReplyTo(type, reply)) onReply(reply);
    });
    post(requestMessage(type, requestId, fields));
  }

  private declare(level: number): void {
    const name = this.shown?.data.levels.find((l) => l.level === level)?.name ?? `SEV${level}`;
    this.say(`Declaring a ${name} incident: answer the prompt at the top of the window.`);
    this.request('flowchart/declare', { level }, (reply) => this.say(reply.ok ? '' : reply.error));
  }

  private runStep(ref: StepSummary['ref']): void {
    this.request('flowchart/runStep', { stepRef: ref }, (reply) => {
      if (!reply.ok) this.say(reply.error);
    });
  }

  private openSourceAt(line: number): () => void {
    return () => post({ type: 'flowchart/openSource', line });
  }

  /** The live region stays in the page (only out of sight when empty): one that appears with its text is often not read. */
  private say(text: string): void {
    this.status.textContent = text;
    this.status.classList.toggle('empty', !text);
  }

  private button(text: string, onClick: () => void, className: string): HTMLButtonElement {
    const button = h('button', { className, text, attrs: { type: 'button' } });
    button.addEventListener('click', onClick);
    return button;
  }

  /** Re-rendering replaces the DOM; keep keyboard users where they were. */
  private focusedKey(): string | null {
    const active = document.activeElement;
    if (active instanceof SVGElement && active.dataset.level) return `level:${active.dataset.level}`;
    return null;
  }

  private restoreFocus(key: string | null): void {
    if (!key) return;
    const level = key.slice('level:'.length);
    this.root.querySelector<SVGGElement>(`.level-node[data-level="${CSS.escape(level)}"]`)?.focus();
  }
}

new FlowchartPage().start();
