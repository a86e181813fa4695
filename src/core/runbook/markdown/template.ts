// The communication template section: its fenced Markdown block, or its own text when written inline.
import { StatusTemplate, TemplateField } from '../model';
import { parseTemplateFields } from '../template';
import { SourceLines, trimTrailingNewlines } from '../text';
import { allBlocks, Block, FenceBlock, INDENTED_CODE } from './blocks';
import { looksLikeCommands } from './commands';

// An indented block is a template too: nothing in it runs.
const TEMPLATE_LANGUAGES = new Set(['markdown', 'md', 'text', 'txt', 'plaintext', '', INDENTED_CODE]);

/** The template: the section's first Markdown (or unlabelled) code block, else the section's own text when it has `**Field**:` lines. */
export function readTemplate(blocks: readonly Block[], source: SourceLines, sectionEnd: number): StatusTemplate | null {
  const fence = [...allBlocks(blocks)].find((block): block is FenceBlock => block.kind === 'fence' && TEMPLATE_LANGUAGES.has(block.language));
  if (fence) {
    const text = trimTrailingNewlines(fence.content);
    return { fields: parseTemplateFields(text), text, source: source.linesRange(fence.start, fence.end) };
  }
  if (blocks.length === 0) return null;
  const start = blocks[0].start;
  const text = source.lines.slice(start, sectionEnd).join('\n').trim();
  const fields = parseTemplateFields(text);
  return fields.length > 0 ? { fields, text, source: source.linesRange(start, sectionEnd) } : null;
}

/** Field names a status update has: what a reader of the update wants to know. */
const UPDATE_FIELD = /\b(?:status|impact|severity|sev|level|incident|summary|affected|started|start time|next update|eta|commander|current|update|customers?|services?|resolution|workaround)\b/i;
/** A value left for the person to fill: `[Brief description]`, `<time>`, `{{service}}`, `HH:MM`, a choice, `TBD`. */
const PLACEHOLDER_VALUE = /^(?:\[[^\]]*\]|<[^>]*>|\{\{[^}]*\}\}|_+|\.\.\.|…|TBD|TBC|HH:MM.*|.*\|.*)$/i;

function isTemplateShaped(fields: readonly TemplateField[]): boolean {
  if (fields.length < 2) return false;
  const named = fields.filter((field) => UPDATE_FIELD.test(field.name)).length;
  const placeholders = fields.filter((field) => PLACEHOLDER_VALUE.test(field.placeholder)).length;
  return named * 2 >= fields.length || (named >= 1 && placeholders * 2 >= fields.length);
}

/**
 * A status-update template outside a section named for it, by its content: the first untagged (or Markdown/text)
 * block whose lines are fields a status update has (`- **Status**: …`, `Impact: [Users affected]`), not commands.
 */
export function templateByContent(blocks: readonly Block[], source: SourceLines): StatusTemplate | null {
  for (const block of allBlocks(blocks)) {
    if (block.kind !== 'fence' || !TEMPLATE_LANGUAGES.has(block.language) || block.language === INDENTED_CODE) continue;
    if (!block.content.includes(':') || looksLikeCommands(block.content)) continue;
    const text = trimTrailingNewlines(block.content);
    const fields = parseTemplateFields(text);
    if (isTemplateShaped(fields)) return { fields, text, source: source.linesRange(block.start, block.end) };
  }
  return null;
}
