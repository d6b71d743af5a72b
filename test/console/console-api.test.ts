import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/console/passwords.js';
import type { NewMediator } from '../../src/core/handoff/ports.js';
import { makeService } from '../helpers/service.js';

const PASSWORD = 'a-long-test-password';
const HOURS_ALWAYS = {
  0: [[0, 1440]],
  1: [[0, 1440]],
  2: [[0, 1440]],
  3: [[0, 1440]],
  4: [[0, 1440]],
  5: [[0, 1440]],
  6: [[0, 1440]],
} as NewMediator['hours'];

type Made = Awaited<ReturnType<typeof makeService>>;

describe('the mediator console API', () => {
  let made: Made;
  let now = Date.UTC(2026, 10, 30, 10); // a Monday, 10:00 in Lisbon
  beforeEach(async () => {
    now = Date.UTC(2026, 10, 30, 10);
    made = await makeService({}, { clock: { now: () => now } });
  });
  afterEach(async () => made?.close());

  const app = () => made.service.app;
  async function mediator(email: string, overrides: Partial<NewMediator> = {}) {
    return made.service.store.createMediator(
      {
        name: email.split('@')[0]!,
        email,
        role: 'mediator',
        languages: ['pt'],
        offices: ['remote'],
        topics: [],
        capacity: 5,
        hours: HOURS_ALWAYS,
        passwordHash: await hashPassword(PASSWORD),
        ...overrides,
      },
      now,
    );
  }
  async function signIn(email: string, password = PASSWORD) {
    const res = await app().request('/console/api/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    const body = (await res.json()) as { csrf?: string };
    return {
      status: res.status,
      cookie,
      csrf: body.csrf ?? '',
      setCookie: res.headers.get('set-cookie') ?? '',
    };
  }
  const api = (session: { cookie: string; csrf: string }) => ({
    get: (path: string) => app().request(`/console/api${path}`, { headers: { cookie: session.cookie } }),
    post: (path: string, body: unknown = {}, csrf = session.csrf) =>
      app().request(`/console/api${path}`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      }),
  });
  /** A person on web chat who asks for a mediator, in a language. */
  async function personAsks(address: string, lang: 'uk' | 'pt' | 'ar', text: string) {
    const { accepted } = await made.service.engine.handle({
      channel: 'webchat',
      address,
      externalId: `${address}-1`,
      text: 'Olá',
      sentAt: now,
      langHint: lang,
    });
    await made.service.engine.handle({
      channel: 'webchat',
      address,
      externalId: `${address}-2`,
      text,
      sentAt: now,
      langHint: lang,
    });
    return accepted.conversationId;
  }

  it('signs in with an HttpOnly, SameSite cookie and refuses a wrong password', async () => {
    await mediator('ana@example.pt');
    const wrong = await signIn('ana@example.pt', 'not-the-password');
    expect(wrong.status).toBe(401);
    const unknown = await signIn('nobody@example.pt');
    expect(unknown.status).toBe(401);
    const ok = await signIn('ana@example.pt');
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toMatch(/HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Strict/i);
    expect(ok.setCookie).not.toMatch(/Secure/); // plain http on localhost
    expect((await api(ok).get('/me')).status).toBe(200);
  });

  it('locks an account after repeated failed sign-ins', async () => {
    await mediator('rui@example.pt');
    for (let i = 0; i < 5; i++) expect((await signIn('rui@example.pt', 'wrong-wrong')).status).toBe(401);
    expect((await signIn('rui@example.pt')).status).toBe(429);
    now += 16 * 60_000;
    expect((await signIn('rui@example.pt')).status).toBe(200);
  });

  it('refuses a change without the CSRF token, and a session that has been idle too long', async () => {
    await mediator('eva@example.pt');
    const session = await signIn('eva@example.pt');
    const conversation = await personAsks('csrf-person', 'pt', 'quero falar com uma pessoa');
    expect((await api(session).post(`/conversations/${conversation}/claim`, {}, '')).status).toBe(403);
    expect((await api(session).post(`/conversations/${conversation}/claim`, {}, 'forged')).status).toBe(403);
    expect((await api(session).post(`/conversations/${conversation}/claim`)).status).toBe(200);
    now += 9 * 3_600_000;
    expect((await api(session).get('/queue')).status).toBe(401);
    const signOut = await signIn('eva@example.pt');
    expect((await api(signOut).post('/sign-out')).status).toBe(204);
    expect((await api(signOut).get('/me')).status).toBe(401);
  });

  it('routes by language, urgency and age, and shows the case card', async () => {
    await mediator('olena@example.pt', { languages: ['uk', 'ru', 'pt'] });
    const session = await signIn('olena@example.pt');
    const older = await personAsks('uk-older', 'uk', 'хочу поговорити з людиною');
    now += 60_000;
    const portuguese = await personAsks('pt-person', 'pt', 'quero falar com uma pessoa');
    now += 60_000;
    const urgent = await personAsks('uk-urgent', 'uk', 'мій чоловік мене б’є, мені страшно');
    const queue = (await (await api(session).get('/queue')).json()) as {
      waiting: { conversationId: string; urgent: boolean; languageName: string; reason: string }[];
    };
    expect(queue.waiting.map((w) => w.conversationId)).toEqual([urgent, older, portuguese]);
    expect(queue.waiting[0]).toMatchObject({
      urgent: true,
      languageName: 'Українська',
      reason: 'domestic-violence',
    });
    const view = (await (await api(session).get(`/conversations/${older}`)).json()) as {
      handoff: { card: { asked: string[]; reason: string; language: string; channel: string } };
    };
    expect(view.handoff.card).toMatchObject({ reason: 'asked', language: 'uk', channel: 'webchat' });
    expect(view.handoff.card.asked).toContain('хочу поговорити з людиною');
    const audit = await made.service.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'conversation.opened')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail ?? '').not.toContain('людиною');
  });

  it('keeps the bot silent while a mediator holds the conversation, except for global commands', async () => {
    await mediator('joao@example.pt');
    const session = await signIn('joao@example.pt');
    const conversation = await personAsks('held-person', 'pt', 'quero falar com uma pessoa');
    expect((await api(session).post(`/conversations/${conversation}/claim`)).status).toBe(200);
    const say = async (text: string, n: number) =>
      (
        await made.service.engine.handle({
          channel: 'webchat',
          address: 'held-person',
          externalId: `held-${n}`,
          text,
          sentAt: now,
        })
      ).trace!;
    expect((await say('como tiro o NIF?', 3)).replies).toEqual([]);
    expect((await say('pessoa', 4)).replies[0]!.text).toMatch(/mediador/);
    expect((await say('ajuda', 5)).replies[0]!.text).toMatch(/número de uma opção/);
    // The mediator's reply goes through the person's channel.
    expect(
      (await api(session).post(`/conversations/${conversation}/reply`, { text: 'Bom dia, sou o João.' }))
        .status,
    ).toBe(202);
    const out = await made.service.db
      .selectFrom('messages')
      .select(['author', 'text'])
      .where('conversation_id', '=', conversation)
      .where('author', '=', 'mediator')
      .execute();
    expect(out).toEqual([{ author: 'mediator', text: 'Bom dia, sou o João.' }]);
    // Handed back, the bot answers again.
    expect((await api(session).post(`/conversations/${conversation}/hand-back`)).status).toBe(200);
    const after = await say('como tiro o NIF nas Finanças?', 6);
    expect(after.replies.length).toBeGreaterThan(0);
    expect(after.topic).toBe('nif');
  });

  it('transfers to another mediator or team, and closes with an outcome and tags', async () => {
    await mediator('a@example.pt');
    const other = await mediator('b@example.pt');
    const a = await signIn('a@example.pt');
    const b = await signIn('b@example.pt');
    const conversation = await personAsks('transfer-person', 'pt', 'quero falar com uma pessoa');
    await api(a).post(`/conversations/${conversation}/claim`);
    expect((await api(b).post(`/conversations/${conversation}/reply`, { text: 'x' })).status).toBe(403);
    expect(
      (await api(a).post(`/conversations/${conversation}/transfer`, { mediatorId: other.id })).status,
    ).toBe(200);
    expect((await api(a).post(`/conversations/${conversation}/reply`, { text: 'x' })).status).toBe(403);
    expect(
      (await api(b).post(`/conversations/${conversation}/notes`, { text: 'Precisa de NIF.' })).status,
    ).toBe(201);
    const closed = await api(b).post(`/conversations/${conversation}/close`, {
      outcome: 'resolved',
      tags: ['nif'],
    });
    expect(closed.status).toBe(200);
    const handoff = await made.service.db
      .selectFrom('handoffs')
      .selectAll()
      .where('conversation_id', '=', conversation)
      .executeTakeFirstOrThrow();
    expect(handoff).toMatchObject({
      status: 'closed',
      outcome: 'resolved',
      tags: '["nif"]',
      mediator_id: other.id,
    });
    const actions = (await made.service.db.selectFrom('audit_log').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['handoff.claimed', 'handoff.transferred', 'note.added', 'handoff.closed']),
    );
  });

  it('does not let a mediator read another team’s or language’s conversation through any endpoint', async () => {
    await mediator('porto@example.pt', { languages: ['pt'], offices: ['porto'] });
    await mediator('arabic@example.pt', { languages: ['ar'], offices: ['lisboa'] });
    await mediator('chief@example.pt', { role: 'supervisor', offices: ['lisboa'] });
    const outsider = await signIn('porto@example.pt');
    const chief = await signIn('chief@example.pt');
    const conversation = await personAsks('ar-person', 'ar', 'أريد التحدث مع شخص');
    const queue = (await (await api(outsider).get('/queue')).json()) as { waiting: unknown[] };
    expect(queue.waiting).toEqual([]);
    for (const path of ['', '/stream']) {
      expect((await api(outsider).get(`/conversations/${conversation}${path}`)).status, path).toBe(403);
    }
    for (const path of ['/claim', '/reply', '/notes', '/hand-back', '/transfer', '/close']) {
      const body =
        path === '/transfer' ? { office: 'porto' } : path === '/close' ? { outcome: 'other' } : { text: 'x' };
      expect((await api(outsider).post(`/conversations/${conversation}${path}`, body)).status, path).toBe(
        403,
      );
    }
    expect((await api(chief).get(`/conversations/${conversation}`)).status).toBe(200);
    expect((await api(outsider).post('/mediators', {})).status).toBe(403);
    const created = await api(chief).post('/mediators', {
      email: 'new@example.pt',
      name: 'Nova Mediadora',
      role: 'mediator',
      languages: ['bn', 'hi'],
      offices: ['lisboa'],
    });
    expect(created.status).toBe(201);
    const { password } = (await created.json()) as { password: string };
    expect((await signIn('new@example.pt', password)).status).toBe(200);
  });

  it('lets a supervisor export and erase the person behind a conversation, both audited', async () => {
    await mediator('staff@example.pt', { offices: ['lisboa'] });
    await mediator('boss@example.pt', { role: 'supervisor', offices: ['lisboa'] });
    const staff = await signIn('staff@example.pt');
    const boss = await signIn('boss@example.pt');
    const conversation = await personAsks('gdpr-person', 'pt', 'quero falar com uma pessoa');
    await made.service.engine.handle({
      channel: 'webchat',
      address: 'someone-else',
      externalId: 'someone-else-1',
      text: 'Olá',
      sentAt: now,
    });

    expect((await api(staff).get(`/conversations/${conversation}/export`)).status).toBe(403);
    expect((await api(staff).post(`/conversations/${conversation}/erase`, { confirm: 'erase' })).status).toBe(
      403,
    );
    const exported = await api(boss).get(`/conversations/${conversation}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    const data = (await exported.json()) as { contacts: { address: string }[]; conversations: unknown[] };
    expect(data.contacts).toEqual([expect.objectContaining({ address: 'gdpr-person' })]);
    expect(JSON.stringify(data)).toContain('quero falar com uma pessoa');

    // Erasure cannot be undone: the request must say so.
    expect((await api(boss).post(`/conversations/${conversation}/erase`, {})).status).toBe(400);
    const erased = await api(boss).post(`/conversations/${conversation}/erase`, { confirm: 'erase' });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ ok: true, erased: { identities: 1, conversations: 1 } });
    expect((await api(boss).get(`/conversations/${conversation}`)).status).toBe(404);
    const { db } = made.service;
    expect(await db.selectFrom('contacts').select('address').execute()).toEqual([
      { address: 'someone-else' },
    ]);
    const audit = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['person.exported', 'person.erased']));
    const bossId = (await made.service.store.mediatorByEmail('boss@example.pt'))!.id;
    expect(audit.filter((a) => a.action.startsWith('person.')).map((a) => a.actor_id)).toEqual([
      bossId,
      bossId,
    ]);
    expect(JSON.stringify(audit)).not.toContain('gdpr-person');
  });

  it('sends a conversation nobody can speak to any mediator, with interpretation suggested', async () => {
    await mediator('pt-only@example.pt', { languages: ['pt', 'en'] });
    const session = await signIn('pt-only@example.pt');
    await personAsks('ar-nobody', 'ar', 'أريد التحدث مع شخص');
    const queue = (await (await api(session).get('/queue')).json()) as {
      waiting: { interpretation: boolean }[];
    };
    expect(queue.waiting).toHaveLength(1);
    expect(queue.waiting[0]!.interpretation).toBe(true);
  });

  it('tells the person the expected wait during office hours, and when the office opens outside them', async () => {
    await mediator('day@example.pt');
    const open = await made.service.engine.handle({
      channel: 'webchat',
      address: 'wait-open',
      externalId: 'wait-open-1',
      text: 'quero falar com uma pessoa',
      sentAt: now,
      langHint: 'pt',
    });
    expect(open.trace!.replies.at(-1)!.text).toMatch(/dentro de cerca de \d+ minutos/);
    now = Date.UTC(2026, 11, 5, 22); // Saturday night
    const closed = await made.service.engine.handle({
      channel: 'webchat',
      address: 'wait-closed',
      externalId: 'wait-closed-1',
      text: 'quero falar com uma pessoa',
      sentAt: now,
      langHint: 'pt',
    });
    expect(closed.trace!.replies.at(-1)!.text).toMatch(/segunda-feira/);
  });
});
