// What the manifest promises a person in the palette and the trees, checked against the rules VS Code applies.
import * as assert from 'assert';
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
