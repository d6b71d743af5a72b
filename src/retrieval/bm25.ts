import { tokenize } from './text.js';

export interface Bm25Hit {
  id: number;
  score: number;
}

/**
 * BM25 over the chunks with the shared tokenizer (accent-folded words; Han characters and bigrams),
 * as an inverted index so a short question touches only the postings of its own words. Scores
 * accumulate in a typed array; tokens found in more than a quarter of the chunks ("de", "the", "ka")
 * carry almost no weight and are skipped, which keeps the slowest queries fast.
 */
export function createBm25(texts: string[], { k1 = 1.2, b = 0.75, maxShare = 0.25 } = {}) {
  const postings = new Map<string, { ids: Uint32Array; weights: Float32Array; idf: number }>();
  const lengths = new Float64Array(texts.length);
  const building = new Map<string, { id: number; tf: number }[]>();
  texts.forEach((text, id) => {
    const tokens = tokenize(text);
    lengths[id] = tokens.length;
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, tf] of counts) {
      const list = building.get(token) ?? [];
      list.push({ id, tf });
      building.set(token, list);
    }
  });
  const n = texts.length;
  const avg = lengths.reduce((a, x) => a + x, 0) / Math.max(1, n);
  for (const [token, list] of building) {
    if (list.length > n * maxShare) continue;
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    const ids = new Uint32Array(list.length);
    const weights = new Float32Array(list.length);
    list.forEach(({ id, tf }, i) => {
      ids[i] = id;
      weights[i] = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[id]!) / avg));
    });
    postings.set(token, { ids, weights, idf });
  }
  const scores = new Float64Array(n);

  return {
    search(query: string, limit = 50): Bm25Hit[] {
      const touched: number[] = [];
      for (const token of new Set(tokenize(query))) {
        const posting = postings.get(token);
        if (!posting) continue;
        const { ids, weights } = posting;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i]!;
          if (scores[id] === 0) touched.push(id);
          scores[id]! += weights[i]!;
        }
      }
      // Keep the best `limit` without sorting every touched chunk (a common word touches thousands).
      const top: Bm25Hit[] = [];
      for (const id of touched) {
        const score = scores[id]!;
        scores[id] = 0;
        if (top.length === limit && score <= top[limit - 1]!.score) continue;
        let at = top.length < limit ? top.length : limit - 1;
        while (at > 0 && top[at - 1]!.score < score) {
          if (at < limit) top[at] = top[at - 1]!;
          at -= 1;
        }
        top[at] = { id, score };
      }
      return top;
    },
  };
}

export type Bm25 = ReturnType<typeof createBm25>;
