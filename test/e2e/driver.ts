// Driver for the e2e specs: what a person sees in the VS Code web workbench, read and clicked with
// Playwright. The harness (test/harness/e2eRunner.ts) starts the VS Code server and Chromium, then
// loads every test/e2e/*.e2e.js with mocha (TDD ui) in its own process; specs open windows with
// `openWorkbench` and use the methods below. Selectors are VS Code's DOM (1.139); keep them here,
// never in specs, so one place changes when VS Code does.
//
// Every wait is on the DOM state it checks (Playwright's locator waits and waitForFunction), never a
// sleep, and its error names what it waited for and what it last saw. Files on disk: see onDisk.ts.
//
// Run just the e2e pass: `npm run compile-tests && node out/test/harness/runTests.js --suite=e2e`
// (add --grep=<title words> for one spec). test-results/screenshots is emptied at the start of
// each e2e pass. Windows run under --enable-smoke-test-driver: VS Code shows no notification
// toasts there (read them with notifications()), and settings.json is read when a window opens.
//
// API
//   openWorkbench(options?) → Promise<Workbench>
//       A new window (own browser context) on a fresh temp copy of test/fixtures/workspace with
//       runbooks/default-runbook.md, our extension loaded as under development. Resolves once the
//       workbench is restored, the Incidents activity bar icon is there and the theme applied. Options:
//       { label?: string                 name for temp folders/logs (default 'e2e')
//         files?: Record<path, text>     extra workspace files, e.g. { 'runbooks/other.md': '...' }
//         workspace?: string             open this folder instead of a fresh copy
//         colorTheme?: ColorTheme        theme to start with (default 'Default Dark Modern')
//         extensionDevelopmentPath?: string | null   another extension folder (default: this
//                                        repo); null: none, for an extension installed from a .vsix
//         clockStartsAt?: string         the extension's clock starts at this ISO time (test clock) }
//   openWorkbenchIn(environment, options?)  the same on an explicit {server, browser}
//   class Workbench
//     page: Page; workspace: string (absolute path on disk; read the files it writes with fs)
//     hostLog(): string                       the extension host's console output so far
//   extensionLogFiles(): {files, folder}      the extension's own output channel log files (oldest first)
//   writeMachineSettings(settings)            the server's machine settings (a `"scope": "machine"` setting
//                                             is read only there); read when a window opens
//     runCommand(title)                       F1, type the title, run the entry whose label is exactly
//                                             `title` (e.g. 'Incident: Show Severity Flowchart')
//     reloadWindow()                          'Developer: Reload Window' and wait for the new page
//     waitUntilReady(expectIncidentsIcon)     (openWorkbench does it) restored workbench + our icon
//     showIncidentsView()                     open the Incidents container in the side bar
//     activityBarLabels(): string[]           aria-labels of the activity bar icons
//     viewTitles(): string[]                  section titles in the side bar ('Open Incidents', …)
//     viewPane(title): Locator                a side bar section by its exact title
//     expandView(title) / collapseView(title) expand or collapse a side bar section
//     waitForTreeLabelsUnder(viewTitle, parent, predicate, timeoutMs?)   the same with `parent` expanded (again
//                                             whenever it shows collapsed)
//     treeItems(viewTitle): TreeItemInfo[]    the rendered rows {label, description, level, expanded}
//     treeLabels(viewTitle): string[]         just the labels
//     waitForTreeItems(viewTitle, predicate, timeoutMs?) → TreeItemInfo[]   re-read the rows each time
//                                             they change on screen until predicate(items)
//     waitForTreeLabels(viewTitle, predicate, timeoutMs?) → string[]   the same on the labels
//     clickTreeItem(viewTitle, label)         click a row (toggles expansion of a collapsible one)
//     expandTreeItem(viewTitle, label)         open a collapsed row by its twistie
//     clickTreeCheckbox(viewTitle, label)      click a tree row's checkbox
//     welcomeText(viewTitle): string          text of a view's welcome content (empty tree)
//     quickInputItems(): string[]             labels in the open quick pick (rendered rows only: the
//                                             list is virtual, type to filter long ones)
//     waitForQuickInputItems(predicate, timeoutMs?) → string[]   re-read as the rows change until predicate
//     pickQuickInputItem(label)               click the quick pick entry with that exact label
//     typeInQuickInput(text, {submit?})       type into the open quick input / input box (Enter if submit)
//     quickInputMessage(): string             the open input box's prompt (its message under the box)
//     clickQuickInputButton(tooltip)          click the open quick input's button whose tooltip starts so
//     notifications(): string[]               messages in the notification center (no toasts are
//                                             shown under the smoke-test driver)
//     notificationItems(): {message, severity: 'error'|'warning'|'info'}[]
//     dialogMessage(): string | undefined     text of an open modal dialog (modal errors, confirmations)
//     dismissDialog()                         Escape on a modal dialog left open, if there is one
//     answerDialog(match, button, timeoutMs?) → {message, detail}   wait for a modal dialog whose
//                                             message matches, click its button labelled `button`
//     waitForNotification(match, timeoutMs?) → string   wait in the notification center for a
//                                             notification whose message matches
//     clickNotificationButton(match, button)  click a button of the notification whose message matches
//     webviewFrame({selector?, text?}, timeoutMs?) → Frame
//                                             the innermost webview frame holding `selector` (CSS)
//                                             and/or `text`; VS Code nests each webview as an outer
//                                             index.html frame around an inner (fake.html) content frame
//     webviewChannels(): WebviewChannelMessage[]   what each webview's host frame has told the workbench so far,
//                                             in order, by port: {port, channel, type?} ('no-csp-found', 'onmessage'
//                                             with the page's message type, …; see recordWebviewChannels)
//     waitForWebviewChannels(what, predicate, timeoutMs?) → WebviewChannelMessage[]   until predicate holds
//     readSvg(frame, selector = 'svg') → SvgInfo   {width, height, nodes:[{id, text}], edgeLabels, texts}
//                                             nodes are mermaid's `g.node` groups
//     clickInFrame(frame, {selector?, text?})  click the first element matching
//     waitForEditorText(text, timeoutMs?)     until an editor on screen shows `text` (VS Code has read a
//                                             file changed on disk into it)
//     waitForFocusedEditor(text, timeoutMs?)  until the editor with the focus shows `text` (a command opened a
//                                             file and moved the focus to it: a palette opened sooner closes)
//     walkthroughSteps(): WalkthroughStepInfo[]   the steps of the walkthrough page on screen {id, title, done}
//     waitForWalkthroughSteps(ids, done, timeoutMs?) → WalkthroughStepInfo[]   until those steps show done (or not)
//     setColorTheme(theme)                    switch theme with 'Preferences: Color Theme' and wait
//                                             until the workbench shows it (settings.json on disk is
//                                             read only when a window opens: see openWorkbench)
//     colorThemeKind(): 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'
//     waitForThemeKind(kind, timeoutMs) → boolean   false when the workbench did not turn to it in time
//     screenshot(name, {frame?, fullPage?}) → string   PNG under test-results/screenshots/<name>.png
//     close()
//   Helpers: ColorTheme = 'Default Light Modern' | 'Default Dark Modern' | 'Default High Contrast'
//            | 'Default High Contrast Light'; E2EEnvironment, setE2EEnvironment (used by the runner).
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { TEST_CLOCK_ENV } from '../../src/core/incident/testClock';
import { repoRoot, screenshotsDir } from '../harness/paths';
import { outputChannelLogs, workbenchUrl, writeUserSettings, type RunningServer } from '../harness/server';
import { createTestWorkspace } from '../harness/workspace';

export type ColorTheme = 'Default Light Modern' | 'Default Dark Modern' | 'Default High Contrast' | 'Default High Contrast Light';
export type ThemeKind = 'vs' | 'vs-dark' | 'hc-black' | 'hc-light';

const THEME_KIND: Readonly<Record<ColorTheme, ThemeKind>> = {
  'Default Light Modern': 'vs',
  'Default Dark Modern': 'vs-dark',
  'Default High Contrast': 'hc-black',
  'Default High Contrast Light': 'hc-light',
};

/** The kinds in the order colorThemeKind() tells them apart (a high-contrast workbench may carry `vs` too). */
const THEME_KINDS: readonly ThemeKind[] = ['hc-light', 'hc-black', 'vs-dark', 'vs'];

/** The theme picker shows other names than the setting's values. */
const THEME_PICKER_LABEL: Readonly<Record<ColorTheme, string>> = {
  'Default Light Modern': 'Light Modern',
  'Default Dark Modern': 'Dark Modern',
  'Default High Contrast': 'Dark High Contrast',
  'Default High Contrast Light': 'Light High Contrast',
};

export interface E2EEnvironment {
  readonly server: RunningServer;
  readonly browser: Browser;
}

export interface OpenOptions {
  readonly label?: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly workspace?: string;
  readonly colorTheme?: ColorTheme;
  /** Another extension folder to load as under development; null loads none (an installed .vsix). */
  readonly extensionDevelopmentPath?: string | null;
  /**
   * Starts the extension's clock in this window at this ISO-8601 time (the harness's test clock, see
   * src/core/incident/testClock.ts): deadline checks then run at activation and at each note change, not on a timer.
   */
  readonly clockStartsAt?: string;
}

export interface TreeItemInfo {
  readonly label: string;
  readonly description: string;
  /** 1 for top-level rows. */
  readonly level: number;
  /** undefined for leaves. */
  readonly expanded: boolean | undefined;
}

export interface SvgInfo {
  readonly width: number;
  readonly height: number;
  /** Mermaid's node groups (`g.node`) with their visible text. */
  readonly nodes: readonly { id: string; text: string }[];
  readonly edgeLabels: readonly string[];
  /** Every non-empty text run in the SVG, in document order. */
  readonly texts: readonly string[];
}

export interface NotificationInfo {
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** The labels of its buttons ("Open Note", "Manage Workspace Trust"). */
  readonly buttons: readonly string[];
}

export interface WalkthroughStepInfo {
  /** The step's id in the manifest (VS Code's `publisher.name#walkthrough#step` without the prefix). */
  readonly id: string;
  readonly title: string;
  /** The step's check mark: its completion event has happened. */
  readonly done: boolean;
}

/** Where to find what is in a frame: a CSS selector, a text, or both. */
export interface FrameMatch {
  readonly selector?: string;
  readonly text?: string | RegExp;
}

/**
 * The few DOM members the page-side callbacks use. They run in the browser; this project compiles
 * without the DOM lib (it would leak into the extension's sources), so they are typed here.
 */
interface PageElement {
  readonly id: string;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  readonly ownerDocument: PageDocument;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
  checkVisibility(): boolean;
  /** Of input elements. */
  readonly value?: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

interface PageDocument {
  readonly activeElement: { blur(): void; readonly className?: string } | null;
  readonly body: (PageElement & { readonly innerText: string }) | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageElement | null };
}

interface PageGlobals {
  readonly document: PageDocument;
  /** The smoke-test driver VS Code installs with --enable-smoke-test-driver. */
  readonly driver?: { whenWorkbenchRestored(): Promise<void> };
  /** Set in the workbench's window by recordWebviewChannels. */
  readonly incidentRunbookWebviewChannels?: WebviewChannelMessage[];
}

/** One message a webview's host frame sent the workbench over the webview's port. */
export interface WebviewChannelMessage {
  /** Which webview's port, numbered as the workbench began to listen to it. */
  readonly port: number;
  /** VS Code's channel: 'no-csp-found', 'onmessage' (the page's own postMessage), 'did-focus', … */
  readonly channel: string;
  /** For 'onmessage': the `type` of the page's message (ours all have one, e.g. 'webview/ready'). */
  readonly type?: string;
}

/**
 * Runs in every frame of a window before its scripts (an init script) and records, in the workbench's own window
 * only, each message a webview's host frame (VS Code's pre/index.html) sends over the MessagePort the workbench
 * listens to with `port.onmessage = …`. That host checks each page it is given for a Content-Security-Policy and
 * says 'no-csp-found' on the port before it loads the page, so the page's later messages come after it on the same
 * port: a test that waits for a page's 'webview/ready' has then seen every CSP warning that page's webview will
 * give for it, with no wait on VS Code's buffered log file.
 */
function recordWebviewChannels(): void {
  interface PortLike { onmessage: unknown }
  interface ChannelEvent { data?: { channel?: unknown; data?: { message?: { type?: unknown } } } }
  // Playwright sends this function's source to the page: everything it uses is defined inside it.
  interface Recorder { top: unknown; incidentRunbookWebviewChannels?: WebviewChannelMessage[]; MessagePort?: { prototype: PortLike } }
  const page = globalThis as unknown as Recorder;
  if (page.top !== globalThis || page.incidentRunbookWebviewChannels || !page.MessagePort) return;
  const prototype = page.MessagePort.prototype;
  const native = Object.getOwnPropertyDescriptor(prototype, 'onmessage');
  // Left undefined, so that a wait on it says the recorder is missing rather than that nothing came.
  if (!native?.get || !native.set) return;
  const seen: WebviewChannelMessage[] = [];
  page.incidentRunbookWebviewChannels = seen;
  const { get, set } = native;
  const numbers = new WeakMap<object, number>();
  let nextNumber = 0;
  const handlers = new WeakMap<object, unknown>();
  Object.defineProperty(prototype, 'onmessage', {
    configurable: true,
    enumerable: native.enumerable,
    get(this: PortLike): unknown {
      return handlers.has(this) ? handlers.get(this) : get.call(this);
    },
    set(this: PortLike, handler: unknown): void {
      handlers.set(this, handler);
      if (typeof handler !== 'function') {
        set.call(this, handler);
        return;
      }
      if (!numbers.has(this)) numbers.set(this, nextNumber++);
      const port = numbers.get(this) as number;
      const listen = handler as (this: unknown, event: ChannelEvent) => unknown;
      set.call(this, function (this: unknown, event: ChannelEvent): unknown {
        const channel = event?.data?.channel;
        if (typeof channel === 'string') {
          const type = channel === 'onmessage' ? event.data?.data?.message?.type : undefined;
          seen.push(typeof type === 'string' ? { port, channel, type } : { port, channel });
        }
        return listen.call(this, event);
      });
    },
  });
}

/** Long enough for a loaded 2-core machine, short enough that a broken view fails the run soon. */
const UI_TIMEOUT_MS = 30_000;
const ACTIVITY_BAR = '#workbench\\.parts\\.activitybar';
const SIDEBAR = '#workbench\\.parts\\.sidebar';
const QUICK_INPUT = '.quick-input-widget';

// Set by the harness's e2e runner for the duration of the e2e pass: the specs run inside the
// harness process and share its server and browser. (Module state, because mocha loads specs
// with require() and offers no other way to hand them objects.)
let environment: E2EEnvironment | undefined;

export function setE2EEnvironment(value: E2EEnvironment | undefined): void {
  environment = value;
}

/** The extension's own output channel ("Incident Runbook") as written to disk: the files, oldest first, and the server's logs folder. */
export function extensionLogFiles(): { files: string[]; folder: string } {
  if (!environment) throw new Error('extensionLogFiles() runs only under the e2e harness.');
  return { files: outputChannelLogs(environment.server, 'Incident Runbook'), folder: path.join(environment.server.userDataDir, 'logs') };
}

/** The server's half of the web workbench's secret storage key (see openWorkbenchIn). */
const WEB_KEY_HALF = randomBytes(32);

/**
 * Writes `settings` into the server's machine settings (`<user-data-dir>/Machine/settings.json`; a key set to
 * undefined is removed). A setting of `"scope": "machine"` (an address a secret goes to) is read only from there in
 * the web workbench, whose window is a remote one; the user settings' value is ignored. Read when a window opens.
 */
export function writeMachineSettings(settings: Record<string, unknown>): void {
  if (!environment) throw new Error('writeMachineSettings() runs only under the e2e harness.');
  const file = path.join(environment.server.userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2) + '\n');
}

export async function openWorkbench(options: OpenOptions = {}): Promise<Workbench> {
  if (!environment) {
    throw new Error('openWorkbench() runs only under the e2e harness (npm run test:integration, or INCIDENT_RUNBOOK_SUITE=e2e).');
  }
  return openWorkbenchIn(environment, options);
}

/** openWorkbench on an explicit server and browser (the .vsix check and `npm start` use it). */
export async function openWorkbenchIn(env: E2EEnvironment, options: OpenOptions = {}): Promise<Workbench> {
  const label = options.label ?? 'e2e';
  const workspace = options.workspace ?? createTestWorkspace({ label, files: options.files });
  // Read once, when the window opens (see setColorTheme for switching later).
  writeUserSettings(env.server.userDataDir, { 'workbench.colorTheme': options.colorTheme ?? 'Default Dark Modern' });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  // The web workbench keeps SecretStorage in localStorage, sealed with a key half it POSTs for at /mint-key; VS Code's
  // server has no such route (`code serve-web` and code-server answer it), and without it every secret is held in
  // memory only, so a reload forgot PagerDuty's routing key. This answers as serve-web does: 32 bytes, the same for
  // every window of this run.
  await context.route(`${env.server.origin}/mint-key`, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: WEB_KEY_HALF }));
  await context.addInitScript(recordWebviewChannels);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const workbench = new Workbench(page, context, workspace);
  const developmentPath = options.extensionDevelopmentPath === undefined ? repoRoot : options.extensionDevelopmentPath;
  const extensionEnvironment = options.clockStartsAt === undefined ? undefined : { [TEST_CLOCK_ENV]: options.clockStartsAt };
  await page.goto(workbenchUrl(env.server, { folder: workspace, extensionDevelopmentPath: developmentPath ?? undefined, extensionEnvironment }), {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  // Ours is loaded unless another extension is under development.
  await workbench.waitUntilReady(developmentPath === repoRoot || developmentPath === null);
  // The first paint uses the theme cached by an earlier window; the settings one follows.
  const theme = options.colorTheme ?? 'Default Dark Modern';
  if (!(await workbench.waitForThemeKind(THEME_KIND[theme], 30_000))) {
    // Once in some dozens of windows (seen in CI, not reproduced here) the window kept the cached
    // theme. The theme is the test's setting, not what it checks: switch the way a person would,
    // and leave a screenshot and a line behind so the rare case stays visible.
    const seen = await workbench.colorThemeKind().catch((error: Error) => error.message);
    const shot = await workbench.screenshot(`${label}-theme-not-from-settings`).catch(() => 'no screenshot');
    console.log(`      [driver] the ${label} window kept theme ${seen}, not ${theme} from the user settings (${shot}); switching with the theme picker`);
    await workbench.setColorTheme(theme);
  }
  return workbench;
}

export class Workbench {
  private readonly consoleLines: string[] = [];
  private expectsIncidentsIcon = true;

  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    /** The opened folder, on this machine's disk. */
    readonly workspace: string,
  ) {
    // Outside a test run VS Code forwards the extension host's console to the page's console.
    page.on('console', (message) => {
      const text = message.text();
      if (/Extension Host/.test(text)) {
        this.consoleLines.push(text);
      }
    });
  }

  hostLog(): string {
    return this.consoleLines.join('\n');
  }

  /** Waits for the restored workbench (the smoke-test driver knows when) and, for our extension, its icon. */
  async waitUntilReady(expectIncidentsIcon: boolean): Promise<void> {
    this.expectsIncidentsIcon = expectIncidentsIcon;
    // --enable-smoke-test-driver exposes `driver` on the page once the workbench is created.
    await this.page.waitForFunction(() => (globalThis as unknown as PageGlobals).driver !== undefined, null, { timeout: 120_000 });
    await this.page.evaluate(() => (globalThis as unknown as PageGlobals).driver?.whenWorkbenchRestored());
    if (expectIncidentsIcon) {
      await this.incidentsIcon().waitFor({ state: 'visible', timeout: 60_000 });
    }
  }

  async runCommand(title: string): Promise<void> {
    await this.pickCommand(title);
    // Done when the palette closed or turned into the command's own quick pick / input box.
    await this.page.waitForFunction(
      ([selector, typed]) => {
        const input = (globalThis as unknown as PageGlobals).document.querySelector(selector);
        return !input || !input.checkVisibility() || input.value !== typed;
      },
      [`${QUICK_INPUT} .quick-input-box input`, `>${title}`] as const,
    );
  }

  /**
   * 'Developer: Reload Window', then waits for the new page to be ready. (Waiting on the old page
   * would find its frames and its `driver` still there for a moment.)
   */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 120_000 });
    await this.pickCommand('Developer: Reload Window');
    await loaded;
    await this.waitUntilReady(this.expectsIncidentsIcon);
  }

  async showIncidentsView(): Promise<void> {
    const title = this.page.locator(`${SIDEBAR} .composite.title h2`);
    if ((await this.page.locator(SIDEBAR).isVisible()) && (await title.textContent())?.trim() === 'Incidents') {
      return;
    }
    // Clicking the icon of the container that is already shown would hide the side bar.
    await this.incidentsIcon().click();
    await this.page.waitForFunction(
      (selector) => (globalThis as unknown as PageGlobals).document.querySelector(selector)?.textContent?.trim() === 'Incidents',
      `${SIDEBAR} .composite.title h2`,
    );
  }

  async activityBarLabels(): Promise<string[]> {
    return this.page.$$eval(`${ACTIVITY_BAR} .action-item .action-label`, (els) =>
      els.map((el) => el.getAttribute('aria-label') ?? '').filter(Boolean),
    );
  }

  async viewTitles(): Promise<string[]> {
    return this.page.$$eval(`${SIDEBAR} .pane-header .title`, (els) => els.map((el) => el.textContent?.trim() ?? ''));
  }

  viewPane(title: string): Locator {
    return this.page
      .locator(`${SIDEBAR} .pane`)
      .filter({ has: this.page.locator('.pane-header .title', { hasText: exactly(title) }) });
  }

  async expandView(title: string): Promise<void> {
    await this.setViewExpanded(title, true);
  }

  /** Collapses a side bar section, e.g. to give the sections below it the height. */
  async collapseView(title: string): Promise<void> {
    await this.setViewExpanded(title, false);
  }

  private async setViewExpanded(title: string, expanded: boolean): Promise<void> {
    const header = this.viewPane(title).locator('.pane-header');
    const wanted = String(expanded);
    if ((await header.getAttribute('aria-expanded')) !== wanted) {
      await header.click();
      await this.page.waitForFunction(([h, w]) => h?.getAttribute('aria-expanded') === w, [await header.elementHandle(), wanted] as const);
    }
  }

  async treeItems(viewTitle: string): Promise<TreeItemInfo[]> {
    await this.expandView(viewTitle);
    return this.page.evaluate(listRowsInPage, [{ view: viewTitle }, null, SIDEBAR, QUICK_INPUT] as const) as Promise<TreeItemInfo[]>;
  }

  async treeLabels(viewTitle: string): Promise<string[]> {
    return (await this.treeItems(viewTitle)).map((item) => item.label);
  }

  /** Trees fill in asynchronously after the extension reads the workspace: re-read as their rows change. */
  async waitForTreeItems(viewTitle: string, predicate: (items: TreeItemInfo[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<TreeItemInfo[]> {
    await this.expandView(viewTitle);
    return this.waitForListRows(`Tree "${viewTitle}"`, { view: viewTitle }, predicate, timeoutMs);
  }

  async waitForTreeLabels(viewTitle: string, predicate: (labels: string[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
    return (await this.waitForTreeItems(viewTitle, (items) => predicate(items.map((item) => item.label)), timeoutMs)).map((item) => item.label);
  }

  /**
   * Reads the rows of a list (a side bar tree, the quick pick) until `predicate` holds, each read waiting in the
   * page until the rows differ from the last ones seen: no reads on a timer, and no change missed between two.
   */
  private async waitForListRows(what: string, at: ListAt, predicate: (items: TreeItemInfo[]) => boolean, timeoutMs: number): Promise<TreeItemInfo[]> {
    const until = performance.now() + timeoutMs;
    let last: TreeItemInfo[] | undefined;
    for (;;) {
      try {
        const changed = await this.page.waitForFunction(listRowsInPage, [at, last === undefined ? null : JSON.stringify(last), SIDEBAR, QUICK_INPUT] as const, {
          timeout: Math.max(1, until - performance.now()),
        });
        last = (await changed.jsonValue()) as TreeItemInfo[];
        await changed.dispose();
      } catch (error) {
        throw new Error(`${what} never matched within ${timeoutMs} ms; last labels: ${JSON.stringify((last ?? []).map((item) => (item.description ? `${item.label} — ${item.description}` : item.label)))}`, { cause: error });
      }
      if (predicate(last)) return last;
    }
  }

  async clickTreeItem(viewTitle: string, label: string): Promise<void> {
    await this.viewPane(viewTitle)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first()
      .click();
  }

  /** Expands the collapsed row labelled `label` by its twistie (a click on the row only selects it). */
  async expandTreeItem(viewTitle: string, label: string): Promise<void> {
    const row = this.viewPane(viewTitle)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /**
   * Waits for the rows of `viewTitle` to satisfy `match` while the row `parent` shows expanded, expanding it again whenever
   * it shows collapsed: a load-mode run saw a new incident's row collapsed after its twistie was clicked (the list
   * recycles its row elements as rows sort in). Returns the labels.
   */
  async waitForTreeLabelsUnder(viewTitle: string, parent: string, match: (labels: string[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.expandTreeItem(viewTitle, parent);
      try {
        const shown = (items: TreeItemInfo[]): boolean => items.some((item) => item.label === parent && item.expanded === true) && match(items.map((item) => item.label));
        return (await this.waitForTreeItems(viewTitle, shown, Math.min(5_000, Math.max(1, deadline - Date.now())))).map((item) => item.label);
      } catch (error) {
        if (Date.now() >= deadline) throw error;
      }
    }
  }

  /** Clicks the checkbox of the row labelled `label` (a tree item with `checkboxState`). */
  async clickTreeCheckbox(viewTitle: string, label: string): Promise<void> {
    await this.viewPane(viewTitle)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first()
      .locator('.custom-view-tree-node-item-checkbox, [role="checkbox"]')
      .first()
      .click();
  }

  async welcomeText(viewTitle: string): Promise<string> {
    await this.expandView(viewTitle);
    const welcome = this.viewPane(viewTitle).locator('.welcome-view-content');
    return (await welcome.count()) > 0 ? ((await welcome.first().innerText()).trim()) : '';
  }

  async quickInputItems(): Promise<string[]> {
    await this.page.locator(`${QUICK_INPUT} .quick-input-list`).waitFor({ state: 'visible' });
    const rows = (await this.page.evaluate(listRowsInPage, [{ quickInput: true }, null, SIDEBAR, QUICK_INPUT] as const)) as TreeItemInfo[];
    return rows.map((row) => row.label);
  }

  /** The open quick pick's labels once `predicate` holds (its items may arrive after it opens). */
  async waitForQuickInputItems(predicate: (labels: string[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
    await this.page.locator(`${QUICK_INPUT} .quick-input-list`).waitFor({ state: 'visible', timeout: timeoutMs });
    const rows = await this.waitForListRows('The quick pick', { quickInput: true }, (items) => predicate(items.map((item) => item.label)), timeoutMs);
    return rows.map((row) => row.label);
  }

  async pickQuickInputItem(label: string): Promise<void> {
    const row = this.quickInputRow(label);
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /**
   * Enter on the quick pick's focused row, as a person presses it, and waits for the pick to take it (it closes, or
   * turns into the next question). The key goes to the pick's input once a row has the focus: an Enter sent to the
   * page while the pick was still being shown can land elsewhere, and then nothing is chosen.
   */
  async acceptQuickPick(timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    const widget = this.page.locator(QUICK_INPUT);
    await widget.locator('.quick-input-list .monaco-list-row.focused').first().waitFor({ state: 'visible', timeout: timeoutMs });
    const title = await widget.evaluate((w: PageElement) => w.textContent ?? '');
    await widget.locator('.quick-input-box input').press('Enter');
    try {
      await this.page.waitForFunction(
        ([selector, before]) => {
          const w = (globalThis as unknown as PageGlobals).document.querySelector(selector);
          return !w || !w.checkVisibility() || (w.textContent ?? '') !== before;
        },
        [QUICK_INPUT, title] as const,
        { timeout: timeoutMs },
      );
    } catch (error) {
      throw new Error(`The quick pick stayed as it was after Enter (${timeoutMs} ms): ${title.slice(0, 200)}`, { cause: error });
    }
  }

  async typeInQuickInput(text: string, options: { submit?: boolean } = {}): Promise<void> {
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    if (options.submit) {
      await input.press('Enter');
    }
  }

  async quickInputMessage(): Promise<string> {
    const message = this.page.locator(`${QUICK_INPUT} .quick-input-message`);
    await message.waitFor({ state: 'visible' });
    return (await message.innerText()).trim();
  }

  async clickQuickInputButton(tooltip: string): Promise<void> {
    await this.page.locator(`${QUICK_INPUT} .action-label[aria-label^="${tooltip}"]`).first().click();
  }

  /**
   * Messages in the notification center. With the smoke-test driver VS Code shows no toasts, so
   * this opens the center (the bell in the status bar), reads it and closes it again.
   */
  async notifications(): Promise<string[]> {
    return (await this.notificationItems()).map((n) => n.message);
  }

  /** The same with each message's severity, read from its icon. */
  async notificationItems(): Promise<NotificationInfo[]> {
    const center = this.page.locator('.notifications-center');
    const wasVisible = await center.isVisible();
    if (!wasVisible) {
      await this.toggleNotificationCenter(center, 'visible');
    }
    const items = await center.locator('.notification-list-item').evaluateAll((rows: PageElement[]) =>
      rows.map((row) => {
        const icon = row.querySelector('.notification-list-item-icon')?.getAttribute('class') ?? '';
        const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info';
        const buttons = [...row.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent ?? '').trim());
        return { message: (row.querySelector('.notification-list-item-message')?.textContent ?? '').trim(), severity, buttons } as const;
      }),
    );
    if (!wasVisible) {
      await this.toggleNotificationCenter(center, 'hidden');
    }
    return items;
  }

  /** Opens or closes the notification center with the bell, so that an open center lists each notification once. */
  private async toggleNotificationCenter(center: Locator, state: 'visible' | 'hidden'): Promise<void> {
    // VS Code 1.139's center, opened empty, hides its list but not itself; a notification that arrives then is
    // added to the list, the close leaves it there (the list counts as hidden already), and the next open adds
    // it again: two rows for one notification (the same bug as posit-dev/positron#15668). Rows in a closed
    // center are that leftover; one more open and close empties the list, and the open after it is right.
    if (state === 'visible' && (await center.locator('.notification-list-item').count()) > 0 && !(await center.isVisible())) {
      await this.clickBellUntil(center, 'visible');
      await this.clickBellUntil(center, 'hidden');
    }
    await this.clickBellUntil(center, state);
  }

  /**
   * Clicks the bell until the notification center is `state`. One click is usually enough, but a
   * click that lands while the status bar is being redrawn (entries come and go during startup)
   * is lost, and the center then never opens: a CI run once waited 30 s for it.
   */
  private async clickBellUntil(center: Locator, state: 'visible' | 'hidden'): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('#status\\.notifications').click();
      try {
        await center.waitFor({ state, timeout: 5_000 });
        return;
      } catch (error) {
        if ((await center.isVisible()) === (state === 'visible')) return;
        if (attempt >= 4) throw new Error(`The notification center did not become ${state} after ${attempt} clicks on the bell`, { cause: error });
      }
    }
  }

  /** Clicks `button` on the notification whose message matches, in the notification center, as a person would. */
  async clickNotificationButton(match: string | RegExp, button: string): Promise<void> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) await this.toggleNotificationCenter(center, 'visible');
    const row = center.locator('.notification-list-item').filter({ hasText: match });
    // The whole label: a substring would find "Page" in "Don't page" too.
    await row.first().locator('.notification-list-item-buttons-container .monaco-button', { hasText: exactly(button) }).click();
  }

  /** The text of the modal dialog in front of the workbench (e.g. a command's error), if one is open. */
  async dialogMessage(): Promise<string | undefined> {
    const dialog = this.page.locator('.monaco-dialog-box');
    if (!(await dialog.isVisible())) {
      return undefined;
    }
    // A dialog without a detail has no message row: VS Code puts its message where the detail goes.
    return (await dialog.locator('.dialog-message-text, .dialog-message, .dialog-message-detail').first().innerText()).trim();
  }

  /** Closes a modal dialog left open (a failed test's), which would take every key the next test presses. */
  async dismissDialog(): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    if (!(await dialog.isVisible())) return;
    const message = (await this.dialogMessage()) ?? '';
    await this.page.keyboard.press('Escape');
    try {
      await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    } catch (error) {
      throw new Error(`The dialog "${message}" did not close on Escape`, { cause: error });
    }
  }

  /**
   * Waits for a modal dialog whose message matches, clicks its button `button` and waits until the
   * dialog is gone; returns the message and the detail text (e.g. the command a confirmation shows).
   */
  async answerDialog(match: string | RegExp, button: string, timeoutMs = UI_TIMEOUT_MS): Promise<{ message: string; detail: string }> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
    const message = (await this.dialogMessage()) ?? '';
    const matches = typeof match === 'string' ? message.includes(match) : match.test(message);
    if (!matches) throw new Error(`The dialog says "${message}", expected ${String(match)}`);
    const detailLocator = dialog.locator('.dialog-message-detail');
    const detail = (await detailLocator.count()) > 0 ? (await detailLocator.first().innerText()).trim() : '';
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
    await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
    return { message, detail };
  }

  /**
   * Waits in the notification center for a notification whose message matches, and leaves the center as it found
   * it. VS Code hides the center by itself when its last notification closes (a progress such as "Activating
   * Extensions..." ending): a notification that arrives after that is not in the hidden center, so a wait that kept
   * looking there saw nothing in two CI runs (`seen: []`). The wait ends on a match or on the center hiding, and
   * opens it again then; an open center lists what arrives (the rows are in the page even when VS Code's bug hides
   * the list of a center opened empty).
   */
  async waitForNotification(match: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<string> {
    const center = this.page.locator('.notifications-center');
    const pattern = typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
    const wasVisible = await center.isVisible();
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    try {
      for (;;) {
        if (!(await center.isVisible())) await this.toggleNotificationCenter(center, 'visible');
        const remaining = deadline - Date.now();
        let outcome: { found?: string; seen: string[] } | undefined;
        try {
          if (remaining <= 0) throw new Error('no time left');
          const handle = await this.page.waitForFunction(
            ([source, flags]) => {
              const element = (globalThis as unknown as PageGlobals).document.querySelector('.notifications-center');
              const rows = element ? [...element.querySelectorAll('.notification-list-item-message')].map((m) => (m.textContent ?? '').trim()) : [];
              const found = rows.find((m) => new RegExp(source, flags).test(m));
              if (found !== undefined) return { found, seen: rows };
              return !element || !element.checkVisibility() ? { seen: rows } : false;
            },
            [pattern.source, pattern.flags.replace('g', '')] as const,
            { timeout: remaining },
          );
          outcome = (await handle.jsonValue()) as { found?: string; seen: string[] };
          await handle.dispose();
        } catch (error) {
          const rows = (await center.locator('.notification-list-item-message').allTextContents().catch(() => [])).map((m) => m.trim());
          throw new Error(`No notification matching ${String(match)} within ${timeoutMs} ms; seen: ${JSON.stringify([...new Set([...seen, ...rows])])}`, { cause: error });
        }
        seen = [...new Set([...seen, ...outcome.seen])];
        if (outcome.found !== undefined) return outcome.found;
        // The center hid itself: open it again, with what arrived meanwhile.
      }
    } finally {
      if ((await center.isVisible()) !== wasVisible) await this.toggleNotificationCenter(center, wasVisible ? 'visible' : 'hidden');
    }
  }



  /**
   * Waits in every frame of the page (and each that attaches or navigates meanwhile) for `match`, and returns
   * the first frame that has it. The outer index.html frame VS Code wraps each webview in holds only the
   * inner content frame, so it is the content frame that matches.
   */
  async webviewFrame(match: FrameMatch, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
    if (!match.selector && !match.text) {
      throw new Error('webviewFrame needs a selector or a text to look for');
    }
    return rereadFrames(this.page, `a webview frame with ${describe(match)}`, match, timeoutMs);
  }

  async webviewChannels(): Promise<WebviewChannelMessage[]> {
    const seen = await this.page.evaluate(() => {
      const recorded = (globalThis as unknown as PageGlobals).incidentRunbookWebviewChannels;
      return recorded ? [...recorded] : undefined;
    });
    if (!seen) throw new Error("This window records no webview messages: MessagePort's onmessage could not be wrapped (see recordWebviewChannels).");
    return seen;
  }

  /** Re-reads webviewChannels() each time a message arrives until `predicate` holds; the error names `what` and lists what came. */
  async waitForWebviewChannels(what: string, predicate: (messages: WebviewChannelMessage[]) => boolean, timeoutMs = UI_TIMEOUT_MS): Promise<WebviewChannelMessage[]> {
    const until = performance.now() + timeoutMs;
    let last: WebviewChannelMessage[] = await this.webviewChannels();
    while (!predicate(last)) {
      try {
        const longer = await this.page.waitForFunction((count) => ((globalThis as unknown as PageGlobals).incidentRunbookWebviewChannels ?? []).length > count, last.length, {
          timeout: Math.max(1, until - performance.now()),
        });
        await longer.dispose();
      } catch (error) {
        throw new Error(`${what}: not seen within ${timeoutMs} ms; webview messages so far: ${JSON.stringify(last)}`, { cause: error });
      }
      last = await this.webviewChannels();
    }
    return last;
  }

  async readSvg(frame: Frame, selector = 'svg'): Promise<SvgInfo> {
    const svg = frame.locator(selector).first();
    await svg.waitFor({ state: 'attached' });
    return svg.evaluate((root: PageElement) => {
      const box = root.getBoundingClientRect();
      const text = (el: PageElement): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
      const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
      const texts: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = text(node);
        if (value && node.parentElement?.tagName.toLowerCase() !== 'style') {
          texts.push(value);
        }
      }
      return {
        width: box.width,
        height: box.height,
        nodes: [...root.querySelectorAll('g.node')].map((g) => ({ id: g.id, text: text(g) })),
        edgeLabels: [...root.querySelectorAll('.edgeLabel')].map(text).filter(Boolean),
        texts,
      };
    });
  }

  async clickInFrame(frame: Frame, match: FrameMatch): Promise<void> {
    let target = frame.locator(match.selector ?? '*');
    if (match.text) {
      target = match.selector ? target.filter({ hasText: match.text }) : frame.getByText(match.text);
    }
    await target.first().click();
  }

  /** Waits until an editor on screen shows `text`: VS Code has read a file changed on disk into it. */
  async waitForEditorText(text: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    const lines = this.page.locator('.monaco-editor .view-lines');
    try {
      await lines.filter({ hasText: text }).first().waitFor({ state: 'attached', timeout: timeoutMs });
    } catch (error) {
      const seen = (await lines.allTextContents().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').slice(0, 300));
      throw new Error(`No editor showed ${JSON.stringify(text)} within ${timeoutMs} ms; editors showed: ${JSON.stringify(seen)}`, { cause: error });
    }
  }

  /**
   * Waits until the editor that has the focus shows `text`: a command that opens a file and gives it the focus has
   * done so. The file on disk comes first; a palette opened before the focus moves closes again as it does (ci53).
   */
  async waitForFocusedEditor(text: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    const shown = (): Promise<string> =>
      this.page.evaluate(() => {
        const document = (globalThis as unknown as PageGlobals).document;
        const focused = document.querySelector('.monaco-editor.focused .view-lines');
        return focused ? `focused: ${(focused.textContent ?? '').replace(/\s+/g, ' ').slice(0, 300)}` : `no editor has the focus (${document.activeElement?.className ?? 'nothing'} has)`;
      });
    try {
      await this.page.waitForFunction(
        (wanted) => ((globalThis as unknown as PageGlobals).document.querySelector('.monaco-editor.focused .view-lines')?.textContent ?? '').replace(/\s+/g, ' ').includes(wanted),
        text,
        { timeout: timeoutMs },
      );
    } catch (error) {
      throw new Error(`No focused editor showed ${JSON.stringify(text)} within ${timeoutMs} ms; ${await shown().catch(() => 'unreadable')}`, { cause: error });
    }
  }

  async walkthroughSteps(): Promise<WalkthroughStepInfo[]> {
    return this.page.evaluate(() =>
      [...(globalThis as unknown as PageGlobals).document.querySelectorAll('button.getting-started-step[data-step-id]')].map((step) => ({
        id: (step.getAttribute('data-step-id') ?? '').split('#').pop() ?? '',
        title: (step.querySelector('.step-title')?.textContent ?? '').trim(),
        // VS Code marks a completed step's check box (and the step's button) as checked.
        done: step.getAttribute('aria-checked') === 'true' || step.querySelector('[data-done-step-id][aria-checked="true"]') !== null,
      })),
    );
  }

  /** Waits until the walkthrough on screen shows the steps `ids` (manifest ids), each done or not as `done` says. */
  async waitForWalkthroughSteps(ids: readonly string[], done: boolean, timeoutMs = UI_TIMEOUT_MS): Promise<WalkthroughStepInfo[]> {
    try {
      await this.page.waitForFunction(
        ([wanted, want]) => {
          const steps = [...(globalThis as unknown as PageGlobals).document.querySelectorAll('button.getting-started-step[data-step-id]')];
          return wanted.every((id) => {
            const step = steps.find((s) => (s.getAttribute('data-step-id') ?? '').endsWith(`#${id}`));
            return step !== undefined && (step.getAttribute('aria-checked') === 'true' || step.querySelector('[data-done-step-id][aria-checked="true"]') !== null) === want;
          });
        },
        [ids, done] as const,
        { timeout: timeoutMs },
      );
    } catch (error) {
      throw new Error(`The walkthrough did not show ${ids.join(', ')} as ${done ? 'done' : 'not done'} within ${timeoutMs} ms; it showed ${JSON.stringify(await this.walkthroughSteps())}`, { cause: error });
    }
    return this.walkthroughSteps();
  }

  async colorThemeKind(): Promise<ThemeKind> {
    const classes = await this.page.locator('.monaco-workbench').first().getAttribute('class');
    const tokens = new Set((classes ?? '').split(/\s+/));
    for (const kind of THEME_KINDS) {
      if (tokens.has(kind)) {
        return kind;
      }
    }
    throw new Error(`No theme class on the workbench: ${classes ?? ''}`);
  }

  async setColorTheme(theme: ColorTheme): Promise<void> {
    const kind = THEME_KIND[theme];
    if ((await this.colorThemeKind()) === kind) {
      return;
    }
    // The way a person does it. (Editing settings.json on disk does not reach an open web window:
    // the workbench does not watch the server's user settings file.)
    await this.runCommand('Preferences: Color Theme');
    await this.typeInQuickInput(THEME_PICKER_LABEL[theme]);
    await this.pickQuickInputItem(THEME_PICKER_LABEL[theme]);
    if (!(await this.waitForThemeKind(kind, UI_TIMEOUT_MS))) {
      throw new Error(`The workbench did not switch to ${theme}`);
    }
  }

  async screenshot(name: string, options: { frame?: Frame; fullPage?: boolean } = {}): Promise<string> {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    if (options.frame) {
      const owner = await options.frame.frameElement();
      await owner.screenshot({ path: file });
    } else {
      await this.page.screenshot({ path: file, fullPage: options.fullPage ?? false });
    }
    return file;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  private incidentsIcon(): Locator {
    return this.page.locator(`${ACTIVITY_BAR} .action-item .action-label[aria-label^="Incidents"]`);
  }

  private async openQuickInput(): Promise<void> {
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    for (let attempt = 1; ; attempt++) {
      if (await input.isVisible()) {
        // F1 on an open palette would type into it: close it first, and say so if it stays.
        await this.page.keyboard.press('Escape');
        try {
          await input.waitFor({ state: 'hidden', timeout: 5_000 });
        } catch (error) {
          const shows = await input.inputValue().catch(() => '(unreadable)');
          throw new Error(`The open quick input did not close on Escape; it shows ${JSON.stringify(shows)}`, { cause: error });
        }
      }
      // F1 reaches the workbench's keybindings only from its own document; focus may sit in a
      // webview's iframe (or a tree), so hand it back to the page first.
      await this.page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.blur());
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt >= 3) {
          throw new Error('F1 did not open the command palette', { cause: error });
        }
      }
    }
  }

  /** Opens the palette, types the title and clicks the entry whose label is exactly `title`. */
  private async pickCommand(title: string): Promise<void> {
    // The palette lists the commands known when it opens; right after startup an extension's
    // contributions may still be arriving, so an absent entry gets a fresh palette, a few times.
    for (let attempt = 1; ; attempt++) {
      await this.openQuickInput();
      await this.page.keyboard.type(title);
      const row = this.quickInputRow(title);
      try {
        await row.waitFor({ state: 'visible', timeout: 10_000 });
      } catch (error) {
        if (attempt >= 3) {
          const offered = await this.quickInputItems().catch(() => []);
          throw new Error(`No command "${title}" in the palette; it offered: ${JSON.stringify(offered)}`, { cause: error });
        }
        await this.page.keyboard.press('Escape');
        continue;
      }
      await row.click();
      return;
    }
  }

  private quickInputRow(label: string): Locator {
    return this.page
      .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  /** Waits for the workbench's theme class; false when it did not turn to `kind` in time. */
  async waitForThemeKind(kind: ThemeKind, timeoutMs: number): Promise<boolean> {
    try {
      await this.page.waitForFunction(
        ([wanted, kinds]) => {
          const tokens = new Set(((globalThis as unknown as PageGlobals).document.querySelector('.monaco-workbench')?.getAttribute('class') ?? '').split(/\s+/));
          return kinds.find((k) => tokens.has(k)) === wanted;
        },
        [kind, THEME_KINDS] as const,
        { timeout: timeoutMs },
      );
      return true;
    } catch {
      return false;
    }
  }
}

/** Where a list's rows are read: a side bar section by its title, or the open quick pick. */
type ListAt = { readonly view: string } | { readonly quickInput: true };

/**
 * Runs in the page: the rows of the list at `at`, or false while they are still `last` (their JSON), so that
 * waitForFunction returns the rows as soon as they change. With `last` null it returns them at once.
 */
function listRowsInPage([at, last, sidebar, quickInput]: readonly [ListAt, string | null, string, string]): TreeItemInfo[] | false {
  const document = (globalThis as unknown as PageGlobals).document;
  const container =
    'view' in at
      ? [...document.querySelectorAll(`${sidebar} .pane`)].find((pane) => pane.querySelector('.pane-header .title')?.textContent?.trim() === at.view)
      : document.querySelector(`${quickInput} .quick-input-list`);
  const rows = container ? [...container.querySelectorAll('.monaco-list-row')] : [];
  const items = rows.map((row) => {
    const expanded = row.getAttribute('aria-expanded');
    return {
      label: row.querySelector('.label-name')?.textContent?.trim() ?? row.getAttribute('aria-label') ?? '',
      description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      level: Number(row.getAttribute('aria-level') ?? '1'),
      expanded: expanded === null ? undefined : expanded === 'true',
    };
  });
  return JSON.stringify(items) === last ? false : items;
}

/** Runs in a frame: whether it holds `selector` and/or `text` (a string, or a RegExp's source and flags). */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function describe(match: FrameMatch): string {
  return [match.selector && `selector ${match.selector}`, match.text && `text ${String(match.text)}`].filter(Boolean).join(' and ');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function frameDepth(frame: Frame): number {
  let depth = 0;
  for (let parent = frame.parentFrame(); parent; parent = parent.parentFrame()) depth++;
  return depth;
}

/**
 * The one wait that reads again on a timer: every frame's DOM every 250 ms until one holds `match`, innermost first
 * (the content frame sits inside the webview's outer index.html frame). An event-driven wait per frame
 * (frameattached, framenavigated, waitForFunction) missed the Incident History table in 2 of 8 CI runs while it was
 * on screen: VS Code writes a webview's page into its frame in ways Playwright reports no event for. On timeout it
 * says what each frame held when last read.
 */
async function rereadFrames(page: Page, what: string, match: FrameMatch, timeoutMs: number): Promise<Frame> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const frames = page.frames().filter((f) => f !== page.mainFrame()).sort((a, b) => frameDepth(b) - frameDepth(a));
    for (const frame of frames) {
      if (await frameMatches(frame, match)) return frame;
    }
    if (performance.now() >= deadline) break;
    await page.waitForTimeout(250);
  }
  const seen = await Promise.all(page.frames().filter((f) => f !== page.mainFrame()).map(describeFrame));
  throw new Error(`No ${what} within ${timeoutMs} ms; frames seen: ${JSON.stringify(seen)}`);
}

/** What a frame holds, for a timeout's message: its page and the start of its text. */
async function describeFrame(frame: Frame): Promise<{ url: string; text: string }> {
  const url = frame.url().replace(/\?.*$/, '');
  const text = await frame
    .locator('body')
    .innerText({ timeout: 1000 })
    .then((body) => body.replace(/\s+/g, ' ').trim().slice(0, 200))
    .catch((error: Error) => `(unreadable: ${error.message.split('\n')[0]})`);
  return { url, text };
}

async function frameMatches(frame: Frame, match: FrameMatch): Promise<boolean> {
  try {
    if (match.selector && (await frame.locator(match.selector).count()) === 0) return false;
    if (match.text) {
      const body = await frame.locator('body').innerText({ timeout: 1000 });
      return typeof match.text === 'string' ? body.includes(match.text) : match.text.test(body);
    }
    return true;
  } catch {
    // Frames come and go while webviews load; a detached one simply does not match.
    return false;
  }
}
