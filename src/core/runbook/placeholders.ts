// What counts as a placeholder (`[domain]`) is decided in one place, src/core/shell/placeholders.ts, by the code that
// substitutes the values: the model lists exactly the names the runner will ask for.
import { findPlaceholderSpans, type PlaceholderSpan } from '../shell/placeholders';

export type PlaceholderMatch = PlaceholderSpan;

/** Every placeholder occurrence in `text`, in order. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  return findPlaceholderSpans(text);
}

/** Unique placeholder names used by the texts, in order of first appearance. */
export function placeholderNames(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const placeholder of findPlaceholders(text)) names.add(placeholder.name);
  return [...names];
}
