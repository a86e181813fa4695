// Building and ordering the problems a runbook reader reports.
import { ProblemSeverity, RunbookProblem, SourceRange, TextFix } from './model';

export const START_OF_FILE: SourceRange = { line: 0, column: 0, endLine: 0, endColumn: 0 };

export function problemAt(
  range: SourceRange,
  severity: ProblemSeverity,
  code: string,
  message: string,
  fix?: TextFix,
): RunbookProblem {
  const problem: RunbookProblem = {
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
    severity,
    code,
    message,
  };
  if (fix) problem.fix = fix;
  return problem;
}

/** File order, so `lint` output and the Problems panel read top to bottom. Stable for problems on the same spot. */
export function sortProblems(problems: RunbookProblem[]): RunbookProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => a.problem.line - b.problem.line || a.problem.column - b.problem.column || a.index - b.index)
    .map((entry) => entry.problem);
}

/** 1-based line, for messages that point at another line than the problem's own. */
export function humanLine(line: number): number {
  return line + 1;
}
