// One line of a known incident's diagnostic tree or response protocol, as written in Markdown or in a YAML string:
// `Container running? → \`docker ps\``, `**IMMEDIATE**: Block affected session`.
import { DiagnosticTreeStep, ProtocolStep } from './model';
import { boldLabel, codeSpans, inlineText, splitAtArrow } from './inline';
import { placeholderNames } from './placeholders';

/** A diagnostic-tree line: `Question? → \`command\``, `Question? → Check health endpoint`, or just a question. */
export function treeStep(raw: string): Omit<DiagnosticTreeStep, 'source'> {
  const split = splitAtArrow(raw);
  const questionRaw = split ? split.before : raw;
  const afterRaw = split ? split.after : '';
  const codeAfter = codeSpans(afterRaw);
  const codeInQuestion = split ? [] : codeSpans(raw);
  const command = codeAfter[0]?.content ?? codeInQuestion[0]?.content ?? null;
  const question = inlineText(questionRaw);
  const hintText = codeAfter.length === 0 ? inlineText(afterRaw) : '';
  return {
    question: question.replace(/[\s:]+$/, ''),
    command,
    hint: hintText === '' ? null : hintText,
    placeholders: command ? placeholderNames([command]) : [],
  };
}

/** A protocol line, with its bold tag when it starts with one (`**IMMEDIATE**: Block affected session`). */
export function protocolStep(raw: string): Omit<ProtocolStep, 'source'> {
  const label = boldLabel(raw);
  const isTag = label !== null && (label.colon || (label.label === label.label.toUpperCase() && /\p{L}/u.test(label.label)));
  if (label && isTag) return { tag: label.label, text: inlineText(label.rest) };
  return { tag: null, text: inlineText(raw) };
}
