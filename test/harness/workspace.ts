// Each run opens a fresh temporary copy of test/fixtures/workspace, so tests that create incident
// notes or edit runbooks never see another run's files. The bundled runbook is copied in at run
// time (runbooks/default-runbook.md) rather than duplicated under test/fixtures.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledRunbooksDir, defaultRunbookFile, fixtureWorkspaceDir } from './paths';
import { onCleanup } from './cleanup';
import { say } from './log';

export interface WorkspaceOptions {
  /** Short name for the temp folder. */
  readonly label: string;
  /** Extra files to write, by workspace-relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** Keep the folder after the run (for a person to look at, e.g. `npm start`). */
  readonly keep?: boolean;
}

/** The folder's name, which the window title shows (and so the screenshots). */
export const WORKSPACE_FOLDER_NAME = 'web-service';

export function createTestWorkspace(options: WorkspaceOptions): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `incident-runbook-ws-${options.label}-`));
  const dir = path.join(parent, WORKSPACE_FOLDER_NAME);
  fs.cpSync(fixtureWorkspaceDir, dir, { recursive: true });
  copyBundledRunbook(path.join(dir, 'runbooks'));
  for (const [relative, content] of Object.entries(options.files ?? {})) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  if (!options.keep) {
    onCleanup(() => fs.rmSync(parent, { recursive: true, force: true, maxRetries: 3 }));
  }
  return dir;
}

/**
 * A multi-root workspace for the multiroot pass: the usual `web-service` folder beside a `payments`
 * folder with its own runbook and, in its folder settings, its own incidents folder (`ops/incidents`)
 * holding one earlier incident and a note cut short (there before the window opens). Returns the .code-workspace file to open.
 */
export function createMultiRootWorkspace(options: { label: string; paymentsRunbook: string; paymentsNotes: string[] }): string {
  const webService = createTestWorkspace({ label: options.label });
  const parent = path.dirname(webService);
  const payments = path.join(parent, 'payments');
  fs.mkdirSync(path.join(payments, 'runbooks'), { recursive: true });
  fs.copyFileSync(options.paymentsRunbook, path.join(payments, 'runbooks', path.basename(options.paymentsRunbook)));
  fs.mkdirSync(path.join(payments, '.vscode'));
  fs.writeFileSync(path.join(payments, '.vscode', 'settings.json'), JSON.stringify({ 'incidentRunbook.incidentsFolder': 'ops/incidents' }, null, 2));
  fs.mkdirSync(path.join(payments, 'ops', 'incidents'), { recursive: true });
  for (const note of options.paymentsNotes) fs.copyFileSync(note, path.join(payments, 'ops', 'incidents', path.basename(note)));
  const file = path.join(parent, 'incidents.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: WORKSPACE_FOLDER_NAME }, { path: 'payments' }], settings: {} }, null, 2));
  return file;
}

/** The default runbook if it exists; otherwise whatever runbooks the repository ships. */
export function copyBundledRunbook(targetDir: string): void {
  fs.mkdirSync(targetDir, { recursive: true });
  const sources = fs.existsSync(defaultRunbookFile)
    ? [defaultRunbookFile]
    : fs.existsSync(bundledRunbooksDir)
      ? fs.readdirSync(bundledRunbooksDir).filter((f) => /\.(md|runbook\.yaml)$/.test(f)).map((f) => path.join(bundledRunbooksDir, f))
      : [];
  if (sources.length === 0) {
    say(`WARNING: no runbook in ${bundledRunbooksDir}; the test workspace has an empty runbooks/ folder.`);
  }
  for (const source of sources) {
    fs.copyFileSync(source, path.join(targetDir, path.basename(source)));
  }
}
