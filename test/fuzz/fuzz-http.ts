import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { NodeService } from '../../src/server.js';
import { SECRETS } from './fuzz-service.js';
import type { FuzzRequest } from './http-arbitraries.js';

export interface Answer {
  status: number;
  text: string;
}

/** Through the app in-process: the real service without the socket. */
export async function sendInProcess(service: NodeService, r: FuzzRequest): Promise<Answer> {
  const response = await service.app.request(r.path, {
    method: r.method,
    headers: r.headers,
    ...(r.body ? { body: r.body } : {}),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Over a real socket, one connection per request: a reused keep-alive connection can be closed by the
 * server just as the client sends on it, and that race says nothing about the service.
 */
export function sendOverSocket(url: string, r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${r.path}`,
      { method: r.method, headers: r.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body ? Buffer.from(r.body) : undefined);
  });
}

const SECRET_VALUES = Object.values(SECRETS);

/** The promises every answer keeps: an allowed status, a clear error body, no secret in it. */
export function expectWellAnswered(r: FuzzRequest, answer: Answer) {
  const where = `${r.method} ${r.path.slice(0, 80)}`;
  expect(r.allowed, `${where} answered ${answer.status}: ${answer.text.slice(0, 200)}`).toContain(
    answer.status,
  );
  for (const secret of SECRET_VALUES) expect(answer.text.includes(secret), where).toBe(false);
  if (r.challenge !== undefined) expect(answer.text, where).toBe(r.challenge);
  if (answer.status >= 400) {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, where).toBe('string');
    expect(typeof body.error?.message, where).toBe('string');
  }
}

/** `runs` property runs of `batch` requests sent together (group commits, like real bursts). */
export async function fuzzInBatches(
  send: (r: FuzzRequest) => Promise<Answer>,
  requests: fc.Arbitrary<FuzzRequest>,
  { runs, batch }: { runs: number; batch: number },
) {
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(requests, { minLength: batch, maxLength: batch }), async (list) => {
      const answers = await Promise.all(list.map(send));
      list.forEach((r, i) => expectWellAnswered(r, answers[i]!));
      sent += list.length;
    }),
    { numRuns: runs },
  );
  return sent;
}
