import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRows, errorLines, runFuzzServer, watchUnhandledRejections } from '../fuzz-service.js';
import { expectWellAnswered, sendOverSocket } from '../fuzz-http.js';
import {
  consoleWithoutSession,
  handshake,
  mailPost,
  messagePost,
  sessionPost,
  signedWebhook,
  signInPost,
  unsignedWebhook,
  type FuzzRequest,
} from '../http-arbitraries.js';

/** A sample of each path over a real socket: what app.request() skips (node:http, headers, framing). */
const RUNS = 150;

describe('every HTTP path over a real socket on 127.0.0.1', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof runFuzzServer>>;
  const rejections = watchUnhandledRejections();
  beforeAll(async () => {
    server = await runFuzzServer();
  });
  afterAll(async () => {
    rejections.stop();
    await server?.close();
  });

  const sample = (requests: fc.Arbitrary<FuzzRequest>) =>
    fc.assert(
      fc.asyncProperty(requests, async (r) => expectWellAnswered(r, await sendOverSocket(server.url, r))),
      { numRuns: RUNS },
    );

  it('refuses wrong signatures and wrong mail secrets with 401 and stores nothing', async () => {
    await sample(unsignedWebhook);
    await sample(mailPost(false));
    expect(await allRows(server)).toBe(0);
  });

  it('answers the handshake, signed deliveries and mails with the secret without a 5xx', async () => {
    await sample(handshake);
    await sample(signedWebhook);
    await sample(mailPost(true));
  });

  it('answers the web-chat and console APIs without a 5xx', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await sendOverSocket(server.url, {
        method: 'POST',
        path: '/api/webchat/sessions',
        headers: { 'content-type': 'application/json' },
        allowed: [201],
      });
      tokens.push((JSON.parse(started.text) as { token: string }).token);
    }
    await sample(sessionPost);
    await sample(messagePost(tokens));
    await sample(signInPost({ email: 'nobody@example.pt', password: 'not-a-password' }));
    await sample(consoleWithoutSession);
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(server.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
