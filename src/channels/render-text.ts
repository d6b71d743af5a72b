import type { Citation, Reply } from '../domain/types.js';

/** Words a renderer needs in the person's language (from the locale files). */
export interface RenderWords {
  source: string;
  verified: string;
  replyWithNumber: string;
}

export function citationLines(citations: Citation[] | undefined, words: RenderWords): string[] {
  return (citations ?? []).map(
    (c) => `${words.source}: ${c.title} — ${c.url} (${words.verified} ${c.lastVerified})`,
  );
}

export function numberedChoices(reply: Reply): string {
  return (reply.choices ?? []).map((choice, i) => `${i + 1}. ${choice.label}`).join('\n');
}

/**
 * Splits text into parts of at most `max` characters, at paragraph breaks where it can, then at line
 * breaks, then at spaces; never inside a word unless a single word is longer than `max`.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut =
      [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find(
        (i) => i > max / 3,
      ) ?? max;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Shortens a label to `max` characters (by code points), with an ellipsis. */
export function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
