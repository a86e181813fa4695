// test-results/perf.json holds the figures only a real VS Code can measure (dotted keys, like the
// bench output). Several writers add to it during one run (the integration suite inside the
// extension host, e2e specs in the harness), so every write merges and replaces the file atomically.
import * as fs from 'fs';
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
