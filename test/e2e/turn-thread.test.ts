import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INDEX_DIR } from '../helpers/content.js';
import { waitFor } from '../helpers/service.js';
import { startWhatsAppService, type WhatsAppService } from '../helpers/whatsapp.js';

/**
 * The layout `npm start` runs: the main thread acknowledges and serves, a turn thread of lower
 * priority runs the turns and the outbox. Same conversations, same replies, through both threads.
 */
describe('turns on a thread of their own', () => {
  let wa: WhatsAppService;
  const traces: string[] = [];

  beforeAll(async () => {
    wa = await startWhatsAppService(
      'thread',
      {},
      { role: 'front', contentDir: TEST_INDEX_DIR, onTurn: (trace) => traces.push(trace.messageId) },
    );
  }, 120_000);
  afterAll(async () => wa?.close());

  it('answers a WhatsApp message through the turn thread, with the read receipt', async () => {
    const me = '351910000951';
    await wa.say(me, { type: 'text', body: 'Como tiro o NIF?' });
    const sent = await wa.next(me, 2);
    expect(JSON.stringify(sent.map((s) => s.body))).toMatch(/NIF/);
    await waitFor(() => (wa.graph.reads().length > 0 ? true : undefined));
    expect(traces.length).toBeGreaterThan(0); // the main thread's metrics see the turn
  });

  it('pushes a web-chat reply made on the turn thread to the stream the main thread holds', async () => {
    const url = wa.server.url;
    const start = await fetch(`${url}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lang: 'en' }),
    });
    const { token } = (await start.json()) as { token: string };
    const controller = new AbortController();
    const stream = await fetch(`${url}/api/webchat/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    let seen = '';
    const botSpoke = (async () => {
      const decoder = new TextDecoder();
      while (!/"author":"bot"/.test(seen)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += decoder.decode(chunk.value, { stream: true });
      }
    })();
    const sent = await fetch(`${url}/api/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId: 'thread-client-1', text: 'How do I get a NIF?' }),
    });
    expect(sent.status).toBe(202);
    await Promise.race([
      botSpoke,
      new Promise((_, fail) => setTimeout(() => fail(new Error('no push')), 10_000)),
    ]);
    controller.abort();
    expect(seen).toMatch(/"author":"bot"/);
  });

  it('stops cleanly, the turn thread with it', async () => {
    const me = '351910000952';
    await wa.say(me, { type: 'text', body: 'Olá' });
    await wa.next(me, 1);
    await wa.close();
    wa = undefined as unknown as WhatsAppService;
  });
});
