import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/whatsapp/stand-in.js';

const TOKEN = 'test-token';
const PHONE_NUMBER_ID = '106540352242922';

/** The parts of Graph answers the assertions read. */
interface GraphAnswer {
  messages?: { id: string }[];
  error?: { message: string; type: string; code: number };
  [field: string]: unknown;
}

let standIn: GraphStandIn;
beforeAll(async () => {
  standIn = await startGraphStandIn({ port: 0, accessToken: TOKEN });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

async function post(body: unknown, token = TOKEN, path = `/v23.0/${PHONE_NUMBER_ID}/messages`) {
  const response = await fetch(`${standIn.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as GraphAnswer };
}

const text = (to = '351910000001', body = 'Olá') => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body, preview_url: false },
});
const buttons = (n: number) => ({
  messaging_product: 'whatsapp',
  to: '351910000001',
  type: 'interactive',
  interactive: {
    type: 'button',
    body: { text: 'Choose' },
    action: {
      buttons: Array.from({ length: n }, (_, i) => ({
        type: 'reply',
        reply: { id: `o:${i}`, title: `Option ${i}` },
      })),
    },
  },
});

function expectGraphError(json: GraphAnswer, code: number, message: RegExp) {
  expect(json.error).toMatchObject({
    type: 'OAuthException',
    code,
    error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
    fbtrace_id: expect.stringMatching(/^A/),
  });
  expect(json.error?.message).toMatch(message);
}

describe('Graph API stand-in', () => {
  it('listens on a random port and answers a text and a mark-as-read as Meta does', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.port).not.toBe(4010);

    const sent = await post(text());
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '351910000001', wa_id: '351910000001' }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });

    const read = await post({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.inbound',
      typing_indicator: { type: 'text' },
    });
    expect(read).toMatchObject({ status: 200, json: { success: true } });

    const sends = await standIn.waitForSends(2);
    expect(sends).toHaveLength(2);
    expect(sends[0]).toMatchObject({
      phoneNumberId: PHONE_NUMBER_ID,
      body: { to: '351910000001', type: 'text', text: { body: 'Olá' } },
      at: expect.any(Number),
      messageId: sent.json.messages?.[0]?.id,
    });
    expect(standIn.messages()).toHaveLength(1);
    expect(standIn.reads()).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ status: 'read' }) }),
    ]);
    expect(standIn.reads()[0]!.messageId).toBeUndefined();

    const second = await post(text());
    expect(second.json.messages?.[0]?.id).not.toBe(sent.json.messages?.[0]?.id);

    const listed = (await (await fetch(`${standIn.url}/_sends`)).json()) as unknown[];
    expect(listed).toHaveLength(3);
  });

  it('gives the documented error bodies for queued faults, then recovers', async () => {
    standIn.failNext(1);
    const failed = await post(text());
    expect(failed.status).toBe(500);
    expectGraphError(failed.json, 2, /Service temporarily unavailable/);

    standIn.throttleNext(1, 130429, { retryAfterSeconds: 3 });
    const throttled = await post(text());
    expect(throttled.status).toBe(400);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expectGraphError(throttled.json, 130429, /\(#130429\) Rate limit hit/);

    standIn.throttleNext(1, 131056);
    const pair = await post(text());
    expectGraphError(pair.json, 131056, /pair rate limit hit/);

    standIn.permanentNext(1);
    const undeliverable = await post(text());
    expect(undeliverable.status).toBe(400);
    expectGraphError(undeliverable.json, 131026, /Message undeliverable/);

    standIn.permanentNext(1, 131047);
    expectGraphError((await post(text())).json, 131047, /Re-engagement message/);

    expect(standIn.sends).toHaveLength(0);
    expect(standIn.rejected.map((r) => r.code)).toEqual([2, 130429, 131056, 131026, 131047]);
    expect((await post(text())).status).toBe(200);
    expect(standIn.sends).toHaveLength(1);
  });

  it('takes the same controls over HTTP', async () => {
    const control = (body: unknown) =>
      fetch(`${standIn.url}/_control`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(await control({ throttle: 1, code: 80007 })).toBe(200);
    expectGraphError((await post(text())).json, 80007, /Rate limit/);
    expect(await control({ fail: 2 })).toBe(200);
    expect(await control({ reset: true })).toBe(200);
    expect((await post(text())).status).toBe(200);
    expect(await control({ nonsense: 1 })).toBe(400);
  });

  it('leaves a timed-out request unanswered and serves the next one', async () => {
    standIn.timeoutNext(1);
    const hung = await fetch(`${standIn.url}/v23.0/${PHONE_NUMBER_ID}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(text()),
      signal: AbortSignal.timeout(200),
    }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    expect(hung).toBe('TimeoutError');
    expect((await post(text())).status).toBe(200);
  });

  it("enforces Meta's limits on interactive messages", async () => {
    expect((await post(buttons(3))).status).toBe(200);
    const four = await post(buttons(4));
    expect(four.status).toBe(400);
    expectGraphError(four.json, 131009, /Parameter value is not valid/);

    const longTitle = buttons(1);
    longTitle.interactive.action.buttons[0]!.reply.title = 'x'.repeat(21);
    expect((await post(longTitle)).json.error?.code).toBe(131009);

    const rows = (n: number, title = 'Row') =>
      Array.from({ length: n }, (_, i) => ({ id: `r:${i}`, title: `${title} ${i}` }));
    const listOf = (sections: { title?: string; rows: { id: string; title: string }[] }[]) => ({
      messaging_product: 'whatsapp',
      to: '351910000001',
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections } },
    });
    expect((await post(listOf([{ rows: rows(10) }]))).status).toBe(200);
    expect((await post(listOf([{ rows: rows(11) }]))).json.error?.code).toBe(131009);
    expect((await post(listOf([{ rows: rows(1, 'x'.repeat(24)) }]))).json.error?.code).toBe(131009);
    expect((await post(text('351910000001', 'x'.repeat(4097)))).json.error?.code).toBe(131009);
  });

  it('refuses what Meta refuses: wrong token, bad JSON, unknown types and paths', async () => {
    const unauthorised = await post(text(), 'wrong-token');
    expect(unauthorised.status).toBe(401);
    expectGraphError(unauthorised.json, 190, /Invalid OAuth access token/);

    const malformed = await post('{"messaging_product":');
    expect(malformed.status).toBe(400);
    expectGraphError(malformed.json, 100, /Invalid parameter/);

    expect((await post({ ...text(), messaging_product: 'sms' })).json.error?.code).toBe(100);
    expect(
      (await post({ messaging_product: 'whatsapp', to: '1', type: 'fax', fax: {} })).json.error?.code,
    ).toBe(100);
    expect(
      (await post({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } })).json.error?.code,
    ).toBe(100);

    const unknown = await post(text(), TOKEN, '/v23.0/123/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.type).toBe('OAuthException');
    expect(standIn.sends).toHaveLength(0);
  });
});
