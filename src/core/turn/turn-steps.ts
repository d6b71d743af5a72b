import type { Choice, Reply } from '../../domain/types.js';
import { LANGUAGES, LANGUAGE_NAMES, type Lang } from '../../domain/language.js';
import type { SafetyCategory } from '../safety/lexicon.js';
import { answerFromArticle, citationsOf, detailFromArticle } from './answer.js';
import { menuChoices, menuPrompt, type MenuId } from './menus.js';
import type { Decision, DecideDeps } from './turn-types.js';

const URGENT: ReadonlySet<SafetyCategory> = new Set(['emergency', 'domestic-violence', 'human-trafficking']);

/**
 * The things one turn can do to its decision, bound to the person's language and the menu on
 * screen: show a menu, escalate, answer from an article, list a topic's articles, change language.
 */
export function createTurnSteps(deps: DecideDeps, d: Decision, lang: Lang, current: MenuId) {
  const { t, knowledge } = deps;
  const catalogue = knowledge.catalogue;
  const menuDeps = { t, catalogue };

  function menuReply(menu: MenuId, inLang: Lang = lang, lead?: string): Reply {
    const prompt = menuPrompt(menu, inLang, menuDeps);
    const choices = menuChoices(menu, inLang, menuDeps);
    if (menu !== 'main') choices.push({ id: 'cmd:menu', label: t.t(inLang, 'choice.menu') });
    return { text: lead ? `${lead}\n\n${prompt}` : prompt, choices };
  }

  const steps = {
    menuReply,
    mainMenuChoices: (): Choice[] => menuChoices('main', lang, menuDeps),
    onScreenMenu: (): Choice[] => menuChoices(current, lang, menuDeps),

    showMenu(menu: MenuId, lead?: string) {
      const trail = [...(d.state.trail ?? [])];
      if (menu !== current) trail.push(current);
      d.state = { ...d.state, menu, trail: trail.slice(-10), view: 'menu' };
      d.replies.push(menuReply(menu, lang, lead));
    },

    resetTo(menu: MenuId, trail: string[] = []) {
      d.state = { ...d.state, menu, trail, view: 'menu' };
      d.replies.push(menuReply(menu));
    },

    escalate(reason: SafetyCategory | 'asked') {
      const urgent = reason !== 'asked' && URGENT.has(reason);
      d.status = d.status === 'bot' ? 'waiting' : d.status;
      d.escalated = true;
      d.handoff = { reason, urgent };
      d.state = { ...d.state, handoff: { reason, urgent } };
      d.topic = reason === 'asked' ? 'talk-to-human' : reason;
      d.replies.push({ text: urgent ? t.t(lang, `safety.${reason}`) : t.t(lang, 'handoff.requested') });
    },

    answerArticle(articleId: string, more: boolean) {
      const article = knowledge.article(articleId);
      if (!article) return steps.showMenu(current, t.t(lang, 'fallback.notUnderstood'));
      d.topic = article.topic;
      d.citations = citationsOf(article);
      d.state = { ...d.state, article: article.id, view: 'content' };
      d.replies.push(
        more ? detailFromArticle(article, lang, menuDeps) : answerFromArticle(article, lang, menuDeps),
      );
    },

    /** A topic chosen from a menu: its article, or the list of its articles. */
    showTopic(topicId: string) {
      const topic = catalogue.topic(topicId)!;
      if (topicId === 'talk-to-human') return steps.escalate('asked');
      const articles = knowledge.articlesOf(topicId);
      if (articles.length === 1) return steps.answerArticle(articles[0]!.id, false);
      d.topic = topicId;
      d.state = { ...d.state, view: 'content' };
      if (articles.length === 0) {
        d.replies.push({ text: t.t(lang, 'topic.noArticle', { topic: topic.title[lang] }) });
        return;
      }
      d.replies.push({
        text: topic.title[lang],
        choices: [
          ...articles.map((a) => ({ id: `article:${a.id}`, label: a.translations[lang].title })),
          { id: 'cmd:back', label: t.t(lang, 'choice.back') },
        ],
      });
    },

    listLanguages() {
      d.replies.push({
        text: t.t(lang, 'language.prompt'),
        choices: LANGUAGES.map((l) => ({ id: `lang:${l}`, label: LANGUAGE_NAMES[l] })),
      });
    },

    /** An explicit choice: the conversation and the person's preference change now. */
    switchTo(chosen: Lang) {
      d.language = chosen;
      d.state = { ...d.state, declinedLang: null, menu: 'main', trail: [] };
      d.replies.push(menuReply('main', chosen, t.t(chosen, 'language.changed')));
    },

    /** A message clearly in another language: ask, in that language, before switching. */
    offerSwitch(other: Lang) {
      d.replies.push({
        text: t.t(other, 'language.confirmSwitch', { language: LANGUAGE_NAMES[other] }),
        choices: [
          { id: `lang:${other}`, label: LANGUAGE_NAMES[other] },
          { id: `keep:${other}`, label: LANGUAGE_NAMES[lang] },
        ],
      });
    },
  };
  return steps;
}
