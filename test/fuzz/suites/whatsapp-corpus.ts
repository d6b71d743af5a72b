import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FILES,
  readCorpus,
  WHATSAPP_TYPES,
  whatsappBytes,
  type WhatsAppCase,
} from '../../../scripts/bad-input/cases.js';
import {
  allRows,
  quietRows,
  errorLines,
  expectClearRefusal,
  inboundRows,
  makeFuzzService,
  watchUnhandledRejections,
  type FuzzService,
} from '../fuzz-service.js';

const cases = readCorpus<WhatsAppCase>(FILES.whatsapp);

/** The sender of a case's messages, where it still has one. */
const senderOf = (c: WhatsAppCase) => /"from":"(\d{12})"/.exec(c.body)?.[1];

describe('the WhatsApp webhook against the bad-input corpus', { timeout: 120_000 }, () => {
  let made: FuzzService;
  const rejections = watchUnhandledRejections();
  beforeAll(async () => {
    made = await makeFuzzService();
  });
  afterAll(async () => {
    rejections.stop();
    await made?.close();
  });

  const post = (c: WhatsAppCase) =>
    made.service.app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: c.headers,
      body: new Uint8Array(whatsappBytes(c)),
    });

  it('covers every message type, every status and several entries, with every kind of defect', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const type of WHATSAPP_TYPES)
      expect(cases.filter((c) => c.type === type).length, type).toBeGreaterThan(10);
    for (const defect of ['malformed', 'missing-field', 'oversized', 'wrong-signature', 'replayed'])
      expect(cases.filter((c) => c.defect === defect).length, defect).toBeGreaterThan(30);
  });

  it('answers each case as expected: 200 and stored once, or a clear refusal that stores nothing', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const before = await inboundRows(made);
      const statuses: number[] = [];
      for (let i = 0; i < c.posts; i++) {
        const response = await post(c);
        statuses.push(response.status);
        if (response.status >= 400) await expectClearRefusal(response, c.id);
      }
      const stored = (await inboundRows(made)) - before;
      if (statuses.some((s) => s !== c.expect.status) || stored !== c.expect.storedMessages)
        wrong.push(
          `${c.id} ${c.description}: ${statuses.join(',')} stored ${stored}, expected ${c.expect.status} stored ${c.expect.storedMessages}`,
        );
      const sender = senderOf(c);
      if (c.expect.status !== 200 && sender) expect(await inboundRows(made, sender), c.id).toBe(0);
    }
    expect(wrong).toEqual([]);
  });

  it('stores nothing at all from a delivery with a wrong or missing signature', async () => {
    const refused = cases.filter((c) => c.expect.status === 401);
    expect(refused.length).toBeGreaterThanOrEqual(100);
    const before = await quietRows(made);
    for (const c of refused) expect((await post(c)).status, c.id).toBe(401);
    expect(await allRows(made)).toBe(before);
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(made.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
