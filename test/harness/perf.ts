// test-results/perf.json holds the figures only a real VS Code can measure (dotted keys, like the
// bench output). Several writers add to it during one run (the integration suite inside the
// extension host, e2e specs in the harness), so every write merges and replaces the file atomically.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type PerfFigures = Record<string, number | string>;

export function readPerfFigures(file: string): PerfFigures {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PerfFigures;
  } catch {
    return {};
  }
}

export function mergePerfFigures(file: string, figures: PerfFigures): PerfFigures {
  const merged = { ...readPerfFigures(file), ...figures };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(sorted, null, 2) + '\n');
  fs.renameSync(temp, file);
  return sorted;
}

/** Rounds a duration or size for the report: three significant decimals are plenty. */
export function roundFigure(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface IdleWait {
  /** How long it took the machine to go quiet (or the timeout, when it never did). */
  waitedMs: number;
  idle: boolean;
}

/**
 * Waits until the machine's CPUs are quiet: `windows` consecutive `windowMs` spans with less than
 * `busyBelow` of their time busy (all processes: VS Code's server, extension host, Chromium).
 *
 * A timed step is measured against a floor taken on a quiet machine; measured while a window is
 * still starting (the workbench reports "restored" while extensions still activate and read files:
 * the e2e run saw both cores ~100% busy for 1.5 s after it), it would time VS Code's startup work,
 * not ours. After `timeoutMs` it gives up and says so, and the caller measures anyway.
 */
export async function waitForIdleCpu(options: { busyBelow?: number; windowMs?: number; windows?: number; timeoutMs?: number } = {}): Promise<IdleWait> {
  const { busyBelow = 0.3, windowMs = 500, windows = 2, timeoutMs = 30_000 } = options;
  const started = Date.now();
  let quiet = 0;
  let previous = cpuTimes();
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const current = cpuTimes();
    const total = current.total - previous.total;
    const busy = total > 0 ? 1 - (current.idle - previous.idle) / total : 0;
    previous = current;
    quiet = busy < busyBelow ? quiet + 1 : 0;
    if (quiet >= windows) return { waitedMs: Date.now() - started, idle: true };
  }
  return { waitedMs: Date.now() - started, idle: false };
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.idle + times.user + times.nice + times.sys + times.irq;
  }
  return { idle, total };
}
