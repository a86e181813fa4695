// A secret placeholder's value is never typed into a terminal: typed, it would stay in the scrollback and
// the shell's history as plain text. The terminal is started with the value in its environment, and the
// command refers to the variable (`"${RUNBOOK_SECRET_TOKEN}"`), quoted for where the placeholder stands.
// Node only for the random marker; no `vscode`.

import { randomUUID } from 'crypto';
import { quoteContextsAt } from '../core/shell/context';
import { substitutePlaceholders } from '../core/shell/placeholders';
import { UnquotableValueError, type QuoteContext, type ShellKind } from '../core/shell/quote';
import type { KnownSecret } from '../core/shell/secrets';

/** A command whose secret placeholders refer to environment variables, and the variables to start its terminal with. */
export interface SecretReferences {
  command: string;
  env: Record<string, string>;
}

/** Thrown where a reference cannot be written for the shell (pwsh, cmd, inside backticks): the run is offered Run and Capture. */
export class NoSecretReferenceError extends Error {
  constructor(placeholder: string, where: string) {
    super(`The value for [${placeholder}] is secret, so it is passed to a terminal through an environment variable, never typed; ${where}. Use Run and Capture, which passes the value without a terminal.`);
    this.name = 'NoSecretReferenceError';
  }
}

/** `RUNBOOK_SECRET_API_TOKEN` for `[api-token]`: letters and digits of the name, upper-cased. */
export function secretVariableName(name: string, taken: ReadonlySet<string>): string {
  const base = `RUNBOOK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'VALUE'}`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}

/**
 * `command` with its plain placeholders filled (quoted as substitutePlaceholders does, for a typed command,
 * with its refusals) and each secret placeholder replaced by a reference to an environment variable that
 * holds its value.
 */
export function referToSecrets(command: string, plain: Readonly<Record<string, string>>, secrets: readonly KnownSecret[], shell: ShellKind): SecretReferences {
  const nonce = randomUUID().replace(/-/g, '');
  const byMarker = new Map<string, { name: string; variable: string; value: string }>();
  const taken = new Set<string>();
  const markers: Record<string, string> = {};
  secrets.forEach((secret, i) => {
    if (secret.value.includes('\0')) throw new UnquotableValueError(shell, 'it contains a NUL character');
    // Made only of characters every shell takes bare, so it is inserted as is, where the placeholder stood.
    const marker = `RUNBOOKSECRETREF${i}X${nonce}`;
    const variable = secretVariableName(secret.name, taken);
    taken.add(variable);
    byMarker.set(marker, { name: secret.name, variable, value: secret.value });
    markers[secret.name] = marker;
  });
  const filled = substitutePlaceholders(command, { ...plain, ...markers }, shell, { typed: true });
  const found: { at: number; marker: string }[] = [];
  for (const marker of byMarker.keys()) {
    for (let at = filled.indexOf(marker); at !== -1; at = filled.indexOf(marker, at + marker.length)) found.push({ at, marker });
  }
  found.sort((a, b) => a.at - b.at);
  const contexts = quoteContextsAt(filled, shell, found.map((f) => f.at));
  const env: Record<string, string> = {};
  let out = '';
  let last = 0;
  found.forEach(({ at, marker }, i) => {
    const secret = byMarker.get(marker) as { name: string; variable: string; value: string };
    out += filled.slice(last, at) + reference(secret.variable, shell, contexts[i], secret.name);
    last = at + marker.length;
    env[secret.variable] = secret.value;
  });
  return { command: out + filled.slice(last), env };
}

/** The variable's value as one word, read where the quoting is `context`: quotes open there are closed and reopened around it. */
function reference(variable: string, shell: ShellKind, context: QuoteContext, placeholder: string): string {
  if (shell === 'pwsh' || shell === 'cmd') throw new NoSecretReferenceError(placeholder, `that is done for bash, zsh, sh and fish, not ${shell}`);
  // Backticks strip a level of backslashes and end at the next backtick: not worth a reference of its own.
  if (context.backticks > 0) throw new NoSecretReferenceError(placeholder, 'it stands inside `…` backticks, where no reference is written');
  const braced = shell === 'fish' ? `$${variable}` : `\${${variable}}`;
  switch (context.quote) {
    case 'none':
      return `"${braced}"`;
    case 'single':
      return `'"${braced}"'`;
    case 'ansi':
      return `'"${braced}"$'`;
    case 'double':
      // fish has no ${…}: an empty pair of quotes ends the name.
      return shell === 'fish' ? `${braced}""` : braced;
  }
}
