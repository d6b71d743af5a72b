import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/ports.js';
import { readMail } from './inbound.js';
import type { RateLimiter } from '../../http/rate-limit.js';

export interface BounceStore {
  /** Marks addresses that bounce, so nothing more is sent to them until they write again. */
  markFailing(channel: 'email', addresses: string[], now: number): Promise<void>;
}

export type MailOutcome =
  | { kind: 'stored'; duplicate: boolean }
  | { kind: 'ignored'; reason: string }
  | { kind: 'bounce'; recipients: number }
  | { kind: 'refused'; problem: string }
  /** The sender wrote too often: the sending server is asked to try again later, nothing is lost. */
  | { kind: 'limited'; retryAfterS: number };

/**
 * One inbound mail, from the SMTP listener or the HTTP endpoint alike: refused when malformed,
 * ignored when automatic, recorded when a bounce, and otherwise stored before it is acknowledged,
 * then answered.
 */
export function createMailIntake(deps: {
  engine: Engine;
  bounces: BounceStore;
  log: Logger;
  serviceAddress: string;
  now: () => number;
  /** Mails per sender per minute. */
  perSender?: RateLimiter;
}) {
  return async function intake(raw: Buffer): Promise<MailOutcome> {
    const reading = await readMail(raw, deps.serviceAddress);
    if (reading.kind === 'refuse') {
      deps.log.warn('email.refused', { problem: reading.problem, bytes: raw.length });
      return { kind: 'refused', problem: reading.problem };
    }
    if (reading.kind === 'ignore') {
      deps.log.info('email.ignored', { reason: reading.reason });
      return { kind: 'ignored', reason: reading.reason };
    }
    if (reading.kind === 'bounce') {
      await deps.bounces.markFailing('email', reading.recipients, deps.now());
      deps.log.info('email.bounce', { recipients: reading.recipients.length });
      return { kind: 'bounce', recipients: reading.recipients.length };
    }
    const verdict = deps.perSender?.take(`email:${reading.message.address.toLowerCase()}`);
    if (verdict && !verdict.ok) {
      deps.log.warn('email.rate-limited', { retryAfterS: verdict.retryAfterS });
      return { kind: 'limited', retryAfterS: verdict.retryAfterS };
    }
    const accepted = await deps.engine.receive(reading.message);
    if (!accepted.processed) {
      deps.engine.schedule(accepted);
    }
    return { kind: 'stored', duplicate: accepted.duplicate };
  };
}

export type MailIntake = ReturnType<typeof createMailIntake>;
