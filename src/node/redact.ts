// Redaction of what a run leaves in an incident note: the values of secret placeholders, and credentials
// of well-known shapes found by secretlint's recommended rule set (cloud keys, GitHub / GitLab / Slack /
// npm / OpenAI… tokens, private-key blocks, passwords in http and database URLs). Node only, no `vscode`
// import; loaded lazily as its own bundle (dist/redact.js): the rule set weighs ~200 KB that activation
// does not need. The pure part (known values, the redaction mark, merging spans) is src/core/shell/secrets.ts.

import { lintSource } from '@secretlint/core';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintCoreResultMessage, SecretLintRuleCreator } from '@secretlint/types';
import { applyRedactions, knownValueSpans, redactionMark, type KnownSecret, type RedactionSpan } from '../core/shell/secrets';

/**
 * Shapes the recommended preset does not look for and command output is full of: JSON Web Tokens,
 * `Bearer …` / `Authorization: Basic …` credentials (curl -v, HTTP logs), a password in the user part of a
 * URL of any scheme (redis://, amqp://…; the preset knows http, ftp and three databases), and a private-key
 * block however short (an Ed25519 key is under the preset's 100 characters) or cut by the output's
 * 256 KB tail (an END line without its BEGIN hides everything before it). Written as
 * a secretlint rule so they run, and are reported, like the others. Each pattern starts only where a run of
 * its characters starts, and every repetition is bounded: no quadratic backtracking on crafted output.
 */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;
const BEARER = /(?<![A-Za-z0-9_])(?:bearer|basic)[ \t]{1,16}([A-Za-z0-9._~+/-]{12,4096}=*)/gi;
const URL_PASSWORD = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/@'"]{0,256}:([^\s/@'"]{1,256})@/g;

/** A password that is a variable, a format directive or already hidden: `$PASS`, `${X}`, `%s`, `<password>`, `****`. */
const NOT_A_PASSWORD = /^(?:\$|%[a-z]|<.*>$|\{|\*+$|x+$|\[redacted)/i;

const supplementaryMessages = {
  JWT: { en: () => 'JSON Web Token' },
  AuthorizationCredential: { en: () => 'Bearer or Basic credential' },
  URLPassword: { en: () => 'Password in a URL' },
  PrivateKeyBlock: { en: () => 'Private key block' },
};

const supplementaryRule: SecretLintRuleCreator = {
  messages: supplementaryMessages,
  meta: { id: 'incident-runbook/credentials-in-output', type: 'scanner', recommended: true, supportedContentTypes: ['text'] },
  create(context) {
    const t = context.createTranslator(supplementaryMessages);
    return {
      file(source) {
        for (const match of source.content.matchAll(JWT)) {
          if (looksLikeJwtHeader(match[0])) context.report({ message: t('JWT'), range: [match.index, match.index + match[0].length] });
        }
        for (const match of source.content.matchAll(BEARER)) {
          const credential = match[1];
          const start = match.index + match[0].length - credential.length;
          // Prose ("bearer authentication") has no digit; a credential does.
          if (/\d/.test(credential) && /[A-Za-z]/.test(credential)) context.report({ message: t('AuthorizationCredential'), range: [start, start + credential.length] });
        }
        for (const [start, end] of privateKeyBlocks(source.content)) context.report({ message: t('PrivateKeyBlock'), range: [start, end] });
        for (const match of source.content.matchAll(URL_PASSWORD)) {
          const password = match[1];
          const start = match.index + match[0].length - 1 - password.length;
          if (!NOT_A_PASSWORD.test(password)) context.report({ message: t('URLPassword'), range: [start, start + password.length] });
        }
      },
    };
  },
};

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

/**
 * Each private-key block as [start, end): a BEGIN line to the next END line; a BEGIN without an END runs to
 * the end of the text, and an END before any BEGIN (the output's start was dropped) from the start of it.
 */
function privateKeyBlocks(text: string): [number, number][] {
  const begins = [...text.matchAll(KEY_BEGIN)].map((m) => m.index);
  const ends = [...text.matchAll(KEY_END)].map((m) => m.index + m[0].length);
  const blocks: [number, number][] = [];
  let from = 0;
  let next = 0;
  for (const end of ends) {
    while (next < begins.length && begins[next] < from) next++;
    const begin = next < begins.length && begins[next] < end ? begins[next] : from;
    blocks.push([begin, end]);
    from = end;
  }
  while (next < begins.length && begins[next] < from) next++;
  if (next < begins.length) blocks.push([begins[next], text.length]);
  return blocks;
}

/** A JWT's first part is base64url JSON with an `alg`: a random `eyJ…` string is not a token. */
function looksLikeJwtHeader(token: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

// Every rule of the recommended preset, registered one by one: secretlint 12.0 ignores `disabled` for a
// rule inside a preset, and one of them must be off.
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
const RULE_OPTIONS: Record<string, object> = {
  // AWS access key ids (AKIA…) are off by default in the preset; in an incident note they are what leaks.
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

const config: SecretLintCoreConfig = {
  rules: [
    // `secretlint-disable` comments are for source files: printed by a command, they must not switch redaction off.
    ...recommendedRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS).map((rule) => ({ id: rule.meta.id, rule, options: RULE_OPTIONS[rule.meta.id] })),
    { id: supplementaryRule.meta.id, rule: supplementaryRule },
  ],
};

/** The parts of `text` that hold a credential of a known shape, each labelled with the rule that found it. */
export async function findCredentials(text: string): Promise<RedactionSpan[]> {
  if (!text) return [];
  const result = await lintSource({
    source: { filePath: '/run-output.txt', content: text, ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  return result.messages.flatMap((message) => spansOf(text, message));
}

/**
 * Where a finding's secret is. A rule's message data holds the matched secret; every occurrence of it is
 * hidden (a token printed twice), and it is trusted over the reported range, which some rules compute from
 * the start of the whole match rather than of the secret (the AWS secret-key rule reports `aws_secret_…`).
 */
function spansOf(text: string, message: SecretLintCoreResultMessage): RedactionSpan[] {
  const label = ruleLabel(message.ruleId);
  const [start, end] = message.range;
  const values = Object.values(message.data ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 8);
  const spans = values.flatMap((value) => {
    const found: RedactionSpan[] = [];
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) found.push({ start: at, end: at + value.length, label });
    // Only a value that is where the rule pointed is the secret (not, say, a token type name it also reports).
    return found.some((s) => s.start < end && s.end > start) ? found : [];
  });
  return spans.length > 0 ? spans : [{ start, end, label }];
}

/** `@secretlint/secretlint-rule-github` → `github`; our own rule → `credential`. */
function ruleLabel(ruleId: string): string {
  if (ruleId === supplementaryRule.meta.id) return 'credential';
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
}

/** `text` with the values of secret placeholders and every credential of a known shape replaced by a redaction mark. */
export async function redact(text: string, secrets: readonly KnownSecret[]): Promise<string> {
  return (await redactWithLabels(text, secrets)).text;
}

/** redact, and what was hidden (each label once: `token`, `github`…), so that the person can be told. */
export async function redactWithLabels(text: string, secrets: readonly KnownSecret[]): Promise<{ text: string; hidden: string[] }> {
  const spans = [...knownValueSpans(text, secrets), ...(await findCredentials(text))];
  const redacted = applyRedactions(text, spans);
  // Overlapping finds are merged under one label: name only the marks that are in the text.
  return { text: redacted, hidden: [...new Set(spans.map((span) => span.label))].filter((label) => redacted.includes(redactionMark(label))) };
}
