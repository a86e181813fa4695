// The status-update template: `**Field**: value` lines inside the runbook's template, where the value is a
// placeholder ("[Brief description]", "SEV[1-4]") or a choice ("Investigating | Mitigating | Resolved").
import { TemplateField } from './model';
import { boldLabel } from './inline';

/**
 * Used when a runbook has no communication template, and for an incident whose runbook is unknown. Started and
 * Commander are in it because every incident fills them: a reader of the update learns when and whom to ask.
 */
export const DEFAULT_TEMPLATE_TEXT = [
  '**Incident**: [Brief description]',
  '**Severity**: SEV[1-4]',
  '**Impact**: [Users affected]',
  '**Status**: Investigating | Mitigating | Resolved',
  '**Started**: [Time UTC]',
  '**Commander**: [Name]',
  '**Next update**: [Time UTC]',
  '',
  '**Timeline**:',
  '- HH:MM - [Event]',
].join('\n');

const LIST_MARKER = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** "A | B | C" (optionally inside brackets) as its choices; [] when the value is not a choice. */
export function choicesOf(value: string): string[] {
  const inner = /^\[[^\]]*\]$/.test(value) ? value.slice(1, -1) : value;
  if (!inner.includes('|')) return [];
  const choices = inner.split('|').map((choice) => choice.trim());
  return choices.length >= 2 && choices.every((choice) => choice !== '') ? choices : [];
}

/** The `**Field**: value` lines of a template, in order. */
export function parseTemplateFields(text: string): TemplateField[] {
  const fields: TemplateField[] = [];
  for (const line of text.split('\n')) {
    const label = boldLabel(line.replace(LIST_MARKER, ''));
    if (!label || !label.colon || label.label === '') continue;
    const placeholder = label.rest.trim();
    fields.push({ name: label.label, placeholder, choices: choicesOf(placeholder) });
  }
  return fields;
}
