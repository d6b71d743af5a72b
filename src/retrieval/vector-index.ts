import { dot } from './embedder.js';

export interface VectorHit {
  id: number;
  /** Cosine similarity, 1 = same direction. */
  score: number;
}

/** Nearest neighbours by cosine over unit vectors. The HNSW adapter and the exact scan share it. */
export interface VectorIndex {
  readonly size: number;
  search(vector: Float32Array, k: number): VectorHit[];
}

/** Exact search: a scan of every vector. The reference the approximate index is measured against. */
export function createExactIndex(vectors: Float32Array[]): VectorIndex {
  return {
    size: vectors.length,
    search(vector, k) {
      const hits: VectorHit[] = vectors.map((v, id) => ({ id, score: dot(v, vector) }));
      hits.sort((a, b) => b.score - a.score);
      return hits.slice(0, k);
    },
  };
}
