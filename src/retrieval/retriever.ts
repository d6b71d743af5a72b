import type { Bm25 } from './bm25.js';
import type { Chunk } from './chunks.js';
import type { Embedder } from './embedder.js';
import type { VectorHit, VectorIndex } from './vector-index.js';

export interface ArticleHit {
  articleId: string;
  topic: string;
  /** Fused score in [0, 1]: the answer step compares it with its confidence threshold. */
  score: number;
  /** Best cosine similarity of one of the article's chunks. */
  vector: number;
  /** The article's best BM25 score relative to the best of the query, in [0, 1]. */
  lexical: number;
  /** The chunk that matched best (its language tells which language the question resembled). */
  best: Chunk;
}

export interface Retrieval {
  articles: ArticleHit[];
  tookMs: number;
  /** The vector ranking was unavailable (remote embedder down): lexical ranking only. */
  degraded: boolean;
}

/** Lexical-only scores stay below the answer threshold: the person is asked which article they meant. */
const DEGRADED_LEXICAL = 0.4;

export interface RetrieverOptions {
  chunks: Chunk[];
  embedder: Embedder;
  index: VectorIndex;
  bm25: Bm25;
  /** Chunks fetched from each ranking before they are grouped by article. */
  depth?: number;
  /** Weight of the lexical ranking in the fused score. */
  lexicalWeight?: number;
  /** How much each further agreeing chunk of an article adds, and how many count. */
  supportWeight?: number;
  supportChunks?: number;
  now?: () => number;
}

/**
 * Hybrid retrieval: nearest chunks by vector and by BM25, grouped by article. An article's vector
 * score is its best chunk's cosine plus a little for each further chunk that agrees; the fused score
 * mixes in the lexical rank so that exact official terms (NIF, NISS, AIMA) are not drowned.
 */
export function createRetriever(options: RetrieverOptions) {
  const {
    chunks,
    embedder,
    index,
    bm25,
    depth = 40,
    lexicalWeight = 0.15,
    supportWeight = 0.2,
    supportChunks = 3,
  } = options;
  const now = options.now ?? (() => performance.now());

  return {
    async search(query: string, limit = 5): Promise<Retrieval> {
      const started = now();
      // A remote embedder can fail; the lexical ranking still answers, with lower confidence.
      let vectorHits: VectorHit[] = [];
      let degraded = false;
      try {
        const [vector] = await embedder.embed([query]);
        vectorHits = index.search(vector!, Math.min(depth, index.size));
      } catch {
        degraded = true;
      }
      const lexicalHits = bm25.search(query, depth);
      const topLexical = lexicalHits[0]?.score ?? 0;

      const byArticle = new Map<string, { vec: number[]; lex: number; best: Chunk; bestScore: number }>();
      const entry = (chunk: Chunk) => {
        let e = byArticle.get(chunk.articleId);
        if (!e) {
          e = { vec: [], lex: 0, best: chunk, bestScore: -1 };
          byArticle.set(chunk.articleId, e);
        }
        return e;
      };
      for (const hit of vectorHits) {
        const chunk = chunks[hit.id]!;
        const e = entry(chunk);
        e.vec.push(hit.score);
        if (hit.score > e.bestScore) {
          e.bestScore = hit.score;
          e.best = chunk;
        }
      }
      for (const hit of lexicalHits) {
        const e = entry(chunks[hit.id]!);
        e.lex = Math.max(e.lex, topLexical > 0 ? hit.score / topLexical : 0);
      }

      const articles: ArticleHit[] = [...byArticle.entries()].map(([articleId, e]) => {
        const sorted = e.vec.sort((a, b) => b - a);
        const best = sorted[0] ?? 0;
        const support = sorted
          .slice(1, 1 + supportChunks)
          .reduce((sum, s) => sum + Math.max(0, s - 0.2) * supportWeight, 0);
        const vectorScore = Math.min(1, best + support);
        return {
          articleId,
          topic: e.best.topic,
          vector: vectorScore,
          lexical: e.lex,
          score: degraded
            ? DEGRADED_LEXICAL * e.lex
            : (1 - lexicalWeight) * vectorScore + lexicalWeight * e.lex * Math.max(vectorScore, 0.3),
          best: e.best,
        };
      });
      articles.sort((a, b) => b.score - a.score);
      return { articles: articles.slice(0, limit), tookMs: now() - started, degraded };
    },
  };
}

export type Retriever = ReturnType<typeof createRetriever>;
