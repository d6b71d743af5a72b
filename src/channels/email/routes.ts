import { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import { sameSecret } from '../../lib/secrets.js';
import type { MailIntake } from './email-intake.js';

/**
 * `/webhooks/email`: a raw RFC 5322 message, as mail providers and Cloudflare Email Workers hand it
 * over, authenticated by a shared secret (Authorization: Bearer). 202 once stored; 200 for what needs
 * no answer; 400 for a malformed message, with the reason.
 */
export function createEmailRoutes(deps: { intake: MailIntake; secret: string; maxBytes: number }) {
  const app = new Hono();
  app.post('/', async (c) => {
    const auth = c.req.header('authorization') ?? '';
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), deps.secret)) {
      throw new AppError('unauthorized:secret', 'Missing or wrong inbound e-mail secret.');
    }
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (raw.length > deps.maxBytes) throw new AppError('payload_too_large:mail', 'The message is too large.');
    if (raw.length === 0) throw new AppError('bad_request:mail', 'Send the raw message as the request body.');
    const outcome = await deps.intake(raw);
    if (outcome.kind === 'refused')
      throw new AppError('bad_request:mail', `Malformed message: ${outcome.problem}`);
    if (outcome.kind === 'limited') {
      c.header('Retry-After', String(outcome.retryAfterS));
      throw new AppError('rate_limited:sender', `Too many messages from this sender: try again later.`);
    }
    return c.json(outcome, outcome.kind === 'stored' ? 202 : 200);
  });
  return app;
}
