import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/adapters/knowledge-files.js';
import { createOpenAIEmbedder } from '../../src/adapters/openai-embedder.js';
import { openRetrievalIndex } from '../../src/adapters/retrieval-index.js';
import { startOpenAIStandIn } from '../helpers/openai-stand-in.js';
import { tempDir } from '../helpers/service.js';

describe('the OpenAI-compatible embedder against a local stand-in', () => {
  let standIn: Awaited<ReturnType<typeof startOpenAIStandIn>>;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    standIn = await startOpenAIStandIn({ dim: 64 });
    dir = tempDir();
  });
  afterAll(async () => {
    await standIn.close();
    dir.cleanup();
  });

  it('sends the configured model with the key, reads the vector size, and returns unit vectors', async () => {
    const embedder = await createOpenAIEmbedder({
      baseUrl: standIn.baseUrl,
      apiKey: standIn.apiKey,
      model: 'bge-m3',
    });
    expect(embedder.dim).toBe(64);
    expect(embedder.id).toBe(`openai:bge-m3:64:${new URL(standIn.baseUrl).host}`);
    const [a, b] = await embedder.embed(['como renovar a residência', 'como renovar a residencia']);
    const norm = Math.hypot(...a!);
    expect(norm).toBeCloseTo(1, 5);
    expect(standIn.requests.at(-1)).toMatchObject({
      authorization: 'Bearer test-key',
      model: 'bge-m3',
      encodingFormat: 'float',
    });
    let cos = 0;
    for (let i = 0; i < 64; i++) cos += a![i]! * b![i]!;
    expect(cos).toBeGreaterThan(0.8);
  });

  it('retries a server error and fails clearly with a wrong key', async () => {
    const embedder = await createOpenAIEmbedder({
      baseUrl: standIn.baseUrl,
      apiKey: standIn.apiKey,
      model: 'm',
    });
    standIn.failNext(1);
    await expect(embedder.embed(['olá'])).resolves.toHaveLength(1);
    await expect(
      createOpenAIEmbedder({ baseUrl: standIn.baseUrl, apiKey: 'wrong', model: 'm', maxRetries: 0 }),
    ).rejects.toThrow(/API key/);
  });

  it('builds the retrieval index through it, and rebuilds when the model changes', async () => {
    const { knowledge, fingerprint } = loadKnowledge(join(process.cwd(), 'knowledge'));
    const small = { ...knowledge, articles: knowledge.articles.slice(0, 3) };
    const embedder = await createOpenAIEmbedder({
      baseUrl: standIn.baseUrl,
      apiKey: standIn.apiKey,
      model: 'model-a',
    });
    const built = await openRetrievalIndex({ knowledge: small, fingerprint, dataDir: dir.dir, embedder });
    expect(built.built).toBe(true);
    const first = small.articles[0]!;
    const hit = await built.retriever.search(first.translations.pt.asks[0]!);
    expect(hit.articles[0]?.articleId).toBe(first.id);
    const again = await openRetrievalIndex({ knowledge: small, fingerprint, dataDir: dir.dir, embedder });
    expect(again.built).toBe(false);
    const other = await createOpenAIEmbedder({
      baseUrl: standIn.baseUrl,
      apiKey: standIn.apiKey,
      model: 'model-b',
    });
    expect(
      (await openRetrievalIndex({ knowledge: small, fingerprint, dataDir: dir.dir, embedder: other })).built,
    ).toBe(true);
  });
});
