import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServer, waitFor } from '../helpers/service.js';

const SECRET = 'inbound-secret-0123456789';

/** An SMTP server on loopback standing in for the agency's outbound relay: it keeps what it receives. */
async function startSink() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the e-mail channel over real SMTP on loopback', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let server: Awaited<ReturnType<typeof runServer>>;
  let client: ReturnType<typeof nodemailer.createTransport>;

  beforeAll(async () => {
    sink = await startSink();
    server = await runServer(
      {
        EMAIL_FROM: 'Assistente CNAIM <assistente@cnaim.example.pt>',
        EMAIL_SMTP_LISTEN_PORT: '0',
        EMAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        EMAIL_INBOUND_SECRET: SECRET,
      },
      { relay: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 } },
    );
    client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.service.smtpPort()!,
      secure: false,
      ignoreTLS: true,
    });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  const repliesTo = (address: string) =>
    sink.received.filter((m) => m.to && JSON.stringify(m.to).includes(address));
  const conversations = async (address: string) =>
    server.service.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select('conversations.id')
      .where('contacts.address', '=', address)
      .execute();

  it('answers a mail in its thread, in the person’s language, with a text and an HTML part', async () => {
    await client.sendMail({
      from: 'Maria Silva <maria@example.com>',
      to: 'assistente@cnaim.example.pt',
      subject: 'Número de contribuinte',
      messageId: '<m1@example.com>',
      text: 'Bom dia,\n\nComo posso tirar o NIF nas Finanças? Cheguei há pouco a Portugal.\n\nObrigada,\nMaria\n\n-- \nMaria Silva\n912 345 678',
    });
    const [reply] = await waitFor(
      () => (repliesTo('maria@example.com').length ? repliesTo('maria@example.com') : undefined),
      10_000,
    );
    expect(reply!.subject).toBe('Re: Número de contribuinte');
    expect(reply!.inReplyTo).toBe('<m1@example.com>');
    expect(reply!.references).toContain('<m1@example.com>');
    expect(reply!.headers.get('auto-submitted')).toBe('auto-replied');
    expect(reply!.text).toMatch(/Finanças/);
    expect(reply!.html).toMatch(/<html lang="pt"/);
    expect(reply!.html).toMatch(/<a href="https:\/\//);
    expect(reply!.text).toMatch(/\d\. Falar com uma pessoa/);

    // A reply in the same thread continues the conversation; a new subject opens another.
    await client.sendMail({
      from: 'maria@example.com',
      to: 'assistente@cnaim.example.pt',
      subject: 'Re: Número de contribuinte',
      messageId: '<m2@example.com>',
      inReplyTo: reply!.messageId!,
      references: ['<m1@example.com>', reply!.messageId!],
      text: `E o NISS, onde peço?\n\nEm seg., 30/11/2026 às 10:00, Assistente CNAIM escreveu:\n> ${reply!.text!.split('\n')[0]}`,
    });
    await waitFor(() => (repliesTo('maria@example.com').length >= 2 ? true : undefined), 10_000);
    const second = repliesTo('maria@example.com')[1]!;
    expect(second.references).toEqual(expect.arrayContaining(['<m1@example.com>', '<m2@example.com>']));
    expect(second.text).toMatch(/Segurança Social/);
    expect(await conversations('maria@example.com')).toHaveLength(1);
    await client.sendMail({
      from: 'maria@example.com',
      to: 'assistente@cnaim.example.pt',
      subject: 'Escola para o meu filho',
      messageId: '<m3@example.com>',
      text: 'Como inscrevo o meu filho na escola?',
    });
    await waitFor(() => (repliesTo('maria@example.com').length >= 3 ? true : undefined), 10_000);
    expect(await conversations('maria@example.com')).toHaveLength(2);
  });

  it('answers several questions of one mail in one reply', async () => {
    await client.sendMail({
      from: 'john@example.com',
      to: 'assistente@cnaim.example.pt',
      subject: 'Two questions',
      messageId: '<j1@example.com>',
      text: 'Hello,\n\n1) How do I get a tax number (NIF)?\n2) How do I register at the health centre to get a user number?\n\nThanks',
    });
    const [reply] = await waitFor(
      () => (repliesTo('john@example.com').length ? repliesTo('john@example.com') : undefined),
      10_000,
    );
    expect(reply!.text).toMatch(/NIF/);
    expect(reply!.text).toMatch(/SNS|health centre|utente/i);
    expect(reply!.text).toMatch(/\* \* \*/);
  });

  it('never answers an auto-reply, a list or its own mail, and marks a bouncing address', async () => {
    await client.sendMail({
      from: 'away@example.com',
      to: 'assistente@cnaim.example.pt',
      subject: 'Out of office',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away until Monday.',
    });
    await client.sendMail({
      from: 'list@example.com',
      to: 'assistente@cnaim.example.pt',
      subject: 'Newsletter',
      headers: { 'List-Id': '<news.example.com>', Precedence: 'list' },
      text: 'News of the week.',
    });
    await client.sendMail({
      from: 'assistente@cnaim.example.pt',
      to: 'assistente@cnaim.example.pt',
      subject: 'loop',
      text: 'loop',
    });
    await new Promise((r) => setTimeout(r, 300));
    for (const address of ['away@example.com', 'list@example.com', 'assistente@cnaim.example.pt'])
      expect(repliesTo(address), address).toEqual([]);
    expect(await conversations('away@example.com')).toHaveLength(0);

    const dsn = [
      'From: MAILER-DAEMON@mail.example.com',
      'To: assistente@cnaim.example.pt',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mail.example.com',
      '',
      'Final-Recipient: rfc822; maria@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--B--',
      '',
    ].join('\r\n');
    const res = await fetch(`${server.url}/webhooks/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
      body: dsn,
    });
    expect(res.status).toBe(200);
    const contact = await server.service.db
      .selectFrom('contacts')
      .select('failing_since')
      .where('address', '=', 'maria@example.com')
      .executeTakeFirstOrThrow();
    expect(contact.failing_since).not.toBeNull();
  });

  it('takes raw mail over HTTP with the shared secret, and refuses malformed MIME with a reason', async () => {
    const raw =
      'From: ana@example.com\r\nTo: assistente@cnaim.example.pt\r\nSubject: NISS\r\nMessage-ID: <h1@example.com>\r\n\r\nComo peço o NISS?\r\n';
    const wrong = await fetch(`${server.url}/webhooks/email`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: raw,
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${server.url}/webhooks/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
      body: raw,
    });
    expect(ok.status).toBe(202);
    const broken =
      'From: x@example.com\r\nContent-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\ncut he';
    const refused = await fetch(`${server.url}/webhooks/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
      body: broken,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/not closed/);
    expect(await conversations('x@example.com')).toHaveLength(0);
  });
});
