import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on loopback standing in for the agency's outbound relay: it records every mail the
 * moment its data has arrived, before answering 250, and can be slow to answer, so a sender killed in
 * between has delivered a mail it will send again.
 */

export interface SunkMail {
  /** Milliseconds since the epoch, when the data had arrived. */
  at: number;
  to: string[];
  messageId: string | undefined;
  inReplyTo: string | undefined;
}

export interface SmtpSinkOptions {
  /** How long to hold the 250 once a mail is recorded (ms). */
  answerDelayMs?: () => number;
  onMail?: (mail: SunkMail) => void;
  /** Recipients refused with a permanent 550 that names the address, as Postfix words it. */
  refuse?: (address: string) => boolean;
}

/** A header of the raw header section, unfolded; enough for the single-line ids nodemailer writes. */
const headerOf = (head: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\s+/g, ' ').trim();

export async function startSmtpSink(options: SmtpSinkOptions = {}) {
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, done) {
      if (options.refuse?.(address.address)) {
        const refusal = `5.1.1 <${address.address}>: Recipient address rejected: User unknown`;
        return done(Object.assign(new Error(refusal), { responseCode: 550 }));
      }
      done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => done(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const end = raw.search(/\r?\n\r?\n/);
        const head = end < 0 ? raw : raw.slice(0, end);
        const mail: SunkMail = {
          at: Date.now(),
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          messageId: headerOf(head, 'message-id'),
          inReplyTo: headerOf(head, 'in-reply-to'),
        };
        mails.push(mail);
        options.onMail?.(mail);
        setTimeout(() => done(), options.answerDelayMs?.() ?? 0);
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  // A sender killed mid-conversation resets its connection: expected here, not a failure of the sink.
  server.on('error', () => undefined);
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    mails,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
