// Placeholders are the square-bracket words a responder fills in: `curl https://[domain]/health`.
// Shell code uses square brackets for other things too, so a bracket pair counts as a placeholder only when:
//   - its content is a name: starts with a letter; letters, digits, spaces, `_ - . / :` after that; no space at
//     either end (so bash tests `[ -f x ]` and `[[ ... ]]` never match, nor `[0-9]`, `[^a]`, `[:alpha:]`);
//   - it is not a character-class look-alike made only of ranges (`[a-z]`, `[A-Za-z0-9_]`);
//   - it is not directly followed by a glob/regex quantifier (`[abc]*`, `[ab]+`, `[xy]{2}`);
//   - it is not part of `[[` / `]]`, and not an array subscript inside `${...}` (`${hosts[i]}`).
// Placeholders inside quotes still count (`curl '[url]'` is common); regex classes inside quotes are caught by the
// range and quantifier rules, which is as far as one can tell without running the shell.

const BRACKETED = /\[([^[\]\n]{1,80})\]/g;
const NAME = /^[\p{L}][\p{L}\p{N} _\-./:]*$/u;
const CHARACTER_CLASS = /^(?:[\p{L}\p{N}]-[\p{L}\p{N}])+[\p{L}\p{N}_]*$/u;
const QUANTIFIER = /[*+?{]/;

/** Tracks whether a position is inside `${...}`, scanning forward once as positions increase. */
class ExpansionTracker {
  private position = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  inside(index: number): boolean {
    for (; this.position < index; this.position++) {
      const char = this.text[this.position];
      if (char === '$' && this.text[this.position + 1] === '{') {
        this.depth++;
        this.position++;
      } else if (char === '}' && this.depth > 0) {
        this.depth--;
      }
    }
    return this.depth > 0;
  }
}

function looksLikePlaceholder(text: string, start: number, end: number, name: string): boolean {
  if (!NAME.test(name) || name !== name.trim() || CHARACTER_CLASS.test(name)) return false;
  if (text[start - 1] === '[' || text[end] === ']') return false;
  return !QUANTIFIER.test(text[end] ?? '');
}

export interface PlaceholderMatch {
  name: string;
  /** Offset of `[` in the text. */
  start: number;
  /** Offset just after `]`. */
  end: number;
}

/** Every placeholder occurrence in `text`, in order. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  if (text.indexOf('[') === -1) return [];
  const found: PlaceholderMatch[] = [];
  const expansions = new ExpansionTracker(text);
  BRACKETED.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BRACKETED.exec(text)) !== null) {
    const start = match.index;
    const end = start + match[0].length;
    if (looksLikePlaceholder(text, start, end, match[1]) && !expansions.inside(start)) found.push({ name: match[1], start, end });
    else BRACKETED.lastIndex = start + 1;
  }
  return found;
}

/** Unique placeholder names used by the texts, in order of first appearance. */
export function placeholderNames(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const placeholder of findPlaceholders(text)) names.add(placeholder.name);
  return [...names];
}
