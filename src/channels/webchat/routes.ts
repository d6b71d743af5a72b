import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Clock, IdSource, Store } from '../../core/ports.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/ports.js';
import { toLang } from '../../domain/language.js';
import { AppError } from '../../lib/errors.js';
import { readJson } from '../../http/json-body.js';
import { refuseIfLimited, type RateLimiter } from '../../http/rate-limit.js';
import type { WebchatHub, WebchatEvent } from './hub.js';
import { toWebchatEvent } from './render.js';
import { bearerToken, hashToken, newToken } from './tokens.js';

export interface WebchatDeps {
  store: Store;
  engine: Engine;
  hub: WebchatHub;
  clock: Clock;
  ids: IdSource;
  log: Logger;
  sessionIdleMs: number;
  heartbeatMs?: number;
  /** Messages per visitor per minute. */
  perSender?: RateLimiter;
}

const startSchema = z.object({ lang: z.string().max(35).optional() }).strict();
const messageSchema = z
  .object({
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a client id of 8-64 letters, digits, - or _'),
    text: z.string().max(2000).optional(),
    choice: z.string().max(256).optional(),
  })
  .strict()
  .refine((m) => (m.text?.trim().length ?? 0) > 0 || m.choice, { message: 'send a text or a choice' });

export function createWebchatRoutes(deps: WebchatDeps) {
  const { store, engine, hub, clock, ids, sessionIdleMs, heartbeatMs = 25_000 } = deps;
  const app = new Hono();

  async function session(c: Context) {
    const token = bearerToken(c.req.header('authorization'));
    if (!token)
      throw new AppError('unauthorized:session', 'Missing chat session token (Authorization: Bearer).');
    const found = await store.touchSession(hashToken(token), clock.now(), sessionIdleMs);
    if (!found)
      throw new AppError('unauthorized:session', 'Unknown or expired chat session: start a new one.');
    return found;
  }

  async function history(address: string, after?: string): Promise<WebchatEvent[]> {
    const contact = await store.findContact('webchat', address);
    if (!contact) return [];
    const conversation = await store.latestConversation(contact.id);
    if (!conversation) return [];
    const messages = await store.listMessages(conversation.id, after);
    return messages.map(toWebchatEvent);
  }

  app.post('/sessions', async (c) => {
    const body = await readJson(c, startSchema);
    const now = clock.now();
    const token = newToken();
    const lang = toLang(body.lang) ?? toLang(c.req.header('accept-language')) ?? null;
    await store.createSession(
      hashToken(token),
      { address: `web-${ids.next()}`, langHint: lang, expiresAt: now + sessionIdleMs },
      now,
    );
    return c.json({ token, expiresAt: now + sessionIdleMs }, 201);
  });

  app.post('/messages', async (c) => {
    const visitor = await session(c);
    const body = await readJson(c, messageSchema);
    if (deps.perSender) refuseIfLimited(c, deps.perSender, visitor.address, 'sender');
    const accepted = await engine.receive({
      channel: 'webchat',
      address: visitor.address,
      externalId: `${visitor.address}:${body.clientId}`,
      ...(body.text ? { text: body.text } : {}),
      ...(body.choice ? { choice: body.choice } : {}),
      sentAt: clock.now(),
      ...(visitor.langHint ? { langHint: visitor.langHint } : {}),
    });
    if (!accepted.processed) {
      // Acknowledged once stored; the turn runs after, and the recovery pass retries it if it fails.
      engine.schedule(accepted);
    }
    return c.json({ id: accepted.messageId, duplicate: accepted.duplicate }, 202);
  });

  app.get('/messages', async (c) => {
    const visitor = await session(c);
    const after = c.req.query('after');
    if (after !== undefined && !/^[0-9A-Z]{26}$/.test(after)) {
      throw new AppError('bad_request:cursor', 'Invalid "after" cursor.');
    }
    return c.json({ messages: await history(visitor.address, after) });
  });

  app.get('/stream', async (c) => {
    const visitor = await session(c);
    const lastId = c.req.header('last-event-id') ?? c.req.query('after');
    const cursor = lastId && /^[0-9A-Z]{26}$/.test(lastId) ? lastId : undefined;
    return streamSSE(c, async (stream) => {
      const queue: WebchatEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = hub.subscribe(visitor.address, (event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      // Replay what the visitor missed, then follow live events; an id seen in the replay is not sent twice.
      const sent = new Set<string>();
      for (const event of await history(visitor.address, cursor)) {
        sent.add(event.id);
        await stream.writeSSE({ id: event.id, event: 'message', data: JSON.stringify(event) });
      }
      while (!stream.aborted) {
        const event = queue.shift();
        if (event) {
          if (sent.has(event.id)) continue;
          sent.add(event.id);
          await stream.writeSSE({ id: event.id, event: 'message', data: JSON.stringify(event) });
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  return app;
}
