import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeService, waitFor } from '../helpers/service.js';

type Made = Awaited<ReturnType<typeof makeService>>;
let made: Made;
beforeEach(async () => {
  made = await makeService();
});
afterEach(async () => {
  await made.close();
});

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function startSession(lang = 'en'): Promise<string> {
  const res = await made.service.app.request('/api/webchat/sessions', json({ lang }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function history(token: string) {
  const res = await made.service.app.request('/api/webchat/messages', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      messages: { id: string; author: string; text: string; choices?: { id: string; label: string }[] }[];
    }
  ).messages;
}

describe('web chat API', () => {
  it('answers a visitor with the welcome and the menu in their language', async () => {
    const token = await startSession('en-GB');
    const res = await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0001', text: 'hi' }, token),
    );
    expect(res.status).toBe(202);
    const messages = await waitFor(async () => {
      const list = await history(token);
      return list.length >= 3 ? list : undefined;
    });
    expect(messages[0]).toMatchObject({ author: 'contact', text: 'hi' });
    expect(messages[1]?.text).toMatch(/automated assistant/);
    expect((messages[1] as { lang?: string }).lang).toBe('en');
    expect(messages[2]?.choices?.map((c) => c.label)).toContain('Health');
  });

  it('takes a quick-reply choice and a typed number alike', async () => {
    const token = await startSession('pt');
    await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0001', text: 'olá' }, token),
    );
    await waitFor(async () => ((await history(token)).length >= 3 ? true : undefined));
    await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0002', choice: 'go:health/menu', text: 'Saúde' }, token),
    );
    const afterChoice = await waitFor(async () => {
      const list = await history(token);
      return list.length >= 5 ? list : undefined;
    });
    expect(afterChoice[4]?.choices?.[0]?.id).toBe('go:health/health-sns');
    await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0003', text: '1' }, token),
    );
    const afterNumber = await waitFor(async () => {
      const list = await history(token);
      return list.length >= 7 ? list : undefined;
    });
    // Health has several articles: the person picks one and gets it with its official sources.
    const article = afterNumber[6]?.choices?.[0];
    expect(article?.id).toMatch(/^go:health\/[a-z0-9-]+$/);
    await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0004', choice: article!.id, text: article!.label }, token),
    );
    const answered = await waitFor(async () => {
      const list = await history(token);
      return list.length >= 9 ? list : undefined;
    });
    const res = await made.service.app.request('/api/webchat/messages', {
      headers: { authorization: `Bearer ${token}` },
    });
    const raw = (await res.json()) as { messages: { citations?: { url: string; lastVerified: string }[] }[] };
    expect(answered[8]?.text).toContain(article!.label);
    expect(raw.messages[8]?.citations?.[0]?.url).toMatch(/^https:\/\//);
    expect(raw.messages[8]?.citations?.[0]?.lastVerified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('does not answer the same client message twice', async () => {
    const token = await startSession();
    const first = await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-same', text: 'hi' }, token),
    );
    const again = await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-same', text: 'hi' }, token),
    );
    expect(((await first.json()) as { duplicate: boolean }).duplicate).toBe(false);
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true);
    await waitFor(async () => ((await history(token)).length >= 3 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(await history(token)).toHaveLength(3);
  });

  it('streams replies as server-sent events, replaying what the visitor missed', async () => {
    const token = await startSession();
    await made.service.app.request(
      '/api/webchat/messages',
      json({ clientId: 'client-0001', text: 'hello' }, token),
    );
    await waitFor(async () => ((await history(token)).length >= 3 ? true : undefined));
    const controller = new AbortController();
    const res = await made.service.app.request('/api/webchat/stream', {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/event: message/g) ?? []).length < 3) {
      const chunk = await reader.read();
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toMatch(/automated assistant/);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });

  describe('refuses bad input with a clear 4xx', () => {
    it('malformed JSON', async () => {
      const token = await startSession();
      const res = await made.service.app.request('/api/webchat/messages', json('{"clientId": "abc', token));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request:json' } });
    });

    it('a body that is not JSON', async () => {
      const token = await startSession();
      const res = await made.service.app.request('/api/webchat/messages', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body: 'hello',
      });
      expect(res.status).toBe(415);
    });

    it('an oversized body', async () => {
      const token = await startSession();
      const res = await made.service.app.request(
        '/api/webchat/messages',
        json({ clientId: 'client-0001', text: 'x'.repeat(100_000) }, token),
      );
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large:body' } });
    });

    it('a message without text or choice, or with a bad client id', async () => {
      const token = await startSession();
      const empty = await made.service.app.request(
        '/api/webchat/messages',
        json({ clientId: 'client-0001', text: '   ' }, token),
      );
      expect(empty.status).toBe(400);
      const badId = await made.service.app.request(
        '/api/webchat/messages',
        json({ clientId: '<script>', text: 'hi' }, token),
      );
      expect(badId.status).toBe(400);
      expect(((await badId.json()) as { error: { message: string } }).error.message).toMatch(/clientId/);
    });

    it('unknown or missing session tokens', async () => {
      const unknown = await made.service.app.request(
        '/api/webchat/messages',
        json({ clientId: 'client-0001', text: 'hi' }, 'A'.repeat(43)),
      );
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ error: { code: 'unauthorized:session' } });
      const missing = await made.service.app.request('/api/webchat/messages');
      expect(missing.status).toBe(401);
      const stream = await made.service.app.request('/api/webchat/stream', {
        headers: { authorization: 'Bearer nope' },
      });
      expect(stream.status).toBe(401);
    });

    it('unknown routes and a bad history cursor', async () => {
      const token = await startSession();
      expect((await made.service.app.request('/api/nope')).status).toBe(404);
      const res = await made.service.app.request('/api/webchat/messages?after=../../etc', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(400);
    });
  });

  it('reports health, and readiness only once what a crash left unanswered has been answered', async () => {
    expect(await (await made.service.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await made.service.app.request('/readyz')).status).toBe(503);
    await made.service.start();
    expect((await made.service.app.request('/readyz')).status).toBe(200);
  });

  it('serves the demo page with the widget under a Content-Security-Policy', async () => {
    const page = await made.service.app.request('/');
    expect(page.headers.get('content-security-policy')).toMatch(/object-src 'none'/);
    expect(await page.text()).toMatch(/<script src="\/widget.js" defer><\/script>/);
    const widget = await made.service.app.request('/widget.js');
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
  });
});
