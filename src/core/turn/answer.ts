import type { Choice, Citation, Reply } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { Article } from '../../knowledge/article.js';
import type { Catalogue } from '../../knowledge/catalogue.js';
import type { Translator } from '../../i18n/translator.js';

export interface AnswerDeps {
  t: Translator;
  catalogue: Catalogue;
}

/** overview: summary, steps, where to go; documents; details: cost, time, what to do if it goes wrong. */
export const ARTICLE_PARTS = ['overview', 'documents', 'details'] as const;
export type ArticlePart = (typeof ARTICLE_PARTS)[number];

export function citationsOf(article: Article): Citation[] {
  return article.sources
    .slice(0, 3)
    .map((s) => ({ title: s.title, url: s.url, lastVerified: article.lastVerified }));
}

const numbered = (items: string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

/** The parts of an article a person can ask for in their language (the full body is in pt and en). */
export function partsOf(article: Article, lang: Lang): ArticlePart[] {
  const parts: ArticlePart[] = ['overview'];
  if (article.translations[lang].documents.length) parts.push('documents');
  if (lang === 'pt' || lang === 'en') parts.push('details');
  return parts;
}

/**
 * One part of an article in the person's language, written without an LLM from the article's own
 * translated summary, steps, documents and where to go.
 */
export function articleText(
  article: Article,
  part: ArticlePart,
  lang: Lang,
  t: Translator,
  sensitive: boolean,
) {
  const tr = article.translations[lang];
  const parts = [tr.title];
  if (part === 'overview') {
    parts.push(
      tr.summary,
      `${t.t(lang, 'answer.steps')}\n${numbered(tr.steps)}`,
      `${t.t(lang, 'answer.where')} ${tr.where}`,
    );
    if (sensitive) parts.push(t.t(lang, 'answer.sensitive'));
  } else if (part === 'documents') {
    parts.push(
      `${t.t(lang, 'answer.documents')}\n${numbered(tr.documents)}`,
      `${t.t(lang, 'answer.where')} ${tr.where}`,
    );
  } else {
    const body = article.body[lang === 'pt' ? 'pt' : 'en'];
    parts.push(
      `${t.t(lang, 'answer.cost')} ${body.cost}`,
      `${t.t(lang, 'answer.time')} ${body.time}`,
      `${t.t(lang, 'answer.problems')} ${body.problems}`,
    );
  }
  return parts.join('\n\n');
}

function followUps(lang: Lang, t: Translator): Choice[] {
  return [
    { id: 'cmd:human', label: t.t(lang, 'choice.human') },
    { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
  ];
}

/** The grounded answer: the article's overview with its official sources and the date they were checked. */
export function answerFromArticle(article: Article, lang: Lang, { t, catalogue }: AnswerDeps): Reply {
  const sensitive = Boolean(catalogue.topic(article.topic)?.sensitive);
  return {
    text: articleText(article, 'overview', lang, t, sensitive),
    choices: followUps(lang, t),
    citations: citationsOf(article),
  };
}
