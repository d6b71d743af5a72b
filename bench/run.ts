import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../src/adapters/knowledge-files.js';
import { DEFAULT_HNSW } from '../src/adapters/hnsw-index.js';
import { openRetrievalIndex, type RetrievalIndex } from '../src/adapters/retrieval-index.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/lib/logger.js';
import { createNodeService, loadContent } from '../src/server.js';
import { benchQueries, measureRecall, recallTable } from './retrieval.js';
import { mib, ms, percentile, timeEach } from './stats.js';
import { run as runWebhooks } from './webhooks.js';

/**
 * npm run bench: index build time, HNSW recall@10 against exact search per ef, retrieval p50/p99
 * (query embedding included), a whole engine turn p50/p99 on SQLite, memory with the index loaded, and
 * the WhatsApp webhook under load (bench/webhooks.ts).
 * `npm run bench -- --only retrieval,turn` runs only those parts (recall, retrieval, turn, webhooks).
 * Figures, not assertions: compare runs on the same machine.
 */
const ROUNDS = 3;
const PARTS = ['recall', 'retrieval', 'turn', 'webhooks'] as const;
type Part = (typeof PARTS)[number];

function parseParts(argv: string[]): Set<Part> {
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string' } } });
  if (!values.only) return new Set(PARTS);
  const asked = values.only.split(',').map((p) => p.trim());
  const unknown = asked.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`--only: unknown part ${unknown.join(', ')} (use ${PARTS.join(',')})`);
  return new Set(asked as Part[]);
}

/** p50 and p99 per round, reported as the median round with the range, as the noisy machine asks. */
function summarize(samples: number[][]): string {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p50s = samples.map((s) => percentile(s, 50));
  const p99s = samples.map((s) => percentile(s, 99));
  const range = (xs: number[]) => `${ms(Math.min(...xs))}-${ms(Math.max(...xs))}`;
  return `p50 ${ms(med(p50s))} (${range(p50s)}), p99 ${ms(med(p99s))} (${range(p99s)})`;
}

async function benchRecall(index: RetrievalIndex, queries: string[]) {
  const recall = await measureRecall(index, queries, [16, 32, 48, 64, 100, 200, 400]);
  console.log(
    `HNSW (M=${DEFAULT_HNSW.m}, efConstruction=${DEFAULT_HNSW.efConstruction}) over ${queries.length} queries:`,
  );
  console.log(recallTable(recall));
  index.index.setEf(DEFAULT_HNSW.ef);
  const configured = recall.rows.find((r) => r.ef === DEFAULT_HNSW.ef);
  console.log(`configured ef=${DEFAULT_HNSW.ef}: recall@10 ${configured?.recall.toFixed(4) ?? 'n/a'}`);
}

async function benchRetrieval(index: RetrievalIndex, queries: string[]) {
  for (const q of queries.slice(0, 200)) await index.retriever.search(q); // warm up
  const samples: number[][] = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(await timeEach(queries, (q) => index.retriever.search(q)));
  console.log(
    `retrieval (embed + HNSW + BM25 + fusion), ${queries.length} queries x ${ROUNDS} rounds: ${summarize(samples)}`,
  );
}

async function benchTurn(dir: string, queries: string[]) {
  const log = createLogger('silent');
  const content = await loadContent({ dataDir: dir, log });
  const service = await createNodeService(parseConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
    content,
    log,
  });
  const results: { turns: number[]; wall: number[] }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const turns: number[] = [];
    const wall = await timeEach(
      queries.map((text, i) => ({ text, i })),
      async ({ text, i }) => {
        const { trace } = await service.engine.handle({
          channel: 'whatsapp',
          address: `bench-${round}-${i % 50}`,
          externalId: `bench-${round}-${i}`,
          text,
          sentAt: Date.now(),
        });
        if (trace) turns.push(trace.tookMs);
      },
    );
    results.push({ turns, wall });
  }
  console.log(
    `engine turn (load, language, safety, retrieval, answer, SQLite commit), ${queries.length} turns x ${ROUNDS} rounds: ${summarize(results.map((r) => r.turns))}`,
  );
  console.log(`receive (durable: fsync) + turn: ${summarize(results.map((r) => r.wall))}`);
  await service.close();
}

async function main() {
  const parts = parseParts(process.argv.slice(2));
  const log = createLogger('silent');
  const dir = mkdtempSync(join(tmpdir(), 'cnaim-bench-'));
  try {
    const rssBefore = process.memoryUsage().rss;
    const { knowledge, fingerprint } = loadKnowledge(resolve('knowledge'));
    const index = await openRetrievalIndex({ knowledge, fingerprint, dataDir: dir, rebuild: true, log });
    const reload = performance.now();
    await openRetrievalIndex({ knowledge, fingerprint, dataDir: dir, log });
    const reloadMs = performance.now() - reload;
    globalThis.gc?.();
    const rssIndex = process.memoryUsage().rss;
    console.log(
      `knowledge: ${knowledge.articles.length} articles, ${index.chunks.length} chunks, ${index.embedder.id}`,
    );
    console.log(
      `index build: ${(index.buildMs / 1000).toFixed(2)} s; reload from disk: ${reloadMs.toFixed(0)} ms`,
    );

    const queries = benchQueries(resolve('evals/cases'), index);
    if (parts.has('recall')) await benchRecall(index, queries);
    if (parts.has('retrieval')) await benchRetrieval(index, queries);
    if (parts.has('turn')) await benchTurn(dir, queries);
    globalThis.gc?.();
    const mem = process.memoryUsage();
    console.log(
      `memory: RSS ${mib(mem.rss)} (before loading ${mib(rssBefore)}, with the index ${mib(rssIndex)}), heap used ${mib(mem.heapUsed)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (parts.has('webhooks')) await runWebhooks();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
