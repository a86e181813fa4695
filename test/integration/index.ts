// Entry point VS Code loads as --extensionTestsPath (desktop via @vscode/test-electron, or the web
// workbench's payload on the server route): it runs every *.test.js beside it with mocha, inside
// the extension host, and reports counts back to the harness.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { applyTestOrder } from '../harness/order';
import { failureLine, GREP_ENV, RESULTS_FILE_ENV, type SuiteCounts } from '../harness/suiteResult';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}

/**
 * Runs the *.test.js files of one compiled suite folder. Other suites (integration-untrusted)
 * reuse it: `export function run() { return runSuiteIn(__dirname); }`.
 * Rejects when a test fails or when there was nothing to run, so an empty suite cannot pass.
 */
export function runSuiteIn(folder: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // A loaded 2-core machine: terminals and shell integration take seconds to come up.
    timeout: 60_000,
    slow: 5_000,
  });
  const grep = process.env[GREP_ENV];
  if (grep) {
    mocha.grep(grep);
  }
  for (const file of testFilesIn(folder)) {
    mocha.addFile(file);
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const failed: string[] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const stats = runner.stats;
        const counts: SuiteCounts = {
          tests: (stats?.passes ?? 0) + failures + (stats?.pending ?? 0),
          passes: stats?.passes ?? 0,
          failures,
          pending: stats?.pending ?? 0,
          durationMs: Date.now() - started,
          failed,
        };
        writeCounts(counts);
        if (failures > 0) {
          reject(new Error(`${failures} of ${counts.tests} tests failed in ${path.basename(folder)}.`));
        } else if (counts.tests === 0) {
          reject(new Error(`No tests ran in ${folder}${grep ? ` (grep: ${grep})` : ''}.`));
        } else {
          resolve();
        }
      });
      runner.on('fail', (test, error) => failed.push(failureLine(test.fullTitle(), error)));
      applyTestOrder(runner);
    } catch (error) {
      // A test file that throws while loading lands here; report it like a failed run.
      writeCounts({ tests: 0, passes: 0, failures: 1, pending: 0, durationMs: Date.now() - started, failed: ['(loading test files)'] });
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function testFilesIn(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(folder, file));
}

function writeCounts(counts: SuiteCounts): void {
  const file = process.env[RESULTS_FILE_ENV];
  if (file) {
    fs.writeFileSync(file, JSON.stringify(counts, null, 2) + '\n');
  }
}
