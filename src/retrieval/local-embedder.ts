import { normalizeVector, type Embedder } from './embedder.js';
import { tokenize } from './text.js';

/**
 * The local embedder: no network, no downloaded weights, deterministic. Each text becomes a bag of
 * features (folded words and the character 3-5-grams inside them, so misspellings and inflections
 * still overlap, in any script), hashed into a fixed number of dimensions with a random sign.
 *
 * Built for this corpus: a feature is weighted by how much it says about the topic, measured on the
 * knowledge base as 1 - (entropy of its spread over topics / the largest possible entropy). "kaise",
 * "como" or "please" are spread over every topic and weigh almost nothing; "NIF", "renovar" or
 * "divórcio" are concentrated and weigh fully. (Plain IDF fails here: in a corpus written in fourteen
 * languages, every language's function words look rare.) Features never seen in the corpus get a
 * middle weight, so an unrelated question is not mistaken for a close match on its few known words.
 */
export interface LocalEmbedderModel {
  dim: number;
  /** Feature hashes, ascending. */
  hashes: Uint32Array;
  /** Weight of each feature, in [0, 1], quantised to 1/255. */
  weights: Uint8Array;
}

const UNSEEN_WEIGHT = 0.5;
const SHARPNESS = 0.5;
const WORD_WEIGHT = 1;
const GRAM_WEIGHT = 0.35;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

function seed(prefix: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < prefix.length; i++) h = fnvStep(h, prefix.charCodeAt(i));
  return h;
}

const WORD_SEED = seed('w:');
const GRAM_SEED = seed('g:');

/**
 * The features of a text with their raw weights: each folded word ("w:" + word), and the character
 * 3-, 4- and 5-grams of the word with boundary marks ("g:" + gram), FNV-1a hashed as they are read
 * instead of building every gram string.
 */
export function features(text: string): Map<number, number> {
  const out = new Map<number, number>();
  const add = (h: number, weight: number) => {
    const key = h >>> 0;
    out.set(key, (out.get(key) ?? 0) + weight);
  };
  for (const token of tokenize(text)) {
    let h = WORD_SEED;
    for (let i = 0; i < token.length; i++) h = fnvStep(h, token.charCodeAt(i));
    add(h, WORD_WEIGHT);
    const chars = [...`<${token}>`];
    if (chars.length < 5) continue;
    for (let i = 0; i + 3 <= chars.length; i++) {
      let g = GRAM_SEED;
      for (let n = 0; n < 5 && i + n < chars.length; n++) {
        const ch = chars[i + n]!;
        for (let u = 0; u < ch.length; u++) g = fnvStep(g, ch.charCodeAt(u));
        if (n >= 2) add(g, GRAM_WEIGHT);
      }
    }
  }
  return out;
}

export const LOCAL_DIM = 256;
export const localEmbedderId = (dim: number) => `local-ngram-v2-${dim}`;

export function fitLocalEmbedder(
  samples: { text: string; label: string }[],
  dim = LOCAL_DIM,
): LocalEmbedderModel {
  const byFeature = new Map<number, Map<string, number>>();
  const labels = new Set<string>();
  for (const { text, label } of samples) {
    labels.add(label);
    for (const h of features(text).keys()) {
      const counts = byFeature.get(h) ?? new Map<string, number>();
      counts.set(label, (counts.get(label) ?? 0) + 1);
      byFeature.set(h, counts);
    }
  }
  const maxEntropy = Math.log(Math.max(2, labels.size));
  const kept: [number, number][] = [];
  for (const [h, counts] of byFeature) {
    let total = 0;
    for (const n of counts.values()) total += n;
    let entropy = 0;
    for (const n of counts.values()) entropy -= (n / total) * Math.log(n / total);
    const weight = Math.round(Math.max(0, 1 - entropy / maxEntropy) ** SHARPNESS * 255);
    kept.push([h, weight]);
  }
  kept.sort((a, b) => a[0] - b[0]);
  return { dim, hashes: Uint32Array.from(kept, (k) => k[0]), weights: Uint8Array.from(kept, (k) => k[1]) };
}

function lookup(model: LocalEmbedderModel, h: number): number | undefined {
  const { hashes, weights } = model;
  let lo = 0;
  let hi = hashes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = hashes[mid]!;
    if (v === h) return weights[mid]! / 255;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function createLocalEmbedder(
  model: LocalEmbedderModel,
): Embedder & { embedOne(text: string): Float32Array } {
  const { dim } = model;
  function embedOne(text: string): Float32Array {
    const vector = new Float32Array(dim);
    for (const [h, raw] of features(text)) {
      const weight = lookup(model, h) ?? UNSEEN_WEIGHT;
      if (weight === 0) continue;
      const sign = (h & 0x80000000) === 0 ? 1 : -1;
      vector[h % dim]! += sign * (1 + Math.log(raw / GRAM_WEIGHT)) * weight;
    }
    return normalizeVector(vector);
  }
  return {
    id: localEmbedderId(dim),
    dim,
    embedOne,
    embed: async (texts) => texts.map(embedOne),
  };
}

/** The fitted table as bytes: count, hashes, weights. Saved beside the index. */
export function serializeModel(model: LocalEmbedderModel): Buffer {
  const count = model.hashes.length;
  const out = Buffer.alloc(8 + count * 5);
  out.writeUInt32LE(model.dim, 0);
  out.writeUInt32LE(count, 4);
  Buffer.from(model.hashes.buffer, model.hashes.byteOffset, count * 4).copy(out, 8);
  Buffer.from(model.weights.buffer, model.weights.byteOffset, count).copy(out, 8 + count * 4);
  return out;
}

export function deserializeModel(bytes: Buffer): LocalEmbedderModel {
  const dim = bytes.readUInt32LE(0);
  const count = bytes.readUInt32LE(4);
  const hashes = new Uint32Array(count);
  Buffer.from(hashes.buffer).set(bytes.subarray(8, 8 + count * 4));
  const weights = new Uint8Array(bytes.subarray(8 + count * 4, 8 + count * 5));
  return { dim, hashes, weights };
}
