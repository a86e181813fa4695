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

/**
 * `Status: Investigating`, `Next update: [time]`: a capitalised name of a few words, a colon and a space. Bounded, and
 * the name cannot hold a colon, so a long line is scanned once.
 */
const PLAIN_FIELD = /^([A-Z][A-Za-z0-9 /&()'-]{0,40}):(?:[ \t]+(.*))?$/;

function field(name: string, value: string): TemplateField {
  const placeholder = value.trim();
  return { name: name.trim(), placeholder, choices: choicesOf(placeholder) };
}

/**
 * The `**Field**: value` lines of a template, in order; in a template written without bold labels, its plain
 * `Field: value` lines (a template writes its fields one way, so a plain line beside bold ones is text, not a field).
 */
export function parseTemplateFields(text: string): TemplateField[] {
  const bold: TemplateField[] = [];
  const plain: TemplateField[] = [];
  for (const line of text.split('\n')) {
    const item = line.replace(LIST_MARKER, '');
    const label = boldLabel(item);
    if (label && label.colon && label.label !== '') bold.push(field(label.label, label.rest));
    else if (bold.length === 0) {
      const named = PLAIN_FIELD.exec(item.trimEnd());
      if (named && named[1].trim().split(/\s+/).length <= 4) plain.push(field(named[1], named[2] ?? ''));
    }
  }
  return bold.length > 0 ? bold : plain;
}
