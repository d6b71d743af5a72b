import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageObject, postWebhook, webhookBody } from '../../scripts/whatsapp/payloads.js';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { waitFor } from '../helpers/service.js';
import { startWhatsAppService, type WhatsAppService } from '../helpers/whatsapp.js';

const MAIL_SECRET = 'limits-mail-secret';

describe('the rate limiter', () => {
  it('allows the budget per key per minute, then refuses with the seconds to wait, per key', () => {
    let now = 60_000 * 100;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    for (let i = 0; i < 3; i++) expect(limiter.take('a').ok).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ ok: false, retryAfterS: 60 });
    expect(limiter.take('b').ok).toBe(true);
    now += 2 * 60_000; // two windows later the budget is whole again
    expect(limiter.take('a').ok).toBe(true);
  });

  it('keeps a bounded number of keys, and 0 switches it off', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // forgets a
    expect(limiter.take('a').ok).toBe(true);
    const off = createRateLimiter({ perMinute: 0, now: () => 0 });
    for (let i = 0; i < 1000; i++) expect(off.take('x').ok).toBe(true);
  });
});

describe('rate limits on every inbound path', () => {
  let wa: WhatsAppService;
  let server: WhatsAppService['server'];

  beforeAll(async () => {
    wa = await startWhatsAppService('limits', {
      RATE_LIMIT_PER_IP: '40',
      RATE_LIMIT_PER_SENDER: '5',
      EMAIL_FROM: 'Assistente <assistente@cnaim.example.pt>',
      EMAIL_INBOUND_SECRET: MAIL_SECRET,
    });
    server = wa.server;
  });
  afterAll(async () => wa?.close());

  it('answers 429 with Retry-After to a web-chat visitor who writes too fast, and keeps what was accepted', async () => {
    const start = await fetch(`${server.url}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await start.json()) as { token: string };
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${server.url}/api/webchat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientId: `limit-client-${i}`, text: 'Olá' }),
      });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('rate_limited:sender');
  });

  it('refuses an e-mail sender past the budget with 429 (the mail server tries again later)', async () => {
    const mail = (i: number) =>
      [
        'From: Ana <ana.limits@example.org>',
        'To: assistente@cnaim.example.pt',
        `Message-ID: <limit-${i}@example.org>`,
        'Subject: NIF',
        'Date: Mon, 30 Nov 2026 10:00:00 +0000',
        '',
        'Como tiro o NIF?',
      ].join('\r\n');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/webhooks/email`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MAIL_SECRET}`, 'content-type': 'message/rfc822' },
        body: mail(i),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('stores every WhatsApp message of a fast sender, and answers the excess with one "slow down"', async () => {
    const me = '351910000901';
    for (let i = 0; i < 8; i++) await wa.say(me, { type: 'text', body: `mensagem ${i}` }, `wamid.LIMIT${i}`);
    const { db } = server.service;
    await waitFor(async () => {
      const rows = await db
        .selectFrom('messages')
        .select('processed_at')
        .where('external_id', 'like', 'wamid.LIMIT%')
        .execute();
      return rows.length === 8 && rows.every((r) => r.processed_at !== null) ? true : undefined;
    });
    await waitFor(() =>
      wa.graph.messages().some((s) => JSON.stringify(s.body).includes('muitas mensagens')) ? true : undefined,
    );
    const slowDown = wa.graph
      .messages()
      .filter((s) => s.body.to === me && JSON.stringify(s.body).includes('muitas mensagens'));
    expect(slowDown).toHaveLength(1);
  });

  it('lets danger through even past the limit', async () => {
    const me = '351910000902';
    for (let i = 0; i < 6; i++) await wa.say(me, { type: 'text', body: `oi ${i}` }, `wamid.DANGER${i}`);
    await wa.say(me, { type: 'text', body: 'o meu marido bate-me todos os dias' }, 'wamid.DANGERX');
    // The slow-down notice itself names 112; the danger message must open an urgent handoff.
    const reasons = await waitFor(async () => {
      const rows = await server.service.db.selectFrom('handoffs').select('reason').execute();
      return rows.some((h) => h.reason === 'domestic-violence') ? rows : undefined;
    }, 10_000);
    expect(reasons.map((h) => h.reason)).toContain('domestic-violence');
  });

  it('refuses an address that keeps sending bad WhatsApp signatures with 429, and never stores them', async () => {
    const body = webhookBody({
      messages: [messageObject({ type: 'text', body: 'x' }, { from: '351910000903', id: 'wamid.BADSIG' })],
    });
    const statuses = new Set<number>();
    for (let i = 0; i < 45; i++) statuses.add(await postWebhook(server.url, body, 'not-the-secret'));
    expect([...statuses].sort()).toEqual([401, 429]);
    const stored = await server.service.db
      .selectFrom('messages')
      .select('id')
      .where('external_id', '=', 'wamid.BADSIG')
      .execute();
    expect(stored).toEqual([]);
  });

  it('answers 429 per client address on the web-chat API once the budget is spent', async () => {
    let last = 0;
    for (let i = 0; i < 60 && last !== 429; i++) {
      last = (await fetch(`${server.url}/api/webchat/sessions`, { method: 'POST', body: '{}' })).status;
    }
    expect(last).toBe(429);
  });
});
