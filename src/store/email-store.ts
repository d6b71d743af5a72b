import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { EmailStore } from '../core/ports.js';
import { parseJson } from './rows.js';

export function createEmailStore(db: Kysely<Database>): EmailStore {
  return {
    async emailContext({ conversationId, messageId, recipient }, now) {
      const [last, reply, contact, recent] = await Promise.all([
        db
          .selectFrom('messages')
          .select('payload')
          .where('conversation_id', '=', conversationId)
          .where('direction', '=', 'in')
          .orderBy('id', 'desc')
          .executeTakeFirst(),
        db.selectFrom('messages').select('author').where('id', '=', messageId).executeTakeFirst(),
        db
          .selectFrom('contacts')
          .select(['failing_since', 'last_inbound_at'])
          .where('channel', '=', 'email')
          .where('address', '=', recipient)
          .executeTakeFirst(),
        db
          .selectFrom('outbox')
          .innerJoin('messages', 'messages.id', 'outbox.message_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('outbox.channel', '=', 'email')
          .where('outbox.recipient', '=', recipient)
          .where('outbox.status', '=', 'sent')
          .where('messages.author', '=', 'bot')
          .where('outbox.sent_at', '>', now - 3_600_000)
          .executeTakeFirst(),
      ]);
      const meta = parseJson<{ meta?: { subject?: string; messageId?: string; references?: string[] } }>(
        last?.payload ?? null,
        {},
      ).meta;
      const failing = contact?.failing_since ?? null;
      return {
        subject: meta?.subject ?? '',
        inReplyTo: meta?.messageId ?? null,
        references: [...(meta?.references ?? []), ...(meta?.messageId ? [meta.messageId] : [])].slice(-20),
        author: reply?.author === 'mediator' ? 'mediator' : 'bot',
        // Writing again after a bounce shows the address works again.
        failingSince: failing !== null && (contact?.last_inbound_at ?? 0) <= failing ? Number(failing) : null,
        autoRepliesLastHour: Number(recent?.n ?? 0),
      };
    },

    async markFailing(channel, addresses, now) {
      if (!addresses.length) return;
      await db
        .updateTable('contacts')
        .set({ failing_since: now })
        .where('channel', '=', channel)
        .where(
          'address',
          'in',
          addresses.map((a) => a.toLowerCase()),
        )
        .execute();
    },
  };
}
