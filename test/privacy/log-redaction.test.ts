import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../scripts/lib/smtp-sink.js';
import {
  messageObject,
  postWebhook,
  signature,
  statusObject,
  webhookBody,
  type InboundSpec,
} from '../../scripts/whatsapp/payloads.js';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/whatsapp/stand-in.js';
import { hashPassword } from '../../src/console/passwords.js';
import { createLogger } from '../../src/lib/logger.js';
import { runServer, waitFor } from '../helpers/service.js';

const APP_SECRET = 'redaction-app-secret';
const TOKEN = 'redaction-access-token';
const MAIL_SECRET = 'redaction-inbound-secret-0123';
const PASSWORD = 'a-long-redaction-password';

/** What people write: it may be in the database, never in a log line. */
const MARK = 'ZQXMARK';
const PERSON = {
  name: 'Oksana Kovalenko',
  profileName: 'Oksana Kovalenko-Brito',
  waId: '351912345678',
  phones: ['+351 912 345 678', '00351912345678', '912345678', '351912345678'],
  email: 'Oksana.Kovalenko@Exemplo-Correio.pt',
  replyTo: 'oksana.reply@correio.example.org',
  passport: 'FK4837261',
  nif: '298 476 135',
};
const OTHERS = {
  /** Someone the person mentions or sends as a contact card. */
  name: 'Bohdan Melnyk',
  phone: '+351 936 112 087',
  email: 'bohdan.melnyk@exemplo.pt',
  /** A person whose mailbox the relay refuses. */
  refused: 'ninguem.kovalenko@example.net',
  /** A person in danger, on WhatsApp. */
  urgentWaId: '351967001122',
};
/** Staff data: logs name mediators by id only, and a sign-in may carry anyone's address. */
const MEDIATOR = { name: 'Teresa Quintela', email: 'teresa.quintela@aima.example.pt' };

const WORDS = [
  MARK,
  ...PERSON.name.split(' '),
  'Brito',
  PERSON.email,
  PERSON.replyTo,
  PERSON.passport,
  ...OTHERS.name.split(' '),
  OTHERS.email,
  OTHERS.refused,
  ...MEDIATOR.name.split(' '),
  MEDIATOR.email,
].map((w) => w.toLowerCase());
const NUMBERS = [PERSON.waId, PERSON.nif, OTHERS.phone, OTHERS.urgentWaId].map((n) => n.replace(/\D/g, ''));

/** Every sentinel found in a text: words case-insensitively, numbers by any 6 digits in a row, spaced or not. */
function sentinelsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = WORDS.filter((w) => lower.includes(w));
  const runs = text.replace(/(?<=\d)[\s().-]+(?=\d)/g, '').match(/\d{6,}/g) ?? [];
  for (const n of NUMBERS) {
    for (let i = 0; i + 6 <= n.length; i++) {
      if (runs.some((run) => run.includes(n.slice(i, i + 6)))) found.push(n.slice(i, i + 6));
    }
  }
  return [...new Set(found)];
}

describe('logs carry no message text, names, phone numbers or e-mail addresses on any channel', () => {
  const lines: string[] = [];
  const written: string[] = [];
  const printed: string[] = [];
  let graph: GraphStandIn;
  let sink: SmtpSink;
  let server: Awaited<ReturnType<typeof runServer>>;
  let counter = 0;

  beforeAll(async () => {
    // Anything printed around the logger (console, a library writing to stdout) would leak the same way.
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return original(chunk, ...rest);
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
    }
    graph = await startGraphStandIn({ port: 0, accessToken: TOKEN, echoRecipient: true });
    sink = await startSmtpSink({ refuse: (address) => address === OTHERS.refused });
    server = await runServer(
      {
        LOG_LEVEL: 'debug',
        RATE_LIMIT_PER_IP: '0',
        RATE_LIMIT_PER_SENDER: '0',
        WHATSAPP_VERIFY_TOKEN: 'redaction-verify',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_ACCESS_TOKEN: TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_API_URL: `${graph.url}/v23.0`,
        EMAIL_FROM: 'Assistente CNAIM <assistente@cnaim.example.pt>',
        EMAIL_SMTP_LISTEN_PORT: '0',
        EMAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        EMAIL_INBOUND_SECRET: MAIL_SECRET,
      },
      {
        log: createLogger('debug', (line) => lines.push(line)),
        relay: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 },
      },
    );
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
    await sink?.close();
    vi.restoreAllMocks();
  });

  /** Lines logged since the current test began (a late line of the test before counts here too). */
  let seen = 0;
  beforeEach(() => {
    seen = lines.length;
  });
  const leaksIn = (texts: string[]) =>
    texts.map((text) => ({ text, found: sentinelsIn(text) })).filter((t) => t.found.length);
  const expectNoPersonalData = () => expect(leaksIn(lines.slice(seen))).toEqual([]);
  const logged = (event: string) => lines.slice(seen).some((line) => line.includes(`"event":"${event}"`));

  const post = async (messages: Record<string, unknown>[], names: Record<string, string> = {}) => {
    expect(await postWebhook(server.url, webhookBody({ messages }, names), APP_SECRET)).toBe(200);
  };
  const say = (from: string, spec: InboundSpec, name?: string) =>
    post([messageObject(spec, { from, id: `wamid.REDACT${++counter}` })], name ? { [from]: name } : {});
  const sentTo = (to: string) => graph.messages().filter((s) => s.body.to === to);
  const repliesTo = async (to: string, count: number) =>
    waitFor(() => (sentTo(to).length >= count ? sentTo(to) : undefined), 10_000);
  const until = (event: string) => waitFor(() => logged(event) || undefined, 10_000);

  const mailTo = (raw: string, secret = MAIL_SECRET) =>
    fetch(`${server.url}/webhooks/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      body: raw,
    });
  const mailsTo = (address: string) => sink.mails.filter((m) => m.to.includes(address.toLowerCase()));
  const conversationOf = async (address: string) =>
    (
      await server.service.db
        .selectFrom('conversations')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select('conversations.id')
        .where('contacts.address', '=', address)
        .orderBy('conversations.id', 'desc')
        .executeTakeFirstOrThrow()
    ).id;

  it('WhatsApp: texts, buttons, media, a location and a contact card, with the profile name', async () => {
    const person = PERSON.waId;
    const about = `sou ${PERSON.name} ${MARK}, telefone ${PERSON.phones.join(' / ')}, e-mail ${PERSON.email}, passaporte ${PERSON.passport}, NIF ${PERSON.nif}`;
    await say(person, { type: 'text', body: `Olá, ${about}. Como tiro o NIF?` }, PERSON.profileName);
    await repliesTo(person, 1);
    await say(person, { type: 'button_reply', id: 'cmd:menu', title: `${MARK} ${PERSON.name}` });
    await say(person, { type: 'list_reply', id: `${MARK}:${PERSON.waId}`, title: PERSON.name });
    await say(person, { type: 'button', payload: `${MARK}-${PERSON.email}`, text: `${MARK} ${PERSON.nif}` });
    await say(person, {
      type: 'document',
      caption: `${MARK} passaporte de ${PERSON.name}`,
      filename: `passaporte_${PERSON.name.replace(' ', '_')}_${PERSON.passport}.pdf`,
    });
    await say(person, { type: 'image', caption: `${MARK} ${PERSON.phones[0]}` });
    await say(person, { type: 'audio', voice: true });
    await say(person, {
      type: 'location',
      latitude: 38.7369,
      longitude: -9.1427,
      name: `Casa de ${PERSON.name} ${MARK}`,
      address: `Rua das Flores 12, 1200-195 Lisboa, ${PERSON.phones[1]}`,
    });
    await post([
      {
        from: person,
        id: `wamid.REDACT${++counter}`,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: OTHERS.name, first_name: 'Bohdan', last_name: 'Melnyk' },
            phones: [{ phone: OTHERS.phone, wa_id: OTHERS.phone.replace(/\D/g, ''), type: 'CELL' }],
            emails: [{ email: OTHERS.email, type: 'HOME' }],
          },
        ],
      },
    ]);
    await say(person, { type: 'reaction', messageId: sentTo(person)[0]!.messageId!, emoji: '👍' });
    await say(person, { type: 'text', body: `E o NISS? ${about}` });
    await repliesTo(person, 8);
    expectNoPersonalData();
  });

  it('WhatsApp: delivery statuses, including a failure whose reason names the number', async () => {
    const wamid = sentTo(PERSON.waId)[0]!.messageId!;
    const failure = { code: 131026, title: `Message undeliverable to ${PERSON.phones[0]} (${PERSON.name})` };
    const statuses = [
      statusObject(wamid, 'sent', PERSON.waId),
      statusObject(wamid, 'delivered', PERSON.waId),
      statusObject(wamid, 'read', PERSON.waId),
      statusObject(wamid, 'failed', PERSON.waId, { error: failure }),
      statusObject('wamid.UNKNOWN', 'failed', PERSON.waId, { error: failure }),
    ];
    expect(await postWebhook(server.url, webhookBody({ statuses }), APP_SECRET)).toBe(200);
    expectNoPersonalData();
  });

  it('WhatsApp: Graph refuses a send for good and asks for a retry, naming the recipient each time', async () => {
    const person = PERSON.waId;
    const rejected = graph.rejected.length;
    graph.permanentNext(1, 131026);
    await say(person, { type: 'text', body: `${MARK} ${PERSON.name}: onde é a loja do cidadão?` });
    await until('outbox.dead-lettered');
    graph.throttleNext(1, 130429);
    graph.failNext(1, 503);
    await say(person, { type: 'text', body: `${MARK} como renovo o título de residência?` });
    const last = await waitFor(() => graph.rejected[rejected + 2], 10_000);
    // The reply Graph refused twice goes on the third try.
    await waitFor(() => sentTo(person).some((s) => s.at >= last.at) || undefined, 10_000);
    expect(logged('outbox.retry-scheduled')).toBe(true);
    expectNoPersonalData();
  });

  it('WhatsApp: a bad signature, a body that is not JSON and one that is not a webhook are refused', async () => {
    const body = JSON.stringify(
      webhookBody({
        messages: [messageObject({ type: 'text', body: MARK }, { from: PERSON.waId, id: 'x' })],
      }),
    );
    const refuse = async (raw: string, sign: string) => {
      const response = await fetch(`${server.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign },
        body: raw,
      });
      return response.status;
    };
    expect(await refuse(body, signature(body, 'not-the-secret'))).toBe(401);
    const broken = `{"from":"${PERSON.waId}","text":"${MARK} ${PERSON.name}"`;
    expect(await refuse(broken, signature(broken, APP_SECRET))).toBe(400);
    const odd = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: PERSON.email }] });
    expect(await refuse(odd, signature(odd, APP_SECRET))).toBe(400);
    const verify = `hub.mode=${PERSON.email}&hub.verify_token=${PERSON.waId}&hub.challenge=${MARK}`;
    expect((await fetch(`${server.url}/webhooks/whatsapp?${verify}`)).status).toBe(403);
    expect(logged('whatsapp.signature-refused')).toBe(true);
    expectNoPersonalData();
  });

  it('web chat: a session, typed messages and choices, and malformed requests', async () => {
    const api = `${server.url}/api/webchat`;
    const session = (await (
      await fetch(`${api}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lang: 'pt' }),
      })
    ).json()) as { token: string };
    const send = (body: unknown) =>
      fetch(`${api}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const text = `${MARK} chamo-me ${PERSON.name}, ${PERSON.phones[2]}, ${PERSON.email}, NIF ${PERSON.nif}: como peço o NISS?`;
    expect((await send({ clientId: 'redaction-1', text })).status).toBe(202);
    expect((await send({ clientId: 'redaction-2', choice: 'cmd:menu' })).status).toBe(202);
    expect((await send({ clientId: 'redaction-3', choice: `${MARK}:${PERSON.email}` })).status).toBe(202);
    expect((await send(`{"clientId":"redaction-4","text":"${MARK} ${PERSON.name}`)).status).toBe(400);
    expect((await send({ clientId: 'redaction-5', text, extra: PERSON.email })).status).toBe(400);
    expect((await send({ clientId: 'x', text: `${MARK} ${'x'.repeat(3000)}` })).status).toBe(400);
    const anonymous = await fetch(`${api}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PERSON.email}` },
      body: JSON.stringify({ clientId: 'redaction-6', text }),
    });
    expect(anonymous.status).toBe(401);
    await waitFor(async () => {
      const history = (await (
        await fetch(`${api}/messages`, { headers: { authorization: `Bearer ${session.token}` } })
      ).json()) as { messages: { author: string }[] };
      return history.messages.filter((m) => m.author === 'bot').length >= 2 || undefined;
    }, 10_000);
    expectNoPersonalData();
  });

  it('e-mail: raw mail over HTTP and SMTP, a bounce, an auto-reply and malformed mail', async () => {
    const headers = [
      `From: "${PERSON.name}" <${PERSON.email}>`,
      `Reply-To: ${PERSON.replyTo}`,
      'To: assistente@cnaim.example.pt',
      `Subject: NIF ${MARK} ${PERSON.name}`,
      `Message-ID: <redaction-1.${PERSON.waId}@exemplo-correio.pt>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
    ];
    const body = `Bom dia,\r\n\r\nComo tiro o NIF? ${MARK}\r\nO meu passaporte é ${PERSON.passport}, o telefone ${PERSON.phones.join(', ')}.\r\nEscrevam também ao ${OTHERS.name}: ${OTHERS.email}, ${OTHERS.phone}.\r\n\r\n-- \r\n${PERSON.name}\r\n`;
    expect((await mailTo(`${headers.join('\r\n')}\r\n\r\n${body}`)).status).toBe(202);
    expect((await mailTo(`${headers.join('\r\n')}\r\n\r\n${body}`, 'wrong-secret-0123456789')).status).toBe(
      401,
    );
    const bounce = readFileSync('test/fixtures/email/bounce-dsn-5.1.1.eml', 'utf8').replaceAll(
      'someone@example.com',
      PERSON.email,
    );
    expect((await mailTo(bounce)).status).toBe(200);
    const away = readFileSync('test/fixtures/email/auto-outlook-out-of-office-pt.eml', 'utf8').replace(
      /^From: .*$/m,
      `From: "${PERSON.name}" <${PERSON.email}>`,
    );
    expect((await mailTo(away)).status).toBe(200);
    const malformed = `From: "${PERSON.name}" <${PERSON.email}>\r\n${MARK} ${PERSON.phones[0]} not a header\r\n\r\n${MARK}`;
    expect((await mailTo(malformed)).status).toBe(400);
    const truncated = `From: ${PERSON.email}\r\nContent-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\n${MARK} ${PERSON.name}`;
    expect((await mailTo(truncated)).status).toBe(400);

    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.service.smtpPort()!,
      secure: false,
      ignoreTLS: true,
    });
    await client.sendMail({
      from: `${OTHERS.name} <${OTHERS.email}>`,
      to: 'assistente@cnaim.example.pt',
      subject: `${MARK} NISS`,
      text: `${MARK} Como peço o NISS? Sou ${OTHERS.name}, ${OTHERS.phone}.`,
    });
    await expect(
      client.sendMail({ from: PERSON.email, to: 'assistente@cnaim.example.pt', raw: malformed }),
    ).rejects.toThrow(/550/);
    client.close();
    expect(logged('email.bounce') && logged('email.ignored') && logged('email.refused')).toBe(true);
    expectNoPersonalData();
  });

  it('e-mail: replies the relay delivers, and one it refuses because the mailbox does not exist', async () => {
    const person = () => mailsTo(PERSON.email).length + mailsTo(PERSON.replyTo).length;
    await waitFor(() => (person() > 0 && mailsTo(OTHERS.email).length > 0) || undefined, 10_000);
    const raw = `From: "${PERSON.name}" <${OTHERS.refused}>\r\nTo: assistente@cnaim.example.pt\r\nSubject: ${MARK}\r\n\r\nComo tiro o NIF? ${MARK}\r\n`;
    expect((await mailTo(raw)).status).toBe(202);
    await until('outbox.dead-lettered');
    expectNoPersonalData();
  });

  it('the danger path: a person at risk is answered and queued for a mediator as urgent', async () => {
    await say(
      OTHERS.urgentWaId,
      {
        type: 'text',
        body: `${MARK} o meu marido bate-me todos os dias, chamo-me ${PERSON.name}, ${PERSON.phones[0]}`,
      },
      PERSON.profileName,
    );
    await repliesTo(OTHERS.urgentWaId, 1);
    const handoff = await server.service.db
      .selectFrom('handoffs')
      .select(['urgent', 'reason'])
      .where('conversation_id', '=', await conversationOf(OTHERS.urgentWaId))
      .executeTakeFirstOrThrow();
    expect(handoff).toEqual({ urgent: 1, reason: 'domestic-violence' });
    expectNoPersonalData();
  });

  it('the mediator console: sign-in, claim, reply, note, hand back, export and erase', async () => {
    const now = Date.now();
    await server.service.store.createMediator(
      {
        name: MEDIATOR.name,
        email: MEDIATOR.email,
        role: 'supervisor',
        languages: ['pt', 'en', 'uk'],
        offices: ['remote'],
        topics: [],
        capacity: 5,
        hours: null,
        passwordHash: await hashPassword(PASSWORD),
      },
      now,
    );
    const consoleApi = `${server.url}/console/api`;
    const signIn = (email: string, password: string) =>
      fetch(`${consoleApi}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    expect((await signIn(PERSON.email, PERSON.passport)).status).toBe(401);
    expect((await signIn(MEDIATOR.email, `${MARK}-wrong`)).status).toBe(401);
    const ok = await signIn(MEDIATOR.email, PASSWORD);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf } = (await ok.json()) as { csrf: string };
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${consoleApi}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });

    await say(PERSON.waId, { type: 'text', body: `quero falar com uma pessoa, ${MARK} ${PERSON.name}` });
    const conversation = await conversationOf(PERSON.waId);
    await waitFor(async () => {
      const queue = (await (await call('GET', '/queue')).json()) as { waiting: { conversationId: string }[] };
      return queue.waiting.some((w) => w.conversationId === conversation) || undefined;
    }, 10_000);
    const at = `/conversations/${conversation}`;
    expect((await call('GET', at)).status).toBe(200);
    expect((await call('POST', `${at}/claim`, {})).status).toBe(200);
    const before = sentTo(PERSON.waId).length;
    const reply = `Olá ${PERSON.name}, ${MARK}: ligue-me para ${OTHERS.phone} ou escreva para ${OTHERS.email}.`;
    expect((await call('POST', `${at}/reply`, { text: reply })).status).toBe(202);
    const note = `${MARK} passaporte ${PERSON.passport}, NIF ${PERSON.nif}, telefone ${PERSON.phones[0]}`;
    expect((await call('POST', `${at}/notes`, { text: note })).status).toBe(201);
    expect((await call('POST', `${at}/reply`, `{"text":"${MARK}`)).status).toBe(400);
    await say(PERSON.waId, { type: 'text', body: `${MARK} obrigada, ${PERSON.email}` });
    expect((await call('POST', `${at}/hand-back`, {})).status).toBe(200);
    await repliesTo(PERSON.waId, before + 2);
    expect((await call('GET', `${at}/export`)).status).toBe(200);
    expect((await call('POST', `${at}/erase`, { confirm: 'erase' })).status).toBe(200);
    expect(logged('console.person-erased')).toBe(true);
    expectNoPersonalData();
  });

  it('the privacy commands: export, erase and purge', async () => {
    const { privacy } = server.service;
    const people = [
      { channel: 'email' as const, address: PERSON.email.toLowerCase() },
      { channel: 'email' as const, address: OTHERS.email },
      { channel: 'whatsapp' as const, address: OTHERS.urgentWaId },
    ];
    expect(JSON.stringify(await privacy.exportPerson(people))).toContain(MARK);
    await privacy.erasePerson(people, { type: 'system', id: null }, Date.now());
    await privacy.purge({ closedDays: 0, inactiveDays: 0, auditDays: 0 }, Date.now() + 86_400_000);
    expectNoPersonalData();
  });

  it('prints nothing to the console, no personal data to stdout or stderr, and none in any log line', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(leaksIn(lines)).toEqual([]);
    expect(printed).toEqual([]);
    expect(leaksIn(written)).toEqual([]);
  });
});
