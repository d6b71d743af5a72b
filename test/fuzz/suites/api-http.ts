import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/console/passwords.js';
import { errorLines, makeFuzzService, watchUnhandledRejections, type FuzzService } from '../fuzz-service.js';
import { fuzzInBatches, sendInProcess } from '../fuzz-http.js';
import { consoleWithoutSession, messagePost, sessionPost, signInPost } from '../http-arbitraries.js';

/** 400 runs of 25 requests sent together: 10,000 generated requests per path. */
const PLAN = { runs: 400, batch: 25 } as const;
const ACCOUNT = { email: 'mediadora@example.pt', password: 'a-long-fuzzing-password' };

describe('the web-chat and console APIs under 10,000 generated requests each', { timeout: 240_000 }, () => {
  let made: FuzzService;
  const tokens: string[] = [];
  const rejections = watchUnhandledRejections();

  beforeAll(async () => {
    // Behind a proxy, so each generated sign-in can come from its own address (X-Forwarded-For).
    made = await makeFuzzService({ TRUST_PROXY: '1' });
    for (let i = 0; i < 20; i++) {
      const response = await made.service.app.request('/api/webchat/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      tokens.push(((await response.json()) as { token: string }).token);
    }
    await made.service.store.createMediator(
      {
        name: 'Mediadora',
        email: ACCOUNT.email,
        role: 'mediator',
        languages: ['pt'],
        offices: ['remote'],
        topics: [],
        capacity: 5,
        hours: null,
        passwordHash: await hashPassword(ACCOUNT.password),
      },
      Date.now(),
    );
  });
  afterAll(async () => {
    rejections.stop();
    await made?.close();
  });

  const send = (r: Parameters<typeof sendInProcess>[1]) => sendInProcess(made.service, r);

  it('starts a web-chat session or refuses the request clearly', async () => {
    expect(await fuzzInBatches(send, sessionPost, PLAN)).toBeGreaterThanOrEqual(10_000);
  });

  it('takes a visitor’s message or refuses it clearly, whatever the token, type and body', async () => {
    expect(await fuzzInBatches(send, messagePost(tokens), PLAN)).toBeGreaterThanOrEqual(10_000);
  });

  it('signs a mediator in or refuses clearly, and never takes a malformed sign-in for a try', async () => {
    expect(await fuzzInBatches(send, signInPost(ACCOUNT), PLAN)).toBeGreaterThanOrEqual(10_000);
    // Some attempts were well-formed enough to be checked against a password, right or wrong.
    const attempts = await made.service.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', 'in', ['sign-in', 'sign-in.failed', 'sign-in.locked'])
      .execute();
    expect(attempts.filter((a) => a.action === 'sign-in').length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.action !== 'sign-in').length).toBeGreaterThan(0);
  });

  it('keeps the rest of the console closed without a session', async () => {
    expect(await fuzzInBatches(send, consoleWithoutSession, { runs: 100, batch: 25 })).toBe(2_500);
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(made.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
