// The clock the test harness sets. Deadlines are hours apart: a test that made one due by writing times an hour
// before the real clock into a note tested the regex, not the product. Under the harness the extension's clock is
// this one, and a test moves it (see IncidentRunbookApi.testClock).
import type { Clock } from './time';
import { parseIso } from './time';

/**
 * Set by the test harness for the extension host: `1` starts the clock at the real time, an ISO-8601 time (with
 * its zone) starts it there. Unset (every user's VS Code), the extension runs on the system clock.
 */
export const TEST_CLOCK_ENV = 'INCIDENT_RUNBOOK_TEST_CLOCK';

/** Real time shifted by an offset the test moves: it keeps running, so events stay in order and durations real. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private readonly startOffsetMs: number;

  constructor(
    private readonly real: Clock,
    startAt?: Date,
  ) {
    this.startOffsetMs = startAt ? startAt.getTime() - real.now().getTime() : 0;
    this.offsetMs = this.startOffsetMs;
  }

  now(): Date {
    return new Date(this.real.now().getTime() + this.offsetMs);
  }

  /** The clock says `at` now, and runs on from there. */
  set(at: Date): void {
    this.offsetMs = at.getTime() - this.real.now().getTime();
  }

  /** Moves the clock by `ms` (negative: back). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to where it was started: the real time, or the start time it was given. */
  reset(): void {
    this.offsetMs = this.startOffsetMs;
  }
}

/**
 * The clock the environment asks for: undefined when TEST_CLOCK_ENV is unset or empty. A value that is neither `1`
 * nor a time with a zone throws, naming it: a harness typo must not run the suites on a clock nobody set.
 */
export function testClockFrom(value: string | undefined, real: Clock): AdjustableClock | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === '1') return new AdjustableClock(real);
  const start = parseIso(value);
  if (!start) throw new Error(`${TEST_CLOCK_ENV}=${JSON.stringify(value)}: expected 1 or an ISO-8601 time with a zone, such as 2026-11-26T10:00:00Z`);
  return new AdjustableClock(real, start);
}
