import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { ChannelName } from '../domain/types.js';
import type { IdSource } from '../core/ports.js';
import { parseJson } from './rows.js';

export interface Identity {
  channel: ChannelName;
  address: string;
}

export interface RetentionPolicy {
  /** Closed conversations are deleted this many days after closing. */
  closedDays: number;
  /** Conversations nobody wrote in for this many days are deleted (unless a mediator has them). */
  inactiveDays: number;
  /** Audit entries are kept this many days. */
  auditDays: number;
}

const DAY = 86_400_000;

/** Deletes conversations with everything that hangs from them (messages, outbox, handoffs, notes). */
async function deleteConversations(trx: Transaction<Database>, ids: string[]) {
  let deleted = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await trx.deleteFrom('outbox').where('conversation_id', 'in', chunk).execute();
    await trx.deleteFrom('notes').where('conversation_id', 'in', chunk).execute();
    await trx.deleteFrom('handoffs').where('conversation_id', 'in', chunk).execute();
    await trx.deleteFrom('messages').where('conversation_id', 'in', chunk).execute();
    const result = await trx.deleteFrom('conversations').where('id', 'in', chunk).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

export interface ErasureActor {
  type: 'mediator' | 'system' | 'contact';
  id: string | null;
}

/**
 * Erases these contacts with everything that hangs from them, inside the caller's transaction; the audit
 * log keeps that an erasure happened and its size, and entries that named the conversations lose it.
 */
export async function eraseContacts(
  trx: Transaction<Database>,
  ids: IdSource,
  contacts: { id: string; channel: string; address: string }[],
  actor: ErasureActor,
  now: number,
) {
  const contactIds = contacts.map((c) => c.id);
  const conversationIds = contactIds.length
    ? (
        await trx.selectFrom('conversations').select('id').where('contact_id', 'in', contactIds).execute()
      ).map((c) => c.id)
    : [];
  const conversations = await deleteConversations(trx, conversationIds);
  for (const c of contacts) {
    if (c.channel === 'webchat')
      await trx.deleteFrom('webchat_sessions').where('address', '=', c.address).execute();
  }
  if (contactIds.length) await trx.deleteFrom('contacts').where('id', 'in', contactIds).execute();
  if (conversationIds.length) {
    await trx
      .updateTable('audit_log')
      .set({ subject_id: null, detail: null })
      .where('subject_id', 'in', conversationIds)
      .execute();
  }
  await trx
    .insertInto('audit_log')
    .values({
      id: ids.next(),
      at: now,
      actor_type: actor.type,
      actor_id: actor.id,
      action: 'person.erased',
      subject_type: 'person',
      subject_id: null,
      detail: JSON.stringify({ identities: contacts.length, conversations }),
    })
    .execute();
  return { identities: contacts.length, conversations };
}

/**
 * What the GDPR asks of the store: everything kept about a person (export), forgetting them (erasure,
 * leaving in the audit log only that it happened), and the retention policy (purge).
 */
export function createPrivacyStore(db: Kysely<Database>, ids: IdSource) {
  async function contactsOf(identities: Identity[]) {
    if (!identities.length) return [];
    const rows = await db.selectFrom('contacts').selectAll().execute();
    return rows.filter((c) =>
      identities.some((i) => i.channel === c.channel && i.address.toLowerCase() === c.address.toLowerCase()),
    );
  }

  return {
    /** Who a conversation is with: the identity to export or erase from the console. */
    async personOf(conversationId: string): Promise<Identity | undefined> {
      const row = await db
        .selectFrom('conversations as v')
        .innerJoin('contacts as c', 'c.id', 'v.contact_id')
        .select(['c.channel', 'c.address'])
        .where('v.id', '=', conversationId)
        .executeTakeFirst();
      return row ? { channel: row.channel as ChannelName, address: row.address } : undefined;
    },

    /** Everything kept about the person behind these identities, as plain JSON. */
    async exportPerson(identities: Identity[]) {
      const contacts = await contactsOf(identities);
      const contactIds = contacts.map((c) => c.id);
      const conversations = contactIds.length
        ? await db.selectFrom('conversations').selectAll().where('contact_id', 'in', contactIds).execute()
        : [];
      const conversationIds = conversations.map((c) => c.id);
      const [messages, handoffs, notes] = conversationIds.length
        ? await Promise.all([
            db
              .selectFrom('messages')
              .selectAll()
              .where('conversation_id', 'in', conversationIds)
              .orderBy('id')
              .execute(),
            db.selectFrom('handoffs').selectAll().where('conversation_id', 'in', conversationIds).execute(),
            db.selectFrom('notes').selectAll().where('conversation_id', 'in', conversationIds).execute(),
          ])
        : [[], [], []];
      return {
        contacts: contacts.map((c) => ({
          channel: c.channel,
          address: c.address,
          preferredLanguage: c.preferred_lang,
          firstSeen: new Date(Number(c.created_at)).toISOString(),
        })),
        conversations: conversations.map((c) => ({
          id: c.id,
          channel: c.channel,
          status: c.status,
          language: c.language,
          topic: c.topic,
          collected: parseJson<{ slots?: unknown }>(c.state, {}).slots ?? {},
          started: new Date(Number(c.created_at)).toISOString(),
          messages: messages
            .filter((m) => m.conversation_id === c.id)
            .map((m) => ({
              at: new Date(Number(m.created_at)).toISOString(),
              from: m.direction === 'in' ? 'you' : m.author,
              text: m.text,
            })),
          handoffs: handoffs
            .filter((h) => h.conversation_id === c.id)
            .map((h) => ({ reason: h.reason, status: h.status, caseCard: parseJson(h.case_card, null) })),
          mediatorNotes: notes.filter((n) => n.conversation_id === c.id).map((n) => ({ text: n.text })),
        })),
      };
    },

    /** Forgets the person; the audit log keeps that an erasure happened and its size, not who. */
    async erasePerson(identities: Identity[], actor: ErasureActor, now: number) {
      const contacts = await contactsOf(identities);
      return db.transaction().execute((trx) => eraseContacts(trx, ids, contacts, actor, now));
    },

    /** Applies the retention policy; returns what went. */
    async purge(policy: RetentionPolicy, now: number) {
      return db.transaction().execute(async (trx) => {
        const closed = await trx
          .selectFrom('conversations')
          .select('id')
          .where('status', '=', 'closed')
          .where('closed_at', '<', now - policy.closedDays * DAY)
          .execute();
        const inactive = await trx
          .selectFrom('conversations')
          .select('id')
          .where('status', 'in', ['bot'])
          .where('updated_at', '<', now - policy.inactiveDays * DAY)
          .execute();
        const conversations = await deleteConversations(
          trx,
          [...closed, ...inactive].map((c) => c.id),
        );
        // Contacts left without any conversation are not kept either.
        const orphans = await trx
          .deleteFrom('contacts')
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('conversations')
                  .select('id')
                  .whereRef('conversations.contact_id', '=', 'contacts.id'),
              ),
            ),
          )
          .executeTakeFirst();
        const audit = await trx
          .deleteFrom('audit_log')
          .where('at', '<', now - policy.auditDays * DAY)
          .executeTakeFirst();
        await trx.deleteFrom('webchat_sessions').where('expires_at', '<', now).execute();
        await trx.deleteFrom('mediator_sessions').where('expires_at', '<', now).execute();
        return {
          conversations,
          contacts: Number(orphans.numDeletedRows),
          auditEntries: Number(audit.numDeletedRows),
        };
      });
    },
  };
}

export type PrivacyStore = ReturnType<typeof createPrivacyStore>;
