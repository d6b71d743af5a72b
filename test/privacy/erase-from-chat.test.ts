import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedSend } from '../../scripts/whatsapp/stand-in.js';
import { auditEntries, waitFor } from '../helpers/service.js';
import { buttonsOf as buttons, startWhatsAppService, type WhatsAppService } from '../helpers/whatsapp.js';

describe('a person asks, from the chat, for their data to be deleted', () => {
  let wa: WhatsAppService;
  let server: WhatsAppService['server'];

  beforeAll(async () => {
    wa = await startWhatsAppService('erase', {
      PUBLIC_URL: 'https://assistente.example.pt',
      RETENTION_INACTIVE_DAYS: '120',
    });
    server = wa.server;
  });
  afterAll(async () => wa?.close());

  const say: WhatsAppService['say'] = (...args) => wa.say(...args);
  const sentTo: WhatsAppService['sentTo'] = (to) => wa.sentTo(to);
  const next: WhatsAppService['next'] = (to, count) => wa.next(to, count);
  const text = (send: RecordedSend) => JSON.stringify(send.body);
  const kept = async (address: string) => {
    const { db } = server.service;
    const contact = await db
      .selectFrom('contacts')
      .select('id')
      .where('address', '=', address)
      .executeTakeFirst();
    const outbox = await db.selectFrom('outbox').select('id').where('recipient', '=', address).execute();
    return { contact: Boolean(contact), outbox: outbox.length };
  };

  it('tells at first contact what is kept, for how long, and links the full notice', async () => {
    const me = '351910000801';
    await say(me, { type: 'text', body: 'Olá' });
    const [welcome] = await next(me, 1);
    expect(text(welcome!)).toContain('120');
    expect(text(welcome!)).toContain('https://assistente.example.pt/privacy');
    expect(text(welcome!)).toMatch(/apagar os meus dados/);
  });

  it('asks to confirm, erases everything after a yes, and the confirmation still reaches the person', async () => {
    const me = '351910000802';
    await say(me, { type: 'text', body: 'Como tiro o NIF?' });
    await next(me, 2);
    await say(me, { type: 'text', body: 'quero falar com uma pessoa' });
    await next(me, 3);
    expect(await server.service.db.selectFrom('handoffs').selectAll().execute()).not.toEqual([]);

    await say(me, { type: 'text', body: 'por favor apaguem os meus dados' });
    const sent = await next(me, 4);
    const question = sent.at(-1)!;
    expect(text(question)).toMatch(/Não é possível desfazer/);
    const yes = buttons(question).find((b) => b.id === 'erase:yes')!;
    expect(yes.title.length).toBeLessThanOrEqual(20);
    // Still everything there until the person says yes.
    expect((await kept(me)).contact).toBe(true);

    await say(me, { type: 'button_reply', id: yes.id, title: yes.title });
    const done = (await next(me, sentTo(me).length + 1)).at(-1)!;
    expect(text(done)).toMatch(/foram apagadas/);
    await waitFor(async () => ((await kept(me)).contact ? undefined : true));
    expect(await kept(me)).toEqual({ contact: false, outbox: 0 });
    const { db } = server.service;
    expect(await db.selectFrom('handoffs').selectAll().execute()).toEqual([]);
    const audit = await auditEntries(db, 'person.erased');
    expect(audit).toEqual([expect.objectContaining({ actor_type: 'contact', subject_id: null })]);
    expect(JSON.stringify(audit)).not.toContain(me);

    // Writing again starts afresh, with the welcome and the privacy notice.
    const before = sentTo(me).length;
    await say(me, { type: 'text', body: 'Olá' });
    const again = await waitFor(() =>
      sentTo(me).length >= before + 2 ? sentTo(me).slice(before) : undefined,
    );
    expect(again.map(text).join('\n')).toMatch(/Privacidade/);
  });

  it('keeps everything when the person says no, and on anything else than an explicit yes', async () => {
    const me = '351910000803';
    await say(me, { type: 'text', body: 'delete my data' });
    const question = (await next(me, 1)).at(-1)!;
    expect(text(question)).toMatch(/cannot be undone/);
    await say(me, { type: 'text', body: 'no' });
    expect(text((await next(me, sentTo(me).length + 1)).at(-1)!)).toMatch(/Nothing was deleted/);

    await say(me, { type: 'text', body: 'forget me' });
    await next(me, sentTo(me).length + 1);
    await say(me, { type: 'text', body: 'how do I get a NIF?' });
    const answer = (await next(me, sentTo(me).length + 1)).at(-1)!;
    expect(text(answer)).toMatch(/NIF/);
    expect((await kept(me)).contact).toBe(true);
    expect(await auditEntries(server.service.db, 'person.erased')).toHaveLength(1);
  });

  it('in the web chat, ends the session with the data, so the widget starts afresh', async () => {
    const start = await fetch(`${server.url}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lang: 'en' }),
    });
    const { token } = (await start.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const send = async (body: object, clientId: string) =>
      (
        await fetch(`${server.url}/api/webchat/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ clientId, ...body }),
        })
      ).status;
    const history = async () => {
      const res = await fetch(`${server.url}/api/webchat/messages`, { headers });
      return res.status === 200
        ? ((await res.json()) as { messages: { text: string }[] }).messages
        : res.status;
    };
    expect(await send({ text: 'please delete my data' }, 'erase-web-1')).toBe(202);
    await waitFor(async () => {
      const messages = await history();
      return Array.isArray(messages) && messages.some((m) => /cannot be undone/.test(m.text))
        ? true
        : undefined;
    });
    expect(await send({ choice: 'erase:yes' }, 'erase-web-2')).toBe(202);
    await waitFor(async () => ((await history()) === 401 ? true : undefined));
  });

  it('explains how data is used when the person writes "privacy", with a button to delete it', async () => {
    const me = '351910000804';
    await say(me, { type: 'text', body: 'privacy' });
    // The welcome goes first (a message of its own on WhatsApp), then the notice.
    const notice = (await next(me, 2)).at(-1)!;
    expect(text(notice)).toMatch(/WhatsApp number/);
    expect(text(notice)).toMatch(/AIMA/);
    expect(buttons(notice).map((b) => b.id)).toContain('cmd:forget');
  });

  it('serves the full notice, listing what is kept, for how long and how to erase it', async () => {
    const res = await fetch(`${server.url}/privacy`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    const html = await res.text();
    expect(html).toContain('<table>');
    expect(html).toMatch(/RETENTION_INACTIVE_DAYS/);
    expect(html).toMatch(/npm run privacy -- erase/);
  });
});
