import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/channels/email/render.js';
import { renderWebchat } from '../../src/channels/webchat/render.js';
import { renderWhatsApp } from '../../src/channels/whatsapp/render.js';
import { createDecide, type Decision } from '../../src/core/turn/decide.js';
import { LANGUAGES, type Lang } from '../../src/domain/language.js';
import type { ConversationState, Reply } from '../../src/domain/types.js';
import type { Translator } from '../../src/i18n/translator.js';
import { decideDeps } from '../../src/server.js';
import { sharedContent } from '../helpers/content.js';
import { whatsappLimitErrors } from '../helpers/limits.js';

const content = await sharedContent();

/** A translator that notes every text it had to take from another language. */
function recording(t: Translator, missing: Set<string>): Translator {
  return {
    ...t,
    t(lang, key, vars) {
      if (!t.has(lang, key) && !t.has(lang, `${key}_other`)) missing.add(`${lang}:${key}`);
      return t.t(lang, key, vars);
    },
  };
}

function words(t: Translator, lang: Lang) {
  return {
    source: t.t(lang, 'render.source'),
    verified: t.t(lang, 'render.verified'),
    replyWithNumber: t.t(lang, 'render.replyWithNumber'),
    listButton: t.t(lang, 'menu.button'),
  };
}

interface Visit {
  state: ConversationState;
  via: string;
}

/**
 * Walks the flows as a person would, from the main menu, taking every option on screen (and typing a
 * place or a yes/no where a question asks), and checks every reply on the way.
 */
async function walk(lang: Lang) {
  const missing = new Set<string>();
  const t = recording(content.t, missing);
  const decide = createDecide({ ...decideDeps(content), t });
  const problems: string[] = [];
  const visited = new Set<string>();
  const reached = new Set<string>();
  const fallback = content.t.t(lang, 'fallback.notUnderstood');
  const queue: Visit[] = [{ state: { welcomed: true, at: 'main/menu' }, via: 'start' }];
  let turns = 0;

  const check = (d: Decision, via: string) => {
    turns += 1;
    if (d.replies.length === 0) problems.push(`${via}: no reply`);
    if (d.replies.some((r) => r.text.includes(fallback))) problems.push(`${via}: a choice that goes nowhere`);
    const last = d.replies.at(-1);
    const ended = d.escalated || d.state.view === 'content';
    if (!ended && !last?.choices?.length) problems.push(`${via}: a dead end (no options)`);
    for (const reply of d.replies) checkRendering(reply, via);
  };
  const checkRendering = (reply: Reply, via: string) => {
    for (const payload of renderWhatsApp(reply, words(t, lang)))
      for (const error of whatsappLimitErrors(payload)) problems.push(`${via}: WhatsApp ${error}`);
    const [mail] = renderEmail(reply, words(t, lang));
    if (!mail || mail.choiceIds.length !== (reply.choices?.length ?? 0))
      problems.push(`${via}: e-mail options`);
    if (!renderWebchat(reply, lang).length) problems.push(`${via}: web chat`);
    for (const choice of reply.choices ?? []) {
      if (!choice.label.trim()) problems.push(`${via}: an option without a label`);
      if (choice.id.length > 200) problems.push(`${via}: option id too long`);
    }
  };
  const step = async (state: ConversationState, given: { text?: string; choice?: string }, via: string) => {
    const d = await decide({ ...given, lang, state, status: 'bot', topic: null });
    check(d, via);
    if (typeof d.state.at === 'string') reached.add(d.state.at.replace(/@.*/, ''));
    if (!d.escalated && d.state.view !== 'content' && typeof d.state.at === 'string') {
      const key = `${d.state.at}|${JSON.stringify(d.state.slots ?? {})}`;
      if (!visited.has(key)) {
        visited.add(key);
        queue.push({ state: d.state, via });
      }
    }
    return d;
  };

  await step({ welcomed: true }, { text: 'menu' }, 'menu');
  while (queue.length) {
    const { state, via } = queue.shift()!;
    const onScreen = (state.onScreen as Reply['choices']) ?? [];
    for (const choice of onScreen) await step(state, { choice: choice.id }, `${via} > ${choice.label}`);
    // Numbers work as well as buttons.
    if (onScreen.length) await step(state, { text: '1' }, `${via} > 1`);
    const flow = content.flows.step(parse(state.at as string));
    if (flow?.kind === 'question' && flow.input === 'place') {
      for (const typed of ['Amadora', 'lisbon', 'Lagoa', 'xyzzy qwerty'])
        await step(state, { text: typed }, `${via} > "${typed}"`);
    }
    if (flow?.kind === 'question' && flow.input === 'yes-no') {
      for (const word of content.t.list(lang, 'words.no').slice(0, 2))
        await step(state, { text: word }, `${via} > "${word}"`);
    }
  }
  return { problems, missing: [...missing], reached, turns };
}

function parse(at: string) {
  const [flow, rest] = at.split('/') as [string, string];
  return { flow, step: rest.replace(/@.*/, '') };
}

const everyStep = [...content.flows.flows.values()].flatMap((f) =>
  Object.keys(f.steps).map((s) => `${f.id}/${s}`),
);

describe('guided flows', () => {
  it.each(LANGUAGES)(
    'every path of every flow works in %s: no missing text, dead end or option over a limit',
    async (lang) => {
      const { problems, missing, reached, turns } = await walk(lang);
      expect(missing, 'texts missing in this language').toEqual([]);
      expect(problems.slice(0, 10)).toEqual([]);
      // Handoff and end steps act and return; every other step is a place the walk stood on.
      const places = everyStep.filter((s) => {
        const kind = content.flows.step(parse(s))?.kind;
        return kind !== 'handoff' && kind !== 'end';
      });
      expect(places.filter((s) => !reached.has(s))).toEqual([]);
      expect(turns).toBeGreaterThan(places.length);
    },
  );

  it('covers every topic of the service catalogue and every article', () => {
    const shown = new Set<string>();
    const topics = new Set<string>();
    for (const flow of content.flows.flows.values()) {
      if (flow.topic) topics.add(flow.topic);
      for (const step of Object.values(flow.steps)) {
        if (step.kind === 'information' && step.article) shown.add(step.article);
        for (const option of 'options' in step ? step.options : [])
          if ('topic' in option.label) topics.add(option.label.topic);
      }
    }
    for (const article of content.knowledge.articles) {
      topics.add(shown.has(article.id) ? article.topic : '');
    }
    const catalogue = content.knowledge.catalogue.topics.map((t) => t.id);
    expect(catalogue.filter((id) => !topics.has(id))).toEqual([]);
    const unshown = content.knowledge.articles.filter((a) => !shown.has(a.id) && a.topic !== 'talk-to-human');
    expect(unshown.map((a) => a.id)).toEqual([]);
  });
});
