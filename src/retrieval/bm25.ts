import { tokenize } from './text.js';

export interface Bm25Hit {
  id: number;
  score: number;
}

/**
 * BM25 over the chunks with the shared tokenizer (accent-folded words; Han characters and bigrams),
 * as an inverted index so a short question touches only the postings of its own words.
 */
export function createBm25(texts: string[], { k1 = 1.2, b = 0.75 } = {}) {
  const postings = new Map<string, { id: number; tf: number }[]>();
  const lengths = new Float64Array(texts.length);
  texts.forEach((text, id) => {
    const tokens = tokenize(text);
    lengths[id] = tokens.length;
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, tf] of counts) {
      const list = postings.get(token) ?? [];
      list.push({ id, tf });
      postings.set(token, list);
    }
  });
  const n = texts.length;
  const avg = lengths.reduce((a, x) => a + x, 0) / Math.max(1, n);

  return {
    search(query: string, limit = 50): Bm25Hit[] {
      const scores = new Map<number, number>();
      for (const token of new Set(tokenize(query))) {
        const list = postings.get(token);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const { id, tf } of list) {
          const norm = tf + k1 * (1 - b + (b * lengths[id]!) / avg);
          scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (k1 + 1)) / norm);
        }
      }
      return [...scores.entries()]
        .map(([id, score]) => ({ id, score }))
        .sort((x, y) => y.score - x.score)
        .slice(0, limit);
    },
  };
}

export type Bm25 = ReturnType<typeof createBm25>;
