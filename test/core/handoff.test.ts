import { describe, expect, it } from 'vitest';
import { createDecide } from '../../src/core/turn/decide.js';
import { DEFAULT_THRESHOLDS } from '../../src/core/turn/free-text.js';
import { queueFor, hasCapacity, type RoutingContext } from '../../src/core/handoff/routing.js';
import { isOpen, nextOpening, parseHours } from '../../src/core/handoff/office-hours.js';
import type { Handoff, MediatorProfile } from '../../src/core/handoff/types.js';
import type { Retriever } from '../../src/retrieval/retriever.js';
import { decideDeps } from '../../src/server.js';
import { sharedContent } from '../helpers/content.js';

const content = await sharedContent();

/** A retriever that always finds one article with one score. */
function always(articleId: string, score: number): Retriever {
  const article = content.knowledge.article(articleId)!;
  return {
    async search() {
      return {
        articles: [
          {
            articleId,
            topic: article.topic,
            score,
            vector: score,
            lexical: 0,
            best: { id: 0, articleId, topic: article.topic, lang: 'pt', kind: 'ask', text: '' },
          },
        ],
        tookMs: 0,
        degraded: false,
      };
    },
  };
}

const turn = (retriever: Retriever) => {
  const decide = createDecide({ ...decideDeps(content), retriever });
  return (text: string, state = {}, status: 'bot' | 'waiting' = 'bot') =>
    decide({ text, lang: 'pt', state: { welcomed: true, ...state }, status, topic: null });
};

describe('handing over to a mediator', () => {
  it('asks a mediator after two messages in a row it could not place', async () => {
    const say = turn(always('what-we-cover', 0.1));
    const first = await say('blorf quux');
    expect(first.escalated).toBe(false);
    const second = await say('zzz mmm', first.state);
    expect(second.escalated).toBe(true);
    expect(second.handoff).toMatchObject({ reason: 'not-understood', urgent: false });
    expect(second.replies.at(-1)!.text).toMatch(/não consegui perceber/);
  });

  it('offers a mediator first when unsure on a sensitive topic, and hands over if still unsure', async () => {
    const between = (DEFAULT_THRESHOLDS.answer + DEFAULT_THRESHOLDS.clarify) / 2;
    const say = turn(always('residence-expired-card', between));
    const first = await say('o cartão caducou e agora?');
    expect(first.escalated).toBe(false);
    expect(first.replies.at(-1)!.choices![0]!.id).toBe('cmd:human');
    const second = await say('e se já passou muito tempo?', first.state);
    expect(second.handoff).toMatchObject({ reason: 'sensitive' });
    const plain = turn(always('open-bank-account', between));
    const once = await plain('conta no banco?');
    expect((await plain('e sem papéis?', once.state)).escalated).toBe(false);
  });

  it('does not open a second handoff while the person waits, but tells them they are in the queue', async () => {
    const again = await turn(always('what-we-cover', 0.1))('quero falar com uma pessoa', {}, 'waiting');
    expect(again.escalated).toBe(true);
    expect(again.handoff).toBeUndefined();
    expect(again.replies[0]!.text).toMatch(/Já está na fila/);
  });
});

describe('routing the queue', () => {
  const always24 = parseHours('sun-sat 00:00-24:00');
  const base: Omit<MediatorProfile, 'id' | 'languages'> = {
    name: 'M',
    email: 'm@example.pt',
    role: 'mediator',
    offices: ['lisboa'],
    topics: [],
    capacity: 2,
    hours: always24,
    active: true,
  };
  const olena: MediatorProfile = {
    ...base,
    id: 'olena',
    languages: ['uk', 'pt'],
    topics: ['residence-renewal'],
  };
  const rahul: MediatorProfile = {
    ...base,
    id: 'rahul',
    languages: ['hi', 'ur', 'pa'],
    hours: parseHours('mon-fri 09:00-17:00'),
  };
  const h = (id: string, over: Partial<Handoff>): Handoff => ({
    id,
    conversationId: id,
    reason: 'asked',
    urgent: false,
    status: 'waiting',
    language: 'uk',
    topic: null,
    office: null,
    mediatorId: null,
    requestedAt: 0,
    claimedAt: null,
    closedAt: null,
    card: null,
    ...over,
  });
  const saturday = Date.UTC(2026, 11, 5, 12);
  const ctx = (now: number, load = new Map<string, number>()): RoutingContext => ({
    mediators: [olena, rahul],
    load,
    officeHours: always24,
    now,
  });

  it('orders urgent first, then the mediator’s language, then topic, then the oldest', () => {
    const waiting = [
      h('old-uk', { requestedAt: 1 }),
      h('new-uk-topic', { requestedAt: 5, topic: 'residence-renewal' }),
      h('urgent-pt', { requestedAt: 9, urgent: true, language: 'pt' }),
      h('hindi', { requestedAt: 0, language: 'hi' }),
      h('porto-team', { requestedAt: 0, office: 'porto' }),
    ];
    // Saturday: Rahul is off duty, so nobody on duty speaks Hindi: interpretation for Olena.
    const routed = queueFor(olena, waiting, ctx(saturday));
    expect(routed.map((r) => r.handoff.id)).toEqual(['urgent-pt', 'new-uk-topic', 'old-uk', 'hindi']);
    expect(routed.find((r) => r.handoff.id === 'hindi')!.interpretation).toBe(true);
    // On a weekday Rahul is on duty: Hindi goes to him, not to Olena.
    const monday = Date.UTC(2026, 10, 30, 11);
    expect(queueFor(olena, waiting, ctx(monday)).map((r) => r.handoff.id)).not.toContain('hindi');
    expect(queueFor(rahul, waiting, ctx(monday)).map((r) => r.handoff.id)).toEqual(['hindi']);
  });

  it('respects capacity and working hours in Lisbon time', () => {
    expect(hasCapacity(olena, ctx(saturday, new Map([['olena', 1]])))).toBe(true);
    expect(hasCapacity(olena, ctx(saturday, new Map([['olena', 2]])))).toBe(false);
    const weekdays = parseHours('mon-fri 09:00-17:00');
    // 29 Nov 2026 is a Sunday; in winter Lisbon is on UTC.
    expect(isOpen(weekdays, Date.UTC(2026, 10, 29, 10))).toBe(false);
    expect(isOpen(weekdays, Date.UTC(2026, 10, 30, 9, 30))).toBe(true);
    expect(new Date(nextOpening(weekdays, Date.UTC(2026, 10, 29, 10))!).toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
    // Summer time: 09:00 in Lisbon is 08:00 UTC.
    expect(isOpen(weekdays, Date.UTC(2026, 6, 1, 8, 30))).toBe(true);
    expect(() => parseHours('weekdays 9-5')).toThrow(/cannot read/);
  });
});
