import type { Choice, Citation, Reply } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { Translator } from '../../i18n/translator.js';
import type { ArticleHit, Retriever } from '../../retrieval/retriever.js';
import { answerFromArticle, citationsOf } from './answer.js';

export interface Thresholds {
  /** At or above: answer from the top article. */
  answer: number;
  /** At or above (and below `answer`): ask which of the top articles was meant. Below: say we do not know. */
  clarify: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.42, clarify: 0.3 };

export interface FreeTextDeps {
  t: Translator;
  knowledge: KnowledgeBase;
  retriever: Retriever;
  thresholds?: Thresholds;
}

export type FreeTextOutcome =
  | { kind: 'answer'; reply: Reply; topic: string; articleId: string; citations: Citation[]; score: number }
  | { kind: 'clarify'; reply: Reply; topic: string; score: number }
  | { kind: 'unknown'; reply: Reply; topic: 'out-of-scope'; score: number };

const SHORT_FOLLOW_UP_WORDS = 7;
const FOLLOW_UP_BONUS = 0.05;
/** A follow-up that already matches this clearly on its own is not read with the previous question. */
const CLEAR_MARGIN = 0.4;
const LONG_WORDS = 25;
const MIN_SCALE = 0.7;

/**
 * A typed question: retrieval first, then the answer step's calibrated bands. A short follow-up
 * ("and the NISS?", "and without papers?") is also searched together with the previous question, and
 * the better-grounded reading wins.
 */
export async function answerFreeText(
  text: string,
  lang: Lang,
  previous: { question?: string; topic?: string | null },
  deps: FreeTextDeps,
): Promise<FreeTextOutcome> {
  const { t, knowledge, retriever } = deps;
  const base = deps.thresholds ?? DEFAULT_THRESHOLDS;
  const words = text.trim().split(/\s+/).length;
  // Long messages (e-mails) spread over many words and score lower against short phrasings; the bands
  // move down with length, so a long, clear question is not mistaken for an unknown one.
  const scale = words > LONG_WORDS ? Math.max(MIN_SCALE, 1 - 0.12 * Math.log2(words / LONG_WORDS)) : 1;
  const thresholds = { answer: base.answer * scale, clarify: base.clarify * scale };
  let hits = (await retriever.search(text)).articles;
  const previousQuestion = previous.question;
  if (
    previousQuestion &&
    words <= SHORT_FOLLOW_UP_WORDS &&
    (hits[0]?.score ?? 0) < thresholds.answer + CLEAR_MARGIN
  ) {
    // A short follow-up is read alone and together with the previous question; each article keeps the
    // better of its two scores, so "e o NISS?" moves on while "e sem papéis?" stays on the subject.
    const withContext = (await retriever.search(`${previousQuestion}\n${text}`)).articles;
    const merged = new Map(hits.map((h) => [h.articleId, h]));
    for (const hit of withContext) {
      const alone = merged.get(hit.articleId);
      if (!alone || hit.score > alone.score) merged.set(hit.articleId, hit);
    }
    // The subject of the conversation so far is the likelier reading of an ambiguous follow-up.
    hits = [...merged.values()]
      .map((h) => (h.topic === previous.topic ? { ...h, score: h.score + FOLLOW_UP_BONUS } : h))
      .sort((a, b) => b.score - a.score);
  }
  const top = hits[0];
  const score = top?.score ?? 0;
  const menu: Choice[] = [
    { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
    { id: 'cmd:human', label: t.t(lang, 'choice.human') },
  ];

  if (top && score >= thresholds.answer) {
    const article = knowledge.article(top.articleId)!;
    if (article.topic === 'out-of-scope') {
      return {
        kind: 'unknown',
        reply: { text: t.t(lang, 'answer.outOfScope'), choices: menu },
        topic: 'out-of-scope',
        score,
      };
    }
    return {
      kind: 'answer',
      reply: answerFromArticle(article, lang, { t, catalogue: knowledge.catalogue }),
      topic: article.topic,
      articleId: article.id,
      citations: citationsOf(article),
      score,
    };
  }
  if (top && score >= thresholds.clarify && top.topic !== 'out-of-scope') {
    const options = distinctArticles(hits).slice(0, 3);
    const choices: Choice[] = options.map((hit) => ({
      id: `article:${hit.articleId}`,
      label: knowledge.article(hit.articleId)!.translations[lang].title,
    }));
    return {
      kind: 'clarify',
      reply: { text: t.t(lang, 'answer.maybe'), choices: [...choices, ...menu] },
      topic: top.topic,
      score,
    };
  }
  return {
    kind: 'unknown',
    reply: { text: t.t(lang, 'answer.unknown'), choices: menu },
    topic: 'out-of-scope',
    score,
  };
}

function distinctArticles(hits: ArticleHit[]): ArticleHit[] {
  return hits.filter((hit) => hit.topic !== 'out-of-scope' && hit.topic !== 'talk-to-human');
}
