// Shared by the runbook unit tests: where the fixtures and the bundled runbook are, and how to compare models.
import * as fs from 'fs';
import * as path from 'path';
import { parseRunbook, Runbook, RunbookProblem } from '../../../../src/core/runbook';

/** The repository root: tests run from out/ (or another out dir), the fixtures stay in the source tree. */
export function repoRoot(): string {
  const candidates = [path.resolve(__dirname, '../../..'), process.cwd()];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'test/fixtures/runbooks')));
  if (!found) throw new Error(`Runbook fixtures not found under ${candidates.join(' or ')}`);
  return found;
}

export function fixturePath(name: string): string {
  return path.join(repoRoot(), 'test/fixtures/runbooks', name);
}

export function fixtureText(name: string): string {
  return fs.readFileSync(fixturePath(name), 'utf8');
}

export function parseFixture(name: string): Runbook {
  return parseRunbook(fixtureText(name), name);
}

export const BUNDLED_RUNBOOK = 'runbooks/default-runbook.md';

export function bundledText(): string {
  return fs.readFileSync(path.join(repoRoot(), BUNDLED_RUNBOOK), 'utf8');
}

export function parseBundled(): Runbook {
  return parseRunbook(bundledText(), BUNDLED_RUNBOOK);
}

const POSITIONAL_KEYS = new Set(['source', 'commandSources', 'flowchartSource', 'path', 'format']);

/** The model without where things came from, for comparing runbooks read from different files or formats. */
export function withoutSources(runbook: Runbook): unknown {
  return JSON.parse(JSON.stringify(runbook, (key, value: unknown) => (POSITIONAL_KEYS.has(key) ? undefined : value)));
}

export function codes(problems: readonly RunbookProblem[]): string[] {
  return problems.map((problem) => problem.code);
}

/** "line:code" with 1-based lines, as an author reads them in `lint` output. */
export function problemLines(problems: readonly RunbookProblem[]): string[] {
  return problems.map((problem) => `${problem.line + 1}:${problem.code}`);
}
