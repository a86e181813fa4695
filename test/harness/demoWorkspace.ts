// The demo workspace `npm start` opens, and the demo web service beside it: the demo runbook (demo/runbooks), whose
// quick checks call the service through `[domain]`, filled in the workspace's settings with the service's address.
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { onCleanup } from './cleanup';
import { repoRoot } from './paths';

export const demoRunbooksDir = path.join(repoRoot, 'demo', 'runbooks');
const serviceMain = path.join(__dirname, '..', '..', 'demo', 'service', 'main.js');

/** Writes what the demo needs into `dir`, leaving whatever a person wrote there (notes, edits to the runbook). */
export function prepareDemoWorkspace(dir: string): void {
  const runbooks = path.join(dir, 'runbooks');
  fs.mkdirSync(runbooks, { recursive: true });
  for (const name of fs.readdirSync(demoRunbooksDir)) {
    const target = path.join(runbooks, name);
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(demoRunbooksDir, name), target);
  }
  // Earlier `npm start`s copied the bundled runbook, whose checks call https://[domain] and docker: drop it when untouched.
  const bundledCopy = path.join(runbooks, 'default-runbook.md');
  const bundled = path.join(repoRoot, 'runbooks', 'default-runbook.md');
  if (fs.existsSync(bundledCopy) && fs.existsSync(bundled) && fs.readFileSync(bundledCopy, 'utf8') === fs.readFileSync(bundled, 'utf8')) fs.rmSync(bundledCopy);
  const readme = path.join(dir, 'README.md');
  // Rewritten while it is ours (the text of this or an earlier `npm start`), never once a person changed it.
  if (fs.existsSync(readme) && !/^# Incident Runbook demo\n\n(Generated|Written) by `npm start`/.test(fs.readFileSync(readme, 'utf8'))) return;
  fs.writeFileSync(
    readme,
    '# Incident Runbook demo\n\n' +
      'Written by `npm start`, which also runs a small web service on this machine while it runs. `runbooks/` holds\n' +
      'its runbook; every quick check in it calls the service (`[domain]` is filled in `.vscode/settings.json`).\n' +
      'Follow the walkthrough (*Welcome: Open Walkthrough…*, "Respond to your first incident"), or: *Demo: Break the\n' +
      'Service*, declare an incident from the severity flowchart, run the quick checks, *Demo: Restart the Service*,\n' +
      'resolve, and generate the post-mortem. Notes land in `incidents/`, the service log in `logs/`. Delete this folder to\n' +
      'start over.\n',
  );
}

/** Fills `[domain]` with the service's host:port in the workspace settings, keeping every other setting and comment. */
export function useDemoService(dir: string, origin: string): void {
  const file = path.join(dir, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '{}\n';
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${file} does not read as JSON (at offset ${errors[0].offset}): fix it, or delete it, and run npm start again`);
  const edits = modify(text, ['incidentRunbook.variables', 'domain'], new URL(origin).host, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
  fs.writeFileSync(file, applyEdits(text, edits));
}

/**
 * Runs the demo service as a child process for `dir` and resolves with its origin. It stops with this process: at
 * the harness's cleanup, and by itself when the IPC channel closes (this process died without cleaning up).
 */
export function startDemoServiceProcess(dir: string): Promise<string> {
  const child = fork(serviceMain, ['--workspace', dir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  onCleanup(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { origin: string }).origin);
    });
    child.once('exit', (code) => reject(new Error(`the demo service exited (${String(code)}) before it listened`)));
  });
}
