import type { ConversationState, ConversationStatus, Citation, Reply } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { Catalogue } from '../../knowledge/catalogue.js';
import type { Translator } from '../../i18n/translator.js';
import { isMenuId, menuChoices, menuPrompt, type MenuId } from './menus.js';
import { resolveInput, type Action } from './resolve-input.js';

export interface TurnInput {
  text?: string;
  choice?: string;
  lang: Lang;
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
  citations: Citation[];
}

export interface DecideDeps {
  t: Translator;
  catalogue: Catalogue;
}

export type Decide = (input: TurnInput) => Promise<Decision>;

/** Builds the turn decision: welcome first, then menus, commands and answers. Pure: no I/O. */
export function createDecide(deps: DecideDeps): Decide {
  const { t } = deps;

  function menuReply(menu: MenuId, lang: Lang, lead?: string): Reply {
    const prompt = menuPrompt(menu, lang, deps);
    const choices = menuChoices(menu, lang, deps);
    if (menu !== 'main') choices.push({ id: 'cmd:menu', label: t.t(lang, 'choice.menu') });
    return { text: lead ? `${lead}\n\n${prompt}` : prompt, choices };
  }

  function goTo(menu: MenuId, state: ConversationState, from?: string): ConversationState {
    const trail = [...(state.trail ?? [])];
    if (from && from !== menu) trail.push(from);
    return { ...state, menu, trail: trail.slice(-10) };
  }

  return async function decide(input) {
    const { lang } = input;
    let state: ConversationState = { ...input.state };
    const replies: Reply[] = [];
    const citations: Citation[] = [];
    let status = input.status;
    let topic = input.topic;
    let escalated = false;

    const current: MenuId = isMenuId(state.menu) ? state.menu : 'main';
    const firstContact = !state.welcomed;
    if (firstContact) {
      replies.push({ text: `${t.t(lang, 'welcome.intro')}\n\n${t.t(lang, 'welcome.privacy')}` });
      state.welcomed = true;
    }

    const action: Action = resolveInput(input, menuChoices(current, lang, deps), lang, t);

    const showMenu = (menu: MenuId, lead?: string) => {
      state = goTo(menu, state, current);
      replies.push(menuReply(menu, lang, lead));
    };

    switch (action.kind) {
      case 'empty':
        showMenu('main');
        break;
      case 'command':
        if (action.command === 'menu') {
          state = { ...state, menu: 'main', trail: [] };
          replies.push(menuReply('main', lang));
        } else if (action.command === 'back') {
          const trail = [...(state.trail ?? [])];
          const previous = trail.pop();
          const menu: MenuId = isMenuId(previous) ? previous : 'main';
          state = { ...state, menu, trail };
          replies.push(menuReply(menu, lang));
        } else if (action.command === 'help') {
          replies.push({ ...menuReply(current, lang, t.t(lang, 'help.text')) });
        } else {
          status = status === 'bot' ? 'waiting' : status;
          topic = 'talk-to-human';
          escalated = true;
          state = { ...state, handoff: { reason: 'asked' } };
          replies.push({ text: t.t(lang, 'handoff.requested') });
        }
        break;
      case 'choice':
        if (action.id.startsWith('area:') && isMenuId(action.id)) {
          showMenu(action.id);
        } else if (action.id.startsWith('topic:')) {
          const chosen = deps.catalogue.topic(action.id.slice('topic:'.length));
          if (chosen) {
            topic = chosen.id;
            replies.push({
              text: t.t(lang, 'topic.noArticle', { topic: chosen.title[lang] }),
              choices: [
                { id: 'cmd:human', label: t.t(lang, 'choice.human') },
                { id: 'cmd:back', label: t.t(lang, 'choice.back') },
                { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
              ],
            });
          } else {
            showMenu(current, t.t(lang, 'fallback.notUnderstood'));
          }
        } else {
          showMenu(current, t.t(lang, 'fallback.notUnderstood'));
        }
        break;
      case 'text':
        if (firstContact) {
          showMenu('main');
        } else {
          showMenu(current, t.t(lang, 'fallback.freeText'));
        }
        break;
    }

    return { replies, state, status, topic, escalated, citations };
  };
}
