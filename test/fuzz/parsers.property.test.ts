import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FILES, mimeBytes, readCorpus, type MimeCase } from '../../scripts/bad-input/cases.js';
import { htmlToText, readMail } from '../../src/channels/email/inbound.js';
import { newText, questionsOf } from '../../src/channels/email/reply-text.js';
import { parseWebhook } from '../../src/channels/whatsapp/webhook-payload.js';
import { htmlText, mailBody, rawMail } from './mail-arbitraries.js';
import { anyText } from './text-arbitraries.js';
import { webhookValue } from './whatsapp-arbitraries.js';
import { watchUnhandledRejections } from './fuzz-service.js';

/**
 * Generated inputs through each parser: none may throw, and what they return keeps its promises.
 * readMail runs fewer cases than the pure parsers: mailparser reads about 1,400 generated mails a
 * second here, so 100,000 would take two minutes on their own; the e-mail webhook's property test
 * reads 10,000 more (see test/fixtures/bad-input/README.md).
 */
export const RUNS = { pure: 100_000, readMail: 10_000 } as const;
const SERVICE = 'assistente@cnaim.example.pt';

describe('the parsers under generated input', { timeout: 240_000 }, () => {
  const rejections = watchUnhandledRejections();
  afterAll(() => {
    rejections.stop();
    expect(rejections.seen).toEqual([]);
  });

  it('reads any webhook body as messages and statuses, or names the problem, never throwing', () => {
    let accepted = 0;
    fc.assert(
      // The value as generated: a member left undefined reads as a missing key, and NaN or Infinity as
      // the null JSON would make of them (both refused alike). A JSON round trip here would double the
      // time; the HTTP property test sends the same bodies as bytes.
      fc.property(webhookValue, (body) => {
        const result = parseWebhook(body);
        if (!result.ok) return typeof result.problem === 'string' && result.problem.length > 0;
        accepted += 1;
        const messagesOk = result.value.messages.every(
          (m) =>
            m.channel === 'whatsapp' &&
            /^(\d{4,20})?$/.test(m.address) &&
            m.externalId.length > 0 &&
            m.externalId.length <= 256 &&
            Number.isFinite(m.sentAt) &&
            m.sentAt >= 0,
        );
        const statusesOk = result.value.statuses.every(
          (s) =>
            s.providerId.length > 0 &&
            ['sent', 'delivered', 'read', 'failed'].includes(s.status) &&
            Number.isFinite(s.at),
        );
        return messagesOk && statusesOk;
      }),
      { numRuns: RUNS.pure },
    );
    // The generator must reach past the envelope: a good share of bodies is accepted.
    expect(accepted).toBeGreaterThan(RUNS.pure * 0.05);
  });

  it('turns any HTML into trimmed text, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(htmlText, anyText(200)), (html) => {
        const text = htmlToText(html);
        return (
          typeof text === 'string' &&
          text === text.trim() &&
          !/\n{3}/.test(text) &&
          !/<script/i.test(text.replace(/&lt;/g, ''))
        );
      }),
      { numRuns: RUNS.pure },
    );
  });

  it('reads HTML made to be slow in time proportional to its length', async () => {
    // Each of these took seconds to minutes when a pattern rescanned the rest of the text from every
    // unclosed tag or blank; one such mail held the event loop, and every channel with it.
    const shapes = [
      '<'.repeat(100_000),
      '<hr'.repeat(33_000),
      ' \t'.repeat(50_000),
      '<script>'.repeat(12_500),
      '<style'.repeat(16_000),
    ];
    for (const html of shapes) {
      const started = performance.now();
      htmlToText(html);
      expect(performance.now() - started, html.slice(0, 10)).toBeLessThan(1_000);
    }
    for (const c of readCorpus<MimeCase>(FILES.mime).filter((m) => m.family === 'slow-html')) {
      const started = performance.now();
      expect((await readMail(mimeBytes(c), SERVICE)).kind, c.id).toBe('message');
      expect(performance.now() - started, c.id).toBeLessThan(2_000);
    }
  });

  it('keeps only lines the person wrote in the new text of any mail body', () => {
    fc.assert(
      fc.property(mailBody, (body) => {
        const text = newText(body);
        // Whole lines of the body, the first and last trimmed; never a quoted one.
        const lines = body.replace(/\r\n?/g, '\n').split('\n');
        return (
          text === text.trim() &&
          text.split('\n').every((line) => lines.some((l) => l.includes(line))) &&
          !text.split('\n').some((line) => line.trim().startsWith('>'))
        );
      }),
      { numRuns: RUNS.pure },
    );
  });

  it('splits any mail body into one to six questions taken from it', () => {
    fc.assert(
      fc.property(mailBody, (body) => {
        const questions = questionsOf(body);
        return questions.length >= 1 && questions.length <= 6 && questions.every((q) => body.includes(q));
      }),
      { numRuns: RUNS.pure },
    );
  });

  it('reads any raw mail as a message, an automatic mail, a bounce or a refusal, never throwing', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(rawMail, async (raw) => {
        const reading = await readMail(raw, SERVICE);
        if (reading.kind === 'refuse') return reading.problem.length > 0;
        if (reading.kind !== 'message') return ['ignore', 'bounce'].includes(reading.kind);
        const { message } = reading;
        return (
          message.address.length > 0 &&
          message.externalId.length > 0 &&
          Number.isFinite(message.sentAt) &&
          (message.text ?? '').length <= 20_000
        );
      }),
      { numRuns: RUNS.readMail },
    );
    const perSecond = Math.round(RUNS.readMail / ((performance.now() - started) / 1000));
    console.log(`readMail: ${RUNS.readMail} generated mails, ${perSecond} a second`);
  });
});
