// A rough reading of a POSIX-style command line into simple commands and words, good enough to judge
// what a command does (destructive.ts) and whether it needs a shell at all (src/node/capture.ts).
// Pure: no `vscode` import. Not a shell parser: no expansions, no here-documents, no aliases.

export interface Redirect {
  /** The operator with its fd, as written: '>', '2>', '>>', '&>', '>|', '2>&', '<'. */
  op: string;
  target: string;
}

export interface SimpleCommand {
  /** Words with their quotes removed, in order. */
  words: string[];
  redirects: Redirect[];
  /** Its input is the output of the command before it (`… | this`). */
  afterPipe?: boolean;
}

/**
 * The simple commands of `command`: split at unquoted `;`, `&`, `|`, newlines, parentheses and backticks,
 * and the commands inside `$(...)` or backticks (also within double quotes) come out as commands of their own.
 */
export function splitSimpleCommands(command: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  let word = '';
  let inWord = false;
  let pendingRedirect: string | null = null;

  const endWord = (): void => {
    if (!inWord) return;
    if (pendingRedirect !== null) current.redirects.push({ op: pendingRedirect, target: word });
    else current.words.push(word);
    pendingRedirect = null;
    word = '';
    inWord = false;
  };
  const endCommand = (pipe = false): void => {
    endWord();
    const empty = current.words.length === 0 && current.redirects.length === 0;
    if (!empty) commands.push(current);
    // `|&` is a pipe too: its `&` ends an empty command that keeps the flag.
    current = pipe || (empty && current.afterPipe) ? { words: [], redirects: [], afterPipe: true } : { words: [], redirects: [] };
    pendingRedirect = null;
  };

  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const close = command.indexOf("'", i + 1);
      const end = close < 0 ? command.length : close;
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      const quoted = doubleQuoted(command, i);
      word += quoted.text;
      // Substitutions inside double quotes still run: read them as commands too.
      commands.push(...innerSubstitutions(command.slice(i + 1, quoted.end)));
      inWord = true;
      i = quoted.end;
    } else if (c === '\\') {
      if (command[i + 1] === '\n') i++;
      else if (i + 1 < command.length) {
        word += command[++i];
        inWord = true;
      }
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '>' || c === '<' || (c === '&' && command[i + 1] === '>')) {
      // A word made only of digits right before the operator is its fd (2>), not an argument.
      const fd: string = inWord && /^\d+$/.test(word) && pendingRedirect === null ? word : '';
      if (fd) {
        word = '';
        inWord = false;
      } else endWord();
      const operator = redirectOperator(command, i, fd + c);
      pendingRedirect = operator.op;
      i = operator.end;
    } else if (c === '$' && command[i + 1] === '(') {
      endCommand();
      i++;
    } else if (c === '|' && command[i + 1] !== '|' && command[i - 1] !== '|') {
      endCommand(true);
    } else if (';&|\n\r()`'.includes(c)) {
      endCommand();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** The double-quoted string opening at `start`, with its backslash escapes removed, and where its closing quote is. */
function doubleQuoted(command: string, start: number): { text: string; end: number } {
  let text = '';
  let j = start + 1;
  for (; j < command.length && command[j] !== '"'; j++) {
    if (command[j] === '\\' && j + 1 < command.length) j++;
    text += command[j];
  }
  return { text, end: j };
}

/** The whole redirection operator that `op` (its fd and first character, at `i`) begins: `>>`, `>|`, `&>`, `2>&`. */
function redirectOperator(command: string, i: number, op: string): { op: string; end: number } {
  let end = i;
  while (end + 1 < command.length && '>|&'.includes(command[end + 1]) && !(op.endsWith('&') && command[end + 1] === '&')) {
    op += command[++end];
  }
  return { op, end };
}

function innerSubstitutions(doubleQuoted: string): SimpleCommand[] {
  const inner: SimpleCommand[] = [];
  for (const match of doubleQuoted.matchAll(/\$\(([^()]*)\)|`([^`]*)`/g)) {
    inner.push(...splitSimpleCommands(match[1] ?? match[2] ?? ''));
  }
  return inner;
}

// Anything a shell would treat specially: operators, expansions, quotes, globs, comments, line breaks.
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]{}~#!\n\r]/;

/**
 * True when `command` needs a shell to mean what it says: pipes, redirections, `&&`, `;`, `$`, globs,
 * quotes, escapes, or a leading `NAME=value`. Otherwise splitting at whitespace gives its exact argv.
 */
export function needsShell(command: string): boolean {
  if (SHELL_SYNTAX.test(command)) return true;
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.includes('=');
}

/** The argv of a command that does not need a shell (see needsShell). */
export function splitPlainArgv(command: string): string[] {
  return command.trim().split(/\s+/).filter((w) => w !== '');
}

/** Wrappers that run the rest of the line as the command, each with its options that take a value. */
export const WRAPPERS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '-S']),
  nohup: new Set(),
  time: new Set(['-f', '-o']),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  stdbuf: new Set(['-i', '-o', '-e']),
  exec: new Set(['-a']),
  command: new Set(),
  builtin: new Set(),
  xargs: new Set(['-I', '-i', '-n', '-P', '-L', '-d', '-E', '-a', '-s']),
  watch: new Set(['-n', '-d', '--interval']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
};

/**
 * The index of the word that names the program a simple command runs, after leading `NAME=value`
 * assignments and wrappers (`sudo -u root`, `timeout 30s`, `xargs -n1`, `watch -n 5`) with their options.
 */
export function commandWordIndex(words: readonly string[]): number {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
    const wrapper = i < words.length ? WRAPPERS[programName(words[i])] : undefined;
    if (!wrapper) return i;
    const name = programName(words[i]);
    i++;
    while (i < words.length && (words[i].startsWith('-') || (name === 'env' && words[i].includes('=')))) {
      const takesValue = wrapper.has(words[i]);
      i += takesValue ? 2 : 1;
    }
    // `timeout 30s cmd`: the duration comes before the command.
    if (name === 'timeout' && i < words.length) i++;
  }
}

/** `/usr/bin/Bash` → `bash`. */
export function programName(word: string): string {
  return (word.split('/').pop() ?? word).toLowerCase();
}

/** Shells (and su) whose `-c` takes a script: a second shell level reading a string as code. */
export const SHELL_PROGRAMS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'ash', 'yash', 'fish', 'pwsh', 'powershell', 'su', 'runuser']);

/** ssh options that take a value: the host is the first other word. */
const SSH_VALUE_OPTIONS = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P']);

/** The index of the host in `words`, whose word `ssh` is `words[ssh]`; the words after it are the remote command. */
export function sshHostIndex(words: readonly string[], ssh: number): number {
  let i = ssh + 1;
  while (i < words.length && words[i].startsWith('-')) i += SSH_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
  return i;
}
