// Quoting a value so that the shell reads it back as exactly that value and runs nothing in it.
// Pure: no `vscode` import. The placeholder substitution (placeholders.ts) is the main caller; the
// unit tests run the POSIX forms through real shells.

export type ShellKind = 'bash' | 'zsh' | 'sh' | 'fish' | 'pwsh' | 'cmd';

/** Thrown when no quoting can carry the value through that shell (a NUL byte anywhere, a line break through cmd.exe). */
export class UnquotableValueError extends Error {
  constructor(
    readonly shell: ShellKind,
    reason: string,
  ) {
    super(`This value cannot be passed safely to ${shell}: ${reason}.`);
    this.name = 'UnquotableValueError';
  }
}

/**
 * Where in a command line a value is inserted, as far as quoting goes:
 * - `quote`: the innermost open quote at that point ('ansi' is bash/zsh `$'...'`);
 * - `backticks`: how many old-style `` `...` `` substitutions enclose it (each strips one level of backslashes).
 */
export interface QuoteContext {
  quote: 'none' | 'single' | 'double' | 'ansi';
  backticks: number;
}

export const UNQUOTED: QuoteContext = { quote: 'none', backticks: 0 };

// Values made only of these characters mean the same bare, in any quotes and in any backticks, so they are
// inserted as they are: `https://example.com` stays readable. Deliberately ASCII and small: `,` (brace
// lists), `=`, `~`, `!`, `%`, and in pwsh a leading `-` or `@` (parameters, splatting) are left out.
const SAFE: Record<ShellKind, RegExp> = {
  bash: /^[A-Za-z0-9_./:@+-]+$/,
  zsh: /^[A-Za-z0-9_./:@+-]+$/,
  sh: /^[A-Za-z0-9_./:@+-]+$/,
  fish: /^[A-Za-z0-9_./:@+-]+$/,
  pwsh: /^[A-Za-z0-9_./:][A-Za-z0-9_./:-]*$/,
  cmd: /^[A-Za-z0-9_./:\\-]+$/,
};

export const CONTROL = /[\x00-\x1f\x7f]/;

/** True when `value` needs no quoting at all in `shell` (it is inserted as is). */
export function isSafeBare(value: string, shell: ShellKind): boolean {
  return SAFE[shell].test(value);
}

/** `value` as one shell word that `shell` reads back exactly, with no expansion of any kind. */
export function quoteForShell(value: string, shell: ShellKind): string {
  return quoteInContext(value, shell, UNQUOTED);
}

/**
 * `value` quoted for insertion at a point of a command line whose quoting state is `context`, so that
 * the surrounding text keeps its meaning and the value is read back exactly. Inside quotes this closes
 * them, inserts the quoted value and reopens them (or escapes for the quote when the shell cannot close one).
 */
export function quoteInContext(value: string, shell: ShellKind, context: QuoteContext): string {
  if (value.includes('\0')) throw new UnquotableValueError(shell, 'it contains a NUL character');
  if (value !== '' && isSafeBare(value, shell)) return value;
  switch (shell) {
    case 'bash':
    case 'zsh':
    case 'sh':
      return escapeForBackticks(posixInContext(value, shell, context.quote), context.backticks);
    case 'fish':
      return fishInContext(value, context.quote);
    case 'pwsh':
      return pwshInContext(value, context.quote);
    case 'cmd':
      return cmdInContext(value, context.quote);
  }
}

// --- POSIX shells -------------------------------------------------------------------------------

function posixInContext(value: string, shell: 'bash' | 'zsh' | 'sh', quote: QuoteContext['quote']): string {
  const word = posixWord(value, shell);
  switch (quote) {
    case 'none':
      return word;
    case 'single':
      return `'${word}'`;
    case 'double':
      return `"${word}"`;
    case 'ansi':
      return `'${word}$'`;
  }
}

/**
 * Single quotes keep everything literal in POSIX shells except the single quote itself, which is written
 * as `\'` between quoted runs. bash and zsh get `$'...'` when the value holds control characters, so that a
 * newline does not turn into Enter in an interactive terminal; dash has no `$'...'` (before 0.5.12) and
 * keeps the newline inside single quotes, which it reads as a continuation line.
 */
function posixWord(value: string, shell: 'bash' | 'zsh' | 'sh'): string {
  if (value === '') return "''";
  if (shell !== 'sh' && CONTROL.test(value)) return ansiCWord(value);
  return value
    .split("'")
    .map((run) => (run === '' ? '' : `'${run}'`))
    .join("\\'");
}

function ansiCWord(value: string): string {
  let body = '';
  for (const ch of value) {
    if (ch === '\\' || ch === "'") body += `\\${ch}`;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    // `!` is written as a hex escape so that interactive history expansion never sees it.
    else if (ch === '!' || CONTROL.test(ch)) body += `\\x${hex2(ch)}`;
    else body += ch;
  }
  return `$'${body}'`;
}

/** Old-style command substitution removes one backslash before `\`, `` ` `` and `$` per level before parsing. */
function escapeForBackticks(text: string, levels: number): string {
  let out = text;
  for (let i = 0; i < levels; i++) out = out.replace(/[\\`$]/g, '\\$&');
  return out;
}

// --- fish ---------------------------------------------------------------------------------------

/** fish single quotes know two escapes, `\'` and `\\`; control characters go outside the quotes as `\n`, `\xHH`. */
function fishWord(value: string): string {
  if (value === '') return "''";
  let out = '';
  let open = false;
  for (const ch of value) {
    if (CONTROL.test(ch)) {
      if (open) out += "'";
      open = false;
      out += ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : `\\x${hex2(ch)}`;
      continue;
    }
    if (!open) out += "'";
    open = true;
    out += ch === '\\' || ch === "'" ? `\\${ch}` : ch;
  }
  return open ? `${out}'` : out;
}

function fishInContext(value: string, quote: QuoteContext['quote']): string {
  const word = fishWord(value);
  if (quote === 'single') return `'${word}'`;
  if (quote === 'double') return `"${word}"`;
  return word;
}

// --- PowerShell ---------------------------------------------------------------------------------

// PowerShell treats the typographic quotes as quotes too; doubling is the escape inside its single quotes.
const PWSH_SINGLE = /['\u2018\u2019\u201a\u201b]/g;
const PWSH_DOUBLE_SPECIAL = /[`$"\u201c\u201d\u201e]/g;

function pwshInContext(value: string, quote: QuoteContext['quote']): string {
  // PowerShell cannot juxtapose a closed string with a new one inside an expression string, so
  // inside quotes the value is escaped for those quotes instead of closing them.
  if (quote === 'single') return value.replace(PWSH_SINGLE, '$&$&');
  if (quote === 'double') return value.replace(PWSH_DOUBLE_SPECIAL, '`$&');
  return `'${value.replace(PWSH_SINGLE, '$&$&')}'`;
}

// --- cmd.exe ------------------------------------------------------------------------------------

/**
 * cmd.exe has no quoting that stops `%VAR%` expansion, so the value is quoted for the program's own argv
 * parser (the MSVCRT rules) and then every cmd metacharacter, quotes included, is escaped with `^`.
 * A line break cannot be carried at all.
 */
function cmdInContext(value: string, quote: QuoteContext['quote']): string {
  if (/[\r\n]/.test(value)) throw new UnquotableValueError('cmd', 'cmd.exe cannot pass a line break in an argument');
  if (quote !== 'none') throw new UnquotableValueError('cmd', 'a placeholder inside quotes cannot be escaped for cmd.exe');
  const argv = `"${value.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
  return argv.replace(/[()%!^"<>&|]/g, '^$&');
}

function hex2(ch: string): string {
  return ch.charCodeAt(0).toString(16).padStart(2, '0');
}

// --- which shell ----------------------------------------------------------------------------------

const KIND_BY_NAME: Record<string, ShellKind> = {
  bash: 'bash',
  zsh: 'zsh',
  fish: 'fish',
  pwsh: 'pwsh',
  'pwsh-preview': 'pwsh',
  powershell: 'pwsh',
  cmd: 'cmd',
  sh: 'sh',
  dash: 'sh',
  ash: 'sh',
  ksh: 'sh',
  ksh93: 'sh',
  mksh: 'sh',
  yash: 'sh',
  posh: 'sh',
  busybox: 'sh',
};

/**
 * The kind of shell an executable path names ('/usr/bin/fish' → 'fish', 'C:\\...\\pwsh.exe' → 'pwsh'),
 * or undefined for a shell we do not know how to quote for (nu, xonsh, elvish...).
 */
export function shellKindFromPath(shellPath: string | undefined): ShellKind | undefined {
  if (!shellPath) return undefined;
  const base = shellPath.trim().split(/[\\/]/).pop() ?? '';
  const name = base.toLowerCase().replace(/^-/, '').replace(/\.exe$/, '');
  return KIND_BY_NAME[name];
}
