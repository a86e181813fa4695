// Which quotes are open at a given point of a command line, for each shell's rules.
// A value inserted inside `'...'` must close those quotes first, or it would be read unquoted:
// `jq '.host == "[host]"'` with host `'$(id)'` must not run `id`. Pure: no `vscode` import.
//
// This is a scanner, not a parser: it follows quotes, escapes and the nesting of `$(...)`, `${...}`,
// `(...)` and backticks, which is all that decides how a value must be quoted. Here-documents and
// comments are not followed (a placeholder in them is treated as unquoted text).

import type { QuoteContext, ShellKind } from './quote';

type Frame = 'none' | 'single' | 'double' | 'ansi' | 'subst' | 'paren' | 'brace' | 'backtick';

/** The quoting context at each of `offsets` (ascending indexes into `command`), in the same order. */
export function quoteContextsAt(command: string, shell: ShellKind, offsets: readonly number[]): QuoteContext[] {
  const step = STEPPERS[shell];
  const stack: Frame[] = ['none'];
  const contexts: QuoteContext[] = [];
  let next = 0;
  for (let i = 0; next < offsets.length; ) {
    while (next < offsets.length && offsets[next] <= i) {
      contexts.push(contextOf(stack));
      next++;
    }
    if (i >= command.length) break;
    i = step(command, i, stack);
  }
  while (contexts.length < offsets.length) contexts.push(contextOf(stack));
  return contexts;
}

function contextOf(stack: readonly Frame[]): QuoteContext {
  const top = stack[stack.length - 1];
  const quote = top === 'single' || top === 'double' || top === 'ansi' ? top : 'none';
  return { quote, backticks: stack.filter((f) => f === 'backtick').length };
}

/** Consumes the token at `i`, updates the stack, returns the index after it. */
type Stepper = (s: string, i: number, stack: Frame[]) => number;

const top = (stack: Frame[]): Frame => stack[stack.length - 1];

const posixStep: Stepper = (s, i, stack) => {
  const c = s[i];
  const frame = top(stack);
  if (frame === 'single') {
    if (c === "'") stack.pop();
    return i + 1;
  }
  if (frame === 'ansi') {
    if (c === '\\') return i + 2;
    if (c === "'") stack.pop();
    return i + 1;
  }
  if (frame === 'double') {
    if (c === '\\') return i + 2;
    if (c === '"') stack.pop();
    else if (s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
    else if (s.startsWith('${', i)) return push(stack, 'brace', i + 2);
    else if (c === '`') stack.push('backtick');
    return i + 1;
  }
  // Unquoted, or inside $(...), (...), ${...} or backticks: quotes open anew there.
  if (c === '\\') return i + 2;
  if (c === "'") return push(stack, 'single', i + 1);
  if (c === '"') return push(stack, 'double', i + 1);
  if (s.startsWith("$'", i)) return push(stack, 'ansi', i + 2);
  if (s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
  if (s.startsWith('${', i)) return push(stack, 'brace', i + 2);
  if (c === '`') {
    if (frame === 'backtick') stack.pop();
    else stack.push('backtick');
  } else if (c === '(') stack.push('paren');
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) stack.pop();
  else if (c === '}' && frame === 'brace') stack.pop();
  return i + 1;
};

const fishStep: Stepper = (s, i, stack) => {
  const c = s[i];
  const frame = top(stack);
  if (frame === 'single' || frame === 'double') {
    if (c === '\\') return i + 2;
    if ((frame === 'single' && c === "'") || (frame === 'double' && c === '"')) stack.pop();
    else if (frame === 'double' && s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
    return i + 1;
  }
  if (c === '\\') return i + 2;
  if (c === "'") return push(stack, 'single', i + 1);
  if (c === '"') return push(stack, 'double', i + 1);
  if (s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
  if (c === '(') stack.push('paren');
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) stack.pop();
  return i + 1;
};

const PWSH_SQ = /['\u2018\u2019\u201a\u201b]/;
const PWSH_DQ = /["\u201c\u201d\u201e]/;

const pwshStep: Stepper = (s, i, stack) => {
  const c = s[i];
  const frame = top(stack);
  if (frame === 'single') {
    // '' inside single quotes is an escaped quote, not the end.
    if (PWSH_SQ.test(c)) {
      if (PWSH_SQ.test(s[i + 1] ?? '')) return i + 2;
      stack.pop();
    }
    return i + 1;
  }
  if (frame === 'double') {
    if (c === '`') return i + 2;
    if (PWSH_DQ.test(c)) {
      if (PWSH_DQ.test(s[i + 1] ?? '')) return i + 2;
      stack.pop();
    } else if (s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
    return i + 1;
  }
  if (c === '`') return i + 2;
  if (PWSH_SQ.test(c)) return push(stack, 'single', i + 1);
  if (PWSH_DQ.test(c)) return push(stack, 'double', i + 1);
  if (s.startsWith('$(', i)) return push(stack, 'subst', i + 2);
  if (c === '(') stack.push('paren');
  else if (c === '{') stack.push('brace');
  else if (c === ')' && (frame === 'subst' || frame === 'paren')) stack.pop();
  else if (c === '}' && frame === 'brace') stack.pop();
  return i + 1;
};

const cmdStep: Stepper = (s, i, stack) => {
  const c = s[i];
  if (top(stack) === 'double') {
    if (c === '"') stack.pop();
    return i + 1;
  }
  if (c === '^') return i + 2;
  if (c === '"') stack.push('double');
  return i + 1;
};

function push(stack: Frame[], frame: Frame, next: number): number {
  stack.push(frame);
  return next;
}

const STEPPERS: Record<ShellKind, Stepper> = {
  bash: posixStep,
  zsh: posixStep,
  sh: posixStep,
  fish: fishStep,
  pwsh: pwshStep,
  cmd: cmdStep,
};
