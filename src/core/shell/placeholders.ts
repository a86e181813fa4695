// Placeholders in runbook commands, `curl -s https://[domain]/api/health`, and their safe substitution.
// Pure: no `vscode` import.
//
// The rule. A placeholder is `[` name `]` where
//   - the name starts with a letter and is made of letters, digits, `_`, `-`, `.` and single inner
//     spaces (people write `[pod name]`), at most 64 characters;
//   - the brackets stand apart from the word around them: no letter, digit or `_` (nor `\`, `$`, `[`)
//     right before `[`, and no letter, digit, `_` or `]` right after `]`;
//   - the name is not a bare character range such as `a-z` or `A-Za-z0-9`;
//   - no glob or regex quantifier follows the `]` (`[abc]*`, `[ab]+`, `[xy]{2}`): that is a class.
// So these are NOT placeholders: test brackets `[ -f x ]` and `[[ -n $x ]]` (a space or a bracket follows
// the `[`), array subscripts `${a[0]}` and `arr[i]` (a word character before), glob classes `[0-9]`,
// `[a-z]`, `[:alpha:]`, `[!x]`, and the `grep '[n]ginx'` trick (a letter after). A glob class made of
// letters after punctuation, as in `*.[ch]`, is read as a placeholder: rare in runbooks, and the
// responder sees the prompt for it.

import { nestedCodeContext, placeholderContextsAt, type PlaceholderContext } from './context';
import { CONTROL, quoteInContext, type ShellKind } from './quote';

export interface PlaceholderSpan {
  name: string;
  /** Index of the `[`. */
  start: number;
  /** Index after the `]`. */
  end: number;
}

const CANDIDATE = /\[(\p{L}[\p{L}\p{N}_.\- ]{0,63})\]/gu;
const WORD_BEFORE = /[\p{L}\p{N}_\\$[]/u;
const WORD_AFTER = /[\p{L}\p{N}_\]]/u;
const QUANTIFIER = /[*+?{]/;
const CHARACTER_RANGES = /^(?:[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9])+[A-Za-z0-9_]*$/;

/** Every placeholder occurrence in `command`, in order. */
export function findPlaceholderSpans(command: string): PlaceholderSpan[] {
  const spans: PlaceholderSpan[] = [];
  for (const match of command.matchAll(CANDIDATE)) {
    const start = match.index;
    const end = start + match[0].length;
    const name = match[1];
    if (name.endsWith(' ') || name.includes('  ')) continue;
    if (CHARACTER_RANGES.test(name)) continue;
    if (start > 0 && WORD_BEFORE.test(command[start - 1])) continue;
    if (end < command.length && (WORD_AFTER.test(command[end]) || QUANTIFIER.test(command[end]))) continue;
    spans.push({ name, start, end });
  }
  return spans;
}

/** The names of the placeholders in `command`, each once, in order of first appearance. */
export function findPlaceholders(command: string): string[] {
  return [...new Set(findPlaceholderSpans(command).map((span) => span.name))];
}

/**
 * A placeholder standing where no quoting keeps a value from running (inside `sh -c '…'`, `$(( … ))`, a
 * here-document…): it is not filled, and the message says where it stands.
 */
export class UnsafePlaceholderError extends Error {
  constructor(
    readonly placeholder: string,
    readonly where: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(
      `[${placeholder}] (line ${line}, column ${column}) stands in ${where}: no quoting keeps a value from running there, so it was not filled. ` +
        'Rewrite the command so the placeholder stands outside it, or type the command yourself.',
    );
    this.name = 'UnsafePlaceholderError';
  }
}

/** The refusal of `span` when it stands where no quoting keeps a value from running, else undefined. */
function unsafeAt(command: string, span: PlaceholderSpan, context: PlaceholderContext): UnsafePlaceholderError | undefined {
  const unsafe = context.unsafe ?? nestedCodeContext(command, context, span.start, span.end);
  if (!unsafe) return undefined;
  const before = command.slice(0, span.start);
  const lineStart = before.lastIndexOf('\n') + 1;
  return new UnsafePlaceholderError(span.name, unsafe, before.split('\n').length, span.start - lineStart + 1);
}

/**
 * The refusal of the first placeholder in `command` that stands where no quoting is safe for `shell`, or undefined.
 * It depends on where a placeholder stands, never on its value, so a run can be refused before a value is asked for.
 */
export function unsafePlaceholder(command: string, shell: ShellKind): UnsafePlaceholderError | undefined {
  const spans = findPlaceholderSpans(command);
  const contexts = placeholderContextsAt(command, shell, spans.map((span) => span.start));
  for (const [i, span] of spans.entries()) {
    const unsafe = unsafeAt(command, span, contexts[i]);
    if (unsafe) return unsafe;
  }
  return undefined;
}

/**
 * A value that must not be typed into a terminal running `shell`: its control characters would act as keys
 * (Ctrl-U erases the line typed so far, Ctrl-C cancels, a tab completes, CR becomes Enter) and that shell has
 * no quoting that spells them in plain characters. Run and Capture passes it as an argument instead.
 */
export class UntypeableValueError extends Error {
  constructor(
    readonly placeholder: string,
    readonly shell: ShellKind,
    character: string,
  ) {
    super(
      `The value for [${placeholder}] holds the control character U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which a terminal would act on as a key while ${shell} reads it; ` +
        'it was not typed. Use Run and Capture, which passes the value without a terminal.',
    );
    this.name = 'UntypeableValueError';
  }
}

/** Shells with a quoting that writes control characters in plain ones: `$'\x15'` (bash, zsh), `\x15` (fish). */
const SPELLS_CONTROL_CHARACTERS = new Set<ShellKind>(['bash', 'zsh', 'fish']);

export interface SubstituteOptions {
  /** The command will be typed into a terminal (sendText, shell integration), not passed as an argument. */
  typed?: boolean;
}

/**
 * `command` with each placeholder that has a value replaced by that value, quoted for `shell` and for the
 * quotes open where the placeholder stands, so the shell reads back exactly the value and runs nothing in
 * it. Placeholders without a value are left as written. Throws UnquotableValueError for a value the
 * shell cannot carry (a NUL byte; a line break or a quoted position in cmd.exe), UnsafePlaceholderError for
 * a placeholder where no quoting is safe, and (when typed) UntypeableValueError for a value with control
 * characters that `shell` cannot spell.
 */
export function substitutePlaceholders(
  command: string,
  values: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
  shell: ShellKind,
  options: SubstituteOptions = {},
): string {
  const lookup = (name: string): string | undefined =>
    values instanceof Map ? values.get(name) : Object.prototype.hasOwnProperty.call(values, name) ? (values as Record<string, string>)[name] : undefined;
  const spans = findPlaceholderSpans(command).filter((span) => lookup(span.name) !== undefined);
  const contexts = placeholderContextsAt(command, shell, spans.map((span) => span.start));
  let out = '';
  let last = 0;
  spans.forEach((span, i) => {
    const value = lookup(span.name) as string;
    const unsafe = unsafeAt(command, span, contexts[i]);
    if (unsafe) throw unsafe;
    const control = options.typed && !SPELLS_CONTROL_CHARACTERS.has(shell) ? CONTROL.exec(value) : null;
    if (control) throw new UntypeableValueError(span.name, shell, control[0]);
    out += command.slice(last, span.start) + quoteInContext(value, shell, contexts[i]);
    last = span.end;
  });
  return out + command.slice(last);
}
