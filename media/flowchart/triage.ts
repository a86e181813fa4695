// The triage helper beside the chart: "what is happening?" answers (the chart's edge labels and
// the table's examples), the level they lead to, and a button to declare it.
import type { ChartLevel, FlowchartData, StepSummary, TriageChoice } from '../../src/protocol/flowchart';
import { h, uniqueId } from './dom';

export interface TriageCallbacks {
  /** A choice was picked (or cleared with null): highlight its path. */
  select(choice: TriageChoice | null): void;
  declare(level: number): void;
  runStep(ref: StepSummary['ref']): void;
}

export interface TriagePanel {
  element: HTMLElement;
  /**
   * Selects a choice by key; unknown keys clear the selection. `quiet` when restoring state after a redraw:
   * the proposal is not announced again.
   */
  select(key: string | null, quiet?: boolean): void;
}

export function choiceKey(choice: TriageChoice): string {
  return `${choice.source}:${choice.level}:${choice.label}`;
}

function levelTag(level: ChartLevel | undefined, number: number): HTMLElement {
  return h('span', { className: `level-tag sev-${Math.min(number, 4)}`, text: level?.name ?? `SEV${number}` });
}

function choiceList(
  title: string,
  choices: TriageChoice[],
  levels: ChartLevel[],
  buttons: Map<string, HTMLButtonElement>,
  onPick: (choice: TriageChoice) => void,
): HTMLElement | null {
  if (choices.length === 0) return null;
  const headingId = uniqueId('choices');
  const list = h('ul', { className: 'choices', attrs: { 'aria-labelledby': headingId } });
  for (const choice of choices) {
    const button = h(
      'button',
      { className: 'choice', attrs: { type: 'button', 'aria-pressed': 'false', 'data-level': String(choice.level) } },
      h('span', { className: 'choice-label', text: choice.label }),
      levelTag(
        levels.find((l) => l.level === choice.level),
        choice.level,
      ),
    );
    button.addEventListener('click', () => onPick(choice));
    buttons.set(choiceKey(choice), button);
    list.appendChild(h('li', {}, button));
  }
  return h('div', { className: 'choice-group' }, h('h3', { text: title, attrs: { id: headingId } }), list);
}

function proposal(choice: TriageChoice, level: ChartLevel | undefined, callbacks: TriageCallbacks, clear: () => void): HTMLElement {
  const name = level?.name ?? `SEV${choice.level}`;
  const declare = h('button', { className: 'primary declare', text: `Declare ${name}`, attrs: { type: 'button' } });
  declare.addEventListener('click', () => callbacks.declare(choice.level));
  const reset = h('button', { className: 'secondary', text: 'Clear', attrs: { type: 'button' } });
  reset.addEventListener('click', clear);
  return h(
    'div',
    { className: 'proposal-body' },
    h('p', {}, 'Proposed level: ', h('strong', { text: name })),
    // Said in words too: the highlight on the chart is only drawn.
    h('p', { className: 'detail', text: `Path on the chart: ${[choice.source === 'trigger' ? choice.label : null, name, level?.action || null].filter(Boolean).join(' → ')}` }),
    level?.impact ? h('p', { className: 'detail', text: `Impact: ${level.impact}` }) : null,
    level?.respond ? h('p', { className: 'detail', text: `${level.respond[0].toUpperCase()}${level.respond.slice(1)}` }) : null,
    level?.action ? h('p', { className: 'detail', text: `Action: ${level.action}` }) : null,
    h('div', { className: 'buttons' }, declare, reset),
  );
}

function stepList(steps: StepSummary[], callbacks: TriageCallbacks): HTMLElement | null {
  if (steps.length === 0) return null;
  const list = h('ol', { className: 'steps' });
  for (const step of steps) {
    const run = h('button', { className: 'secondary run', text: 'Run', attrs: { type: 'button', 'aria-label': `Run ${step.title}` } });
    run.addEventListener('click', () => callbacks.runStep(step.ref));
    list.appendChild(h('li', {}, h('span', { className: 'step-title', text: step.title }), run));
  }
  return h('div', { className: 'first-checks' }, h('h3', { text: 'First checks' }), list);
}

export function buildTriage(data: FlowchartData, callbacks: TriageCallbacks): TriagePanel {
  const buttons = new Map<string, HTMLButtonElement>();
  const byKey = new Map(data.choices.map((c) => [choiceKey(c), c] as const));
  const proposalBox = h('div', { className: 'proposal', attrs: { 'aria-live': 'polite' } });
  const headingId = uniqueId('triage');

  const select = (key: string | null, quiet = false): void => {
    if (quiet) {
      proposalBox.setAttribute('aria-live', 'off');
      setTimeout(() => proposalBox.setAttribute('aria-live', 'polite'), 0);
    }
    const choice = key ? byKey.get(key) ?? null : null;
    for (const [buttonKey, button] of buttons) {
      button.setAttribute('aria-pressed', String(buttonKey === key && !!choice));
    }
    proposalBox.replaceChildren();
    if (choice) {
      const level = data.levels.find((l) => l.level === choice.level);
      // Clear removes the button that was pressed: focus goes back to the choice it cleared.
      const clear = (): void => {
        select(null);
        if (key) buttons.get(key)?.focus();
      };
      proposalBox.appendChild(proposal(choice, level, callbacks, clear));
      // Below a long list of choices the proposal and its Declare button would land out of sight, and the choice
      // would seem to do nothing.
      if (!quiet) proposalBox.scrollIntoView({ block: 'nearest' });
    }
    callbacks.select(choice);
  };
  const pick = (choice: TriageChoice): void => {
    const key = choiceKey(choice);
    // Picking the selected choice again clears it, like a toggle button.
    select(buttons.get(key)?.getAttribute('aria-pressed') === 'true' ? null : key);
  };

  const triggers = data.choices.filter((c) => c.source === 'trigger');
  const examples = data.choices.filter((c) => c.source === 'example');
  const element = h(
    'aside',
    { className: 'triage', attrs: { 'aria-labelledby': headingId } },
    h('h2', { text: 'Triage', attrs: { id: headingId } }),
    h('p', { className: 'hint', text: 'What is happening? Pick the closest match to see its path and level.' }),
    // Said where the levels are chosen, so nobody takes the setting's levels for the team's.
    data.defaultLevels ? h('p', { className: 'hint default-levels', text: 'Default levels — this runbook defines none (setting incidentRunbook.defaultLevels).' }) : null,
    choiceList('From the chart', triggers, data.levels, buttons, pick),
    choiceList('Examples from the severity table', examples, data.levels, buttons, pick),
    data.choices.length === 0 ? h('p', { className: 'hint', text: 'The runbook gives no triggers or examples.' }) : null,
    proposalBox,
    data.compact ? null : stepList(data.steps, callbacks),
  );
  return { element, select };
}
