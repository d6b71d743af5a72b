import type { Choice, Citation, Reply } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { Article } from '../../knowledge/article.js';
import type { Catalogue } from '../../knowledge/catalogue.js';
import type { Translator } from '../../i18n/translator.js';

export interface AnswerDeps {
  t: Translator;
  catalogue: Catalogue;
}

export function citationsOf(article: Article): Citation[] {
  return article.sources
    .slice(0, 3)
    .map((s) => ({ title: s.title, url: s.url, lastVerified: article.lastVerified }));
}

const numbered = (items: string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

export function followUps(article: Article, lang: Lang, t: Translator): Choice[] {
  return [
    { id: `article:${article.id}:more`, label: t.t(lang, 'choice.more') },
    { id: 'cmd:human', label: t.t(lang, 'choice.human') },
    { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
  ];
}

/**
 * The grounded answer without an LLM: the article's own summary and key steps in the person's
 * language, where to go, and its official sources with the date they were last checked.
 */
export function answerFromArticle(article: Article, lang: Lang, { t, catalogue }: AnswerDeps): Reply {
  const tr = article.translations[lang];
  const parts = [
    tr.title,
    tr.summary,
    `${t.t(lang, 'answer.steps')}\n${numbered(tr.steps)}`,
    `${t.t(lang, 'answer.where')} ${tr.where}`,
  ];
  if (catalogue.topic(article.topic)?.sensitive) parts.push(t.t(lang, 'answer.sensitive'));
  return { text: parts.join('\n\n'), choices: followUps(article, lang, t), citations: citationsOf(article) };
}

/** "More details": documents always; cost, time and what to do if it goes wrong from the full body (pt/en). */
export function detailFromArticle(article: Article, lang: Lang, { t }: AnswerDeps): Reply {
  const tr = article.translations[lang];
  const parts = [tr.title];
  if (tr.documents.length) parts.push(`${t.t(lang, 'answer.documents')}\n${numbered(tr.documents)}`);
  if (lang === 'pt' || lang === 'en') {
    const body = article.body[lang];
    parts.push(
      `${t.t(lang, 'answer.cost')} ${body.cost}`,
      `${t.t(lang, 'answer.time')} ${body.time}`,
      `${t.t(lang, 'answer.problems')} ${body.problems}`,
    );
  } else {
    parts.push(`${t.t(lang, 'answer.where')} ${tr.where}`, t.t(lang, 'answer.fullText'));
  }
  return {
    text: parts.join('\n\n'),
    choices: followUps(article, lang, t).slice(1),
    citations: citationsOf(article),
  };
}
