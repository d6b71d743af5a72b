import type { Choice } from '../../domain/types.js';
import { isLang } from '../../domain/language.js';
import { answerFreeText } from './free-text.js';
import { isMenuId, type MenuId } from './menus.js';
import { resolveInput } from './resolve-input.js';
import { createTurnSteps } from './turn-steps.js';
import type { Decide, DecideDeps, Decision, TurnInput } from './turn-types.js';

export type { Decide, DecideDeps, Decision, TurnInput } from './turn-types.js';

/** How sure a detection must be before the assistant offers to switch an ongoing conversation. */
const SWITCH_CONFIDENCE = 0.8;

/** Decides one turn: welcome first, then safety, menus, commands and grounded answers. No I/O. */
export function createDecide(deps: DecideDeps): Decide {
  const { t, safety } = deps;

  return async function decide(input: TurnInput): Promise<Decision> {
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
    const step = createTurnSteps(deps, d, lang, current);
    const firstContact = !d.state.welcomed;
    if (firstContact) {
      d.replies.push({ text: `${t.t(lang, 'welcome.intro')}\n\n${t.t(lang, 'welcome.privacy')}` });
      d.state.welcomed = true;
    }

    // Danger, violence, trafficking and a request for a person are recognised before anything else.
    const typed = input.text?.trim();
    const danger = typed && !input.choice ? safety.match(typed) : undefined;
    if (danger) {
      step.escalate(danger.category === 'talk-to-human' ? 'asked' : danger.category);
      return remember(d);
    }
    if (typed && !input.choice && deps.guardrails?.match(typed)) {
      d.topic = 'out-of-scope';
      d.replies.push({ text: t.t(lang, 'answer.outOfScope'), choices: step.mainMenuChoices() });
      return remember(d);
    }

    // A typed number means an option of what the person last saw (buttons on WhatsApp, a numbered
    // list in an e-mail), or of the current menu when the last reply had no options.
    const onScreen = Array.isArray(d.state.onScreen) ? (d.state.onScreen as Choice[]) : step.onScreenMenu();
    const action = resolveInput(input, onScreen, lang, t);
    switch (action.kind) {
      case 'empty':
        step.showMenu('main');
        break;
      case 'command': {
        const command = action.command;
        if (command === 'greeting') step.showMenu('main');
        else if (command === 'menu') step.resetTo('main');
        else if (command === 'back') {
          // From an answer or a topic's list, back is the menu it was chosen from; from a menu, the one before.
          const trail = [...(d.state.trail ?? [])];
          if (d.state.view === 'content') step.resetTo(current, trail);
          else {
            const previous = trail.pop();
            step.resetTo(isMenuId(previous) ? previous : 'main', trail);
          }
        } else if (command === 'language') step.listLanguages();
        else if (command === 'help') d.replies.push(step.menuReply(current, lang, t.t(lang, 'help.text')));
        else step.escalate('asked');
        break;
      }
      case 'choice': {
        const [kind, id, extra] = action.id.split(':');
        if (kind === 'lang' && isLang(id)) step.switchTo(id);
        else if (kind === 'keep') {
          d.state = { ...d.state, declinedLang: id ?? null };
          step.showMenu(current);
        } else if (kind === 'area' && isMenuId(action.id)) step.showMenu(action.id);
        else if (kind === 'article' && id) step.answerArticle(id, extra === 'more');
        else if (kind === 'topic' && id && deps.knowledge.catalogue.topic(id)) step.showTopic(id);
        else step.showMenu(current, t.t(lang, 'fallback.notUnderstood'));
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
          step.offerSwitch(other.lang);
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
                choices: [...step.mainMenuChoices(), ...(outcome.reply.choices ?? []).slice(1)],
              }
            : outcome.reply,
        );
        d.state = {
          ...d.state,
          menu: firstContact ? 'main' : d.state.menu,
          lastQuestion: action.text.slice(0, 500),
          view: firstContact && outcome.kind === 'unknown' ? 'menu' : 'content',
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
