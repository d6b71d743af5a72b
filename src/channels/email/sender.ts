import type { Transporter } from 'nodemailer';
import type { Clock, EmailStore, OutboxItem, Sender, SendResult } from '../../core/ports.js';
import type { EmailPayload } from './render.js';

export interface EmailSenderDeps {
  transport: Pick<Transporter, 'sendMail'>;
  /** The service's address, e.g. "Assistente CNAIM <assistente@cnaim.example.pt>". */
  from: string;
  store: EmailStore;
  clock: Clock;
  /** Automatic replies to one address per hour at most (mediators' replies are not counted). */
  maxAutoRepliesPerHour?: number;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** A simple, accessible HTML part: paragraphs, numbered lists as lists, addresses as links. */
export function toHtml(text: string, lang: string): string {
  const paragraphs = text.split(/\n{2,}/).map((block) => {
    const lines = block.split('\n');
    if (lines.length > 1 && lines.every((l) => /^\d+\.\s/.test(l))) {
      return `<ol>${lines.map((l) => `<li>${linkify(escapeHtml(l.replace(/^\d+\.\s/, '')))}</li>`).join('')}</ol>`;
    }
    return `<p>${lines.map((l) => linkify(escapeHtml(l))).join('<br>')}</p>`;
  });
  return `<!doctype html><html lang="${escapeHtml(lang)}" dir="auto"><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join('\n')}</body></html>`;
}

const linkify = (escaped: string) =>
  escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

const domainOf = (from: string) => /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';

/**
 * Sends outbox rows over SMTP in the person's thread: Re: subject, In-Reply-To and References, a text
 * and an HTML part; bot replies say `Auto-Submitted: auto-replied` (RFC 3834) and are rate-limited per
 * address; nothing goes to an address that bounces.
 */
export function createEmailSender(deps: EmailSenderDeps): Sender {
  const { transport, from, store, clock, maxAutoRepliesPerHour = 10 } = deps;
  return {
    async send(item: OutboxItem): Promise<SendResult> {
      const payload = item.payload as EmailPayload & { lang?: string };
      const context = await store.emailContext(item, clock.now());
      if (context.failingSince !== null) return { kind: 'failed', error: 'the address bounces' };
      if (context.author === 'bot' && context.autoRepliesLastHour >= maxAutoRepliesPerHour) {
        return { kind: 'failed', error: 'automatic replies to this address are rate-limited' };
      }
      const subject = context.subject
        ? /^re:/i.test(context.subject)
          ? context.subject
          : `Re: ${context.subject}`
        : 'CNAIM';
      try {
        const info = await transport.sendMail({
          from,
          to: item.recipient,
          subject,
          text: payload.text,
          html: toHtml(payload.text, payload.lang ?? 'pt'),
          messageId: `<reply-${item.id}@${domainOf(from)}>`,
          ...(context.inReplyTo ? { inReplyTo: context.inReplyTo } : {}),
          ...(context.references.length ? { references: context.references } : {}),
          headers:
            context.author === 'bot'
              ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' }
              : {},
        });
        return { kind: 'sent', providerId: String(info.messageId ?? '') || `reply-${item.id}` };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
        // 5xx from the relay is permanent (a bad address); anything else is worth another try.
        if (code !== undefined && code >= 500) return { kind: 'failed', error: `smtp ${code}: ${message}` };
        return { kind: 'retry', error: `smtp ${code ?? 'error'}: ${message}` };
      }
    },
  };
}
