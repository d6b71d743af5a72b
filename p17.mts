import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '/work/main/src/config.js';
import { createLogger } from '/work/main/src/lib/logger.js';
import { createNodeService, loadContent } from '/work/main/src/server.js';
const log = createLogger('silent');
const content = await loadContent({ dataDir: '/tmp/probe-data', log });
const dir = mkdtempSync(join(tmpdir(), 'p17-'));
const service = await createNodeService(parseConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { content, log });
const texts = ['como tiro o nif', 'mujhe NIF number kaise milega bhai', 'How do I renew my residence permit online?', '我想续签居留许可怎么办', 'السلام علیکم، پرتگال میں NIF کیسے بنتا ہے؟', 'e o NISS?'];
const t: number[] = []; const parts: Record<string, number[]> = {};
const time = async <T,>(k: string, f: () => Promise<T> | T) => { const s = performance.now(); const r = await f(); (parts[k] ??= []).push(performance.now() - s); return r; };
for (let i = 0; i < 600; i++) {
  const text = texts[i % texts.length];
  await time('safety', () => content.safety.match(text));
  await time('guard', () => content.guardrails.match(text));
  await time('detect', () => content.detector.detect(text));
  await time('retrieve', () => content.index.retriever.search(text));
  const { trace } = await service.engine.handle({ channel: 'whatsapp', address: `p-${i % 30}`, externalId: `x${i}`, text, sentAt: Date.now() });
  if (trace) t.push(trace.tookMs);
}
const q = (a: number[], p: number) => a.slice().sort((x, y) => x - y)[Math.floor(p * (a.length - 1))].toFixed(3);
for (const [k, v] of Object.entries(parts)) console.log(k, 'p50', q(v, 0.5), 'p99', q(v, 0.99));
console.log('turn p50', q(t, 0.5), 'p99', q(t, 0.99));
await service.close();
