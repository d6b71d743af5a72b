import { Hono, type Context } from 'hono';
import { refuseIfLimited, type RateLimiter } from '../../http/rate-limit.js';
import type { Engine } from '../../core/engine.js';
import type { Accepted, DeliveryStore, Logger } from '../../core/ports.js';
import { AppError } from '../../lib/errors.js';
import { parseWebhook } from './webhook-payload.js';
import { verifySignature } from './signature.js';

export interface WhatsAppWebhookDeps {
  engine: Engine;
  deliveries: DeliveryStore;
  log: Logger;
  verifyToken: string;
  appSecret: string;
  maxBodyBytes: number;
  /**
   * Rate limits: refused deliveries per client address (a valid signature proves it is Meta, whose few
   * addresses carry everyone's messages, so only refusals count), and messages per person.
   */
  limits?: { perAddress: RateLimiter; perSender: RateLimiter; clientAddress: (c: Context) => string };
  /** Counts refused deliveries (metrics). */
  onRefused?: (reason: 'signature' | 'payload') => void;
  /** Best effort, outside the outbox: a lost read receipt or typing indicator costs nothing. */
  markRead?: (wamid: string) => void;
  /**
   * Test-only fault: acknowledge before storing. The crash test runs it as its negative control, to
   * prove it can see a lost message.
   */
  unsafeAckBeforeStore?: boolean;
}

/**
 * `/webhooks/whatsapp`: Meta's verification handshake, and deliveries checked against the app secret
 * over the raw body, validated, and stored before the 200. Turns run after the acknowledgement, so
 * Meta never waits on the assistant; a redelivered wamid is stored once and answered once.
 */
export function createWhatsAppRoutes(deps: WhatsAppWebhookDeps) {
  const { engine, deliveries, log, verifyToken, appSecret, maxBodyBytes } = deps;
  const app = new Hono();

  app.get('/', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    if (mode === 'subscribe' && token === verifyToken && challenge && /^[\w-]{1,200}$/.test(challenge)) {
      return c.text(challenge, 200);
    }
    // Whoever calls may put anything in the query: say only whether it was a subscription at all.
    log.warn('whatsapp.verify-refused', { subscribe: mode === 'subscribe' });
    return c.json({ error: { code: 'forbidden:verify', message: 'Verification refused.' } }, 403);
  });

  app.post('/', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > maxBodyBytes) {
      throw new AppError('payload_too_large:body', 'The request body is too large.');
    }
    if (!verifySignature(raw, c.req.header('x-hub-signature-256'), appSecret)) {
      log.warn('whatsapp.signature-refused', { bytes: raw.byteLength });
      deps.onRefused?.('signature');
      const limits = deps.limits;
      if (limits) refuseIfLimited(c, limits.perAddress, limits.clientAddress(c), 'address');
      throw new AppError('unauthorized:signature', 'Missing or wrong X-Hub-Signature-256.');
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      throw new AppError('bad_request:json', 'The body is not valid JSON.');
    }
    const parsed = parseWebhook(body);
    if (!parsed.ok) {
      deps.onRefused?.('payload');
      throw new AppError('bad_request:webhook', `Not a WhatsApp webhook: ${parsed.problem}`);
    }
    const { statuses } = parsed.value;
    // Past a person's budget their messages are still stored (Meta would redeliver the whole batch,
    // other people's messages included, after a refusal), and answered with one "slow down" notice.
    const messages = parsed.value.messages.map((message) =>
      deps.limits?.perSender.take(`whatsapp:${message.address}`).ok === false
        ? { ...message, meta: { ...message.meta, throttled: true } }
        : message,
    );

    const store = async () => {
      const accepted = await Promise.all(messages.map((message) => engine.receive(message)));
      if (statuses.length) await deliveries.recordDeliveries(statuses);
      return accepted;
    };
    const answer = (accepted: Accepted[]) => {
      for (const [i, item] of accepted.entries()) {
        if (item.processed) continue;
        // A redelivery of a message stored but not yet answered (its turn failed or is running) runs
        // the turn again: a turn runs once per message, whoever asks first.
        if (!item.duplicate) deps.markRead?.(messages[i]!.externalId);
        engine.schedule(item);
      }
    };

    if (deps.unsafeAckBeforeStore) {
      void store().then(answer, () => undefined);
      return c.text('OK', 200);
    }
    answer(await store());
    return c.text('OK', 200);
  });

  return app;
}
