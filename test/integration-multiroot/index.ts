// The same runner as the main suite, over the tests of a multi-root workspace (two folders, each with
// its own runbook and incidents folder: see createMultiRootWorkspace in test/harness/workspace.ts).
import { runSuiteIn } from '../integration/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}
