import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/adapters/knowledge-files.js';
import { openRetrievalIndex } from '../../src/adapters/retrieval-index.js';
import { createExactIndex } from '../../src/retrieval/vector-index.js';
import { tempDir } from '../helpers/service.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));
function freshDir() {
  const d = tempDir();
  dirs.push(d);
  return d.dir;
}

/** A copy of knowledge/ with a few articles, so the test can change it. */
function smallKnowledge(): string {
  const dir = join(freshDir(), 'knowledge');
  mkdirSync(join(dir, 'articles', 'nif'), { recursive: true });
  mkdirSync(join(dir, 'articles', 'health-sns'), { recursive: true });
  copyFileSync('knowledge/topics.yaml', join(dir, 'topics.yaml'));
  cpSync('knowledge/articles/nif/nif-how-to-get.md', join(dir, 'articles/nif/nif-how-to-get.md'));
  cpSync('knowledge/articles/health-sns/sns24-line.md', join(dir, 'articles/health-sns/sns24-line.md'));
  return dir;
}

describe('the retrieval index', () => {
  it('is built, saved under the data directory, reloaded, and rebuilt when knowledge/ changes', async () => {
    const kdir = smallKnowledge();
    const data = freshDir();
    const first = loadKnowledge(kdir);
    const built = await openRetrievalIndex({
      knowledge: first.knowledge,
      fingerprint: first.fingerprint,
      dataDir: data,
    });
    expect(built.built).toBe(true);
    const reloaded = await openRetrievalIndex({
      knowledge: first.knowledge,
      fingerprint: first.fingerprint,
      dataDir: data,
    });
    expect(reloaded.built).toBe(false);
    const q = 'onde peço o número de contribuinte';
    expect((await reloaded.retriever.search(q)).articles[0]?.articleId).toBe(
      (await built.retriever.search(q)).articles[0]?.articleId,
    );

    const path = join(kdir, 'articles/nif/nif-how-to-get.md');
    cpSync(path, `${path}.bak`);
    writeFileSync(path, `${(await import('node:fs')).readFileSync(path, 'utf8')}\nAn edit.\n`);
    const changed = loadKnowledge(kdir);
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    expect(
      (
        await openRetrievalIndex({
          knowledge: changed.knowledge,
          fingerprint: changed.fingerprint,
          dataDir: data,
        })
      ).built,
    ).toBe(true);
  });

  it('rebuilds instead of loading a damaged index', async () => {
    const kdir = smallKnowledge();
    const data = freshDir();
    const k = loadKnowledge(kdir);
    await openRetrievalIndex({ knowledge: k.knowledge, fingerprint: k.fingerprint, dataDir: data });
    writeFileSync(join(data, 'index', 'meta.json'), '{ not json');
    expect(
      (await openRetrievalIndex({ knowledge: k.knowledge, fingerprint: k.fingerprint, dataDir: data })).built,
    ).toBe(true);
  });

  it('returns scored chunks grouped by article and topic, agreeing with an exact search', async () => {
    const kdir = smallKnowledge();
    const k = loadKnowledge(kdir);
    const index = await openRetrievalIndex({
      knowledge: k.knowledge,
      fingerprint: k.fingerprint,
      dataDir: freshDir(),
    });
    const result = await index.retriever.search('preciso de NIF');
    expect(result.articles[0]).toMatchObject({ articleId: 'nif-how-to-get', topic: 'nif' });
    expect(result.articles[0]!.score).toBeGreaterThan(result.articles[1]?.score ?? 0);
    const vectors = await index.embedder.embed(index.chunks.map((c) => c.text));
    const exact = createExactIndex(vectors);
    const [q] = await index.embedder.embed(['how do I call SNS 24']);
    expect(index.index.search(q!, 5).map((h) => h.id)).toEqual(exact.search(q!, 5).map((h) => h.id));
  });
});
