// What a mocha run reports back to the harness. The suite inside VS Code writes it as JSON to the
// file named by RESULTS_FILE_ENV (passed to the extension host by the launcher), so the harness
// can fail a run that passed vacuously (zero tests) without scraping logs.
import { AssertionError } from 'assert';
import * as fs from 'fs';
import { inspect } from 'util';
import { TEST_CLOCK_ENV } from '../../src/core/incident/testClock';
import { ORDER_ENV } from './order';

export const RESULTS_FILE_ENV = 'INCIDENT_RUNBOOK_TEST_RESULTS';
/** A mocha --grep pattern for both the integration suite and the e2e specs. */
export const GREP_ENV = 'INCIDENT_RUNBOOK_GREP';

/**
 * What the extension host of a VS Code pass gets beside the harness's own environment: where to write its counts,
 * the grep and the order check passed on, and the test clock (the suites move it instead of writing times into
 * notes; see src/core/incident/testClock.ts).
 */
export function suiteEnvironment(resultsFile: string): Record<string, string> {
  const env: Record<string, string> = { [RESULTS_FILE_ENV]: resultsFile, [TEST_CLOCK_ENV]: '1' };
  for (const name of [GREP_ENV, ORDER_ENV]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

export interface SuiteCounts {
  readonly tests: number;
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  readonly durationMs: number;
  /** Each failed test: its full title and why it failed (see failureLine). */
  readonly failed: readonly string[];
}

/** How much of a failure's message the summary keeps: CI shows only the end of the log, so the reason must be there. */
const FAILURE_REASON_CHARS = 400;

function brief(value: unknown): string {
  return inspect(value, { breakLength: Infinity, depth: 2, maxArrayLength: 10, maxStringLength: 120 });
}

/** A failed test as the summary lists it: the full title, then the first lines of its error, shortened. */
export function failureLine(fullTitle: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 3);
  // An assertion given its own message (often a whole note, for the log) says first what it compared.
  if (error instanceof AssertionError && !error.generatedMessage) lines.unshift(`expected ${brief(error.expected)}, got ${brief(error.actual)}`);
  const reason = lines.join(' ⏎ ');
  if (!reason) return fullTitle;
  return `${fullTitle} — ${reason.length > FAILURE_REASON_CHARS ? `${reason.slice(0, FAILURE_REASON_CHARS - 1)}…` : reason}`;
}

export function isSuiteCounts(value: unknown): value is SuiteCounts {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return ['tests', 'passes', 'failures', 'pending', 'durationMs'].every((k) => typeof v[k] === 'number') && Array.isArray(v.failed);
}

/** Mocha's closing summary as printed by the spec reporter, for when no result file came back. */
export function countsFromMochaLog(log: string): SuiteCounts | undefined {
  const passing = /^\s*(\d+) passing/m.exec(log);
  if (!passing) {
    return undefined;
  }
  const failing = /^\s*(\d+) failing/m.exec(log);
  const pending = /^\s*(\d+) pending/m.exec(log);
  const passes = Number(passing[1]);
  const failures = failing ? Number(failing[1]) : 0;
  const pendingCount = pending ? Number(pending[1]) : 0;
  return { tests: passes + failures + pendingCount, passes, failures, pending: pendingCount, durationMs: 0, failed: [] };
}

/** One suite's verdict for the summary. */
export interface SuiteOutcome {
  /** integration, untrusted, e2e, vsix… */
  readonly label: string;
  readonly ok: boolean;
  readonly counts?: SuiteCounts;
  readonly problem?: string;
  readonly seconds: number;
}

/** Why a finished run failed, or undefined when it passed with at least one test. */
export function judge(exitCode: number, counts: SuiteCounts | undefined): string | undefined {
  if (exitCode !== 0) {
    return `VS Code exited with code ${exitCode}${counts ? ` (${counts.failures} failing)` : ''}`;
  }
  if (!counts) {
    return 'the suite reported no results (no result file and no mocha summary in the log)';
  }
  if (counts.failures > 0) {
    return `${counts.failures} failing`;
  }
  if (counts.tests === 0) {
    return 'the suite ran zero tests';
  }
  return undefined;
}

export function readCountsFile(file: string): SuiteCounts | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isSuiteCounts(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
