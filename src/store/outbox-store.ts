import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { DeliveryStore, IdSource, OutboxStore } from '../core/ports.js';
import { eraseContacts } from './privacy-store.js';
import type { ChannelName } from '../domain/types.js';
import { parseJson } from './rows.js';

const DELIVERY_ORDER = ['queued', 'sent', 'delivered', 'read'] as const;

/**
 * Once the confirmation of an erasure asked from the chat is out (or can never go), the person it was
 * sent to is erased: their contact on that channel with everything that hangs from it.
 */
async function eraseIfConfirmed(
  trx: Transaction<Database>,
  ids: IdSource,
  row: { erase_after: number; conversation_id: string },
  now: number,
) {
  if (!row.erase_after) return;
  const contact = await trx
    .selectFrom('conversations as v')
    .innerJoin('contacts as c', 'c.id', 'v.contact_id')
    .select(['c.id', 'c.channel', 'c.address'])
    .where('v.id', '=', row.conversation_id)
    .executeTakeFirst();
  if (contact) await eraseContacts(trx, ids, [contact], { type: 'contact', id: null }, now);
}

export function createOutboxStore(db: Kysely<Database>, ids: IdSource): OutboxStore & DeliveryStore {
  return {
    async claimDue(now, limit, leaseMs) {
      return db.transaction().execute(async (trx) => {
        // Due rows, in creation order, skipping any row queued behind an earlier one of its
        // conversation that is still waiting: replies reach a person in the order they were written.
        const rows = await trx
          .selectFrom('outbox as o')
          .selectAll('o')
          .where('o.status', '=', 'pending')
          .where('o.next_attempt_at', '<=', now)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('outbox as earlier')
                  .select('earlier.id')
                  .whereRef('earlier.conversation_id', '=', 'o.conversation_id')
                  .where('earlier.status', '=', 'pending')
                  .whereRef('earlier.id', '<', 'o.id')
                  .where('earlier.next_attempt_at', '>', now),
              ),
            ),
          )
          .orderBy('o.id')
          .limit(limit)
          .execute();
        if (rows.length === 0) return [];
        // The lease: a row is pushed into the future while it is being sent. If the relay dies,
        // the row comes due again when the lease runs out and is sent once more (at least once).
        await trx
          .updateTable('outbox')
          .set({ next_attempt_at: now + leaseMs })
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
        return rows.map((row) => ({
          id: row.id,
          messageId: row.message_id,
          conversationId: row.conversation_id,
          channel: row.channel as ChannelName,
          recipient: row.recipient,
          payload: parseJson<unknown>(row.payload, null),
          attempts: Number(row.attempts),
          createdAt: Number(row.created_at),
        }));
      });
    },

    async markSent(id, now, providerId) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: now, provider_id: providerId ?? null, last_error: null })
          .where('id', '=', id)
          .returning(['message_id', 'conversation_id', 'erase_after'])
          .executeTakeFirst();
        if (!row) return;
        if (row.erase_after) return eraseIfConfirmed(trx, ids, row, now);
        await trx
          .updateTable('messages')
          .set({
            delivery_status: 'sent',
            status_at: now,
            ...(providerId ? { external_id: providerId } : {}),
          })
          .where('id', '=', row.message_id)
          .where('delivery_status', '=', 'queued')
          .execute();
      });
    },

    async recordDeliveries(updates) {
      if (!updates.length) return;
      await db.transaction().execute(async (trx) => {
        for (const update of updates) {
          const row = await trx
            .selectFrom('outbox')
            .select('message_id')
            .where('provider_id', '=', update.providerId)
            .executeTakeFirst();
          if (!row) continue;
          // Reports arrive out of order and more than once: only move forward (a failure is final).
          const earlier = DELIVERY_ORDER.slice(
            0,
            (DELIVERY_ORDER as readonly string[]).indexOf(update.status),
          );
          await trx
            .updateTable('messages')
            .set({ delivery_status: update.status, status_at: update.at })
            .where('id', '=', row.message_id)
            .where(
              'delivery_status',
              'in',
              update.status === 'failed' ? ['queued', 'sent', 'delivered'] : earlier,
            )
            .execute();
          if (update.status === 'failed') {
            await trx
              .updateTable('outbox')
              .set({ last_error: update.error ?? 'failed' })
              .where('provider_id', '=', update.providerId)
              .execute();
          }
        }
      });
    },

    async markRetry(id, nextAttemptAt, error) {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          next_attempt_at: nextAttemptAt,
          last_error: error.slice(0, 500),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    },

    async release(id, at) {
      await db.updateTable('outbox').set({ next_attempt_at: at }).where('id', '=', id).execute();
    },

    async markDead(id, now, error) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('outbox')
          .set({ status: 'dead', last_error: error.slice(0, 500) })
          .where('id', '=', id)
          .returning(['message_id', 'conversation_id', 'erase_after'])
          .executeTakeFirst();
        if (!row) return;
        if (row.erase_after) return eraseIfConfirmed(trx, ids, row, now);
        await trx
          .updateTable('messages')
          .set({ delivery_status: 'failed', status_at: now })
          .where('id', '=', row.message_id)
          .execute();
      });
    },

    async depth() {
      const rows = await db
        .selectFrom('outbox')
        .select(['status', db.fn.countAll<number>().as('n')])
        .where('status', 'in', ['pending', 'dead'])
        .groupBy('status')
        .execute();
      const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
      return { pending: count('pending'), dead: count('dead') };
    },
  };
}
