import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../core/ports.js';
import type { MailIntake } from './email-intake.js';

export interface SmtpListenerOptions {
  port: number;
  host: string;
  maxBytes: number;
  /** When set, the relay must authenticate (AUTH PLAIN/LOGIN) with these. */
  auth?: { user: string; password: string };
  intake: MailIntake;
  log: Logger;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * An SMTP listener an agency's mail relay forwards to. The relay gets its 250 only after the mail is
 * stored; a malformed one gets a 550 with the reason, an oversized one a 552.
 */
export async function startSmtpListener(options: SmtpListenerOptions) {
  const { intake, log, auth } = options;
  const server = new SMTPServer({
    size: options.maxBytes,
    authOptional: !auth,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    banner: 'CNAIM assistant',
    logger: false,
    onAuth(credentials: SMTPServerAuthentication, _session: SMTPServerSession, done) {
      if (auth && credentials.username === auth.user && credentials.password === auth.password)
        return done(null, { user: auth.user });
      return done(smtpError(535, 'Authentication failed'));
    },
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => done(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return done(smtpError(552, `Message exceeds ${options.maxBytes} bytes`));
        }
        intake(Buffer.concat(chunks)).then(
          (outcome) =>
            outcome.kind === 'refused'
              ? done(smtpError(550, `Malformed message: ${outcome.problem}`))
              : outcome.kind === 'limited'
                ? // A temporary failure: the sending server keeps the mail and tries again later.
                  done(smtpError(451, '4.7.1 Too many messages from this sender, try again later'))
                : done(null, 'Queued'),
          (error: unknown) => {
            log.error('email.store-failed', {
              error: error instanceof Error ? error.message : String(error),
            });
            done(smtpError(451, 'Temporary failure, try again later'));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', (error) => log.error('email.smtp-error', { error: error.message }));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
