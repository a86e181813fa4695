// Runs the e2e specs (compiled test/e2e/*.e2e.js) with mocha in the harness process, against the
// VS Code server the integration suite used. Specs open their own windows through test/e2e/driver.ts.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { setE2EEnvironment } from '../e2e/driver';
import { say, secondsSince } from './log';
import { applyTestOrder } from './order';
import { logsDir } from './paths';
import type { RunningServer } from './server';
import { failureLine, GREP_ENV, judge, type SuiteOutcome } from './suiteResult';

export interface E2ERun {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly specDir: string;
  readonly timeoutMs: number;
  /** `e2e` runs test/e2e/*.e2e.js; `perf` (npm run bench) runs test/perf/*.perf.js, which only measure. */
  readonly kind: 'e2e' | 'perf';
}

export async function runE2E(run: E2ERun): Promise<SuiteOutcome> {
  const started = Date.now();
  const specs = fs.existsSync(run.specDir)
    ? fs.readdirSync(run.specDir).filter((f) => f.endsWith(`.${run.kind}.js`)).sort().map((f) => path.join(run.specDir, f))
    : [];
  setE2EEnvironment({ server: run.server, browser: run.browser });
  say(`Running ${specs.length} ${run.kind} spec file(s) against the web workbench.`);
  // A perf spec opens several windows and waits for a quiet machine before each sample: minutes on a busy one.
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: run.kind === 'perf' ? 20 * 60_000 : 180_000, slow: 15_000 });
  const grep = process.env[GREP_ENV];
  if (grep) {
    mocha.grep(grep);
  }
  for (const spec of specs) {
    mocha.addFile(spec);
  }
  const failed: string[] = [];
  // A root hook, which mocha awaits before the failed suite's teardown closes its windows: a screenshot taken from
  // the 'fail' event raced that close and was lost (a CI failure left no picture).
  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    await screenshotOpenWindows(run.browser, run.kind, `${failed.length}-${test.title}`);
    copyServerLogs(run.server, path.join(logsDir, run.kind, `server-logs-${failed.length}`));
  });
  let pending = 0;
  let passes = 0;
  try {
    const failures = await new Promise<number | 'timeout'>((resolve) => {
      const runner = mocha.run((count) => resolve(count));
      applyTestOrder(runner);
      runner.on('fail', (test, error) => {
        failed.push(failureLine(test.fullTitle(), error));
      });
      runner.on('pass', () => passes++);
      runner.on('pending', () => pending++);
      setTimeout(() => {
        runner.abort();
        resolve('timeout');
      }, run.timeoutMs).unref();
    });
    const counts = { tests: passes + failed.length + pending, passes, failures: failed.length, pending, durationMs: Date.now() - started, failed };
    const problem = failures === 'timeout' ? `timed out after ${run.timeoutMs / 1000} s` : judge(0, counts);
    return { label: run.kind, ok: !problem, counts, problem, seconds: (Date.now() - started) / 1000 };
  } finally {
    setE2EEnvironment(undefined);
    say(`The ${run.kind} specs finished in ${secondsSince(started)}.`);
  }
}

/**
 * What every open window showed when a spec failed, under test-results/logs/e2e/ (a CI failure is otherwise
 * only its message). Taken at once, before the spec's teardown closes its window.
 */
/** The server's logs as they are at a failure (the extension's own output channel among them), kept with its screenshot. */
function copyServerLogs(server: RunningServer, to: string): void {
  const from = path.join(server.userDataDir, 'logs');
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

async function screenshotOpenWindows(browser: Browser, kind: E2ERun['kind'], name: string): Promise<void> {
  const dir = path.join(logsDir, kind);
  fs.mkdirSync(dir, { recursive: true });
  const pages = browser.contexts().flatMap((context) => context.pages());
  await Promise.all(
    pages.map((page, i) =>
      page.screenshot({ path: path.join(dir, `failure-${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}-${i + 1}.png`) }).catch(() => undefined),
    ),
  );
}
