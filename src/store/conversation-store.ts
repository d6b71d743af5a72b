import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Durable } from './durable.js';
import type { Accepted, ConversationStore, IdSource, TurnCommit } from '../core/ports.js';
import type { InboundMessage } from '../domain/types.js';
import { AppError } from '../lib/errors.js';
import { toContact, toConversation, toMessage } from './rows.js';
import { insertOutgoing, requestHandoff } from './mediator-store.js';

export function createConversationStore(
  db: Kysely<Database>,
  ids: IdSource,
  durable: Durable,
): ConversationStore {
  async function findOrCreateContact(trx: Transaction<Database>, message: InboundMessage, now: number) {
    const existing = await trx
      .selectFrom('contacts')
      .select('id')
      .where('channel', '=', message.channel)
      .where('address', '=', message.address)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('contacts')
        .set({ last_inbound_at: now, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
    const id = ids.next();
    await trx
      .insertInto('contacts')
      .values({
        id,
        channel: message.channel,
        address: message.address,
        preferred_lang: null,
        display_name: null,
        created_at: now,
        updated_at: now,
        last_inbound_at: now,
        failing_since: null,
      })
      .execute();
    return id;
  }

  async function findOrOpenConversation(
    trx: Transaction<Database>,
    contactId: string,
    message: InboundMessage,
    now: number,
  ) {
    // A channel with threads (e-mail) continues the thread's conversation; others the latest open one.
    let openQuery = trx
      .selectFrom('conversations')
      .select('id')
      .where('contact_id', '=', contactId)
      .where('status', '!=', 'closed');
    if (message.thread) openQuery = openQuery.where('thread_key', '=', message.thread);
    const open = await openQuery.orderBy('created_at', 'desc').executeTakeFirst();
    if (open) return open.id;
    const id = ids.next();
    await trx
      .insertInto('conversations')
      .values({
        id,
        contact_id: contactId,
        channel: message.channel,
        status: 'bot',
        language: null,
        topic: null,
        office: null,
        state: '{}',
        version: 0,
        created_at: now,
        updated_at: now,
        closed_at: null,
        thread_key: message.thread ?? null,
      })
      .execute();
    return id;
  }

  async function acceptOne(
    trx: Transaction<Database>,
    message: InboundMessage,
    now: number,
  ): Promise<Accepted> {
    const seen = await trx
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'processed_at'])
      .where('channel', '=', message.channel)
      .where('external_id', '=', message.externalId)
      .executeTakeFirst();
    if (seen) {
      return {
        messageId: seen.id,
        conversationId: seen.conversation_id,
        duplicate: true,
        processed: seen.processed_at !== null,
      };
    }
    const contactId = await findOrCreateContact(trx, message, now);
    const conversationId = await findOrOpenConversation(trx, contactId, message, now);
    const messageId = ids.next();
    const payload = {
      ...(message.choice !== undefined ? { choice: message.choice } : {}),
      ...(message.langHint ? { langHint: message.langHint } : {}),
      ...(message.meta ? { meta: message.meta } : {}),
      sentAt: message.sentAt,
    };
    // The unique (channel, external_id) constraint is the real guard against a concurrent duplicate.
    await trx
      .insertInto('messages')
      .values({
        id: messageId,
        conversation_id: conversationId,
        direction: 'in',
        author: 'contact',
        text: message.text ?? '',
        payload: JSON.stringify(payload),
        channel: message.channel,
        external_id: message.externalId,
        delivery_status: 'received',
        mediator_id: null,
        created_at: now,
        processed_at: null,
        status_at: null,
      })
      .execute();
    return { messageId, conversationId, duplicate: false, processed: false };
  }

  return {
    async acceptInbound(message, now) {
      // The one write a channel's acknowledgement depends on: flushed to disk before it returns.
      return durable((trx) => acceptOne(trx, message, now));
    },

    async acceptInboundMany(batch) {
      // Group commit: one durable transaction (one fsync) for every message that arrived meanwhile.
      return durable(async (trx) => {
        const accepted = [];
        for (const { message, now } of batch) accepted.push(await acceptOne(trx, message, now));
        return accepted;
      });
    },

    async loadTurn(messageId) {
      const message = await db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', messageId)
        .executeTakeFirst();
      if (!message) return undefined;
      const conversation = await db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', message.conversation_id)
        .executeTakeFirstOrThrow();
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', conversation.contact_id)
        .executeTakeFirstOrThrow();
      return {
        message: toMessage(message),
        conversation: toConversation(conversation),
        contact: toContact(contact),
      };
    },

    async commitTurn(commit: TurnCommit) {
      await db.transaction().execute(async (trx) => {
        const marked = await trx
          .updateTable('messages')
          .set({ processed_at: commit.now, delivery_status: 'processed' })
          .where('id', '=', commit.messageId)
          .where('processed_at', 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) {
          throw new AppError('conflict:turn', 'This message has already been answered.');
        }
        const moved = await trx
          .updateTable('conversations')
          .set({
            status: commit.conversation.status,
            language: commit.conversation.language,
            topic: commit.conversation.topic,
            state: JSON.stringify(commit.conversation.state),
            version: commit.expectedVersion + 1,
            updated_at: commit.now,
          })
          .where('id', '=', commit.conversationId)
          .where('version', '=', commit.expectedVersion)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) {
          throw new AppError('conflict:turn', 'The conversation changed during the turn.');
        }
        if (commit.contactLang) {
          await trx
            .updateTable('contacts')
            .set({ preferred_lang: commit.contactLang, updated_at: commit.now })
            .where('id', '=', commit.contactId)
            .execute();
        }
        for (const outgoing of commit.replies) {
          await insertOutgoing(trx, ids, {
            conversationId: commit.conversationId,
            channel: commit.channel,
            recipient: commit.recipient,
            outgoing,
            author: 'bot',
            mediatorId: null,
            lang: commit.conversation.language,
            now: commit.now,
            ...(commit.erase ? { eraseAfter: true } : {}),
          });
        }
        if (commit.handoff) {
          await requestHandoff(trx, ids, {
            ...commit.handoff,
            conversationId: commit.conversationId,
            now: commit.now,
          });
        }
      });
    },

    async pendingTurns(storedBefore, limit) {
      const rows = await db
        .selectFrom('messages')
        .select(['id', 'conversation_id'])
        .where('direction', '=', 'in')
        .where('processed_at', 'is', null)
        .where('created_at', '<=', storedBefore)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ messageId: row.id, conversationId: row.conversation_id }));
    },

    async listMessages(conversationId, afterId, limit = 200) {
      let query = db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
      if (afterId) query = query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(toMessage);
    },

    async findContact(channel, address) {
      const row = await db
        .selectFrom('contacts')
        .selectAll()
        .where('channel', '=', channel)
        .where('address', '=', address)
        .executeTakeFirst();
      return row ? toContact(row) : undefined;
    },

    async latestConversation(contactId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('contact_id', '=', contactId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toConversation(row) : undefined;
    },
  };
}
