import type { Choice, Reply } from '../../domain/types.js';
import { LANGUAGES, LANGUAGE_NAMES, type Lang } from '../../domain/language.js';
import { formatPosition, parsePosition, type Position } from '../../flows/flow-set.js';
import { renderStep, type FlowDeps, type Slots } from '../../flows/render-step.js';
import type { ArticlePart } from './answer.js';
import { answerFromArticle } from './answer.js';
import type { Decision, DecideDeps } from './turn-types.js';
import { OFFICES, type Office } from '../handoff/types.js';

const URGENT_REASONS: ReadonlySet<string> = new Set(['emergency', 'domestic-violence', 'human-trafficking']);
const TRAIL_LIMIT = 12;

/**
 * The things one turn can do to its decision, bound to the person's language and their position in
 * the flows: go to a step, go back, escalate, answer from an article, change language, stop.
 */
export function createTurnSteps(deps: DecideDeps, d: Decision, lang: Lang, current: Position) {
  const { t, knowledge, flows } = deps;
  const flowDeps: FlowDeps = { t, knowledge, flows, centres: deps.centres };
  const slots = (): Slots => ({ ...((d.state.slots as Slots | undefined) ?? {}) });
  const trail = (): string[] => [...(d.state.trail ?? [])];

  /** Shows the menu, information or question step at a position; `lead` goes before its text. */
  function show(position: Position, inLang: Lang = lang, lead?: string): Reply {
    const step = flows.step(position)!;
    const rendered = renderStep(step, position, inLang, slots(), flowDeps);
    if (rendered.topic) d.topic = rendered.topic;
    if (rendered.citations.length) d.citations = rendered.citations;
    const reply = lead ? { ...rendered.reply, text: `${lead}\n\n${rendered.reply.text}` } : rendered.reply;
    d.replies.push(reply);
    return reply;
  }

  /** The national centre nearest the place the person gave in a flow, if any: the team to route to. */
  function officeNearPerson(): Office | null {
    const place = deps.centres.place(slots().place ?? '');
    if (!place) return null;
    const office = deps.centres.nearest(place).find((n) => n.centre.kind === 'national')?.centre.office;
    return (OFFICES as readonly string[]).includes(office ?? '') ? (office as Office) : null;
  }

  const steps = {
    show,
    mainMenuChoices: (): Choice[] =>
      renderStep(flows.step(flows.main())!, flows.main(), lang, {}, flowDeps).reply.choices ?? [],
    /** The options of the step the person is at, for a number typed after a reply without options. */
    onScreenChoices: (): Choice[] => {
      const step = flows.step(current);
      if (!step || step.kind === 'handoff' || step.kind === 'end') return [];
      return renderStep(step, current, lang, slots(), flowDeps).reply.choices ?? [];
    },

    /** Moves to a step, remembering where the person came from; handoff and end steps act at once. */
    goTo(position: Position, lead?: string) {
      const step = flows.step(position);
      if (!step) return steps.notUnderstood();
      if (step.kind === 'handoff') return steps.escalate(step.reason, step.urgent, step.text);
      if (step.kind === 'end') {
        d.replies.push({ text: t.t(lang, step.text) });
        d.state = { ...d.state, at: formatPosition(flows.main()), trail: [], slots: {}, view: 'content' };
        return;
      }
      const from = formatPosition(current);
      const to = formatPosition(position);
      const path = trail();
      if (from !== to) path.push(from);
      d.state = { ...d.state, at: to, trail: path.slice(-TRAIL_LIMIT), view: 'step' };
      show(position, lang, lead);
    },

    /** Back: from something shown outside the flow (an answer, help), the step the person was at. */
    back() {
      if (d.state.view === 'content') return steps.resetTo(current, trail());
      const path = trail();
      let previous: Position | undefined;
      while (path.length && !previous) {
        const candidate = parsePosition(path.pop());
        if (candidate && flows.step(candidate)) previous = candidate;
      }
      steps.resetTo(previous ?? flows.main(), path);
    },

    resetTo(position: Position, path: string[] = []) {
      d.state = { ...d.state, at: formatPosition(position), trail: path, view: 'step' };
      show(position);
    },

    notUnderstood() {
      d.state = { ...d.state, view: 'step' };
      show(current, lang, t.t(lang, 'fallback.notUnderstood'));
    },

    help() {
      d.replies.push({ text: t.t(lang, 'help.text'), choices: steps.onScreenChoices() });
      d.state = { ...d.state, view: 'content' };
    },

    escalate(reason: string, urgent = URGENT_REASONS.has(reason), textKey?: string) {
      d.escalated = true;
      d.state = { ...d.state, view: 'content' };
      // The catalogue topic of the handoff; a photo or voice note keeps the topic the talk was about.
      if (reason === 'asked') d.topic = 'talk-to-human';
      else if (reason === 'urgent-help') d.topic = 'emergency';
      else if (URGENT_REASONS.has(reason)) d.topic = reason;
      if (d.status !== 'bot' && !urgent) {
        // Already in the queue or with a mediator: no second handoff.
        d.replies.push({
          text: t.t(lang, d.status === 'waiting' ? 'handoff.alreadyWaiting' : 'handoff.withMediator'),
        });
        return;
      }
      d.status = d.status === 'bot' ? 'waiting' : d.status;
      d.handoff = { reason, urgent, office: officeNearPerson() };
      const key = textKey ?? (URGENT_REASONS.has(reason) ? `safety.${reason}` : 'handoff.requested');
      d.replies.push({ text: t.t(lang, key) });
    },

    /** An article chosen or found: its step in the flows (so back and menu work from there), or on its own. */
    answerArticle(articleId: string, part: ArticlePart = 'overview') {
      const article = knowledge.article(articleId);
      if (!article) return steps.notUnderstood();
      const position = flows.articlePosition(article.id);
      if (position) return steps.goTo(part === 'overview' ? position : { ...position, part });
      d.topic = article.topic;
      d.replies.push(answerFromArticle(article, lang, { t, catalogue: knowledge.catalogue }));
      d.citations = d.replies.at(-1)!.citations ?? [];
      d.state = { ...d.state, view: 'content' };
    },

    stop() {
      d.replies.push({ text: t.t(lang, 'stop.done') });
      d.state = { ...d.state, at: formatPosition(flows.main()), trail: [], slots: {}, view: 'content' };
    },

    save(slot: string, value: string) {
      d.state = { ...d.state, slots: { ...slots(), [slot]: value } };
    },

    listLanguages() {
      d.replies.push({
        text: t.t(lang, 'language.prompt'),
        choices: LANGUAGES.map((l) => ({ id: `lang:${l}`, label: LANGUAGE_NAMES[l] })),
      });
      d.state = { ...d.state, view: 'content' };
    },

    /** An explicit choice: the conversation and the person's preference change now. */
    switchTo(chosen: Lang) {
      d.language = chosen;
      d.state = { ...d.state, declinedLang: null, at: formatPosition(flows.main()), trail: [], view: 'step' };
      show(flows.main(), chosen, t.t(chosen, 'language.changed'));
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
