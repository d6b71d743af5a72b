import { describe, expect, it } from 'vitest';
import { answerFreeText, DEFAULT_THRESHOLDS } from '../../src/core/turn/free-text.js';
import type { Retriever, ArticleHit } from '../../src/retrieval/retriever.js';
import { sharedContent } from '../helpers/content.js';
import { translator } from '../helpers/engine.js';

const { knowledge } = await sharedContent();
const nif = knowledge.articlesOf('nif')[0]!;
const niss = knowledge.articlesOf('niss')[0]!;
const outOfScope = knowledge.articlesOf('out-of-scope')[0]!;

/** A retriever that answers with fixed scores, to test the answer step's bands on their own. */
function fixed(hits: { articleId: string; score: number }[]): Retriever {
  return {
    async search() {
      return {
        articles: hits.map((h): ArticleHit => ({
          articleId: h.articleId,
          topic: knowledge.article(h.articleId)!.topic,
          score: h.score,
          vector: h.score,
          lexical: 0,
          best: {
            id: 0,
            articleId: h.articleId,
            topic: knowledge.article(h.articleId)!.topic,
            lang: 'pt',
            kind: 'ask',
            text: '',
          },
        })),
        tookMs: 0,
        degraded: false,
      };
    },
  };
}
const deps = (hits: { articleId: string; score: number }[]) => ({
  t: translator,
  knowledge,
  retriever: fixed(hits),
});
const { answer, clarify } = DEFAULT_THRESHOLDS;

describe('answering a typed question without an LLM', () => {
  it('answers from the top article at or above the threshold: summary, steps, sources with their date', async () => {
    const out = await answerFreeText(
      'como tiro o nif',
      'pt',
      {},
      deps([{ articleId: nif.id, score: answer }]),
    );
    expect(out.kind).toBe('answer');
    expect(out.topic).toBe('nif');
    expect(out.reply.text).toContain(nif.translations.pt.summary);
    expect(out.reply.text).toContain(nif.translations.pt.steps[0]);
    expect(out.reply.citations!.length).toBeGreaterThanOrEqual(1);
    expect(out.reply.citations!.length).toBeLessThanOrEqual(3);
    expect(out.reply.citations![0]).toEqual({
      title: nif.sources[0]!.title,
      url: nif.sources[0]!.url,
      lastVerified: nif.lastVerified,
    });
    expect(out.reply.choices!.map((c) => c.id)).toEqual(['cmd:human', 'cmd:menu']);
  });

  it('answers in the person language', async () => {
    const out = await answerFreeText('NIF kaise', 'hi', {}, deps([{ articleId: nif.id, score: 0.9 }]));
    expect(out.reply.text).toContain(nif.translations.hi.summary);
  });

  it('just below the threshold, says it is not sure and offers the closest articles, the menu and a person', async () => {
    const out = await answerFreeText(
      'hmm nif niss',
      'en',
      {},
      deps([
        { articleId: nif.id, score: answer - 0.01 },
        { articleId: niss.id, score: clarify },
      ]),
    );
    expect(out.kind).toBe('clarify');
    expect(out.reply.text).toBe(translator.t('en', 'answer.maybe'));
    expect(out.reply.choices!.map((c) => c.id)).toEqual([
      `article:${nif.id}`,
      `article:${niss.id}`,
      'cmd:menu',
      'cmd:human',
    ]);
    expect(out.reply.citations).toBeUndefined();
  });

  it('below the lower threshold, says honestly it has no verified information', async () => {
    const out = await answerFreeText(
      'quantum pizza',
      'en',
      {},
      deps([{ articleId: nif.id, score: clarify - 0.01 }]),
    );
    expect(out).toMatchObject({ kind: 'unknown', topic: 'out-of-scope' });
    expect(out.reply.text).toBe(translator.t('en', 'answer.unknown'));
  });

  it('declines politely what the service does not cover', async () => {
    const out = await answerFreeText(
      'who wins the match tonight',
      'en',
      {},
      deps([{ articleId: outOfScope.id, score: 0.8 }]),
    );
    expect(out).toMatchObject({ kind: 'unknown', topic: 'out-of-scope' });
    expect(out.reply.text).toBe(translator.t('en', 'answer.outOfScope'));
  });

  it('reads a short follow-up together with the previous question', async () => {
    const { index } = await sharedContent();
    const real = { t: translator, knowledge, retriever: index.retriever };
    const out = await answerFreeText(
      'e sem morada?',
      'pt',
      { question: 'como tiro o NIF nas Finanças?', topic: 'nif' },
      real,
    );
    expect(out.topic).toBe('nif');
  });
});
