import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/ports.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { createBm25, type Bm25 } from '../retrieval/bm25.js';
import type { VectorIndex } from '../retrieval/vector-index.js';
import { chunkArticles, type Chunk } from '../retrieval/chunks.js';
import type { Embedder } from '../retrieval/embedder.js';
import {
  createLocalEmbedder,
  deserializeModel,
  fitLocalEmbedder,
  LOCAL_DIM,
  localEmbedderId,
  serializeModel,
  type LocalEmbedderModel,
} from '../retrieval/local-embedder.js';
import { createRetriever, type Retriever } from '../retrieval/retriever.js';
import { buildHnswIndex, DEFAULT_HNSW, loadHnswIndex, type HnswParams } from './hnsw-index.js';

const FORMAT = 3;

export interface RetrievalIndex {
  retriever: Retriever;
  chunks: Chunk[];
  embedder: Embedder;
  index: VectorIndex & { setEf(ef: number): void };
  bm25: Bm25;
  /** True when this start built the index (knowledge/ or the embedder changed). */
  built: boolean;
  buildMs: number;
}

export interface OpenIndexOptions {
  knowledge: KnowledgeBase;
  /** Changes whenever any file under knowledge/ changes. */
  fingerprint: string;
  dataDir: string;
  /** An external embedder (OpenAI-compatible); the local one is fitted on the corpus when absent. */
  embedder?: Embedder;
  hnsw?: HnswParams;
  rebuild?: boolean;
  log?: Logger;
}

interface Meta {
  format: number;
  fingerprint: string;
  embedderId: string;
  dim: number;
  size: number;
  /** The local embedder's fitted table is in embedder.bin. */
  local?: boolean;
}

/** The saved index description, or undefined when absent or unreadable (then the index is rebuilt). */
function readMeta(metaPath: string, graphPath: string): Meta | undefined {
  if (!existsSync(metaPath) || !existsSync(graphPath)) return undefined;
  try {
    return JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

/**
 * Opens the retrieval index under DATA_DIR/index, building it (and saving it) when knowledge/ or the
 * embedder changed since it was saved. The HNSW graph is written to a temporary file first and renamed,
 * so a crash mid-write never leaves a half index behind.
 */
export async function openRetrievalIndex(options: OpenIndexOptions): Promise<RetrievalIndex> {
  const { knowledge, fingerprint, dataDir, log } = options;
  const hnsw = { ...DEFAULT_HNSW, ...options.hnsw };
  const dir = join(dataDir, 'index');
  const metaPath = join(dir, 'meta.json');
  const graphPath = join(dir, 'vectors.hnsw');
  const modelPath = join(dir, 'embedder.bin');
  const chunks = chunkArticles(knowledge.articles);
  const texts = chunks.map((c) => c.text);
  const bm25 = createBm25(texts);

  const saved = readMeta(metaPath, graphPath);
  const wantedEmbedderId = options.embedder?.id ?? localEmbedderId(LOCAL_DIM);
  const reusable =
    !options.rebuild &&
    saved?.format === FORMAT &&
    saved.fingerprint === fingerprint &&
    saved.size === chunks.length &&
    saved.embedderId === wantedEmbedderId &&
    (options.embedder !== undefined || (saved.local === true && existsSync(modelPath)));

  const opened = (embedder: Embedder, index: RetrievalIndex['index'], buildMs: number): RetrievalIndex => ({
    retriever: createRetriever({ chunks, embedder, index, bm25 }),
    chunks,
    embedder,
    index,
    bm25,
    built: buildMs > 0,
    buildMs,
  });

  if (reusable) {
    try {
      const embedder = options.embedder ?? createLocalEmbedder(deserializeModel(readFileSync(modelPath)));
      const index = loadHnswIndex(graphPath, saved!.dim, saved!.size, hnsw.ef);
      return opened(embedder, index, 0);
    } catch (error) {
      log?.warn('index.unreadable', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  const started = performance.now();
  let model: LocalEmbedderModel | undefined;
  let embedder = options.embedder;
  if (!embedder) {
    model = fitLocalEmbedder(chunks.map((c) => ({ text: c.text, label: c.topic })));
    embedder = createLocalEmbedder(model);
  }
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 256)
    vectors.push(...(await embedder.embed(texts.slice(i, i + 256))));
  const index = buildHnswIndex(vectors, embedder.dim, hnsw);
  mkdirSync(dir, { recursive: true });
  index.save(`${graphPath}.tmp`);
  renameSync(`${graphPath}.tmp`, graphPath);
  if (model) {
    writeFileSync(`${modelPath}.tmp`, serializeModel(model));
    renameSync(`${modelPath}.tmp`, modelPath);
  }
  const meta: Meta = {
    format: FORMAT,
    fingerprint,
    embedderId: embedder.id,
    dim: embedder.dim,
    size: chunks.length,
    ...(model ? { local: true } : {}),
  };
  writeFileSync(`${metaPath}.tmp`, JSON.stringify(meta));
  renameSync(`${metaPath}.tmp`, metaPath);
  const buildMs = Math.max(performance.now() - started, 0.001);
  log?.info('index.built', {
    chunks: chunks.length,
    dim: embedder.dim,
    embedder: embedder.id,
    ms: Math.round(buildMs),
  });
  return opened(embedder, index, buildMs);
}
