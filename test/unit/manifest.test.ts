// What the manifest promises a person in the palette and the trees, checked against the rules VS Code applies.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { contributes } from '../../package.json';

function paletteLabel(id: string): string {
  const command = contributes.commands.find((c) => c.command === id);
  assert.ok(command, `${id} is not contributed`);
  return `${command.category}: ${command.title}`;
}

describe('manifest', () => {
  it('"run diag" lists Run Diagnostic Step above Run and Capture (the palette orders matches it has no history for by label)', () => {
    const run = paletteLabel('incidentRunbook.runStep');
    const capture = paletteLabel('incidentRunbook.runAndCapture');
    for (const label of [run, capture]) assert.match(label, /\bRun\b.*\bDiag/, label);
    assert.ok(run.localeCompare(capture) < 0, `${run} sorts after ${capture}`);
  });

  it('both trees order a step’s inline actions the same way: run in a terminal, then run and capture', () => {
    const inline = (view: string): string[] =>
      contributes.menus['view/item/context']
        .filter((m) => m.when.includes(`view == incidentRunbook.${view}`) && /Node$/.test(m.command) && m.group.startsWith('inline'))
        .sort((a, b) => a.group.localeCompare(b.group))
        .map((m) => `${m.command.replace(`incidentRunbook.${view}.`, '')} ${m.group}`);
    assert.deepStrictEqual(inline('runbook'), ['runNode inline@1', 'captureNode inline@2']);
    assert.deepStrictEqual(inline('incidents'), inline('runbook'));
  });
});

describe('manifest: the first-incident walkthrough', () => {
  const steps = contributes.walkthroughs[0].steps;
  // From out/test/unit to the repository.
  const repo = path.join(__dirname, '..', '..', '..');
  const progressSource = fs.readFileSync(path.join(repo, 'src', 'vscode', 'walkthrough', 'progress.ts'), 'utf8');

  it('completes each step on something the extension or the workbench produces: a contributed command or view, or a context key it sets', () => {
    const commands = new Set(contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(contributes.views).flat().map((v) => v.id));
    for (const step of steps) {
      assert.ok(step.completionEvents.length > 0, `${step.id} completes on nothing (VS Code would complete it on a click)`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(commands.has(name), `${step.id}: ${name} is not contributed`);
        else if (kind === 'onView') assert.ok(views.has(name), `${step.id}: ${name} is not a view`);
        else if (kind === 'onContext') assert.ok(progressSource.includes(`'${name}'`), `${step.id}: nothing sets ${name}`);
        else assert.fail(`${step.id}: ${event}`);
      }
    }
  });

  it('shows media the package ships', () => {
    const shipped = fs.readFileSync(path.join(repo, '.vscodeignore'), 'utf8');
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image ?? '';
      assert.ok(fs.existsSync(path.join(repo, file)), `${step.id}: ${file} is missing`);
      assert.ok(shipped.split('\n').some((line) => line === `!${file}` || (line.endsWith('/**') && file.startsWith(line.slice(1, -2)))), `${step.id}: ${file} is not in the .vsix`);
    }
  });

  it('offers the demo commands only while a demo service runs', () => {
    for (const id of ['incidentRunbook.demoBreakService', 'incidentRunbook.demoRestartService']) {
      assert.strictEqual(contributes.menus.commandPalette.find((m) => m.command === id)?.when, 'incidentRunbook.demoRunning && isWorkspaceTrusted', id);
    }
  });
});
