// The same runner as the main suite, over the tests of a workspace that is NOT trusted
// (the harness starts VS Code without --disable-workspace-trust for this folder).
import { runSuiteIn } from '../integration/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}
