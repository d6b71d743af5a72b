import type { Clock, OutboxItem, Sender, SendResult } from '../../core/ports.js';
import type { Lang } from '../../domain/language.js';
import type { GraphClient, GraphOutcome } from './graph-client.js';
import type { WhatsAppPayload } from './render.js';

/** What the outbox keeps for one WhatsApp message: the rendered payload and the person's language. */
export interface WhatsAppOutbound {
  lang: Lang;
  message: WhatsAppPayload;
}

export interface Template {
  name: string;
  /** Meta's language code of the approved template, e.g. pt_PT, en, zh_CN. */
  language: string;
}

export interface WhatsAppSenderDeps {
  client: GraphClient;
  clock: Clock;
  /** When the person last wrote, for the 24-hour customer-service window. */
  lastInboundAt(address: string): Promise<number | null>;
  /** The approved re-engagement template per language; outside the window only these may be sent. */
  templates: Partial<Record<Lang, Template>>;
  windowMs?: number;
}

function toSendResult(outcome: GraphOutcome, context = ''): SendResult {
  if (outcome.kind === 'ok')
    return { kind: 'sent', ...(outcome.messageId ? { providerId: outcome.messageId } : {}) };
  if (outcome.kind === 'retry') {
    const wait = outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {};
    return { kind: 'retry', error: `${context}${outcome.error}`, ...wait };
  }
  return { kind: 'failed', error: `${context}${outcome.error}` };
}

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Sends outbox rows through the Graph API. Inside the 24-hour window the message goes as rendered;
 * outside it, the person's-language template goes once instead (free-form messages would be refused
 * with 131047), and the conversation picks up when they answer it.
 */
export function createWhatsAppSender(deps: WhatsAppSenderDeps): Sender {
  const { client, clock, templates, windowMs = CUSTOMER_SERVICE_WINDOW_MS } = deps;
  /** The last-inbound time a template was sent for, per person: one template per silence. */
  const templated = new Map<string, number>();

  return {
    async send(item: OutboxItem): Promise<SendResult> {
      const out = item.payload as WhatsAppOutbound;
      const last = await deps.lastInboundAt(item.recipient);
      const open = last !== null && clock.now() - last < windowMs;
      if (open)
        return toSendResult(
          await client.send(item.recipient, out.message as unknown as Record<string, unknown>),
        );
      const since = last ?? 0;
      if (templated.get(item.recipient) === since) {
        return {
          kind: 'failed',
          error: 'outside the 24-hour window: the re-engagement template was already sent',
        };
      }
      const template = templates[out.lang] ?? templates.pt ?? templates.en;
      if (!template)
        return { kind: 'failed', error: 'outside the 24-hour window and no template is configured' };
      const outcome = await client.template(item.recipient, template.name, template.language);
      if (outcome.kind === 'ok') templated.set(item.recipient, since);
      return toSendResult(outcome, `template ${template.name}: `);
    },
  };
}
