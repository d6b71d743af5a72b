import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CORPUS_MAIL_SECRET,
  CORPUS_SERVICE_ADDRESS,
  FILES,
  mimeBytes,
  readCorpus,
  type MimeCase,
} from '../../../scripts/bad-input/cases.js';
import { readMail } from '../../../src/channels/email/inbound.js';
import {
  errorLines,
  expectClearRefusal,
  inboundRows,
  makeFuzzService,
  quietRows,
  allRows,
  watchUnhandledRejections,
  type FuzzService,
} from '../fuzz-service.js';

const cases = readCorpus<MimeCase>(FILES.mime);
const senderOf = (c: MimeCase) => /<(mime-\d+@example\.org)>/.exec(c.raw)?.[1];

describe('e-mail against the MIME edge cases of the bad-input corpus', { timeout: 120_000 }, () => {
  let made: FuzzService;
  const rejections = watchUnhandledRejections();
  beforeAll(async () => {
    made = await makeFuzzService();
  });
  afterAll(async () => {
    rejections.stop();
    await made?.close();
  });

  /** Posts a raw mail with the secret (`null`: no Authorization header at all). */
  const post = (raw: Buffer, secret: string | null = CORPUS_MAIL_SECRET) =>
    made.service.app.request('/webhooks/email', {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        ...(secret === null ? {} : { authorization: `Bearer ${secret}` }),
      },
      body: new Uint8Array(raw),
    });

  it('has at least 100 cases in every family the issue names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const family of [
      'nested-multipart',
      'lying-charset',
      'huge-headers',
      'missing-boundary',
      'base64-garbage',
      '8bit-headers',
    ])
      expect(cases.filter((c) => c.family === family).length, family).toBeGreaterThanOrEqual(5);
  });

  it('reads each mail as expected: a message, an automatic mail to ignore, a bounce, or a refusal', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const reading = await readMail(mimeBytes(c), CORPUS_SERVICE_ADDRESS);
      if (reading.kind !== c.expect.reading) wrong.push(`${c.id} ${c.description}: ${reading.kind}`);
      if (reading.kind === 'message') {
        expect(Number.isFinite(reading.message.sentAt), c.id).toBe(true);
        expect(reading.message.address, c.id).not.toBe('');
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers each mail over the endpoint with 202, 200 or a clear 4xx, and stores only what it accepts', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const response = await post(mimeBytes(c));
      if (response.status !== c.expect.status) wrong.push(`${c.id} ${c.description}: ${response.status}`);
      if (response.status >= 400) await expectClearRefusal(response, c.id);
      else await response.arrayBuffer();
      const sender = senderOf(c);
      if (c.expect.status !== 202 && sender) expect(await inboundRows(made, sender), c.id).toBe(0);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every mail without the right secret with 401, storing nothing', async () => {
    const before = await quietRows(made);
    for (const [i, c] of cases.entries()) {
      const secret = [null, 'wrong-secret-0123456789', `${CORPUS_MAIL_SECRET}x`, ''][i % 4]!;
      const response = await post(mimeBytes(c), secret);
      expect(response.status, c.id).toBe(401);
      await expectClearRefusal(response, c.id);
    }
    expect(await allRows(made)).toBe(before);
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(made.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
