// Which quotes are open at a given point of a command line, for each shell's rules.
// A value inserted inside `'...'` must close those quotes first, or it would be read unquoted:
// `jq '.host == "[host]"'` with host `'$(id)'` must not run `id`. Pure: no `vscode` import.
//
// This is a scanner, not a parser: it follows quotes, escapes and the nesting of `$(...)`, `${...}`,
// `(...)` and backticks, which is all that decides how a value must be quoted. It also marks the places
// where no quoting of ours keeps a value inert (see PlaceholderContext.unsafe): arithmetic, `${...}` inside
// double quotes, here-document bodies and comments; and it keeps where the current command starts, so the
// caller can tell a command nested in `sh -c '...'` or `ssh host '...'` (see nestedCodeContext).

import type { QuoteContext, ShellKind } from './quote';
import { commandWordIndex, programName, SHELL_PROGRAMS, splitSimpleCommands, sshHostIndex } from './words';

type Frame = 'none' | 'single' | 'double' | 'ansi' | 'subst' | 'paren' | 'brace' | 'backtick' | 'arith' | 'comment' | 'heredoc';

/** The quoting context of a point, where its command starts, and why no quoting can make a value safe there. */
export interface PlaceholderContext extends QuoteContext {
  /** Index where the simple command holding the point starts (after the last `;`, `|`, `(`... at its level). */
  commandStart: number;
  /** Set where quoting cannot keep a value inert: 'arithmetic $(( ))', 'a here-document', ... */
  unsafe?: string;
}

interface ScanState {
  stack: Frame[];
  /** Where the current command of each frame starts (used by the command-level frames). */
  starts: number[];
  /** Here-documents opened on the current line; their bodies start after it. */
  pendingHeredocs: { delimiter: string; stripTabs: boolean }[];
  /** The delimiter of the here-document whose body is being read. */
  heredoc?: { delimiter: string; stripTabs: boolean };
}

/** The quoting context at each of `offsets` (ascending indexes into `command`), in the same order. */
export function quoteContextsAt(command: string, shell: ShellKind, offsets: readonly number[]): QuoteContext[] {
  return placeholderContextsAt(command, shell, offsets).map(({ quote, backticks }) => ({ quote, backticks }));
}

/** quoteContextsAt, with where each point's command starts and whether the point is unsafe for any value. */
export function placeholderContextsAt(command: string, shell: ShellKind, offsets: readonly number[]): PlaceholderContext[] {
  const step = STEPPERS[shell];
  const state: ScanState = { stack: ['none'], starts: [0], pendingHeredocs: [] };
  const contexts: PlaceholderContext[] = [];
  let next = 0;
  for (let i = 0; next < offsets.length; ) {
    while (next < offsets.length && offsets[next] <= i) {
      contexts.push(contextOf(state));
      next++;
    }
    if (i >= command.length) break;
    i = step(command, i, state);
  }
  while (contexts.length < offsets.length) contexts.push(contextOf(state));
  return contexts;
}

function contextOf({ stack, starts }: ScanState): PlaceholderContext {
  const top = stack[stack.length - 1];
  const quote = top === 'single' || top === 'double' || top === 'ansi' ? top : 'none';
  let level = stack.length - 1;
  while (level > 0 && !COMMAND_FRAMES.has(stack[level])) level--;
  const context: PlaceholderContext = { quote, backticks: stack.filter((f) => f === 'backtick').length, commandStart: starts[level] };
  const unsafe = unsafeFrame(stack);
  if (unsafe) context.unsafe = unsafe;
  return context;
}

/** Frames in which a command line is read: a `;`, `|` or newline there starts a new command. */
const COMMAND_FRAMES = new Set<Frame>(['none', 'subst', 'paren', 'backtick']);

function unsafeFrame(stack: readonly Frame[]): string | undefined {
  if (stack.includes('heredoc')) return 'a here-document, whose body the shell expands whatever its quotes';
  if (stack.includes('arith')) return 'arithmetic $(( … )), which evaluates a value as an expression';
  if (stack[stack.length - 1] === 'comment') return 'a comment, which a line break in the value would end';
  for (let i = 1; i < stack.length; i++) {
    if (stack[i] === 'brace' && stack[i - 1] === 'double') return 'a ${ … } expansion inside double quotes, where quotes in the value do not quote';
  }
  return undefined;
}

/** Consumes the token at `i`, updates the state, returns the index after it. */
type Stepper = (s: string, i: number, state: ScanState) => number;

const top = (stack: Frame[]): Frame => stack[stack.length - 1];

const posixStep: Stepper = (s, i, state) => {
  const { stack } = state;
  const c = s[i];
  const frame = top(stack);
  if (frame === 'heredoc') return heredocLine(s, i, state);
  if (frame === 'comment') {
    if (c === '\n') {
      pop(state);
      return lineEnd(i, state);
    }
    return i + 1;
  }
  if (frame === 'single') {
    if (c === "'") pop(state);
    return i + 1;
  }
  if (frame === 'ansi') {
    if (c === '\\') return i + 2;
    if (c === "'") pop(state);
    return i + 1;
  }
  if (frame === 'double') {
    if (c === '\\') return i + 2;
    if (c === '"') pop(state);
    else if (s.startsWith('$((', i)) return push(state, 'arith', i + 3);
    else if (s.startsWith('$(', i)) return push(state, 'subst', i + 2);
    else if (s.startsWith('${', i)) return push(state, 'brace', i + 2);
    else if (c === '`') return push(state, 'backtick', i + 1);
    return i + 1;
  }
  // Unquoted, or inside $(...), (...), ${...}, $((...)) or backticks: quotes open anew there.
  if (c === '\\') return i + 2;
  if (c === "'") return push(state, 'single', i + 1);
  if (c === '"') return push(state, 'double', i + 1);
  if (s.startsWith("$'", i)) return push(state, 'ansi', i + 2);
  if (s.startsWith('$((', i)) return push(state, 'arith', i + 3);
  if (s.startsWith('$(', i)) return push(state, 'subst', i + 2);
  if (s.startsWith('${', i)) return push(state, 'brace', i + 2);
  if (frame === 'arith' && s.startsWith('))', i)) {
    pop(state);
    return i + 2;
  }
  const commandLevel = COMMAND_FRAMES.has(frame);
  if (commandLevel && s.startsWith('((', i) && atCommandStart(s, i, state)) return push(state, 'arith', i + 2);
  if (commandLevel && c === '#' && (i === 0 || /[\s;&|()]/.test(s[i - 1]))) return push(state, 'comment', i + 1);
  if (commandLevel && s.startsWith('<<', i) && s[i + 2] !== '<') return hereDocument(s, i, state);
  if (c === '`') {
    if (frame === 'backtick') pop(state);
    else return push(state, 'backtick', i + 1);
  } else if (c === '(') return push(state, 'paren', i + 1);
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) pop(state);
  else if (c === '}' && frame === 'brace') pop(state);
  else if (commandLevel && c === '\n') return lineEnd(i, state);
  else if (commandLevel && (c === ';' || c === '&' || c === '|')) state.starts[stack.length - 1] = i + 1;
  return i + 1;
};

function atCommandStart(s: string, i: number, state: ScanState): boolean {
  return s.slice(state.starts[state.stack.length - 1], i).trim() === '';
}

/** `<<EOF`, `<<-EOF`, `<< 'EOF'`: notes the delimiter; the body starts after the end of the line. */
function hereDocument(s: string, i: number, state: ScanState): number {
  let j = i + 2;
  const stripTabs = s[j] === '-';
  if (stripTabs) j++;
  while (s[j] === ' ' || s[j] === '\t') j++;
  let delimiter = '';
  while (j < s.length && !/[\s;&|<>()]/.test(s[j])) {
    if (s[j] !== "'" && s[j] !== '"' && s[j] !== '\\') delimiter += s[j];
    j++;
  }
  if (delimiter) state.pendingHeredocs.push({ delimiter, stripTabs });
  return j;
}

/** A newline at command level: a new command starts, and a pending here-document's body begins. */
function lineEnd(i: number, state: ScanState): number {
  state.starts[state.stack.length - 1] = i + 1;
  const heredoc = state.pendingHeredocs.shift();
  if (heredoc) {
    state.heredoc = heredoc;
    push(state, 'heredoc', i + 1);
  }
  return i + 1;
}

/** Reads one body line of a here-document at `i` (a line start); the delimiter line ends it. */
function heredocLine(s: string, i: number, state: ScanState): number {
  const end = s.indexOf('\n', i);
  const lineEndAt = end < 0 ? s.length : end;
  let line = s.slice(i, lineEndAt);
  if (state.heredoc?.stripTabs) line = line.replace(/^\t+/, '');
  if (line === state.heredoc?.delimiter) {
    pop(state);
    state.heredoc = undefined;
    if (end < 0) return s.length;
    // The delimiter line ends the body; another here-document of the same command may follow.
    return lineEnd(lineEndAt, state);
  }
  return end < 0 ? s.length : end + 1;
}

const fishStep: Stepper = (s, i, state) => {
  const { stack } = state;
  const c = s[i];
  const frame = top(stack);
  if (frame === 'single' || frame === 'double') {
    if (c === '\\') return i + 2;
    if ((frame === 'single' && c === "'") || (frame === 'double' && c === '"')) pop(state);
    else if (frame === 'double' && s.startsWith('$(', i)) return push(state, 'subst', i + 2);
    return i + 1;
  }
  if (c === '\\') return i + 2;
  if (c === "'") return push(state, 'single', i + 1);
  if (c === '"') return push(state, 'double', i + 1);
  if (s.startsWith('$(', i)) return push(state, 'subst', i + 2);
  if (c === '(') push(state, 'paren', i + 1);
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) pop(state);
  return i + 1;
};

const PWSH_SQ = /['\u2018\u2019\u201a\u201b]/;
const PWSH_DQ = /["\u201c\u201d\u201e]/;

const pwshStep: Stepper = (s, i, state) => {
  const { stack } = state;
  const c = s[i];
  const frame = top(stack);
  if (frame === 'single') {
    // '' inside single quotes is an escaped quote, not the end.
    if (PWSH_SQ.test(c)) {
      if (PWSH_SQ.test(s[i + 1] ?? '')) return i + 2;
      pop(state);
    }
    return i + 1;
  }
  if (frame === 'double') {
    if (c === '`') return i + 2;
    if (PWSH_DQ.test(c)) {
      if (PWSH_DQ.test(s[i + 1] ?? '')) return i + 2;
      pop(state);
    } else if (s.startsWith('$(', i)) return push(state, 'subst', i + 2);
    return i + 1;
  }
  if (c === '`') return i + 2;
  if (PWSH_SQ.test(c)) return push(state, 'single', i + 1);
  if (PWSH_DQ.test(c)) return push(state, 'double', i + 1);
  if (s.startsWith('$(', i)) return push(state, 'subst', i + 2);
  if (c === '(') push(state, 'paren', i + 1);
  else if (c === '{') push(state, 'brace', i + 1);
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) pop(state);
  else if (c === '}' && frame === 'brace') pop(state);
  return i + 1;
};

const cmdStep: Stepper = (s, i, state) => {
  const { stack } = state;
  const c = s[i];
  if (top(stack) === 'double') {
    if (c === '"') pop(state);
    return i + 1;
  }
  if (c === '^') return i + 2;
  if (c === '"') push(state, 'double', i + 1);
  return i + 1;
};

function push(state: ScanState, frame: Frame, next: number): number {
  state.stack.push(frame);
  state.starts.push(next);
  return next;
}

function pop(state: ScanState): void {
  state.stack.pop();
  state.starts.pop();
}

const STEPPERS: Record<ShellKind, Stepper> = {
  bash: posixStep,
  zsh: posixStep,
  sh: posixStep,
  fish: fishStep,
  pwsh: pwshStep,
  cmd: cmdStep,
};

// --- commands that read a value as code again ----------------------------------------------------------

const SCRIPT_OPTION = /^-[A-Za-z]*c[A-Za-z]*$|^-(?:command|encodedcommand)$/i;
const TEST_ARITHMETIC = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/**
 * Why a value at `[start, end)` is read as code by a second shell or as an expression, whatever its quotes,
 * or undefined: the script of `sh -c '…'` / `bash -c` / `su -c`, the remote command of `ssh host …`, `eval`,
 * `watch` (which runs its arguments through `sh -c`), `let`, and an operand of `-gt`-style comparisons in
 * bash's `[[ … ]]` (evaluated as arithmetic). Judged on the words of the command the point stands in.
 */
export function nestedCodeContext(command: string, context: PlaceholderContext, start: number, end: number): string | undefined {
  const prefix = command.slice(context.commandStart, start);
  const words = splitSimpleCommands(prefix).pop()?.words ?? [];
  const inWord = context.quote !== 'none' || (prefix !== '' && !/\s$/.test(prefix));
  // The index of the word the value becomes part of.
  const at = inWord ? Math.max(0, words.length - 1) : words.length;
  const program = commandWordIndex(words.slice(0, at));
  const wrappers = words.slice(0, program).map(programName);
  if (wrappers.includes('watch') && !words.slice(0, program).some((w) => w === '-x' || w === '--exec')) {
    return 'a command watch runs through sh -c, which reads the value as shell code again';
  }
  const name = programName(words[program] ?? '');
  if (program < at && (name === 'eval' || name === 'trap')) return `${name}, which reads the value as shell code again`;
  if (program < at && name === 'let') return 'let, which evaluates the value as an expression';
  for (let k = program; k < at; k++) {
    const word = programName(words[k]);
    if (SHELL_PROGRAMS.has(word) && words.slice(k + 1, at).some((w) => SCRIPT_OPTION.test(w))) {
      return `a script run by ${word} -c, which reads the value as shell code again`;
    }
    if (word === 'ssh' && sshHostIndex(words, k) < at) return 'a command ssh runs on the remote host, whose shell reads the value again';
  }
  const test = words.lastIndexOf('[[', at - 1);
  if (test >= 0 && !words.slice(test, at).includes(']]')) {
    const before = words[at - 1] ?? '';
    const after = /^\S*\s+(\S+)/.exec(command.slice(end))?.[1] ?? '';
    if (TEST_ARITHMETIC.has(before) || TEST_ARITHMETIC.has(after)) return 'an arithmetic comparison in [[ … ]], which evaluates the value as an expression';
  }
  return undefined;
}
