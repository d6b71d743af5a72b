import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMail } from '../../src/channels/email/inbound.js';
import { sharedContent } from '../helpers/content.js';

const DIR = join(import.meta.dirname, '../fixtures/email');

interface Case {
  file: string;
  client: string;
  expect: {
    action: 'answer' | 'ignore' | 'bounce' | 'refuse';
    reason?: string;
    lang?: string;
    text_contains?: string[];
    text_excludes?: string[];
    subject?: string;
    in_reply_to?: string;
    attachments?: { filename: string; contentType: string }[];
    bounced_recipient?: string;
  };
}

const cases = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as Case[];
const { detector } = await sharedContent();
const fold = (s: string) => s.replace(/\s+/g, ' ');

describe('real-world mails (Gmail, Outlook, Apple Mail, phone clients, robots)', () => {
  it('has at least 20 of them', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases.map((c) => [c.file, c] as const))('%s is handled as expected', async (_file, c) => {
    const reading = await readMail(readFileSync(join(DIR, c.file)), 'assistente@cnaim.example.pt');
    const { expect: want } = c;
    if (want.action === 'refuse') return expect(reading.kind).toBe('refuse');
    if (want.action === 'ignore') return expect(reading).toEqual({ kind: 'ignore', reason: want.reason });
    if (want.action === 'bounce') {
      expect(reading.kind).toBe('bounce');
      if (want.bounced_recipient && reading.kind === 'bounce')
        expect(reading.recipients).toContain(want.bounced_recipient);
      return;
    }
    expect(reading.kind, c.client).toBe('message');
    if (reading.kind !== 'message') return;
    const { message } = reading;
    const text = fold(message.text ?? '');
    for (const phrase of want.text_contains ?? []) expect(text, 'keeps the new text').toContain(fold(phrase));
    for (const phrase of want.text_excludes ?? [])
      expect(text, 'drops quotes, signatures, footers').not.toContain(fold(phrase));
    const meta = message.meta as {
      subject: string;
      references: string[];
      attachments?: { filename: string | null; contentType: string }[];
    };
    if (want.subject) expect(meta.subject).toBe(want.subject);
    if (want.in_reply_to) expect(meta.references).toContain(want.in_reply_to);
    expect(
      (meta.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType })),
    ).toEqual((want.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType })));
    if (want.lang) {
      const lang = want.lang === 'pt-BR' ? 'pt' : want.lang;
      expect(detector!.detect(message.text ?? '')?.lang, 'language of the new text').toBe(lang);
    }
  });
});
