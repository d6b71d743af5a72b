import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RetrievalIndex } from '../src/adapters/retrieval-index.js';
import { createExactIndex } from '../src/retrieval/vector-index.js';
import { ms, percentile, timeEach } from './stats.js';

/** Realistic queries: every turn of the project's eval sets, plus corpus phrasings with a typo. */
export function benchQueries(evalDir: string, index: RetrievalIndex, extra = 500): string[] {
  const queries: string[] = [];
  for (const file of readdirSync(evalDir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(evalDir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      for (const turn of (JSON.parse(line) as { turns: (string | { subject: string; text: string })[] })
        .turns) {
        queries.push(typeof turn === 'string' ? turn : `${turn.subject}\n${turn.text}`);
      }
    }
  }
  const asks = index.chunks.filter((c) => c.kind === 'ask');
  for (let i = 0; i < extra; i++) {
    const text = asks[(i * 7919) % asks.length]!.text;
    const cut = (i * 31) % Math.max(1, text.length);
    queries.push(text.slice(0, cut) + text.slice(cut + 1));
  }
  return queries;
}

/** recall@k of the HNSW index against an exact scan, for several search breadths (ef). */
export async function measureRecall(index: RetrievalIndex, queries: string[], efs: number[], k = 10) {
  const vectors = await index.embedder.embed(index.chunks.map((c) => c.text));
  const exact = createExactIndex(vectors);
  const queryVectors = await index.embedder.embed(queries);
  const truth = queryVectors.map((q) => new Set(exact.search(q, k).map((h) => h.id)));
  const rows: { ef: number; recall: number; p50: number; p99: number }[] = [];
  for (const ef of efs) {
    index.index.setEf(ef);
    let found = 0;
    const times = await timeEach(
      queryVectors.map((q, i) => ({ q, i })),
      ({ q, i }) => {
        const hits = index.index.search(q, k);
        found += hits.filter((h) => truth[i]!.has(h.id)).length;
      },
    );
    rows.push({
      ef,
      recall: found / (k * queryVectors.length),
      p50: percentile(times, 50),
      p99: percentile(times, 99),
    });
  }
  const exactTimes = await timeEach(queryVectors.slice(0, 300), (q) => exact.search(q, k));
  return { rows, exactP50: percentile(exactTimes, 50), exactP99: percentile(exactTimes, 99) };
}

export function recallTable(result: Awaited<ReturnType<typeof measureRecall>>): string {
  return [
    '  ef    recall@10   search p50    search p99',
    ...result.rows.map(
      (r) =>
        `  ${String(r.ef).padEnd(5)} ${r.recall.toFixed(4).padEnd(11)} ${ms(r.p50).padEnd(13)} ${ms(r.p99)}`,
    ),
    `  exact scan: p50 ${ms(result.exactP50)}, p99 ${ms(result.exactP99)}`,
  ].join('\n');
}
