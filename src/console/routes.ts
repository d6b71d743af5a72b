import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Clock, Logger, Store } from '../core/ports.js';
import type { Mediation } from '../core/handoff/mediation.js';
import { isSupervisor, type Routed } from '../core/handoff/routing.js';
import { OFFICES, ROLES, type Handoff, type MediatorProfile } from '../core/handoff/types.js';
import { parseHours } from '../core/handoff/office-hours.js';
import { LANGUAGES, LANGUAGE_NAMES, textDirection, type Lang } from '../domain/language.js';
import type { ChannelName, Reply, StoredMessage } from '../domain/types.js';

interface Identity {
  channel: ChannelName;
  address: string;
}
import type { Catalogue } from '../knowledge/catalogue.js';
import { AppError } from '../lib/errors.js';
import { sameSecret } from '../lib/secrets.js';
import { readJson } from '../http/json-body.js';
import type { ConsoleHub } from './console-hub.js';
import {
  dummyHash,
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.js';

/** The person behind a conversation, as the GDPR asks: everything kept about them, and erasure. */
export interface PersonData {
  personOf(conversationId: string): Promise<Identity | undefined>;
  exportPerson(identities: Identity[]): Promise<unknown>;
  erasePerson(
    identities: Identity[],
    actor: { type: 'mediator'; id: string },
    now: number,
  ): Promise<{ identities: number; conversations: number }>;
}

export interface ConsoleDeps {
  store: Store;
  privacy: PersonData;
  mediation: Mediation;
  hub: ConsoleHub;
  catalogue: Catalogue;
  clock: Clock;
  log: Logger;
  /** Cookies get `Secure` when the service is reached over TLS. */
  secureCookies: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** The client's address, for sign-in rate limiting (the runtime knows how to read it). */
  clientAddress: (c: Context) => string;
  heartbeatMs?: number;
}

type ConsoleEnv = { Variables: { mediator: MediatorProfile; tokenHash: string } };

const COOKIE = 'cnaim_console';
const LOCK_AFTER = 5;
const LOCK_MS = 15 * 60_000;
const PER_ADDRESS = { attempts: 20, windowMs: 15 * 60_000 };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const signInSchema = z.object({ email: z.string().trim().max(200), password: z.string().max(500) }).strict();
const textSchema = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
const transferSchema = z.union([
  z.object({ mediatorId: z.string().min(1).max(64) }).strict(),
  z.object({ office: z.enum(OFFICES).nullable() }).strict(),
]);
const closeSchema = z
  .object({
    outcome: z.enum(['resolved', 'referred', 'appointment', 'no-answer', 'other']),
    tags: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[\p{L}\p{N} _-]{1,40}$/u),
      )
      .max(10)
      .default([]),
  })
  .strict();
/** Erasure cannot be undone: the client must say so in the body, not only with a click. */
const eraseSchema = z.object({ confirm: z.literal('erase') }).strict();
const newMediatorSchema = z
  .object({
    email: z.email().max(200),
    name: z.string().trim().min(2).max(100),
    role: z.enum(ROLES),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    offices: z.array(z.enum(OFFICES)).min(1),
    topics: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    capacity: z.number().int().min(1).max(50).default(5),
    hours: z.string().max(200).optional(),
  })
  .strict();

function readHours(text: string | undefined) {
  try {
    return text ? parseHours(text) : null;
  } catch (error) {
    throw new AppError('bad_request:hours', (error as Error).message);
  }
}

/**
 * The mediator console's API under /console/api: sign-in with a session cookie (HttpOnly,
 * SameSite=Strict, Secure over TLS) and a CSRF token for every change, the live queue and
 * conversation (server-sent events), and the actions on a conversation.
 */
export function createConsoleRoutes(deps: ConsoleDeps) {
  const { store, mediation, hub, catalogue, clock, log, heartbeatMs = 25_000 } = deps;
  const app = new Hono<ConsoleEnv>();
  const attempts = new Map<string, number[]>();

  function limited(address: string): boolean {
    const now = clock.now();
    const recent = (attempts.get(address) ?? []).filter((at) => at > now - PER_ADDRESS.windowMs);
    attempts.set(address, recent);
    return recent.length >= PER_ADDRESS.attempts;
  }

  app.post('/sign-in', async (c) => {
    const address = deps.clientAddress(c);
    if (limited(address)) {
      throw new AppError(
        'rate_limited:sign-in',
        'Too many sign-in attempts from this address; try again later.',
      );
    }
    const body = await readJson(c, signInSchema);
    const now = clock.now();
    const account = await store.mediatorByEmail(body.email);
    const locked =
      account?.lockedUntil !== null && account?.lockedUntil !== undefined && account.lockedUntil > now;
    // Always hash, so an unknown address takes as long as a wrong password.
    const ok =
      (await verifyPassword(body.password, account?.passwordHash ?? (await dummyHash()))) && Boolean(account);
    if (!account || !account.active || locked || !ok) {
      attempts.set(address, [...(attempts.get(address) ?? []), now]);
      if (account && !locked) {
        const failures = await store.recordSignIn(account.id, false, null);
        if (failures >= LOCK_AFTER) await store.recordSignIn(account.id, false, now + LOCK_MS);
      }
      await store.audit(
        {
          actorType: 'mediator',
          actorId: account?.id ?? null,
          action: locked ? 'sign-in.locked' : 'sign-in.failed',
        },
        now,
      );
      if (locked)
        throw new AppError(
          'rate_limited:locked',
          'This account is locked for a while after failed sign-ins.',
        );
      throw new AppError('unauthorized:sign-in', 'Wrong e-mail or password.');
    }
    await store.recordSignIn(account.id, true, null);
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await store.createMediatorSession(hashToken(token), account.id, csrf, now, now + deps.sessionMaxMs);
    await store.audit({ actorType: 'mediator', actorId: account.id, action: 'sign-in' }, now);
    setCookie(c, COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.secureCookies,
      path: '/console',
      maxAge: Math.floor(deps.sessionMaxMs / 1000),
    });
    return c.json({ mediator: await store.mediator(account.id), csrf });
  });

  // Everything below needs a session; every change also needs the session's CSRF token.
  app.use('*', async (c, next) => {
    const token = getCookie(c, COOKIE);
    const session = token
      ? await store.touchMediatorSession(hashToken(token), clock.now(), deps.sessionIdleMs)
      : undefined;
    const mediator = session ? await store.mediator(session.mediatorId) : undefined;
    if (!session || !mediator?.active) throw new AppError('unauthorized:session', 'Sign in again.');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameSecret(sent, session.csrf))
        throw new AppError('forbidden:csrf', 'Missing or wrong CSRF token.');
    }
    c.set('mediator', mediator);
    c.set('tokenHash', hashToken(token!));
    await next();
  });

  app.get('/me', async (c) => {
    const token = getCookie(c, COOKIE)!;
    const session = await store.touchMediatorSession(hashToken(token), clock.now(), deps.sessionIdleMs);
    return c.json({ mediator: c.get('mediator'), csrf: session?.csrf });
  });

  app.post('/sign-out', async (c) => {
    await store.deleteMediatorSession(c.get('tokenHash'));
    deleteCookie(c, COOKIE, { path: '/console' });
    return c.body(null, 204);
  });

  const summary = (h: Handoff, routed?: Routed) => ({
    id: h.id,
    conversationId: h.conversationId,
    language: h.language,
    languageName: h.language ? LANGUAGE_NAMES[h.language] : null,
    channel: h.card?.channel ?? null,
    topic: h.topic,
    topicTitle: h.topic ? (catalogue.topic(h.topic)?.title.pt ?? h.topic) : null,
    reason: h.reason,
    urgent: h.urgent,
    status: h.status,
    office: h.office,
    interpretation: routed?.interpretation ?? false,
    mediatorId: h.mediatorId,
    requestedAt: h.requestedAt,
    waitingMs: clock.now() - h.requestedAt,
    preview: h.card?.asked.at(-1)?.slice(0, 140) ?? '',
  });

  const queueView = async (m: MediatorProfile) => {
    const q = await mediation.queue(m);
    return {
      waiting: q.waiting.map((r) => summary(r.handoff, r)),
      mine: q.mine.map((h) => summary(h)),
      all: q.all.map((h) => summary(h)),
    };
  };

  /**
   * A live view over server-sent events: a snapshot at once (nothing that changed since the page loaded
   * is missed), a new one whenever a relevant conversation changes, a ping otherwise. It ends when the
   * view is no longer allowed (transferred away, closed).
   */
  const live = (
    c: Context,
    event: string,
    relevant: (conversationId: string) => boolean,
    view: () => Promise<unknown>,
  ) =>
    streamSSE(c, async (stream) => {
      let dirty = true;
      let wake: (() => void) | undefined;
      const unsubscribe = hub.subscribe((changed) => {
        if (!relevant(changed)) return;
        dirty = true;
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      while (!stream.aborted) {
        if (!dirty) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, heartbeatMs);
          });
        }
        if (stream.aborted) break;
        if (!dirty) {
          await stream.writeSSE({ event: 'ping', data: '' });
          continue;
        }
        dirty = false;
        try {
          await stream.writeSSE({ event, data: JSON.stringify(await view()) });
        } catch {
          break;
        }
      }
    });

  app.get('/queue', async (c) => c.json(await queueView(c.get('mediator'))));

  app.get('/queue/stream', (c) => {
    const m = c.get('mediator');
    return live(
      c,
      'queue',
      () => true,
      () => queueView(m),
    );
  });

  const messageView = (message: StoredMessage, lang: Lang | null) => {
    const payload = (message.payload ?? {}) as Partial<Reply> & {
      lang?: Lang;
      meta?: Record<string, unknown>;
    };
    const messageLang = payload.lang ?? lang;
    return {
      id: message.id,
      direction: message.direction,
      author: message.author,
      text: message.text,
      lang: messageLang,
      dir: messageLang ? textDirection(messageLang) : 'ltr',
      createdAt: message.createdAt,
      choices: (payload.choices ?? []).map((ch) => ch.label),
      citations: payload.citations ?? [],
      media: (payload.meta?.media as { kind: string } | undefined)?.kind ?? null,
      deliveryStatus: message.deliveryStatus,
    };
  };

  const conversationView = async (m: MediatorProfile, id: string, refresh = false) => {
    const view = refresh ? await mediation.view(m, id) : await mediation.open(m, id);
    const lang = view.conversation.language;
    return {
      conversation: {
        id: view.conversation.id,
        channel: view.conversation.channel,
        language: lang,
        languageName: lang ? LANGUAGE_NAMES[lang] : null,
        status: view.conversation.status,
        topic: view.conversation.topic,
      },
      handoff: view.handoff ? { ...summary(view.handoff), card: view.handoff.card } : null,
      messages: view.messages.map((msg) => messageView(msg, lang)),
      notes: view.notes,
      canned: mediation.canned(m, lang ?? 'pt'),
    };
  };

  const conversationId = (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (!/^[0-9A-Z]{26}$/.test(id)) throw new AppError('not_found:conversation', 'No such conversation.');
    return id;
  };

  app.get('/conversations/:id', async (c) =>
    c.json(await conversationView(c.get('mediator'), conversationId(c))),
  );

  app.get('/conversations/:id/stream', async (c) => {
    const m = c.get('mediator');
    const id = conversationId(c);
    await mediation.view(m, id); // access check before streaming
    return live(
      c,
      'conversation',
      (changed) => changed === id,
      () => conversationView(m, id, true),
    );
  });

  app.post('/conversations/:id/claim', async (c) => {
    await mediation.claim(c.get('mediator'), conversationId(c));
    return c.json({ ok: true });
  });
  app.post('/conversations/:id/reply', async (c) => {
    const { text } = await readJson(c, textSchema);
    await mediation.reply(c.get('mediator'), conversationId(c), text);
    return c.json({ ok: true }, 202);
  });
  app.post('/conversations/:id/notes', async (c) => {
    const { text } = await readJson(c, textSchema);
    return c.json(await mediation.note(c.get('mediator'), conversationId(c), text), 201);
  });
  app.post('/conversations/:id/hand-back', async (c) => {
    await mediation.handBack(c.get('mediator'), conversationId(c));
    return c.json({ ok: true });
  });
  app.post('/conversations/:id/transfer', async (c) => {
    const to = await readJson(c, transferSchema);
    await mediation.transfer(c.get('mediator'), conversationId(c), to);
    return c.json({ ok: true });
  });
  app.post('/conversations/:id/close', async (c) => {
    const { outcome, tags } = await readJson(c, closeSchema);
    await mediation.close(c.get('mediator'), conversationId(c), outcome, tags);
    return c.json({ ok: true });
  });

  const supervisorOnly = (m: MediatorProfile) => {
    if (!isSupervisor(m)) throw new AppError('forbidden:role', 'Only supervisors can do this.');
  };

  /** A supervisor acting for the person behind a conversation they can see. */
  async function personBehind(c: Context<ConsoleEnv>) {
    const m = c.get('mediator');
    supervisorOnly(m);
    const id = conversationId(c);
    await mediation.view(m, id);
    const person = await deps.privacy.personOf(id);
    if (!person) throw new AppError('not_found:conversation', 'No such conversation.');
    return { m, id, person };
  }

  // Export and erasure on a person's request (GDPR Articles 15 and 17), each written to the audit log.
  app.get('/conversations/:id/export', async (c) => {
    const { m, id, person } = await personBehind(c);
    const data = await deps.privacy.exportPerson([person]);
    await store.audit(
      {
        actorType: 'mediator',
        actorId: m.id,
        action: 'person.exported',
        subjectType: 'conversation',
        subjectId: id,
      },
      clock.now(),
    );
    log.info('console.person-exported', { mediatorId: m.id, conversationId: id });
    c.header('Content-Disposition', `attachment; filename="person-${id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json({ exportedAt: new Date(clock.now()).toISOString(), ...(data as object) });
  });

  app.post('/conversations/:id/erase', async (c) => {
    await readJson(c, eraseSchema);
    const { m, id, person } = await personBehind(c);
    const erased = await deps.privacy.erasePerson([person], { type: 'mediator', id: m.id }, clock.now());
    log.info('console.person-erased', { mediatorId: m.id, ...erased });
    hub.changed(id);
    return c.json({ ok: true, erased });
  });

  app.get('/mediators', async (c) => {
    const m = c.get('mediator');
    const all = await store.listMediators();
    // Everyone may see names (to transfer); only supervisors see the rest.
    return c.json({
      mediators: isSupervisor(m)
        ? all
        : all.map(({ id, name, languages, offices }) => ({ id, name, languages, offices })),
    });
  });

  app.post('/mediators', async (c) => {
    const m = c.get('mediator');
    supervisorOnly(m);
    const body = await readJson(c, newMediatorSchema);
    if (body.role === 'admin' && m.role !== 'admin')
      throw new AppError('forbidden:role', 'Only an admin can create an admin.');
    if (await store.mediatorByEmail(body.email))
      throw new AppError('conflict:email', 'An account with this e-mail exists.');
    const hours = readHours(body.hours);
    const password = generatePassword();
    const created = await store.createMediator(
      { ...body, hours, passwordHash: await hashPassword(password) },
      clock.now(),
    );
    await store.audit(
      {
        actorType: 'mediator',
        actorId: m.id,
        action: 'mediator.created',
        subjectType: 'mediator',
        subjectId: created.id,
      },
      clock.now(),
    );
    log.info('console.mediator-created', { mediatorId: created.id, role: created.role });
    // The password is shown once, to the supervisor who passes it on; it is stored only as a hash.
    return c.json({ mediator: created, password, minPasswordLength: MIN_PASSWORD_LENGTH }, 201);
  });

  return app;
}
