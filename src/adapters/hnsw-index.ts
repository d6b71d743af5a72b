import hnsw from 'hnswlib-node';
import type { VectorHit, VectorIndex } from '../retrieval/vector-index.js';

const { HierarchicalNSW } = hnsw;

export interface HnswParams {
  /** Links per node. */
  m?: number;
  efConstruction?: number;
  /** Search breadth: the benchmark shows recall@10 against exact search for the value used. */
  ef?: number;
}

export const DEFAULT_HNSW: Required<HnswParams> = { m: 24, efConstruction: 200, ef: 200 };

function wrap(
  index: InstanceType<typeof HierarchicalNSW>,
  size: number,
): VectorIndex & { save(path: string): void; setEf(ef: number): void } {
  return {
    size,
    search(vector, k): VectorHit[] {
      const n = Math.min(k, size);
      if (n === 0) return [];
      const { neighbors, distances } = index.searchKnn(Array.from(vector), n);
      return neighbors.map((id, i) => ({ id, score: 1 - distances[i]! }));
    },
    save(path) {
      index.writeIndexSync(path);
    },
    setEf(ef) {
      index.setEf(ef);
    },
  };
}

/** An HNSW index (hnswlib-node) over unit vectors in cosine space; labels are the chunk ids. */
export function buildHnswIndex(vectors: Float32Array[], dim: number, params: HnswParams = {}) {
  const { m, efConstruction, ef } = { ...DEFAULT_HNSW, ...params };
  const index = new HierarchicalNSW('cosine', dim);
  index.initIndex(Math.max(1, vectors.length), m, efConstruction, 42);
  vectors.forEach((vector, id) => index.addPoint(Array.from(vector), id));
  index.setEf(ef);
  return wrap(index, vectors.length);
}

export function loadHnswIndex(path: string, dim: number, size: number, ef = DEFAULT_HNSW.ef) {
  const index = new HierarchicalNSW('cosine', dim);
  index.readIndexSync(path);
  index.setEf(ef);
  return wrap(index, size);
}
