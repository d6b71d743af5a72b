import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  messageObject,
  postWebhook,
  statusObject,
  webhookBody,
  type InboundSpec,
} from '../../scripts/whatsapp/payloads.js';
import { startGraphStandIn, type GraphStandIn, type RecordedSend } from '../../scripts/whatsapp/stand-in.js';
import { createGraphClient } from '../../src/channels/whatsapp/graph-client.js';
import { createWhatsAppSender } from '../../src/channels/whatsapp/sender.js';
import type { OutboxItem } from '../../src/core/ports.js';
import { runServer, waitFor } from '../helpers/service.js';

const SECRET = 'conversation-app-secret';
const TOKEN = 'conversation-access-token';

describe('a WhatsApp conversation through the webhook and the Graph API stand-in', () => {
  let graph: GraphStandIn;
  let server: Awaited<ReturnType<typeof runServer>>;
  let counter = 0;

  beforeAll(async () => {
    graph = await startGraphStandIn({ port: 0, accessToken: TOKEN });
    server = await runServer(
      {
        WHATSAPP_VERIFY_TOKEN: 'conversation-verify',
        WHATSAPP_APP_SECRET: SECRET,
        WHATSAPP_ACCESS_TOKEN: TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_API_URL: `${graph.url}/v23.0`,
      },
      { relay: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 } },
    );
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
  });

  const say = async (from: string, spec: InboundSpec) => {
    counter += 1;
    const body = webhookBody({ messages: [messageObject(spec, { from, id: `wamid.CONV${counter}` })] });
    expect(await postWebhook(server.url, body, SECRET)).toBe(200);
  };
  const messagesTo = (to: string) => graph.messages().filter((s) => s.body.to === to);
  const next = async (to: string, count: number) =>
    waitFor(() => (messagesTo(to).length >= count ? messagesTo(to) : undefined), 10_000);
  const interactive = (send: RecordedSend) =>
    send.body.interactive as
      | { type: 'button'; action: { buttons: { reply: { id: string; title: string } }[] } }
      | { type: 'list'; action: { sections: { rows: { id: string; title: string }[] }[] } }
      | undefined;
  const options = (send: RecordedSend) => {
    const i = interactive(send);
    if (!i) return [];
    return i.type === 'button'
      ? i.action.buttons.map((b) => b.reply)
      : i.action.sections.flatMap((s) => s.rows);
  };

  it('greets, answers list choices and a typed question, marks messages read and tracks delivery', async () => {
    const me = '351910000201';
    await say(me, { type: 'text', body: 'Olá, bom dia' });
    const greeting = await next(me, 2);
    expect(JSON.stringify(greeting[0]!.body)).toMatch(/assistente/);
    const menu = greeting[1]!;
    expect(interactive(menu)?.type).toBe('list');
    const documents = options(menu).find((o) => o.id === 'go:documents/menu')!;
    await say(me, { type: 'list_reply', id: documents.id, title: documents.title });
    const area = (await next(me, 3))[2]!;
    const nif = options(area).find((o) => o.id === 'go:documents/nif')!;
    expect(nif).toBeDefined();
    await say(me, { type: 'button_reply', id: nif.id, title: nif.title });
    await next(me, 4);
    await say(me, { type: 'text', body: 'quanto custa o NISS e onde peço?' });
    const answer = (await next(me, 5)).slice(4);
    expect(JSON.stringify(answer)).toMatch(/Segurança Social/);
    // The person's messages are marked read, with the typing indicator.
    await waitFor(() => (graph.reads().length >= 4 ? true : undefined));
    expect(graph.reads()[0]!.body).toMatchObject({ status: 'read', typing_indicator: { type: 'text' } });

    // Meta's status reports move the message forward, never back.
    const sent = greeting[0]!;
    const wamid = sent.messageId!;
    const report = (status: 'delivered' | 'read') =>
      postWebhook(server.url, webhookBody({ statuses: [statusObject(wamid, status, me)] }), SECRET);
    expect(await report('read')).toBe(200);
    expect(await report('delivered')).toBe(200);
    const row = await server.service.db
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .select('messages.delivery_status')
      .where('outbox.provider_id', '=', wamid)
      .executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('read');
  });

  it('answers a voice note kindly and asks a mediator; a shared location gets the nearest centre', async () => {
    const me = '351910000202';
    await say(me, { type: 'text', body: 'hello' });
    await next(me, 2);
    await say(me, { type: 'location', latitude: 41.15, longitude: -8.61 });
    const centres = (await next(me, 3))[2]!;
    expect(JSON.stringify(centres.body)).toMatch(/CNAIM Norte/);
    await say(me, { type: 'audio', voice: true });
    const reply = (await next(me, 4))[3]!;
    expect(JSON.stringify(reply.body)).toMatch(/voice messages/);
    const conversation = await server.service.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select('conversations.status')
      .where('contacts.address', '=', me)
      .executeTakeFirstOrThrow();
    expect(conversation.status).toBe('waiting');
  });

  it('retries through server errors and throttling, and dead-letters a permanent error with its reason', async () => {
    const me = '351910000203';
    graph.failNext(2);
    graph.throttleNext(1, 131056);
    await say(me, { type: 'text', body: 'olá' });
    await next(me, 2);
    expect(graph.rejected.filter((r) => r.code === 131056)).toHaveLength(1);

    const other = '351910000204';
    graph.permanentNext(1, 131026);
    await say(other, { type: 'text', body: 'olá' });
    const dead = await waitFor(async () =>
      server.service.db
        .selectFrom('outbox')
        .select(['status', 'last_error'])
        .where('recipient', '=', other)
        .where('status', '=', 'dead')
        .executeTakeFirst(),
    );
    expect(dead.last_error).toMatch(/131026/);
  });
});

describe('the 24-hour customer-service window', () => {
  it('sends the approved template in the person’s language once the window has closed, and only once', async () => {
    const graph = await startGraphStandIn({ port: 0, accessToken: TOKEN });
    try {
      const now = Date.UTC(2026, 10, 29, 12);
      let lastInbound = now - 60 * 60 * 1000;
      const sender = createWhatsAppSender({
        client: createGraphClient({
          apiUrl: `${graph.url}/v23.0`,
          accessToken: TOKEN,
          phoneNumberId: '106540352242922',
        }),
        clock: { now: () => now },
        lastInboundAt: async () => lastInbound,
        templates: { uk: { name: 'reopen_conversation', language: 'uk' } },
      });
      const item = (id: string): OutboxItem => ({
        id,
        messageId: id,
        conversationId: 'c',
        channel: 'whatsapp',
        recipient: '380501234567',
        payload: { lang: 'uk', message: { type: 'text', text: { body: 'Привіт', preview_url: false } } },
        attempts: 0,
        createdAt: now,
      });
      expect((await sender.send(item('a'))).kind).toBe('sent');
      expect(graph.messages()[0]!.body.type).toBe('text');

      lastInbound = now - 25 * 60 * 60 * 1000;
      expect((await sender.send(item('b'))).kind).toBe('sent');
      expect(graph.messages()[1]!.body).toMatchObject({
        type: 'template',
        template: { name: 'reopen_conversation', language: { code: 'uk' } },
      });
      const again = await sender.send(item('c'));
      expect(again).toMatchObject({ kind: 'failed', error: expect.stringMatching(/24-hour window/) });
      expect(graph.messages()).toHaveLength(2);
    } finally {
      await graph.close();
    }
  });
});
