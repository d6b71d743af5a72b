import { normalizeVector, type Embedder } from './embedder.js';
import { tokenize } from './text.js';

/**
 * The local embedder: no network, no downloaded weights, deterministic. Each text becomes a bag of
 * features (folded words and the character 3-5-grams inside them, so misspellings and inflections
 * still overlap, in any script), weighted by how rare each feature is in this corpus (IDF), hashed
 * into a fixed number of dimensions with a random sign and normalised. The IDF table is fitted on
 * the knowledge base and saved with the index.
 */
export interface LocalEmbedderModel {
  dim: number;
  docs: number;
  /** Feature hash -> document frequency. */
  df: Map<number, number>;
}

const WORD_WEIGHT = 1;
const GRAM_WEIGHT = 0.35;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The features of a text with their raw weights (before IDF). */
export function features(text: string): Map<number, number> {
  const out = new Map<number, number>();
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    out.set(h, (out.get(h) ?? 0) + weight);
  };
  for (const token of tokenize(text)) {
    add(`w:${token}`, WORD_WEIGHT);
    const chars = [...`<${token}>`];
    if (chars.length < 5) continue;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= chars.length; i++) add(`g:${chars.slice(i, i + n).join('')}`, GRAM_WEIGHT);
    }
  }
  return out;
}

export function fitLocalEmbedder(texts: string[], dim = 512): LocalEmbedderModel {
  const df = new Map<number, number>();
  for (const text of texts) {
    for (const h of features(text).keys()) df.set(h, (df.get(h) ?? 0) + 1);
  }
  return { dim, docs: texts.length, df };
}

export function createLocalEmbedder(
  model: LocalEmbedderModel,
): Embedder & { embedOne(text: string): Float32Array } {
  const { dim, docs, df } = model;
  const unseen = Math.log(1 + docs);
  const idf = (h: number) => {
    const n = df.get(h);
    return n === undefined ? unseen : Math.log(1 + docs / n);
  };
  function embedOne(text: string): Float32Array {
    const vector = new Float32Array(dim);
    for (const [h, weight] of features(text)) {
      const sign = (h & 0x80000000) === 0 ? 1 : -1;
      vector[h % dim]! += sign * (1 + Math.log(weight / GRAM_WEIGHT)) * idf(h);
    }
    return normalizeVector(vector);
  }
  return {
    id: `local-ngram-v1-${dim}`,
    dim,
    embedOne,
    embed: async (texts) => texts.map(embedOne),
  };
}

export function serializeModel(model: LocalEmbedderModel): {
  dim: number;
  docs: number;
  df: [number, number][];
} {
  return { dim: model.dim, docs: model.docs, df: [...model.df.entries()] };
}

export function deserializeModel(data: {
  dim: number;
  docs: number;
  df: [number, number][];
}): LocalEmbedderModel {
  return { dim: data.dim, docs: data.docs, df: new Map(data.df) };
}
