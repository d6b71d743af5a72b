import { ConfigError, parseConfig } from '../src/config.js';
import { createLogger } from '../src/lib/logger.js';
import { loadContent } from '../src/server.js';

/** `npm run index`: chunks the articles and builds the retrieval index under DATA_DIR/index. */
async function main() {
  const config = parseConfig(process.env);
  const log = createLogger('warn');
  const started = performance.now();
  let embedder;
  if (config.embeddings.provider === 'openai') {
    const { createOpenAIEmbedder } = await import('../src/adapters/openai-embedder.js');
    embedder = await createOpenAIEmbedder(config.embeddings);
  }
  const content = await loadContent({
    dataDir: config.dataDir,
    log,
    rebuildIndex: true,
    ...(embedder ? { embedder } : {}),
  });
  const { index, knowledge, errors } = content;
  console.log(
    `index: ${knowledge.articles.length} articles -> ${index.chunks.length} chunks, ${index.embedder.id}, ` +
      `built in ${(index.buildMs / 1000).toFixed(2)} s (total ${((performance.now() - started) / 1000).toFixed(2)} s), saved under ${config.dataDir}/index`,
  );
  if (errors.length)
    console.warn(`${errors.length} article problems (left out of the index): run npm run kb:validate`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
