import { OpenAIEmbeddings } from '@langchain/openai';
import { normalizeVector, type Embedder } from '../retrieval/embedder.js';

export interface OpenAIEmbedderOptions {
  /** An OpenAI-compatible API root, e.g. https://api.openai.com/v1 or a self-hosted server's /v1. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Ask the server for shorter vectors (models that support it). */
  dimensions?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * Embeddings from any OpenAI-compatible endpoint through @langchain/openai. The vector size is read
 * from the server once at start; the id names model, size and address so that an index built with
 * another model is rebuilt rather than searched with incompatible vectors.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const client = new OpenAIEmbeddings({
    model: options.model,
    apiKey: options.apiKey,
    // Floats, not the SDK's base64 default: some self-hosted servers ignore the format and send floats.
    encodingFormat: 'float',
    batchSize: 256,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 15_000,
    ...(options.dimensions ? { dimensions: options.dimensions } : {}),
    configuration: { baseURL: options.baseUrl },
  });
  const probe = await client.embedQuery('dimension probe');
  const dim = probe.length;
  if (dim === 0) throw new Error(`The embeddings endpoint ${options.baseUrl} returned an empty vector.`);
  const host = new URL(options.baseUrl).host;
  return {
    id: `openai:${options.model}:${dim}:${host}`,
    dim,
    async embed(texts) {
      const vectors = await client.embedDocuments(texts);
      return vectors.map((v) => {
        if (v.length !== dim)
          throw new Error(`The embeddings endpoint changed its vector size (${v.length}, expected ${dim}).`);
        return normalizeVector(Float32Array.from(v));
      });
    },
  };
}
