import type { Choice, ConversationState, ConversationStatus, Citation, Reply } from '../../domain/types.js';
import { LANGUAGES, LANGUAGE_NAMES, isLang, type Lang } from '../../domain/language.js';
import type { LanguageGuess } from './negotiate-language.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { Translator } from '../../i18n/translator.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { LexiconMatcher, SafetyCategory, SafetyMatcher } from '../safety/lexicon.js';
import { answerFromArticle, citationsOf, detailFromArticle } from './answer.js';
import { answerFreeText, type Thresholds } from './free-text.js';
import { isMenuId, menuChoices, menuPrompt, type MenuId } from './menus.js';
import { resolveInput, type Action } from './resolve-input.js';

export interface TurnInput {
  text?: string;
  choice?: string;
  lang: Lang;
  /** The language the message seems to be in, when the conversation already has one. */
  detected?: LanguageGuess;
  state: ConversationState;
  status: ConversationStatus;
  topic: string | null;
}

export interface Decision {
  replies: Reply[];
  state: ConversationState;
  status: ConversationStatus;
  topic: string | null;
  escalated: boolean;
  /** Why a person is needed, when escalated. */
  handoff?: { reason: string; urgent: boolean };
  citations: Citation[];
  /** Retrieval confidence of a free-text answer. */
  confidence?: number;
  /** Set when the person chose another language in this turn. */
  language?: Lang;
}

export interface DecideDeps {
  t: Translator;
  knowledge: KnowledgeBase;
  retriever: Retriever;
  safety: SafetyMatcher;
  /** Attempts to override or extract the assistant's instructions: declined as out of scope. */
  guardrails?: LexiconMatcher<'prompt-injection'>;
  thresholds?: Thresholds;
}

export type Decide = (input: TurnInput) => Promise<Decision>;

/** How sure a detection must be before the assistant offers to switch an ongoing conversation. */
const SWITCH_CONFIDENCE = 0.8;

const URGENT: ReadonlySet<SafetyCategory> = new Set(['emergency', 'domestic-violence', 'human-trafficking']);

/** Decides one turn: welcome first, then safety, menus, commands and grounded answers. No I/O. */
export function createDecide(deps: DecideDeps): Decide {
  const { t, knowledge, safety } = deps;
  const catalogue = knowledge.catalogue;
  const menuDeps = { t, catalogue };

  function menuReply(menu: MenuId, lang: Lang, lead?: string): Reply {
    const prompt = menuPrompt(menu, lang, menuDeps);
    const choices = menuChoices(menu, lang, menuDeps);
    if (menu !== 'main') choices.push({ id: 'cmd:menu', label: t.t(lang, 'choice.menu') });
    return { text: lead ? `${lead}\n\n${prompt}` : prompt, choices };
  }

  return async function decide(input) {
    const { lang } = input;
    const d: Decision = {
      replies: [],
      state: { ...input.state },
      status: input.status,
      topic: input.topic,
      escalated: false,
      citations: [],
    };
    const current: MenuId = isMenuId(d.state.menu) ? d.state.menu : 'main';
    const firstContact = !d.state.welcomed;
    if (firstContact) {
      d.replies.push({ text: `${t.t(lang, 'welcome.intro')}\n\n${t.t(lang, 'welcome.privacy')}` });
      d.state.welcomed = true;
    }

    const showMenu = (menu: MenuId, lead?: string) => {
      const trail = [...(d.state.trail ?? [])];
      if (menu !== current) trail.push(current);
      d.state = { ...d.state, menu, trail: trail.slice(-10) };
      d.replies.push(menuReply(menu, lang, lead));
    };
    const escalate = (reason: SafetyCategory | 'asked') => {
      const urgent = reason !== 'asked' && URGENT.has(reason);
      d.status = d.status === 'bot' ? 'waiting' : d.status;
      d.escalated = true;
      d.handoff = { reason, urgent };
      d.state = { ...d.state, handoff: { reason, urgent } };
      d.topic = reason === 'asked' ? 'talk-to-human' : reason;
      d.replies.push({ text: urgent ? t.t(lang, `safety.${reason}`) : t.t(lang, 'handoff.requested') });
    };
    const answerArticle = (articleId: string, more: boolean) => {
      const article = knowledge.article(articleId);
      if (!article) return showMenu(current, t.t(lang, 'fallback.notUnderstood'));
      d.topic = article.topic;
      d.citations = citationsOf(article);
      d.state = { ...d.state, article: article.id };
      d.replies.push(
        more ? detailFromArticle(article, lang, menuDeps) : answerFromArticle(article, lang, menuDeps),
      );
    };

    // Danger, violence, trafficking and a request for a person are recognised before anything else.
    const typed = input.text?.trim();
    const danger = typed && !input.choice ? safety.match(typed) : undefined;
    if (danger) {
      escalate(danger.category === 'talk-to-human' ? 'asked' : danger.category);
      return remember(d);
    }

    if (typed && !input.choice && deps.guardrails?.match(typed)) {
      d.topic = 'out-of-scope';
      d.replies.push({ text: t.t(lang, 'answer.outOfScope'), choices: menuChoices('main', lang, menuDeps) });
      return remember(d);
    }

    // A typed number means an option of what the person last saw (buttons on WhatsApp, a numbered
    // list in an e-mail), or of the current menu when the last reply had no options.
    const onScreen = Array.isArray(d.state.onScreen)
      ? (d.state.onScreen as Choice[])
      : menuChoices(current, lang, menuDeps);
    const action: Action = resolveInput(input, onScreen, lang, t);
    switch (action.kind) {
      case 'empty':
        showMenu('main');
        break;
      case 'command':
        if (action.command === 'greeting') {
          showMenu('main');
        } else if (action.command === 'menu') {
          d.state = { ...d.state, menu: 'main', trail: [] };
          d.replies.push(menuReply('main', lang));
        } else if (action.command === 'back') {
          const trail = [...(d.state.trail ?? [])];
          const previous = trail.pop();
          const menu: MenuId = isMenuId(previous) ? previous : 'main';
          d.state = { ...d.state, menu, trail };
          d.replies.push(menuReply(menu, lang));
        } else if (action.command === 'language') {
          d.replies.push({
            text: t.t(lang, 'language.prompt'),
            choices: LANGUAGES.map((l) => ({ id: `lang:${l}`, label: LANGUAGE_NAMES[l] })),
          });
        } else if (action.command === 'help') {
          d.replies.push(menuReply(current, lang, t.t(lang, 'help.text')));
        } else {
          escalate('asked');
        }
        break;
      case 'choice': {
        const [kind, id, extra] = action.id.split(':');
        if (kind === 'lang' && isLang(id)) {
          // An explicit choice: the conversation and the person's preference change now.
          d.language = id;
          d.state = { ...d.state, declinedLang: null };
          d.replies.push(menuReply('main', id, t.t(id, 'language.changed')));
          d.state = { ...d.state, menu: 'main', trail: [] };
        } else if (kind === 'keep') {
          d.state = { ...d.state, declinedLang: id ?? null };
          showMenu(current);
        } else if (kind === 'area' && isMenuId(action.id)) showMenu(action.id);
        else if (kind === 'article' && id) answerArticle(id, extra === 'more');
        else if (kind === 'topic' && id && catalogue.topic(id)) {
          const articles = knowledge.articlesOf(id);
          if (id === 'talk-to-human') escalate('asked');
          else if (articles.length === 1) answerArticle(articles[0]!.id, false);
          else if (articles.length > 1) {
            d.topic = id;
            d.replies.push({
              text: catalogue.topic(id)!.title[lang],
              choices: [
                ...articles.map((a) => ({ id: `article:${a.id}`, label: a.translations[lang].title })),
                { id: 'cmd:back', label: t.t(lang, 'choice.back') },
              ],
            });
          } else {
            d.topic = id;
            d.replies.push({
              text: t.t(lang, 'topic.noArticle', { topic: catalogue.topic(id)!.title[lang] }),
            });
          }
        } else showMenu(current, t.t(lang, 'fallback.notUnderstood'));
        break;
      }
      case 'text': {
        const other = input.detected;
        if (
          other &&
          other.lang !== lang &&
          other.confidence >= SWITCH_CONFIDENCE &&
          d.state.declinedLang !== other.lang
        ) {
          // A message clearly in another language: ask, in that language, before switching.
          d.replies.push({
            text: t.t(other.lang, 'language.confirmSwitch', { language: LANGUAGE_NAMES[other.lang] }),
            choices: [
              { id: `lang:${other.lang}`, label: LANGUAGE_NAMES[other.lang] },
              { id: `keep:${other.lang}`, label: LANGUAGE_NAMES[lang] },
            ],
          });
        }
        const previous = typeof d.state.lastQuestion === 'string' ? d.state.lastQuestion : undefined;
        const outcome = await answerFreeText(
          action.text,
          lang,
          { question: previous, topic: input.topic },
          deps,
        );
        d.topic = outcome.topic;
        d.confidence = outcome.score;
        // A first message the assistant cannot place gets the whole menu to choose from.
        d.replies.push(
          firstContact && outcome.kind === 'unknown'
            ? {
                ...outcome.reply,
                choices: [...menuChoices('main', lang, menuDeps), ...(outcome.reply.choices ?? []).slice(1)],
              }
            : outcome.reply,
        );
        d.state = {
          ...d.state,
          menu: firstContact ? 'main' : d.state.menu,
          lastQuestion: action.text.slice(0, 500),
        };
        if (outcome.kind === 'answer') {
          d.citations = outcome.citations;
          d.state.article = outcome.articleId;
        }
        break;
      }
    }
    return remember(d);
  };
}

/** Keeps the options of the last reply in the state, for a number typed next. */
function remember(d: Decision): Decision {
  const shown = [...d.replies].reverse().find((r) => r.choices?.length)?.choices;
  d.state = { ...d.state, onScreen: shown ?? null };
  return d;
}
