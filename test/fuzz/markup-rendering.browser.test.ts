import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expanded, FILES, readCorpus, type MarkupCase } from '../../scripts/bad-input/cases.js';
import { messageObject, signature, webhookBody } from '../../scripts/whatsapp/payloads.js';
import { hashPassword } from '../../src/console/passwords.js';
import { launchChromium } from '../helpers/browser.js';
import {
  errorLines,
  expectClearRefusal,
  runFuzzServer,
  SECRETS,
  turnsDone,
  watchUnhandledRejections,
} from './fuzz-service.js';
import { mailCarrying } from './markup-mail.js';

const cases = readCorpus<MarkupCase>(FILES.markup).map((c) => ({ ...c, full: expanded(c.text, c.expand) }));
/** Cases per web-chat session: with the replies, under the 200 messages a widget replays. */
const PER_SESSION = 40;
const PASSWORD = 'a-long-markup-test-password';

/** Whatever the page did that it must not: a payload ran, a dialog opened, a script failed. */
interface Watch {
  page: Page;
  dialogs: string[];
  errors: string[];
}

describe('markup and Unicode from people, rendered in a real browser', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof runFuzzServer>>;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  const rejections = watchUnhandledRejections();
  const sessions: { token: string; count: number; firstClientId?: string }[] = [];
  const conversations = new Set<string>();

  beforeAll(async () => {
    // Mediators answer every channel here, so each conversation waits in the console's queue with its
    // case card: the queue, the card and the conversation all show what people wrote.
    server = await runFuzzServer({
      OFFICE_HOURS: 'sun-sat 00:00-24:00',
      PAUSED_CHANNELS: 'webchat,whatsapp,email',
    });
    chrome = await launchChromium();
    await server.service.store.createMediator(
      {
        name: 'Supervisora',
        email: 'supervisora@example.pt',
        role: 'supervisor',
        languages: ['pt', 'en'],
        offices: ['lisboa', 'remote'],
        topics: [],
        capacity: 5,
        hours: null,
        passwordHash: await hashPassword(PASSWORD),
      },
      Date.now(),
    );
  });
  afterAll(async () => {
    rejections.stop();
    await chrome?.cleanup();
    await server?.close();
  });

  // In-process: the pages below are what goes over the socket.
  const call = (path: string, init: RequestInit) => server.service.app.request(path, init);
  const json = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  async function newSession() {
    const response = await call('/api/webchat/sessions', json({ lang: 'pt' }));
    const token = ((await response.json()) as { token: string }).token;
    const session: (typeof sessions)[number] = { token, count: 0 };
    sessions.push(session);
    return session;
  }

  async function conversationOf(channel: string, address: string) {
    const row = await server.service.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select('conversations.id')
      .where('contacts.channel', '=', channel)
      .where('contacts.address', '=', address)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** One case on the three channels; the web-chat session is the one it was given. */
  async function post(c: (typeof cases)[number], i: number, token: string) {
    const web = await call(
      '/api/webchat/messages',
      json({ clientId: `client-${c.id}`, text: c.full }, token),
    );
    expect(web.status, `${c.id} web chat`).toBe(c.expect.webchat);
    if (web.status !== 202) await expectClearRefusal(web, c.id);

    const message = messageObject(
      { type: 'text', body: c.full },
      { from: `3519300000${i % 3}`, id: `wamid.MARKUP.${c.id}` },
    );
    const raw = JSON.stringify(webhookBody({ messages: [message] }));
    const wa = await call('/webhooks/whatsapp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature(raw, SECRETS.WHATSAPP_APP_SECRET),
      },
      body: raw,
    });
    expect(wa.status, `${c.id} WhatsApp`).toBe(c.expect.whatsapp);
    if (wa.status !== 200) await expectClearRefusal(wa, c.id);

    const mail = await call('/webhooks/email', {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRETS.EMAIL_INBOUND_SECRET}` },
      body: mailCarrying(c.id, c.full, i % 2 === 0 ? 'plain' : 'html'),
    });
    expect(mail.status, `${c.id} e-mail`).toBe(202);
  }

  it('has payloads that do run when a page takes them as HTML (so the checks below can fail)', async () => {
    const watch = await watched();
    // A page of the service itself, so relative URLs get a quick 404 and fire their error handlers.
    await watch.page.goto(`${server.url}/privacy`);
    await watch.page.evaluate(
      (texts) =>
        texts.forEach((text, i) => {
          const box = document.createElement('div');
          box.innerHTML = text.replaceAll('__pwned=1', `__pwned_${i}=1`);
          document.body.append(box);
        }),
      cases.map((c) => c.full).filter((t) => t.includes('__pwned')),
    );
    const ran = () => Object.keys(window).filter((k) => k.startsWith('__pwned_')).length >= 50;
    await watch.page.waitForFunction(ran, undefined, { timeout: 30_000 });
    await expect.poll(() => watch.dialogs.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await watch.page.close();
  });

  it('takes each case on web chat, WhatsApp and e-mail, or refuses it with a clear 4xx', async () => {
    // Sessions are handed out first, so cases can go in parallel (one durable commit for many).
    const tokens: string[] = [];
    for (const c of cases) {
      let session = sessions.at(-1);
      if (!session || session.count === PER_SESSION) session = await newSession();
      tokens.push(session.token);
      if (c.expect.webchat === 202) {
        session.firstClientId ??= `client-${c.id}`;
        session.count += 1;
      }
    }
    for (let at = 0; at < cases.length; at += 25)
      await Promise.all(cases.slice(at, at + 25).map((c, k) => post(c, at + k, tokens[at + k]!)));
    await turnsDone(server);
    for (let k = 0; k < 3; k++) conversations.add(await conversationOf('whatsapp', `3519300000${k}`));
    for (const kind of ['plain', 'html'])
      conversations.add(await conversationOf('email', `markup-${kind}@example.org`));
    for (const session of sessions) {
      const row = await server.service.db
        .selectFrom('messages')
        .select('conversation_id')
        .where('external_id', 'like', `%:${session.firstClientId}`)
        .executeTakeFirstOrThrow();
      conversations.add(row.conversation_id);
    }
  });

  async function watched(): Promise<Watch> {
    // Without the page's Content-Security-Policy, so a payload that got into the DOM would run: this
    // tests the rendering, not only the policy that backs it up.
    const page = await chrome.browser.newPage({ bypassCSP: true, locale: 'pt-PT' });
    const watch: Watch = { page, dialogs: [], errors: [] };
    page.on('dialog', (dialog) => {
      watch.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => watch.errors.push(error.message));
    return watch;
  }

  /**
   * Elements inside a container that no text should ever have become: the tags the payloads use, any
   * element with an event handler attribute, and links that are not web links.
   */
  const foreignElements = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((roots) => {
      const tags =
        /^(IMG|SVG|SCRIPT|IFRAME|OBJECT|EMBED|VIDEO|AUDIO|SOURCE|STYLE|MATH|FORM|INPUT|SELECT|DETAILS|MARQUEE|BASE|META|LINK|NOSCRIPT|XMP|TEMPLATE|BODY|B|TABLE)$/i;
      return roots.flatMap((root) =>
        Array.from(root.querySelectorAll('*'))
          .filter(
            (el) =>
              tags.test(el.tagName) ||
              el.getAttributeNames().some((name) => name.toLowerCase().startsWith('on')) ||
              (el.tagName === 'A' && !/^(https?:|#|blob:)/.test(el.getAttribute('href') ?? '')),
          )
          .map((el) => el.outerHTML.slice(0, 80)),
      );
    });

  const pwned = (page: Page) =>
    page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);

  it('shows every case as text in the widget, and runs none of it', async () => {
    const watch = await watched();
    const key = `cnaim-chat:${server.url}`;
    let shown = 0;
    for (const session of sessions) {
      await watch.page.addInitScript(([k, v]) => localStorage.setItem(k!, v!), [key, session.token]);
      await watch.page.goto(`${server.url}/`);
      await watch.page.locator('[data-cnaim-chat]').locator('button.launcher').click();
      const bubbles = watch.page.getByRole('log').locator('.msg.contact .text');
      await expect.poll(() => bubbles.count(), { timeout: 15_000 }).toBe(session.count);
      const history = (await (
        await call('/api/webchat/messages', { headers: { authorization: `Bearer ${session.token}` } })
      ).json()) as {
        messages: { author: string; text: string }[];
      };
      const written = history.messages.filter((m) => m.author === 'contact').map((m) => m.text);
      expect(await bubbles.allTextContents()).toEqual(written);
      expect(await foreignElements(watch.page, '.log')).toEqual([]);
      shown += session.count;
    }
    await watch.page.waitForTimeout(300);
    expect(await pwned(watch.page)).toBeNull();
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(shown).toBeGreaterThanOrEqual(200);
    await watch.page.close();
  });

  it('shows every case as text to a mediator in the console, and runs none of it', async () => {
    const watch = await watched();
    await watch.page.goto(`${server.url}/console`);
    await watch.page.getByRole('textbox', { name: 'E-mail' }).fill('supervisora@example.pt');
    await watch.page.getByRole('textbox', { name: 'Palavra-passe' }).fill(PASSWORD);
    await watch.page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await watch.page.locator('#who', { hasText: 'Supervisora' }).waitFor();
    // Handed over at once, every conversation waits in the queue with a preview of what was written.
    await expect.poll(() => watch.page.locator('#queue-list .item').count()).toBeGreaterThanOrEqual(5);
    let shown = 0;
    for (const id of conversations) {
      const written = (
        await server.service.db
          .selectFrom('messages')
          .select('text')
          .where('conversation_id', '=', id)
          .where('direction', '=', 'in')
          .orderBy('id')
          .execute()
      ).map((m) => m.text);
      await watch.page.evaluate((c) => (location.hash = `#/c/${c}`), id);
      const texts = watch.page.locator(`#messages[data-conversation="${id}"] .by-contact .msg-text`);
      await expect.poll(() => texts.count(), { timeout: 15_000 }).toBe(written.length);
      expect(await texts.allTextContents()).toEqual(written);
      expect(await foreignElements(watch.page, '#messages, #card-body, #queue-list, #mine-list')).toEqual([]);
      shown += written.length;
    }
    await watch.page.waitForTimeout(300);
    expect(await pwned(watch.page)).toBeNull();
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(shown).toBeGreaterThanOrEqual(400);
    await watch.page.close();
  });

  it('never fails inside: no error logged, no rejection left unhandled', () => {
    expect(errorLines(server.log)).toEqual([]);
    expect(rejections.seen).toEqual([]);
  });
});
