import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageObject, signature, statusObject, webhookBody } from '../../scripts/whatsapp/payloads.js';
import { makeService, waitFor } from '../helpers/service.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/whatsapp');
const SECRET = 'test-app-secret-0123';
const ENV = {
  WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
  WHATSAPP_APP_SECRET: SECRET,
  WHATSAPP_ACCESS_TOKEN: 'test-access-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  // Nothing listens here: these tests look at what is stored, not at what is sent.
  WHATSAPP_API_URL: 'http://127.0.0.1:9/v23.0',
};

describe('the WhatsApp webhook', () => {
  let made: Awaited<ReturnType<typeof makeService>>;
  beforeAll(async () => {
    made = await makeService(ENV);
  });
  afterAll(async () => made?.close());

  const post = (raw: string, sig: string | undefined = signature(raw, SECRET)) =>
    made.service.app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sig ? { 'x-hub-signature-256': sig } : {}) },
      body: raw,
    });
  const inboundCount = async () =>
    Number(
      (
        await made.service.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('direction', '=', 'in')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers Meta’s verification handshake only with the right token', async () => {
    const ok = await made.service.app.request(
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444',
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await made.service.app.request(
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444',
    );
    expect(wrong.status).toBe(403);
  });

  it('refuses a wrong secret, a tampered body and a missing signature with 401, storing nothing', async () => {
    const before = await inboundCount();
    const raw = JSON.stringify(
      webhookBody({
        messages: [messageObject({ type: 'text', body: 'olá' }, { from: '351910000099', id: 'wamid.SIG1' })],
      }),
    );
    expect((await post(raw, signature(raw, 'another-secret'))).status).toBe(401);
    expect((await post(raw.replace('olá', 'olé'), signature(raw, SECRET))).status).toBe(401);
    expect((await post(raw, null as unknown as undefined)).status).toBe(401);
    expect((await post(raw, 'sha256=zz')).status).toBe(401);
    expect(await inboundCount()).toBe(before);
    expect((await post(raw)).status).toBe(200);
    expect(await inboundCount()).toBe(before + 1);
  });

  it('parses every documented shape, ignoring fields it does not know', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const raw = readFileSync(join(FIXTURES, file), 'utf8');
      const response = await post(raw);
      expect(response.status, file).toBe(200);
    }
    // Every message with content is stored (reactions and status reports need no answer).
    const stored = await made.service.db
      .selectFrom('messages')
      .select(['external_id', 'text', 'payload'])
      .where('direction', '=', 'in')
      .execute();
    const byType = (fragment: string) => stored.filter((m) => (m.payload ?? '').includes(fragment));
    expect(byType('"choice"').length).toBeGreaterThanOrEqual(3);
    expect(byType('"kind":"voice"').length).toBeGreaterThanOrEqual(1);
    expect(byType('"location"').length).toBeGreaterThanOrEqual(1);
    expect(byType('"unsupported"').length).toBeGreaterThanOrEqual(2);
    expect(stored.some((m) => m.text.length > 0)).toBe(true);
  });

  it('answers malformed payloads with a 400 and stores nothing', async () => {
    const before = await inboundCount();
    const dir = join(FIXTURES, 'malformed');
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      const response = await made.service.app.request('/webhooks/whatsapp', {
        method: 'POST',
        headers: { 'x-hub-signature-256': signature(raw, SECRET) },
        body: raw,
      });
      expect(response.status, file).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, file).toMatch(/^bad_request:/);
    }
    expect(await inboundCount()).toBe(before);
  });

  it('processes a redelivered message once', async () => {
    const message = messageObject(
      { type: 'text', body: 'NIF?' },
      { from: '351910000077', id: 'wamid.DUPLICATE1' },
    );
    const raw = JSON.stringify(webhookBody({ messages: [message] }));
    expect((await post(raw)).status).toBe(200);
    const conversation = await waitFor(
      async () =>
        (
          await made.service.db
            .selectFrom('messages')
            .select('conversation_id')
            .where('external_id', '=', 'wamid.DUPLICATE1')
            .executeTakeFirst()
        )?.conversation_id,
    );
    const replies = () =>
      made.service.db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', conversation)
        .where('direction', '=', 'out')
        .execute();
    const first = await waitFor(async () =>
      (await replies()).length > 0 ? (await replies()).length : undefined,
    );
    expect((await post(raw)).status).toBe(200);
    expect((await post(raw)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    const rows = await made.service.db
      .selectFrom('messages')
      .select('id')
      .where('external_id', '=', 'wamid.DUPLICATE1')
      .execute();
    expect(rows).toHaveLength(1);
    expect((await replies()).length).toBe(first);
  });

  it('stores several messages and entries of one delivery, and status reports update what was sent', async () => {
    const messages = [1, 2, 3].map((i) =>
      messageObject(
        { type: 'text', body: `pergunta ${i}` },
        { from: `35191000010${i}`, id: `wamid.MULTI${i}` },
      ),
    );
    expect((await post(JSON.stringify(webhookBody({ messages })))).status).toBe(200);
    const stored = await made.service.db
      .selectFrom('messages')
      .select('external_id')
      .where('external_id', 'like', 'wamid.MULTI%')
      .execute();
    expect(stored).toHaveLength(3);
    // A report about a wamid the service never sent is accepted and changes nothing.
    const report = JSON.stringify(
      webhookBody({ statuses: [statusObject('wamid.UNKNOWN', 'read', '351910000101')] }),
    );
    expect((await post(report)).status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [],
      pad: 'x'.repeat(2 * 1024 * 1024),
    });
    expect((await post(raw)).status).toBe(413);
  });
});

describe('WhatsApp switched off', () => {
  it('has no webhook when its secrets are not set', async () => {
    const made = await makeService();
    try {
      const response = await made.service.app.request('/webhooks/whatsapp', { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await made.close();
    }
  });
});
