import type { Choice, Citation } from '../../domain/types.js';
import { isLang, type Lang } from '../../domain/language.js';
import { formatPosition, parsePosition, type Position } from '../../flows/flow-set.js';
import type { QuestionStep } from '../../flows/definition.js';
import { readAnswer, yesNo } from '../../flows/inputs.js';
import { answerFreeText, type FreeTextOutcome } from './free-text.js';
import { resolveInput } from './resolve-input.js';
import { createTurnSteps } from './turn-steps.js';
import type { Decide, DecideDeps, Decision, TurnInput } from './turn-types.js';

export type { Decide, DecideDeps, Decision, TurnInput } from './turn-types.js';

/** Free-text messages in a row the assistant could not place before it asks a mediator. */
const MISSES_BEFORE_HANDOFF = 2;

/** How sure a detection must be before the assistant offers to switch an ongoing conversation. */
const SWITCH_CONFIDENCE = 0.8;

/** Decides one turn: welcome first, then safety, menus, commands and grounded answers. No I/O. */
export function createDecide(deps: DecideDeps): Decide {
  const { t, safety, flows } = deps;

  return async function decide(input: TurnInput): Promise<Decision> {
    if (input.status === 'with_mediator') return whileHeld(input);
    const d = await decideTurn(input);
    // Words with a photo or an attachment are answered, and a mediator looks at what came with them.
    if (input.meta?.media && input.text?.trim() && !d.escalated) {
      createTurnSteps(deps, d, input.lang, flows.main()).escalate('media', false, 'media.received');
    }
    // Anything understood resets the count of messages in a row the assistant could not place.
    if (!d.escalated && d.state.view !== 'content') d.state = { ...d.state, misses: 0 };
    if (d.handoff && input.status === 'bot') await tellWhatHappensNext(d, input.lang);
    return d;
  };

  /** A mediator holds the conversation: the bot stays silent except for the global commands. */
  async function whileHeld(input: TurnInput): Promise<Decision> {
    const silent: Decision = {
      replies: [],
      state: input.state,
      status: input.status,
      topic: input.topic,
      escalated: true,
      citations: [],
    };
    // Erasure is the person's right whoever holds the conversation: asked and confirmed as with the bot.
    if (asksErasure(input) || input.state.confirming === 'erase') {
      return { ...(await decideTurn(input)), status: input.status, escalated: true };
    }
    const onScreen = Array.isArray(input.state.onScreen) ? (input.state.onScreen as Choice[]) : [];
    const action = resolveInput(input, onScreen, input.lang, t);
    if (action.kind !== 'command') return silent;
    if (action.command === 'human') {
      return { ...silent, replies: [{ text: t.t(input.lang, 'handoff.withMediator') }] };
    }
    return { ...(await decideTurn(input)), status: input.status, escalated: true };
  }

  /** "Delete my data" in the person's words, or the button that asks for it. */
  function asksErasure(input: TurnInput): boolean {
    if (input.choice) return input.choice === 'cmd:forget' || input.choice === 'erase:yes';
    return Boolean(input.text?.trim() && deps.privacyRequests?.match(input.text));
  }

  function privacyNotice(lang: Lang, channel: TurnInput['channel']): string {
    const facts = deps.privacy;
    return t.t(lang, 'privacy.notice', {
      address: t.t(lang, `privacy.address.${channel ?? 'webchat'}`),
      days: facts?.keptDays ?? 180,
      closedDays: facts?.closedDays ?? 90,
      url: facts?.noticeUrl ?? '/privacy',
    });
  }

  /**
   * The answer to "delete everything?": only an explicit yes erases; a no keeps everything; anything
   * else is read as a new message (and nothing is erased).
   */
  function answerErasure(d: Decision, input: TurnInput, step: ReturnType<typeof createTurnSteps>) {
    d.state = { ...d.state, confirming: null };
    const typed = input.text?.trim();
    const answer =
      input.choice === 'erase:yes'
        ? 'yes'
        : input.choice === 'erase:no'
          ? 'no'
          : !input.choice && typed
            ? yesNo(typed, input.lang, t)
            : undefined;
    if (answer === 'yes') {
      d.erase = true;
      d.replies = [{ text: t.t(input.lang, 'privacy.erased') }];
      d.state = {};
      return true;
    }
    if (answer === 'no') {
      d.replies.push({ text: t.t(input.lang, 'privacy.kept'), choices: step.mainMenuChoices() });
      return true;
    }
    return false;
  }

  function confirmErasure(d: Decision, lang: Lang) {
    d.replies.push({
      text: t.t(lang, 'privacy.confirmErase'),
      choices: [
        { id: 'erase:yes', label: t.t(lang, 'choice.eraseYes') },
        { id: 'erase:no', label: t.t(lang, 'choice.eraseNo') },
      ],
    });
    d.state = { ...d.state, confirming: 'erase', view: 'content' };
  }

  /** The expected wait, or when the office opens, after the handoff message. */
  async function tellWhatHappensNext(d: Decision, lang: Lang) {
    const desk = deps.desk;
    const last = d.replies.at(-1);
    if (!desk || !last) return;
    const status = await desk.status(d.language ?? lang);
    const next = status.open
      ? t.t(lang, 'handoff.wait', { count: status.waitMinutes })
      : t.t(lang, 'handoff.closedNow', {
          hours: status.hours,
          opens: formatOpening(status.opensAt, lang),
        });
    const meanwhile =
      d.handoff!.urgent || d.handoff!.reason === 'asked' ? '' : `\n\n${t.t(lang, 'handoff.meanwhile')}`;
    d.replies[d.replies.length - 1] = { ...last, text: `${last.text}\n\n${next}${meanwhile}` };
  }

  async function decideTurn(input: TurnInput): Promise<Decision> {
    const { lang } = input;
    const d: Decision = {
      replies: [],
      state: { ...input.state },
      status: input.status,
      topic: input.topic,
      escalated: false,
      citations: [],
    };
    const saved = parsePosition(d.state.at);
    const current: Position = saved && flows.step(saved) ? saved : flows.main();
    const step = createTurnSteps(deps, d, lang, current);
    const firstContact = !d.state.welcomed;
    if (firstContact) {
      const privacy = t.t(lang, 'welcome.privacy', {
        days: deps.privacy?.keptDays ?? 180,
        url: deps.privacy?.noticeUrl ?? '/privacy',
      });
      d.replies.push({ text: `${t.t(lang, 'welcome.intro')}\n\n${privacy}` });
      d.state.welcomed = true;
    }

    const inputDeps = { t, centres: deps.centres };

    const freeText = (text: string) =>
      answerFreeText(
        text,
        lang,
        {
          question: typeof d.state.lastQuestion === 'string' ? d.state.lastQuestion : undefined,
          topic: input.topic,
        },
        deps,
      );

    /** The flow a topic continues into, when the message already answers that flow's first question. */
    const answeredFlow = (topic: string, text: string) => {
      const flowId = flows.triggeredBy(topic);
      if (!flowId) return undefined;
      const start = flows.start(flowId);
      const first = flows.step(start);
      const answered =
        first?.kind === 'question' && readAnswer(first, { text }, lang, inputDeps).kind === 'value';
      return { start, first, answered };
    };

    /**
     * A grounded answer lands on its article's step in the flows, or continues into a flow about its
     * topic; a place named in the message answers that flow's first question at once.
     */
    const answerFound = (outcome: FreeTextOutcome & { kind: 'answer' | 'clarify' }, text: string) => {
      d.confidence = outcome.score;
      const flow = answeredFlow(outcome.topic, text);
      if (flow?.answered && flow.first?.kind === 'question') {
        d.state = { ...d.state, at: formatPosition(flow.start), view: 'step' };
        answerQuestion(flow.first, { text }, flow.start);
      } else if (flow) step.goTo(flow.start);
      else if (outcome.kind === 'answer') step.answerArticle(outcome.articleId);
      d.topic = outcome.topic;
      if (outcome.kind === 'answer') d.citations = d.citations.length ? d.citations : outcome.citations;
      d.state = { ...d.state, lastQuestion: text.slice(0, 500) };
    };

    /** One reply to several questions: each answered from its article, with all the sources. */
    /**
     * One reply to several questions, each answered from its own article, with all the sources. Only
     * when at least two of them find different articles; otherwise the mail is read as one question.
     */
    async function answerSeveral(questions: string[]): Promise<boolean> {
      const outcomes = await Promise.all(questions.map((q) => answerFreeText(q, lang, {}, deps)));
      const answered = outcomes.filter((o) => o.kind === 'answer');
      if (new Set(answered.map((o) => o.articleId)).size < 2) return false;
      const parts: string[] = [];
      const citations = new Map<string, Citation>();
      outcomes.forEach((outcome, i) => {
        if (outcome.kind !== 'answer')
          return parts.push(`«${questions[i]!.slice(0, 200)}»\n${t.t(lang, 'answer.unknown')}`);
        for (const c of outcome.citations) citations.set(c.url, c);
        return parts.push(outcome.reply.text);
      });
      d.topic = answered[0]!.topic;
      d.confidence = answered[0]!.score;
      d.citations = [...citations.values()];
      d.replies.push({
        text: parts.join('\n\n* * *\n\n'),
        citations: d.citations,
        choices: [
          { id: 'cmd:human', label: t.t(lang, 'choice.human') },
          { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
        ],
      });
      return true;
    }

    /** A valid answer is kept and leads on; several matching places are offered; anything else asks again. */
    function answerQuestion(question: QuestionStep, given: { text?: string; choice?: string }, at = current) {
      const reading = readAnswer(question, given, lang, inputDeps);
      if (reading.kind === 'invalid') {
        d.state = { ...d.state, view: 'step' };
        step.show(at, lang, reading.text);
        return;
      }
      if (reading.kind === 'ambiguous') {
        const nav = step.onScreenChoices().filter((c) => c.id.startsWith('cmd:'));
        d.replies.push({ text: reading.text, choices: [...reading.choices, ...nav] });
        d.state = { ...d.state, view: 'step' };
        return;
      }
      step.save(question.save, reading.value);
      const next =
        typeof question.next === 'string'
          ? question.next
          : reading.value === 'yes'
            ? question.next.yes
            : question.next.no;
      step.goTo(flows.resolve(next, at.flow));
    }

    // Past the per-sender limit: one "slow down" notice, then silence until the pace drops; the
    // messages stay in the conversation for a mediator. Danger still goes straight through.
    const meta = input.meta;
    const typedNow = input.text?.trim();
    if (meta?.throttled && !(typedNow && safety.match(typedNow))) {
      if (!d.state.throttled) d.replies.push({ text: t.t(lang, 'rateLimit.slowDown') });
      d.state = { ...d.state, throttled: true };
      return d;
    }
    if (d.state.throttled) d.state = { ...d.state, throttled: null };
    // A photo or voice note without words: a kind reply, and a mediator who can look at it.
    if (meta?.media && !input.text?.trim()) {
      step.escalate('media', false, 'media.received');
      return remember(d);
    }
    // A shared place answers "where is the nearest centre?" directly.
    if (meta?.location) {
      const start = flows.start('find-centre');
      const first = flows.step(start);
      if (first?.kind === 'question') {
        d.state = { ...d.state, at: formatPosition(start), view: 'step' };
        step.save(first.save, `geo:${meta.location.lat.toFixed(4)},${meta.location.lon.toFixed(4)}`);
        const next = typeof first.next === 'string' ? first.next : first.next.yes;
        step.goTo(flows.resolve(next, start.flow));
        return remember(d);
      }
    }
    if (meta?.unsupported && !input.text?.trim() && !input.choice) {
      d.replies.push({ text: t.t(lang, 'media.unsupported'), choices: step.onScreenChoices() });
      d.state = { ...d.state, view: 'content' };
      return remember(d);
    }

    // Danger, violence, trafficking and a request for a person are recognised before anything else.
    const typed = input.text?.trim();
    const danger = typed && !input.choice ? safety.match(typed) : undefined;
    if (danger) {
      step.escalate(danger.category === 'talk-to-human' ? 'asked' : danger.category);
      return remember(d);
    }
    // A pending "delete everything?" is answered first; a request to erase is confirmed before anything
    // is erased. Both work whatever the kill switches say: erasure is the person's right.
    if (d.state.confirming === 'erase' && answerErasure(d, input, step)) return remember(d);
    if (asksErasure(input)) {
      if (firstContact) d.replies = [];
      confirmErasure(d, lang);
      return remember(d);
    }
    // A channel whose automatic answers are switched off: a person answers, after the safety check.
    if (input.channelPaused) {
      step.escalate('paused', false, 'paused.channel');
      return remember(d);
    }
    if (typed && !input.choice && deps.guardrails?.match(typed)) {
      d.topic = 'out-of-scope';
      d.replies.push({ text: t.t(lang, 'answer.outOfScope'), choices: step.mainMenuChoices() });
      return remember(d);
    }

    // A typed number means an option of what the person last saw (buttons on WhatsApp, a numbered
    // list in an e-mail), or of the current step when the last reply had no options.
    const onScreen = Array.isArray(d.state.onScreen)
      ? (d.state.onScreen as Choice[])
      : step.onScreenChoices();
    const action = resolveInput(input, onScreen, lang, t);
    const here = flows.step(current);
    switch (action.kind) {
      case 'empty':
        step.resetTo(current, d.state.trail ?? []);
        break;
      case 'command': {
        const command = action.command;
        if (command === 'greeting') step.goTo(flows.main());
        else if (command === 'menu') step.resetTo(flows.main());
        else if (command === 'back') step.back();
        else if (command === 'language') step.listLanguages();
        else if (command === 'help') step.help();
        else if (command === 'stop') step.stop();
        else if (command === 'privacy') {
          d.replies.push({
            text: privacyNotice(lang, input.channel),
            choices: [
              { id: 'cmd:forget', label: t.t(lang, 'choice.forget') },
              { id: 'cmd:menu', label: t.t(lang, 'choice.menu') },
            ],
          });
          d.state = { ...d.state, view: 'content' };
        } else if (command === 'forget') confirmErasure(d, lang);
        else step.escalate('asked');
        break;
      }
      case 'choice': {
        const [kind, id] = action.id.split(':');
        const position = kind === 'go' ? parsePosition(action.id.slice(3)) : undefined;
        if (position && flows.step(position)) step.goTo(position);
        else if (kind === 'answer' && here?.kind === 'question') answerQuestion(here, { choice: action.id });
        else if (kind === 'lang' && isLang(id)) step.switchTo(id);
        else if (kind === 'keep') {
          d.state = { ...d.state, declinedLang: id ?? null };
          step.resetTo(current, d.state.trail ?? []);
        } else if (kind === 'article' && id) step.answerArticle(id);
        else step.notUnderstood();
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
        if (here?.kind === 'question') {
          const reading = readAnswer(here, { text: action.text }, lang, inputDeps);
          if (reading.kind !== 'invalid') {
            answerQuestion(here, { text: action.text });
            break;
          }
          // Not an answer: perhaps a question of its own. A confident answer wins; otherwise ask again.
          const outcome = deps.freeTextAnswers === false ? undefined : await freeText(action.text);
          if (outcome?.kind === 'answer') answerFound(outcome, action.text);
          else {
            d.state = { ...d.state, view: 'step' };
            step.show(current, lang, reading.text);
          }
          break;
        }
        // Free-text answers switched off (the day a content error is found): the menus still guide.
        if (deps.freeTextAnswers === false) {
          d.replies.push({
            text: t.t(lang, 'paused.freeText'),
            choices: [...step.mainMenuChoices(), { id: 'cmd:human', label: t.t(lang, 'choice.human') }],
          });
          d.state = { ...d.state, at: formatPosition(flows.main()), view: 'step' };
          break;
        }
        // A long mail with several questions gets one reply answering each of them.
        if (
          (input.meta?.questions?.length ?? 0) > 1 &&
          (await answerSeveral(input.meta!.questions!.slice(0, 5)))
        ) {
          d.state = { ...d.state, lastQuestion: action.text.slice(0, 500), view: 'content' };
          break;
        }
        const outcome = await freeText(action.text);
        d.confidence = outcome.score;
        // "Probably the centres" plus a place in the same message is enough to show the nearest one.
        if (
          outcome.kind === 'answer' ||
          (outcome.kind === 'clarify' && answeredFlow(outcome.topic, action.text)?.answered)
        ) {
          answerFound(outcome, action.text);
          break;
        }
        d.topic = outcome.topic;
        // A first message the assistant cannot place gets the whole menu to choose from.
        d.replies.push(
          firstContact && outcome.kind === 'unknown'
            ? {
                ...outcome.reply,
                choices: [...step.mainMenuChoices(), ...(outcome.reply.choices ?? []).slice(1)],
              }
            : outcome.reply,
        );
        const misses = (typeof d.state.misses === 'number' ? d.state.misses : 0) + 1;
        d.state = { ...d.state, lastQuestion: action.text.slice(0, 500), view: 'content', misses };
        // Not understood twice in a row, or unsure on a topic where a wrong answer costs a lot: a person.
        // On a sensitive topic the person is offered a mediator at once, and handed over if still unsure.
        const unsure = outcome.kind === 'clarify' && deps.knowledge.catalogue.topic(outcome.topic)?.sensitive;
        const unsureBefore =
          typeof input.state.unsureSensitive === 'number' ? input.state.unsureSensitive : 0;
        d.state = { ...d.state, unsureSensitive: unsure ? unsureBefore + 1 : 0 };
        if (unsure && unsureBefore >= 1) {
          step.escalate('sensitive', false, 'handoff.sensitive');
        } else if (unsure) {
          const last = d.replies.at(-1)!;
          const human = last.choices?.find((c) => c.id === 'cmd:human');
          if (human)
            d.replies[d.replies.length - 1] = {
              ...last,
              choices: [human, ...last.choices!.filter((c) => c !== human)],
            };
        } else if (outcome.kind === 'unknown' && misses >= MISSES_BEFORE_HANDOFF) {
          step.escalate('not-understood', false, 'handoff.notUnderstood');
        }
        break;
      }
    }
    return remember(d);
  }
}

/** "Monday 09:00" in the person's language and Lisbon time. */
function formatOpening(at: number | undefined, lang: Lang): string {
  if (at === undefined) return '';
  const locale = lang === 'pt' ? 'pt-PT' : lang === 'zh' ? 'zh-Hans' : lang;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Lisbon',
  }).format(at);
}

/** Keeps the options of the last reply in the state, for a number typed next. */
function remember(d: Decision): Decision {
  const shown = [...d.replies].reverse().find((r) => r.choices?.length)?.choices;
  d.state = { ...d.state, onScreen: shown ?? null };
  return d;
}
