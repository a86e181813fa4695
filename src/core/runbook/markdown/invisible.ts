// What a Markdown preview does not show is not content: HTML comments (the author's notes to themselves,
// `<!-- TODO: review -->`, a section commented out) and a YAML front matter block (metadata for a docs
// site). Both are blanked to spaces before parsing, every line and column left where it was, so the
// problems of what remains still point at the file as the editor shows it.

/**
 * A `---` line first and a closing `---` (or `...`) line further on: front matter, as Jekyll, Hugo, MkDocs
 * and VS Code's own preview read it. Left alone, its closing `---` would make a setext heading of its last
 * line and take the runbook's title.
 */
export function blankFrontMatter(text: string): string {
  const match = /^---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  return match ? match[0].replace(/[^\n]/g, ' ') + text.slice(match[0].length) : text;
}

export interface BlankedComments {
  text: string;
  /** Offset of a `<!--` that is never closed (left as it is: the author has to say where it ends). */
  unclosedAt: number | undefined;
}

/**
 * Whether the text has a `<!--`. Found by its `!--`: V8's search for a pattern that starts with `<` stops at every
 * `<` of a long run of them, which took twice markdown-it's time over the whole file.
 */
function hasCommentOpener(text: string): boolean {
  for (let at = text.indexOf('!--', 1); at !== -1; at = text.indexOf('!--', at + 1)) if (text[at - 1] === '<') return true;
  return false;
}

export function blankHtmlComments(text: string): BlankedComments {
  if (!hasCommentOpener(text)) return { text, unclosedAt: undefined };
  let unclosedAt: number | undefined;
  let blanked = text.replace(/<!--[\s\S]*?(-->|$)/g, (comment: string, end: string, offset: number) => {
    if (!end) {
      unclosedAt = offset;
      return comment;
    }
    return comment.replace(/[^\n]/g, ' ');
  });
  blanked = keepTablesWhole(text, blanked);
  return { text: blanked, unclosedAt };
}

/**
 * A line that was only a comment, between two rows of a table, would become a blank line and end the table
 * there, losing the rows below it. It becomes an empty row instead (`|` and spaces), which the table
 * readers skip.
 */
function keepTablesWhole(original: string, blanked: string): string {
  const before = original.split('\n');
  const lines = blanked.split('\n');
  for (let i = 1; i < lines.length - 1; i++) {
    if (lines[i].trim() !== '' || before[i].trim() === '') continue;
    const previous = lines[i - 1].trim();
    const next = lines[i + 1].trim();
    if (previous.startsWith('|') && next.startsWith('|')) lines[i] = '|'.padEnd(lines[i].length, ' ');
  }
  return lines.join('\n');
}
