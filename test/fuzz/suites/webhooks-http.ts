import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allRows,
  errorLines,
  makeFuzzService,
  watchUnhandledRejections,
  type FuzzService,
} from '../fuzz-service.js';
import { fuzzInBatches, sendInProcess } from '../fuzz-http.js';
import { handshake, mailPost, signedWebhook, unsignedWebhook } from '../http-arbitraries.js';

/** 400 runs of 25 requests sent together: 10,000 generated requests per path. */
const PLAN = { runs: 400, batch: 25 } as const;

describe('the webhooks under 10,000 generated requests each', { timeout: 240_000 }, () => {
  /** Takes the deliveries that carry the right secret. */
  let open: FuzzService;
  /** Only ever sees wrong secrets and handshakes: its tables must stay empty. */
  let guarded: FuzzService;
  const rejections = watchUnhandledRejections();

  beforeAll(async () => {
    [open, guarded] = await Promise.all([makeFuzzService(), makeFuzzService()]);
  });
  afterAll(async () => {
    rejections.stop();
    await Promise.all([open?.close(), guarded?.close()]);
  });

  it('answers signed WhatsApp deliveries with 200 or a clear 400, never a 5xx', async () => {
    const sent = await fuzzInBatches((r) => sendInProcess(open.service, r), signedWebhook, PLAN);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses every delivery with a missing or wrong signature with 401, storing nothing', async () => {
    const sent = await fuzzInBatches((r) => sendInProcess(guarded.service, r), unsignedWebhook, PLAN);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await allRows(guarded)).toBe(0);
  });

  it('answers the verification handshake only for the right token, and any query without a 5xx', async () => {
    const sent = await fuzzInBatches((r) => sendInProcess(guarded.service, r), handshake, PLAN);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  it('answers raw mails with the secret with 202, 200 or a clear 4xx', async () => {
    const sent = await fuzzInBatches((r) => sendInProcess(open.service, r), mailPost(true), PLAN);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses every mail without the right secret with 401, storing nothing', async () => {
    const sent = await fuzzInBatches((r) => sendInProcess(guarded.service, r), mailPost(false), PLAN);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await allRows(guarded)).toBe(0);
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(open.log)).toEqual([]);
    expect(errorLines(guarded.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
