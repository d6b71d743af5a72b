import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILES, readCorpus, type PiiCase } from '../../../scripts/bad-input/cases.js';
import { nifCheck, nissCheck } from '../../../scripts/bad-input/pii-cases.js';
import { messageObject, signature, webhookBody } from '../../../scripts/whatsapp/payloads.js';
import { redactContactDetails } from '../../../src/lib/redact.js';
import { makeFuzzService, SECRETS, turnsDone, type FuzzService } from '../fuzz-service.js';
import { mailCarrying } from '../markup-mail.js';

const cases = readCorpus<PiiCase>(FILES.pii);
const digits = (s: string) => s.replace(/\D/g, '');

/**
 * An address redactContactDetails does not recognise yet: a quoted local part with a space (its
 * pattern stops at quotes). Listed so a better pattern shows up here as a change.
 */
const KNOWN_GAPS = ['"maria silva"@example.net'];

describe('personal data samples (all fake) for redaction', () => {
  it('has phone numbers, e-mails, passports, NIF and NISS numbers, 100 or more', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const kind of ['phone', 'email', 'passport', 'nif', 'niss'] as const)
      expect(cases.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it('marks which NIF and NISS numbers pass their check digit, and both kinds are there', () => {
    for (const c of cases.filter((x) => x.kind === 'nif' || x.kind === 'niss')) {
      const value = digits(c.value);
      const check = c.kind === 'nif' ? nifCheck(value.slice(0, 8)) : nissCheck(value.slice(0, 10));
      expect(value.at(-1) === check, c.id).toBe(c.validChecksum);
    }
    expect(cases.some((c) => c.validChecksum === false)).toBe(true);
  });

  it('removes every phone number, e-mail address, NIF and NISS from text meant for the logs', () => {
    const missed: string[] = [];
    for (const c of cases.filter((x) => x.kind !== 'passport')) {
      const redacted = redactContactDetails(c.text);
      const leaked =
        c.kind === 'email'
          ? redacted.toLowerCase().includes(c.value.toLowerCase().split('@')[0]!)
          : digits(redacted).includes(digits(c.value).slice(-6));
      if (leaked) missed.push(c.value);
    }
    expect(missed).toEqual(KNOWN_GAPS);
  });
});

describe('personal data people write, on its way through every channel', { timeout: 60_000 }, () => {
  let made: FuzzService;
  beforeAll(async () => {
    made = await makeFuzzService();
  });
  afterAll(async () => made?.close());

  it('never reaches a log line', async () => {
    const { app } = made.service;
    const session = await app.request('/api/webchat/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await session.json()) as { token: string };
    for (const [i, c] of cases.entries()) {
      const web = await app.request('/api/webchat/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientId: `client-${c.id}`, text: c.text }),
      });
      expect(web.status, c.id).toBe(202);
      const message = messageObject(
        { type: 'text', body: c.text },
        { from: `35192000${String(i).padStart(4, '0')}`, id: `wamid.PII.${c.id}` },
      );
      const raw = JSON.stringify(webhookBody({ messages: [message] }));
      const wa = await app.request('/webhooks/whatsapp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signature(raw, SECRETS.WHATSAPP_APP_SECRET),
        },
        body: raw,
      });
      expect(wa.status, c.id).toBe(200);
      const mail = await app.request('/webhooks/email', {
        method: 'POST',
        headers: {
          'content-type': 'message/rfc822',
          authorization: `Bearer ${SECRETS.EMAIL_INBOUND_SECRET}`,
        },
        body: mailCarrying(c.id, c.text, 'plain'),
      });
      expect(mail.status, c.id).toBe(202);
    }
    await turnsDone(made);
    const logged = JSON.stringify(made.log.lines);
    expect(made.log.lines.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(logged.includes(c.value), c.id).toBe(false);
      if (c.kind !== 'email' && digits(c.value).length >= 7)
        expect(digits(logged).includes(digits(c.value)), c.id).toBe(false);
    }
  });
});
