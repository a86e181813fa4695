// Run records as the runner writes them, so the health figures are tested on the real wording.
import { captureSummary as summary, terminalRunEvent } from '../../../../src/core/run/record';
import { TIMELINE_OUTPUT_BOUNDS } from '../../../../src/core/shell/output';

export { terminalRunEvent };
export const TIMELINE_BOUNDS_FOR_TESTS = TIMELINE_OUTPUT_BOUNDS;

/** A Run and Capture record of `command` ending with `exitCode`. */
export function captureSummary(command: string, exitCode: number): string {
  return summary(command, { exitCode, timedOut: false, cancelled: false, durationMs: 300, output: 'out\n', truncated: false, shell: '/bin/bash' });
}
