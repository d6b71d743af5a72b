import { LANGUAGES, type Lang } from '../domain/language.js';
import type { Article } from '../knowledge/article.js';
import { SECTIONS } from '../knowledge/article.js';

export type ChunkKind = 'ask' | 'title' | 'summary' | 'steps' | 'section';

export interface Chunk {
  /** Position in the index (the HNSW label). */
  id: number;
  articleId: string;
  topic: string;
  lang: Lang;
  kind: ChunkKind;
  text: string;
}

/**
 * Cuts articles into what a question is compared with: every "how people ask it" phrasing on its own
 * (short questions match short phrasings best), the title, summary and steps in every language, and
 * each body section in Portuguese and English.
 */
export function chunkArticles(articles: Article[]): Chunk[] {
  const chunks: Chunk[] = [];
  const push = (article: Article, lang: Lang, kind: ChunkKind, text: string) => {
    if (text.trim())
      chunks.push({ id: chunks.length, articleId: article.id, topic: article.topic, lang, kind, text });
  };
  for (const article of articles) {
    for (const lang of LANGUAGES) {
      const tr = article.translations[lang];
      for (const ask of tr.asks) push(article, lang, 'ask', ask);
      push(article, lang, 'title', tr.title);
      push(article, lang, 'summary', tr.summary);
      push(article, lang, 'steps', tr.steps.join('\n'));
    }
    for (const lang of ['pt', 'en'] as const) {
      for (const section of SECTIONS) push(article, lang, 'section', article.body[lang][section]);
    }
  }
  return chunks;
}
