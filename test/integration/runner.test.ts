// The diagnostics runner in a real VS Code: commands run in the incident's integrated terminal (bash with
// shell integration, as the harness configures it) or captured in the background, and each run lands in
// the incident note's timeline. Driven through the commands' programmatic arguments (src/core/run/steps.ts):
// `{ command | StepRef, incidentId, variables, confirm: false, dryRun }` — the same API the trees and the
// flowchart use — so no prompt is ever shown and nothing of VS Code is mocked.
import * as assert from 'assert';
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CommandOutcome, RunOutcome } from '../../src/vscode/runner';
import { parseRunbook } from '../../src/core/runbook';
import { findPlaceholders, substitutePlaceholders } from '../../src/core/shell/placeholders';
import { livingProcesses, uniqueSleep } from '../harness/processes';
import { mostSevereFirst } from '../../src/core/incident/model';
import type { IncidentRunbookApi } from '../../src/extension';
import { waitUntil } from './support';

const EXTENSION_ID = 'incident-runbook.incident-runbook';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration suite needs a workspace folder');
  return folder.uri.fsPath;
}

async function runStep(args: Record<string, unknown>): Promise<RunOutcome> {
  const outcome = await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runStep', args);
  assert.ok(outcome, 'runStep returned nothing');
  return outcome;
}

async function runAndCapture(args: Record<string, unknown>): Promise<RunOutcome> {
  const outcome = await vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runAndCapture', args);
  assert.ok(outcome, 'runAndCapture returned nothing');
  return outcome;
}

function onlyRun(outcome: RunOutcome): CommandOutcome {
  assert.strictEqual(outcome.status, 'ran', `status ${outcome.status}: ${outcome.message ?? ''}`);
  assert.strictEqual(outcome.runs.length, 1);
  return outcome.runs[0];
}

/** The lines of `text` that are exactly `<marker>-<n>`, as numbers, in order. */
function numberedLines(text: string, marker: string): number[] {
  const pattern = new RegExp(`^${marker}-(\\d+)$`);
  return text.split('\n').flatMap((line) => {
    const match = pattern.exec(line.trim());
    return match ? [Number(match[1])] : [];
  });
}

suite('Runner: diagnostics in terminals, recorded in the incident', () => {
  let incidentId: string;
  let incidentTitle: string;
  let notePath: string;
  const noteText = (): string => fs.readFileSync(notePath, 'utf8');

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    incidentTitle = `Runner check ${randomUUID().slice(0, 8)}`;
    const id = await vscode.commands.executeCommand<string | undefined>('incidentRunbook.declareIncident', {
      level: 3,
      title: incidentTitle,
      knownIncident: '',
      background: true,
    });
    assert.ok(id, 'declaring the test incident failed');
    incidentId = id;
    const folder = vscode.workspace.getConfiguration('incidentRunbook').get<string>('incidentsFolder') || 'incidents';
    notePath = path.join(workspaceRoot(), folder, `${incidentId}.md`);
    assert.ok(fs.existsSync(notePath), `no note at ${notePath}`);
  });

  test('a step runs in the incident’s terminal and the timeline records exit code 0 and the output', async () => {
    const marker = `runner-ok-${randomUUID()}`;
    const run = onlyRun(await runStep({ command: `echo ${marker}`, incidentId, confirm: false }));

    assert.strictEqual(run.via, 'shellIntegration', 'the harness terminal (bash) should have shell integration');
    assert.strictEqual(run.exitCode, 0);
    assert.ok(run.output?.includes(marker), `output: ${JSON.stringify(run.output)}`);
    assert.doesNotMatch(run.output ?? '', /\x1b|\x07/, 'terminal escapes must be stripped');
    assert.ok(vscode.window.terminals.some((t) => t.name === `Incident: ${incidentTitle}`), 'no terminal named after the incident');

    const note = noteText();
    assert.ok(note.includes(`\`echo ${marker}\` exited 0 in `), `timeline entry missing:\n${note}`);
    assert.ok(note.split('\n').some((line) => line.trim() === marker), `output missing from the note:\n${note}`);
    assert.match(note, /\[command\]/);
  });

  test('the same terminal is reused for the incident’s next step', async () => {
    onlyRun(await runStep({ command: 'true', incidentId, confirm: false }));
    const before = vscode.window.terminals.filter((t) => t.name === `Incident: ${incidentTitle}`).length;
    onlyRun(await runStep({ command: 'true', incidentId, confirm: false }));
    const after = vscode.window.terminals.filter((t) => t.name === `Incident: ${incidentTitle}`).length;
    assert.deepStrictEqual([before, after], [1, 1]);
  });

  test('a failing command records its non-zero exit code', async () => {
    const missing = `/nonexistent-${randomUUID()}`;
    const run = onlyRun(await runStep({ command: `ls ${missing}`, incidentId, confirm: false }));
    assert.strictEqual(run.exitCode, 2);
    assert.ok(noteText().includes(`\`ls ${missing}\` exited 2 in `), noteText());
  });

  test('a pipeline whose first command fails is recorded as failed in the terminal (bash, pipefail in a subshell)', async () => {
    // As `curl -s https://[domain]/api/health | jq` with an unreachable host: the first fails, the last exits 0.
    const missing = `/nonexistent-${randomUUID()}`;
    const command = `ls ${missing} | cat`;
    const run = onlyRun(await runStep({ command, incidentId, confirm: false }));
    assert.strictEqual(run.via, 'shellIntegration');
    assert.strictEqual(run.exitCode, 2, JSON.stringify(run));
    assert.deepStrictEqual(run.pipeline, { known: 'pipefail' });
    assert.ok(noteText().includes(`\`${command}\` exited 2 in `), noteText());
    assert.ok(!noteText().includes(`\`${command}\` exited 0`), 'never recorded as a success');
  });

  test('a shell slow to start (a busy machine) still has its run watched to its exit code, not sent as text', async () => {
    // A bash that takes 6 s to start, as bash did on a loaded CI machine: the runner used to give up on shell
    // integration after 4 s and send the command as text, recorded with no exit code.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-shell-'));
    const slowBash = path.join(dir, 'bash');
    fs.writeFileSync(slowBash, '#!/bin/sh\nsleep 6\nexec /bin/bash "$@"\n', { mode: 0o755 });
    const config = vscode.workspace.getConfiguration('incidentRunbook');
    await config.update('shell', slowBash, vscode.ConfigurationTarget.Workspace);
    const id = await vscode.commands.executeCommand<string | undefined>('incidentRunbook.declareIncident', { level: 4, title: `Slow shell ${randomUUID().slice(0, 8)}`, knownIncident: '', background: true });
    assert.ok(id);
    try {
      const run = onlyRun(await runStep({ command: 'ls /nonexistent-slow-shell', incidentId: id, confirm: false }));
      assert.strictEqual(run.via, 'shellIntegration', JSON.stringify(run));
      assert.strictEqual(run.exitCode, 2, JSON.stringify(run));
    } finally {
      await config.update('shell', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pipeline whose first command fails is recorded as failed in Run and Capture, naming the command', async () => {
    const config = vscode.workspace.getConfiguration('incidentRunbook');
    await config.update('shell', '/bin/bash', vscode.ConfigurationTarget.Workspace);
    try {
      const missing = `/nonexistent-${randomUUID()}`;
      const command = `ls ${missing} | cat`;
      const run = onlyRun(await runAndCapture({ command, incidentId, confirm: false }));
      assert.strictEqual(run.exitCode, 2, JSON.stringify(run));
      assert.deepStrictEqual(run.pipeline, { known: 'each', stages: [`ls ${missing}`, 'cat'], exitCodes: [2, 0] });
      assert.match(run.recorded ?? '', new RegExp(`exited 2 in .*: \`ls ${missing}\` failed with exit 2`));
      assert.ok(noteText().includes(`\`${command}\` exited 2 in `), noteText());
    } finally {
      await config.update('shell', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('placeholder values print exactly and a planted $(touch …) creates no file', async () => {
    const marker = `/tmp/pwned-${randomUUID()}`;
    const values = [`$(touch ${marker})`, `\`touch ${marker}\``, `x; touch ${marker}`, `'; touch ${marker}; '`, `"; touch ${marker}; "`, 'a!!b *', "it's ~ 日本"];
    for (const value of values) {
      const run = onlyRun(await runStep({ command: "printf '<%s>\\n' [target]", incidentId, variables: { target: value }, confirm: false }));
      assert.strictEqual(run.exitCode, 0, run.command);
      assert.ok(run.output?.includes(`<${value}>`), `${run.command} printed ${JSON.stringify(run.output)}`);
    }
    const captured = onlyRun(await runAndCapture({ command: 'echo [target] | cat', incidentId, variables: { target: `$(touch ${marker})` }, confirm: false }));
    assert.strictEqual(captured.output, `$(touch ${marker})\n`);
    // Each run has ended (its outcome is back): a value that ran would have made the file by now.
    assert.ok(!fs.existsSync(marker), `${marker} was created: a placeholder value ran`);
  });

  test('a runbook step referenced by StepRef resolves to its command with values quoted for bash', async () => {
    const runbookFile = path.join(workspaceRoot(), 'runbooks', 'default-runbook.md');
    const runbook = parseRunbook(fs.readFileSync(runbookFile, 'utf8'), runbookFile);
    const index = runbook.diagnostics.findIndex((d) => d.commands.some((c) => findPlaceholders(c).length > 0));
    assert.ok(index >= 0, 'the default runbook should have a quick-diagnosis command with a placeholder');
    const commandIndex = runbook.diagnostics[index].commands.findIndex((c) => findPlaceholders(c).length > 0);
    const command = runbook.diagnostics[index].commands[commandIndex];
    const variables = Object.fromEntries(findPlaceholders(command).map((name) => [name, `it's $(id) ${name}`]));

    const outcome = await runStep({
      runbookUri: vscode.Uri.file(runbookFile).toString(),
      kind: 'diagnostic',
      index,
      commandIndex,
      incidentId,
      variables,
      dryRun: true,
    });
    assert.strictEqual(outcome.status, 'dry-run', outcome.message);
    assert.strictEqual(outcome.runs[0].command, substitutePlaceholders(command, variables, 'bash'));
  });

  test('Run and Capture records the output and exit code in the incident', async () => {
    const marker = `captured-${randomUUID()}`;
    const run = onlyRun(await runAndCapture({ command: `echo ${marker}`, incidentId, confirm: false }));
    assert.strictEqual(run.via, 'capture');
    assert.strictEqual(run.exitCode, 0);
    assert.strictEqual(run.output, `${marker}\n`);
    const note = noteText();
    assert.ok(note.includes(`\`echo ${marker}\` exited 0 in `) && note.includes('(Run and Capture)'), note);
    assert.ok(note.split('\n').some((line) => line.trim() === marker), `captured output missing from the note:\n${note}`);
  });

  test('Run and Capture records a non-zero exit', async () => {
    const missing = `/nonexistent-${randomUUID()}`;
    const run = onlyRun(await runAndCapture({ command: `ls ${missing}`, incidentId, confirm: false }));
    assert.strictEqual(run.exitCode, 2);
    assert.ok(noteText().includes(`\`ls ${missing}\` exited 2 in `), noteText());
  });

  test('Run and Capture records a timeout, and the command is gone', async () => {
    const config = vscode.workspace.getConfiguration('incidentRunbook');
    await config.update('captureTimeoutSeconds', 1, vscode.ConfigurationTarget.Workspace);
    try {
      // Its own duration, so that its process can be told from any other sleep on the machine.
      const command = uniqueSleep(30);
      const run = onlyRun(await runAndCapture({ command, incidentId, confirm: false }));
      assert.strictEqual(run.timedOut, true);
      assert.strictEqual(run.exitCode, null);
      assert.deepStrictEqual(livingProcesses(command), [], 'the timed-out command was killed');
      const line = noteText().split('\n').find((l) => l.includes(`\`${command}\` timed out after `)) ?? noteText();
      assert.match(line, /timed out after [\d.]+ s \(Run and Capture\)/);
    } finally {
      await config.update('captureTimeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  /** The saved output file a run links to, after checking the link sits on the run's timeline line. */
  function savedOutputOf(run: CommandOutcome, command: string): string {
    assert.ok(run.savedOutput, `no full output was saved: ${JSON.stringify(run)}`);
    const fileName = decodeURIComponent(run.savedOutput.split('/').pop() ?? '');
    assert.match(fileName, /^\d{8}T\d{6}Z-seq-f-.+\.log$/);
    const timelineLine = noteText()
      .split('\n')
      .find((line) => line.includes(`\`${command}\` exited 0 in `));
    assert.ok(timelineLine, `no timeline line for ${command}:\n${noteText()}`);
    assert.ok(timelineLine.endsWith(` — full output: [${fileName}](${run.savedOutput})`), timelineLine);
    const file = path.join(path.dirname(notePath), ...run.savedOutput.split('/').map(decodeURIComponent));
    assert.strictEqual(path.dirname(file), path.join(path.dirname(notePath), `${incidentId}.outputs`));
    assert.ok(fs.existsSync(file), `${file} is missing`);
    return fs.readFileSync(file, 'utf8');
  }

  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  test('a terminal run with saveOutput keeps all its output beside the note, linked from the timeline', async () => {
    const marker = `full-${randomUUID().slice(0, 8)}`;
    const command = `seq -f '${marker}-%g' 1 100`;
    const run = onlyRun(await runStep({ command, incidentId, confirm: false, saveOutput: true }));
    assert.strictEqual(run.via, 'shellIntegration');
    const saved = savedOutputOf(run, command);
    assert.deepStrictEqual(numberedLines(saved, marker), oneToHundred);
    assert.doesNotMatch(saved, /\x1b|\x07/, 'terminal escapes must be stripped');
    // The timeline itself keeps only the last lines: that is why the file is there.
    const inNote = numberedLines(noteText(), marker);
    assert.ok(inNote.length <= 40 && inNote.includes(100) && !inNote.includes(1), JSON.stringify(inNote));
  });

  test('Run and Capture with saveOutput keeps all its output beside the note, linked from the timeline', async () => {
    const marker = `captured-full-${randomUUID().slice(0, 8)}`;
    const command = `seq -f '${marker}-%g' 1 100`;
    const run = onlyRun(await runAndCapture({ command, incidentId, confirm: false, saveOutput: true }));
    assert.strictEqual(run.via, 'capture');
    assert.strictEqual(run.recorded?.endsWith(`(${run.savedOutput})`), true, run.recorded);
    assert.deepStrictEqual(numberedLines(savedOutputOf(run, command), marker), oneToHundred);
  });

  /** Every file under `folder`, with its text. */
  function filesUnder(folder: string): { file: string; text: string }[] {
    return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).flatMap((entry) => {
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      return entry.isFile() ? [{ file, text: fs.readFileSync(file, 'utf8') }] : [];
    });
  }

  test('a [token] placeholder is recorded as [token]; its value is nowhere in the incidents folder', async () => {
    const token = `tok-${randomUUID()}`;
    const marker = `secret-run-${randomUUID().slice(0, 8)}`;
    const command = `echo ${marker} [token] | tr a-z A-Z | tr A-Z a-z`;
    const terminal = onlyRun(await runStep({ command, incidentId, variables: { token }, confirm: false, saveOutput: true }));
    const captured = onlyRun(await runAndCapture({ command, incidentId, variables: { token }, confirm: false, saveOutput: true }));
    for (const run of [terminal, captured]) {
      assert.strictEqual(run.exitCode, 0, run.command);
      assert.strictEqual(run.command, command, 'the command is shown and recorded with [token], not its value');
      assert.ok(run.output?.includes(`${marker} [redacted: token]`), `the printed value was not hidden: ${JSON.stringify(run.output)}`);
      assert.ok(run.savedOutput, 'the full output was saved');
    }
    const recorded = noteText()
      .split('\n')
      .filter((line) => line.startsWith('- ') && line.includes(`[command] \`${command}\` exited 0 in `));
    assert.strictEqual(recorded.length, 2, `both runs are recorded with [token] in the timeline:\n${noteText()}`);
    assert.strictEqual(recorded.filter((line) => line.includes('(Run and Capture)')).length, 1, recorded.join('\n'));
    const folder = path.dirname(notePath);
    const leaks = filesUnder(folder).filter(({ text }) => text.includes(token));
    assert.deepStrictEqual(leaks.map(({ file }) => path.relative(folder, file)), [], 'the value was written down');
  });

  test('a [token] value run in a terminal is never typed: the terminal started for it has it in its environment', async () => {
    const marker = `/tmp/pwned-${randomUUID()}`;
    const token = `tok-${randomUUID()}'"$(touch ${marker})`;
    const command = 'printf %s [token] | sha256sum';
    const typed: string[] = [];
    const watching = vscode.window.onDidStartTerminalShellExecution((e) => typed.push(e.execution.commandLine.value));
    try {
      const run = onlyRun(await runStep({ command, incidentId, variables: { token }, confirm: false }));
      assert.strictEqual(run.via, 'shellIntegration');
      assert.strictEqual(run.exitCode, 0);
      assert.strictEqual(run.command, command, 'recorded with [token]');
      assert.ok(run.output?.includes(createHash('sha256').update(token).digest('hex')), `the value did not arrive exactly: ${JSON.stringify(run.output)}`);
      const terminal = vscode.window.terminals.find((t) => t.name === `Incident: ${incidentTitle} (secrets)`);
      assert.ok(terminal?.shellIntegration, 'no terminal of its own for the secret run');
      // What the shell keeps: its history, read in the same terminal.
      const history = terminal.shellIntegration.executeCommand('history 5');
      let kept = '';
      for await (const chunk of history.read()) kept += chunk;
      assert.ok(typed.some((line) => line.includes('"${RUNBOOK_SECRET_TOKEN}"')), `the command refers to the variable: ${JSON.stringify(typed)}`);
      assert.ok(kept.includes('RUNBOOK_SECRET_TOKEN'), `history: ${kept}`);
      for (const text of [...typed, kept]) assert.ok(!text.includes('tok-'), `the value was typed into the terminal: ${text}`);
      assert.ok(!fs.existsSync(marker), 'the value ran');
    } finally {
      watching.dispose();
    }
  });

  test('Run and Capture into a note that cannot take the record (half-typed in an editor) keeps its output beside it', async () => {
    const marker = `unrecorded-${randomUUID().slice(0, 8)}`;
    const before = noteText();
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(notePath));
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'title: [unclosed\n'));
    try {
      const run = onlyRun(await runAndCapture({ command: `echo ${marker}`, incidentId, confirm: false }));
      assert.strictEqual(run.exitCode, 0);
      assert.strictEqual(run.recorded, undefined, 'the half-typed note cannot take the record');
      assert.ok(run.savedOutput, `the output was kept: ${JSON.stringify(run)}`);
      const file = path.join(path.dirname(notePath), ...run.savedOutput.split('/').map(decodeURIComponent));
      assert.match(fs.readFileSync(file, 'utf8'), new RegExp(marker));
      assert.strictEqual(noteText(), before, 'the note on disk is untouched');
      assert.doesNotMatch(editor.document.getText(), new RegExp(marker), 'nor is the text in the editor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('the saveFullOutput setting saves output; saveOutput: false and running outside an incident do not', async () => {
    const config = vscode.workspace.getConfiguration('incidentRunbook');
    await config.update('saveFullOutput', true, vscode.ConfigurationTarget.Workspace);
    try {
      const marker = `setting-${randomUUID().slice(0, 8)}`;
      const command = `seq -f '${marker}-%g' 1 3`;
      const bySetting = onlyRun(await runAndCapture({ command, incidentId, confirm: false }));
      assert.deepStrictEqual(numberedLines(savedOutputOf(bySetting, command), marker), [1, 2, 3]);
      const outputs = path.join(path.dirname(notePath), `${incidentId}.outputs`);
      const earlier = new Set(fs.readdirSync(outputs));
      const refused = onlyRun(await runAndCapture({ command: `echo ${marker}`, incidentId, confirm: false, saveOutput: false }));
      assert.strictEqual(refused.savedOutput, undefined);
      const outside = onlyRun(await runStep({ command: `echo ${marker}`, incidentId: null, confirm: false, saveOutput: true }));
      assert.strictEqual(outside.savedOutput, undefined);
      assert.deepStrictEqual(
        fs.readdirSync(outputs).filter((name) => !earlier.has(name)),
        [],
        'a run told not to save, or outside an incident, left a file',
      );
    } finally {
      await config.update('saveFullOutput', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('without an incident a step runs in the "Runbook" terminal and records nothing', async () => {
    const marker = `no-incident-${randomUUID()}`;
    const outcome = await runStep({ command: `echo ${marker}`, incidentId: null, confirm: false });
    const run = onlyRun(outcome);
    assert.strictEqual(outcome.incidentId, undefined);
    assert.strictEqual(run.recorded, undefined);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Runbook'));
    assert.ok(!noteText().includes(marker));
  });

  test('with several incidents open and none chosen, a run asks which one records it; Escape cancels it', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)?.activate()) as IncidentRunbookApi;
    const { store } = api.services;
    // Two open incidents of its own, whatever the other tests left.
    for (const title of ['Asked about (SEV2)', 'Asked about (SEV3)']) {
      await vscode.commands.executeCommand('incidentRunbook.declareIncident', { level: title.includes('SEV2') ? 2 : 3, title: `${title} ${randomUUID().slice(0, 8)}`, knownIncident: '', background: true });
    }
    const open = (await store.open()).sort(mostSevereFirst);
    assert.ok(open.length >= 2, `several incidents are open: ${open.length}`);
    // Answers the question once it is on screen (its first choice active), as a person would.
    const answering = async <T>(pending: Thenable<T>, answer: string): Promise<T> => {
      const asked = new Promise<void>((resolve) => {
        const listening = api.onDidAskWhichIncident(() => {
          listening.dispose();
          resolve();
        });
      });
      const result = Promise.resolve(pending);
      await Promise.race([asked, result]);
      await vscode.commands.executeCommand(answer);
      return result;
    };

    store.focus(undefined);
    const cancelled = await answering(vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runAndCapture', { command: 'echo never', confirm: false }), 'workbench.action.closeQuickOpen');
    assert.strictEqual(cancelled.status, 'cancelled', JSON.stringify(cancelled));
    assert.deepStrictEqual(cancelled.runs, []);

    store.focus(undefined);
    const marker = `asked-${randomUUID().slice(0, 8)}`;
    const ran = await answering(vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runAndCapture', { command: `echo ${marker}`, confirm: false }), 'workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(ran.status, 'ran', JSON.stringify(ran));
    assert.strictEqual(ran.incidentId, open[0].id, 'the first choice, the most severe open incident, records it');
    assert.ok(onlyRun(ran).recorded, 'and it is recorded there');
    // The answer holds: the next run goes to the same incident without asking.
    const next = await runAndCapture({ command: `echo ${marker}-again`, confirm: false });
    assert.strictEqual(next.incidentId, open[0].id);
    store.focus(undefined);
  });

  test('a placeholder where quoting cannot protect it (inside sh -c) is refused, naming where it stands, and nothing runs', async () => {
    const marker = `/tmp/pwned-${randomUUID()}`;
    for (const run of [runStep, runAndCapture]) {
      const outcome = await run({ command: 'sh -c "echo [target]"', incidentId, variables: { target: `$(touch ${marker})` }, confirm: false });
      assert.strictEqual(outcome.status, 'failed');
      assert.match(outcome.message ?? '', /\[target\] \(line 1, column 13\) stands in a script run by sh -c/);
      assert.deepStrictEqual(outcome.runs, []);
    }
    // Refused before anything started (no runs above): nothing can still be running to create it.
    assert.ok(!fs.existsSync(marker), `${marker} was created`);
  });

  test('a command line longer than a terminal takes is not typed; Run and Capture is offered', async () => {
    const outcome = await runStep({ command: `echo ${'x'.repeat(5000)} [target]`, incidentId, variables: { target: 'y' }, confirm: false });
    assert.strictEqual(outcome.status, 'refused');
    assert.match(outcome.message ?? '', /a terminal cuts a typed line at 4095.*Run and Capture/);
    assert.deepStrictEqual(outcome.runs, []);
  });

  test('invalid arguments are refused without running anything', async () => {
    const outcome = await runStep({ command: 'echo x', variables: { a: 1 } });
    assert.strictEqual(outcome.status, 'failed');
    assert.deepStrictEqual(outcome.runs, []);
  });

  test('CodeLenses put "▶ Run" above each quick-diagnosis command of the runbook', async () => {
    const uri = vscode.Uri.file(path.join(workspaceRoot(), 'runbooks', 'default-runbook.md'));
    const document = await vscode.workspace.openTextDocument(uri);
    const runbook = parseRunbook(document.getText(), uri.fsPath);
    const expected = runbook.diagnostics.reduce((n, d) => n + d.commands.length, 0);
    const { services } = (await vscode.extensions.getExtension(EXTENSION_ID)?.activate()) as IncidentRunbookApi;
    // The lenses come from the runbooks as read: asked again each time the runbooks change (as VS Code does).
    const lensesNow = async (): Promise<vscode.CodeLens[]> => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const lenses = await waitUntil('the "▶ Run" lenses', [services.runbooks.onDidChange], async () => {
      const found = await lensesNow();
      return found.some((l) => l.command?.title === '▶ Run') && found;
    }, { seen: async () => (await lensesNow()).map((l) => l.command?.title) });
    const runLenses = lenses.filter((l) => l.command?.command === 'incidentRunbook.runStep');
    const diagnosticLenses = runLenses.filter((l) => (l.command?.arguments?.[0] as { kind?: string } | undefined)?.kind === 'diagnostic');
    assert.strictEqual(diagnosticLenses.length, expected, 'one "▶ Run" lens per quick-diagnosis command');
    for (const lens of diagnosticLenses) {
      const ref = lens.command?.arguments?.[0] as { index: number; commandIndex: number };
      const command = runbook.diagnostics[ref.index].commands[ref.commandIndex];
      assert.ok(document.lineAt(lens.range.start.line).text.includes(command), `lens on line ${lens.range.start.line + 1} is not above "${command}"`);
    }
    assert.strictEqual(lenses.filter((l) => l.command?.command === 'incidentRunbook.runAndCapture').length, runLenses.length);
    assert.strictEqual(document.isDirty, false, 'the runbook must never be edited');
  });
});
