// Where things live, for every harness entry point. The compiled harness sits in
// <outDir>/test/harness, and the out dir is not always <repo>/out (helpers compile into their own
// folders), so the repository is found by its manifest, not by a fixed number of `..`.
import * as fs from 'fs';
import * as path from 'path';

const MANIFEST_NAME = 'incident-runbook';

function isRepoRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  // tsc copies the manifest into the out dir (src/config.ts imports it); the repository also has its tsconfig.
  if (!fs.existsSync(manifest) || !fs.existsSync(path.join(dir, 'tsconfig.json'))) {
    return false;
  }
  try {
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === MANIFEST_NAME;
  } catch {
    return false;
  }
}

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (isRepoRoot(dir)) {
        return dir;
      }
      if (path.dirname(dir) === dir) {
        break;
      }
    }
  }
  throw new Error(`Cannot find the ${MANIFEST_NAME} repository above ${__dirname} or ${process.cwd()}`);
}

export const repoRoot = findRepoRoot();

/** The compiled test tree (`<outDir>/test`), next to this file's folder. */
export const compiledTestRoot = path.resolve(__dirname, '..');

/** Compiled mocha suite folders; each holds an index.js exporting `run()`. */
export const integrationSuiteDir = path.join(compiledTestRoot, 'integration');
export const untrustedSuiteDir = path.join(compiledTestRoot, 'integration-untrusted');
export const multirootSuiteDir = path.join(compiledTestRoot, 'integration-multiroot');
export const e2eSpecDir = path.join(compiledTestRoot, 'e2e');
/** Speed measurements in a real VS Code, run by `npm run bench` only. */
export const perfSpecDir = path.join(compiledTestRoot, 'perf');

/** Downloads and installs, like @vscode/test-electron's cache; ignored by git. */
export const cacheDir = process.env.INCIDENT_RUNBOOK_CACHE_DIR
  ? path.resolve(process.env.INCIDENT_RUNBOOK_CACHE_DIR)
  : path.join(repoRoot, '.vscode-test');

/** Each running harness lists the process groups it started here (see usePidDir). */
export const harnessPidDir = path.join(cacheDir, 'harness-pids');

export const testResultsDir = path.join(repoRoot, 'test-results');
/**
 * One folder per run (test-results/runs/<start time>/), so two runs never overwrite each other's
 * screenshots and logs; test-results/latest points at the newest. The id is passed on to the
 * processes a run starts, so they all write into the same folder.
 */
export const runId = (process.env.INCIDENT_RUNBOOK_RUN_ID ??= `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
export const runsDir = path.join(testResultsDir, 'runs');
export const runDir = path.join(runsDir, runId);
export const screenshotsDir = path.join(runDir, 'screenshots');
export const logsDir = path.join(runDir, 'logs');
const RUNS_KEPT = 5;

/** Makes this run's folder the latest and keeps only the newest few runs' folders. */
export function startRunFolder(): void {
  fs.mkdirSync(runDir, { recursive: true });
  const latest = path.join(testResultsDir, 'latest');
  fs.rmSync(latest, { force: true, recursive: true });
  try {
    fs.symlinkSync(path.relative(testResultsDir, runDir), latest, 'junction');
  } catch {
    fs.writeFileSync(latest, `${path.relative(testResultsDir, runDir)}\n`); // no symlinks here: say where instead
  }
  const runs = fs.readdirSync(runsDir).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - RUNS_KEPT))) fs.rmSync(path.join(runsDir, old), { recursive: true, force: true });
}
export const perfFile = path.join(testResultsDir, 'perf.json');

export const fixtureWorkspaceDir = path.join(repoRoot, 'test', 'fixtures', 'workspace');
export const bundledRunbooksDir = path.join(repoRoot, 'runbooks');
export const defaultRunbookFile = path.join(bundledRunbooksDir, 'default-runbook.md');
