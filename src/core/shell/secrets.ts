// Secrets in runbook runs: which placeholders hold one (by the words of their name), and the pure part of
// redaction (replacing known secret values, the one shape of a redacted span, merging spans found by
// several detectors). Pure: no `vscode`, no Node. Credential shapes are found by secretlint in
// src/node/redact.ts; this file only says how what was found is written.

/**
 * Word parts that make a placeholder secret (`[api-token]`, `[DB_PASSWORD]`, `[apiKey]`, `[api_key]`). Matched
 * on whole word parts, so `[monkey]`, `[keyspace]` and `[tokenizer]` stay ordinary.
 */
export const SECRET_NAME_WORDS: readonly string[] = [
  'token',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'key',
  'apikey',
  'credential',
  'credentials',
  'bearer',
  'cookie',
];

/**
 * The word parts of a placeholder name, lower case: split at `_`, `-`, `.`, spaces, and camelCase humps
 * (`DB_PASSWORD` → db, password; `apiKey` → api, key; `AWSSecret` → aws, secret).
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * True when the placeholder `name` holds a secret: one of SECRET_NAME_WORDS or of `extraWords` (the
 * `incidentRunbook.secretPlaceholders` setting) is a run of its word parts. A word given in several
 * parts (`api_key`, `client secret`) matches those parts in a row; a plural part (`tokens`) matches too.
 */
export function isSecretPlaceholder(name: string, extraWords: readonly string[] = []): boolean {
  const parts = nameWords(name).map(singular);
  return [...SECRET_NAME_WORDS, ...extraWords].some((word) => {
    const wanted = nameWords(word).map(singular);
    if (wanted.length === 0) return false;
    return parts.some((_, i) => wanted.every((w, j) => parts[i + j] === w));
  });
}

function singular(part: string): string {
  return part.length > 3 && part.endsWith('s') && !part.endsWith('ss') ? part.slice(0, -1) : part;
}

/** A secret placeholder's name and the value given for it. */
export interface KnownSecret {
  name: string;
  value: string;
}

/** `values` split into the secret placeholders' (with their names) and the others, by isSecretPlaceholder. */
export function splitSecretValues(values: Readonly<Record<string, string>>, extraWords: readonly string[] = []): { secrets: KnownSecret[]; plain: Record<string, string> } {
  const secrets: KnownSecret[] = [];
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (isSecretPlaceholder(name, extraWords)) secrets.push({ name, value });
    else plain[name] = value;
  }
  return { secrets, plain };
}

/**
 * Values shorter than this are not looked for in output: replacing every `ab` would make the output
 * unreadable and hide nothing. The command line never holds them anyway (it keeps `[name]`).
 */
export const MIN_REDACTED_VALUE_CHARS = 4;

/** A part of a text to hide, and what it was (a placeholder's name, or the kind of credential found). */
export interface RedactionSpan {
  start: number;
  end: number;
  label: string;
}

/** What stands in a note for a hidden part: `[redacted: token]`, `[redacted: github]`. */
export function redactionMark(label: string): string {
  return `[redacted: ${label}]`;
}

/** Every occurrence of each known secret value in `text`, labelled with its placeholder's name. */
export function knownValueSpans(text: string, secrets: readonly KnownSecret[]): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  for (const { name, value } of secrets) {
    if (value.length < MIN_REDACTED_VALUE_CHARS) continue;
    // A value shown in its JSON-escaped or URL-encoded form is the same secret.
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        spans.push({ start: at, end: at + form.length, label: name });
      }
    }
  }
  return spans;
}

/**
 * `text` with every span replaced by its redaction mark. Overlapping or touching spans become one mark
 * (labelled by the first of them), so a secret found by two detectors is hidden once and wholly.
 */
export function applyRedactions(text: string, spans: readonly RedactionSpan[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let last = 0;
  let current: RedactionSpan | undefined;
  for (const span of sorted) {
    if (current && span.start <= current.end) {
      current.end = Math.max(current.end, span.end);
      continue;
    }
    if (current) {
      out += redactionMark(current.label);
      last = current.end;
    }
    out += text.slice(last, span.start);
    current = { ...span };
  }
  if (current) {
    out += redactionMark(current.label);
    last = current.end;
  }
  return out + text.slice(last);
}

/** `text` with the known secret values hidden: what the core can do without a credential scanner. */
export function redactKnownValues(text: string, secrets: readonly KnownSecret[]): string {
  return applyRedactions(text, knownValueSpans(text, secrets));
}
