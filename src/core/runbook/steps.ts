// One line of a known incident's diagnostic tree or response protocol, as written in Markdown or in a YAML string:
// `Container running? → \`docker ps\``, `**IMMEDIATE**: Block affected session`.
import { DiagnosticTreeStep, ProtocolStep } from './model';
import { boldLabel, codeSpans, inlineText, splitAtArrow } from './inline';
import { placeholderNames } from './placeholders';
import { isInlineCommand } from './markdown/commands';
import { sentences, wordsBeforeCommand } from './markdown/diagnosis';

/**
 * A diagnostic-tree line: `Question? → \`command\``, `Question? → Check health endpoint`, or just a question. Without
 * an arrow, inline code is the step's command only when it is a command line (`Check the pods with \`kubectl get
 * pods\``, named "Check the pods"); `Look at \`config.yaml\`` is a question with no command.
 */
export function treeStep(raw: string): Omit<DiagnosticTreeStep, 'source'> {
  const split = splitAtArrow(raw);
  if (!split) return unarrowedTreeStep(raw);
  const codeAfter = codeSpans(split.after);
  const command = codeAfter[0]?.content ?? null;
  const hintText = codeAfter.length === 0 ? inlineText(split.after) : '';
  return {
    question: inlineText(split.before).replace(/[\s:]+$/, ''),
    command,
    hint: hintText === '' ? null : hintText,
    placeholders: command ? placeholderNames([command]) : [],
  };
}

function unarrowedTreeStep(raw: string): Omit<DiagnosticTreeStep, 'source'> {
  const plain = { question: inlineText(raw).replace(/[\s:]+$/, ''), command: null, hint: null, placeholders: [] };
  if (!raw.includes('`')) return plain;
  for (const sentence of sentences(raw)) {
    const span = codeSpans(sentence).find((candidate) => isInlineCommand(candidate.content));
    if (!span) continue;
    const command = span.content.trim();
    return { question: wordsBeforeCommand(sentence, span.start) ?? plain.question, command, hint: null, placeholders: placeholderNames([command]) };
  }
  return plain;
}

/** A protocol line, with its bold tag when it starts with one (`**IMMEDIATE**: Block affected session`). */
export function protocolStep(raw: string): Omit<ProtocolStep, 'source'> {
  const label = boldLabel(raw);
  const isTag = label !== null && (label.colon || (label.label === label.label.toUpperCase() && /\p{L}/u.test(label.label)));
  if (label && isTag) return { tag: label.label, text: inlineText(label.rest) };
  return { tag: null, text: inlineText(raw) };
}
