// Shared by quote.test.ts and placeholders.test.ts: hostile placeholder values and the real shells of this machine.
import { execFileSync, spawnSync } from 'child_process';
import type { ShellKind } from '../../../../src/core/shell/quote';

/** Values a responder might type, or an attacker might plant, for a placeholder. */
export const HOSTILE_VALUES: readonly string[] = [
  '',
  ' ',
  'plain-value.example.com',
  "it's",
  'say "hi"',
  `both ' and "`,
  "'",
  "''",
  '"',
  'line1\nline2',
  'trailing newline\n',
  'cr\rhere',
  'tab\there',
  '$(id)',
  '${HOME}',
  '$HOME',
  '`id`',
  '*',
  '?',
  '[abc]',
  '*.log',
  '; rm -rf ~',
  'x; rm -rf ~',
  '&& echo pwned',
  '| cat /etc/hostname',
  '<in >out',
  '~',
  '~root/x',
  '!!',
  '!-1',
  'a!b',
  '%PATH%',
  '\\',
  'back\\slash\\',
  "\\'",
  '{a,b}',
  '#not a comment',
  '-n',
  '--help',
  '=cmd',
  "$'\\x41'",
  'unicode: 日本語 ✓ é',
  'emoji 🔥',
  '\u2018curly\u2019 “double”',
  'ctrl \x01\x1b[31m\x7f',
];

/** Installed shells, found with `which`, and how to make each print its argument verbatim. */
export function installedShells(): { kind: ShellKind; path: string }[] {
  const found: { kind: ShellKind; path: string }[] = [];
  for (const [kind, name] of [['bash', 'bash'], ['sh', 'sh'], ['zsh', 'zsh'], ['fish', 'fish'], ['pwsh', 'pwsh']] as [ShellKind, string][]) {
    const which = spawnSync('which', [name], { encoding: 'utf8' });
    if (which.status === 0 && which.stdout.trim()) found.push({ kind, path: which.stdout.trim() });
  }
  return found;
}

/** Runs `script` (which prints with printf or Write) in the shell and returns stdout exactly. */
export function runInShell(kind: ShellKind, path: string, script: string): string {
  const args = kind === 'pwsh' ? ['-NoProfile', '-NonInteractive', '-Command', script] : ['-c', script];
  return execFileSync(path, args, { encoding: 'utf8', env: { ...process.env, HOME: '/tmp' }, timeout: 10000 });
}

export function printCommand(kind: ShellKind, quotedWord: string): string {
  return kind === 'pwsh' ? `Write-Host -NoNewline -Object ${quotedWord}` : `printf %s ${quotedWord}`;
}

/** Types `lines` into `shell` through a real pseudo-terminal (`script`), as sendText does, and waits for it to exit. */
export function typeIntoTerminal(shellPath: string, kind: ShellKind, lines: string[], env: Record<string, string> = {}): void {
  const argv: Record<string, string> = { bash: `${shellPath} --norc --noprofile`, zsh: `${shellPath} -f`, sh: shellPath, fish: `${shellPath} --no-config` };
  execFileSync('script', ['-qc', argv[kind], '/dev/null'], { input: `${lines.join('\n')}\nexit\n`, stdio: ['pipe', 'ignore', 'ignore'], timeout: 60_000, env: { ...process.env, HOME: '/tmp', ...env } });
}

export const hasScript = (() => {
  try {
    execFileSync('script', ['-qc', 'true', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
