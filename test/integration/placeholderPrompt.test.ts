// The box that asks for a placeholder's value, as VS Code is given it: a secret placeholder's box is masked, a plain
// one shows the command it fills and an example, and neither claims the value "runs as plain text" (a context the
// quoting cannot prove safe, such as sh -c, is refused before any box is asked). The run commands are driven through their arguments;
// the box is read where the extension hands it to VS Code (vscode.window, wrapped for the test and passed through),
// then dismissed, so nothing runs.
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/vscode/runner';
import { declare } from './support';

interface AskedBox {
  title: string | undefined;
  prompt: string | undefined;
  placeholder: string | undefined;
  password: boolean;
}

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/**
 * Runs `run` and returns the first value box it asked with, read as VS Code got it; the box is dismissed as a
 * person pressing Escape would. showInputBox (the secret box) gets a token cancelled once the box is asked for;
 * createInputBox (the plain box, with its team button) is hidden once shown.
 */
async function firstBox(run: () => Thenable<RunOutcome | undefined>): Promise<{ box: AskedBox | undefined; outcome: RunOutcome | undefined }> {
  const window = vscode.window as Window;
  const { showInputBox, createInputBox } = window;
  let box: AskedBox | undefined;
  window.showInputBox = (options?: vscode.InputBoxOptions) => {
    box ??= { title: options?.title, prompt: options?.prompt, placeholder: options?.placeHolder, password: options?.password === true };
    const dismiss = new vscode.CancellationTokenSource();
    const answer = showInputBox.call(vscode.window, options, dismiss.token);
    dismiss.cancel();
    return answer;
  };
  window.createInputBox = () => {
    const input = createInputBox.call(vscode.window);
    const show = input.show.bind(input);
    input.show = () => {
      show();
      box ??= { title: input.title, prompt: input.prompt, placeholder: input.placeholder, password: input.password };
      input.hide();
    };
    return input;
  };
  try {
    const outcome = await run();
    return { box, outcome };
  } finally {
    window.showInputBox = showInputBox;
    window.createInputBox = createInputBox;
  }
}

function notRun(outcome: RunOutcome | undefined): void {
  assert.ok(outcome, 'the run command returned nothing');
  assert.notStrictEqual(outcome.status, 'ran', JSON.stringify(outcome));
  assert.deepStrictEqual(outcome.runs, []);
}

suite('Placeholder prompts: what the value box says', () => {
  let incidentId: string;

  suiteSetup(async () => {
    incidentId = await declare(`Placeholder prompts ${randomUUID().slice(0, 8)}`, 3);
  });

  // A name of its own per test: no value is remembered or kept for it yet, so the box is asked.
  const unique = (): string => randomUUID().slice(0, 8);

  test('a secret placeholder is asked in a masked box that names it and says the note never holds the value', async () => {
    const name = `probe_${unique()}_token`;
    for (const command of ['incidentRunbook.runStep', 'incidentRunbook.runAndCapture']) {
      const { box, outcome } = await firstBox(() =>
        vscode.commands.executeCommand<RunOutcome>(command, { command: `curl -H "Authorization: Bearer [${name}]" https://localhost/`, incidentId, confirm: false }),
      );
      assert.ok(box, `${command}: no box asked for [${name}]`);
      assert.strictEqual(box.password, true, `${command}: the box for [${name}] is masked`);
      assert.ok(box.title?.includes(`[${name}]`), `the title names the placeholder: ${box.title}`);
      assert.match(box.prompt ?? '', /never the value/, box.prompt);
      assert.doesNotMatch(box.prompt ?? '', /plain text/i, box.prompt);
      notRun(outcome);
    }
  });

  test('a plain placeholder’s box is not masked, shows the command it fills and an example', async () => {
    const name = `probe_${unique()}_host`;
    const { box, outcome } = await firstBox(() =>
      vscode.commands.executeCommand<RunOutcome>('incidentRunbook.runAndCapture', { command: `ping -c 1 [${name}]`, incidentId, confirm: false }),
    );
    assert.ok(box, `no box asked for [${name}]`);
    assert.strictEqual(box.password, false, 'a plain value is shown as it is typed');
    assert.ok(box.prompt?.includes(`Fills [${name}] in: ping -c 1 [${name}]`), `the prompt shows the command it fills: ${box.prompt}`);
    assert.strictEqual(box.placeholder, 'e.g. db-1.internal.example.com', 'an example of a host, greyed in the empty box');
    assert.doesNotMatch(box.prompt ?? '', /plain text/i, box.prompt);
    notRun(outcome);
  });

  test('where quoting cannot keep the value inert (inside sh -c) the run is refused before any box asks for a value', async () => {
    const name = `probe_${unique()}_target`;
    for (const command of ['incidentRunbook.runStep', 'incidentRunbook.runAndCapture']) {
      const { box, outcome } = await firstBox(() =>
        vscode.commands.executeCommand<RunOutcome>(command, { command: `sh -c "echo [${name}]"`, incidentId, confirm: false }),
      );
      assert.strictEqual(box, undefined, `${command}: a box asked for [${name}] (${box?.prompt}) although the run is refused whatever is typed`);
      assert.strictEqual(outcome?.status, 'failed', JSON.stringify(outcome));
      assert.match(outcome.message ?? '', new RegExp(`\\[${name}\\] \\(line 1, column 13\\) stands in a script run by sh -c`), outcome.message);
      notRun(outcome);
    }
  });
});
