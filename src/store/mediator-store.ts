import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, HandoffsTable, MediatorsTable } from './schema.js';
import type { IdSource, OutgoingReply } from '../core/ports.js';
import type { MediatorAccount, MediatorStore, OutsideReply } from '../core/handoff/ports.js';
import type {
  CaseCard,
  Handoff,
  HandoffStatus,
  MediatorProfile,
  Office,
  Role,
} from '../core/handoff/types.js';
import type { ChannelName } from '../domain/types.js';
import { isLang, type Lang } from '../domain/language.js';
import { parseJson, toConversation } from './rows.js';

function toMediator(row: Selectable<MediatorsTable>): MediatorProfile {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    languages: parseJson<string[]>(row.languages, []).filter(isLang),
    offices: parseJson<Office[]>(row.offices, []),
    topics: parseJson<string[]>(row.topics, []),
    capacity: Number(row.capacity),
    hours: parseJson(row.hours, null),
    active: Number(row.active) === 1,
  };
}

function toHandoff(row: Selectable<HandoffsTable>): Handoff {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    reason: row.reason,
    urgent: Number(row.urgent) === 1,
    status: row.status as HandoffStatus,
    language: isLang(row.language) ? row.language : null,
    topic: row.topic,
    office: row.office as Office | null,
    mediatorId: row.mediator_id,
    requestedAt: Number(row.requested_at),
    claimedAt: row.claimed_at === null ? null : Number(row.claimed_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    card: parseJson<CaseCard | null>(row.case_card, null),
  };
}

export interface HandoffRequest {
  conversationId: string;
  reason: string;
  urgent: boolean;
  language: Lang | null;
  topic: string | null;
  office: Office | null;
  card: CaseCard;
  now: number;
}

/** Opens a handoff, or makes the open one more urgent (a danger message while waiting jumps the queue). */
export async function requestHandoff(trx: Transaction<Database>, ids: IdSource, h: HandoffRequest) {
  const open = await trx
    .selectFrom('handoffs')
    .select(['id', 'urgent'])
    .where('conversation_id', '=', h.conversationId)
    .where('status', 'in', ['waiting', 'claimed'])
    .executeTakeFirst();
  if (open) {
    if (h.urgent && Number(open.urgent) !== 1) {
      await trx
        .updateTable('handoffs')
        .set({ urgent: 1, reason: h.reason, case_card: JSON.stringify(h.card) })
        .where('id', '=', open.id)
        .execute();
    }
    return;
  }
  await trx
    .insertInto('handoffs')
    .values({
      id: ids.next(),
      conversation_id: h.conversationId,
      reason: h.reason,
      urgent: h.urgent ? 1 : 0,
      status: 'waiting',
      case_card: JSON.stringify(h.card),
      mediator_id: null,
      requested_at: h.now,
      claimed_at: null,
      closed_at: null,
      outcome: null,
      tags: null,
      language: h.language,
      topic: h.topic,
      office: h.office,
    })
    .execute();
}

/** Writes one outgoing reply: its message row and an outbox row per rendered payload. */
export async function insertOutgoing(
  trx: Transaction<Database>,
  ids: IdSource,
  o: {
    conversationId: string;
    channel: ChannelName;
    recipient: string;
    outgoing: OutgoingReply;
    author: 'bot' | 'mediator';
    mediatorId: string | null;
    lang: Lang | null;
    now: number;
    /** The confirmation of an erasure: the person is erased once it is out. */
    eraseAfter?: boolean;
  },
): Promise<string> {
  const messageId = ids.next();
  await trx
    .insertInto('messages')
    .values({
      id: messageId,
      conversation_id: o.conversationId,
      direction: 'out',
      author: o.author,
      text: o.outgoing.reply.text,
      // The language goes with the reply so a history replay can set its script direction.
      payload: JSON.stringify({ ...o.outgoing.reply, lang: o.lang }),
      channel: o.channel,
      external_id: null,
      delivery_status: 'queued',
      mediator_id: o.mediatorId,
      created_at: o.now,
      processed_at: null,
      status_at: null,
    })
    .execute();
  for (const payload of o.outgoing.payloads) {
    await trx
      .insertInto('outbox')
      .values({
        id: ids.next(),
        message_id: messageId,
        conversation_id: o.conversationId,
        channel: o.channel,
        recipient: o.recipient,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: o.now,
        last_error: null,
        provider_id: null,
        created_at: o.now,
        sent_at: null,
        erase_after: o.eraseAfter ? 1 : 0,
      })
      .execute();
  }
  return messageId;
}

export function createMediatorStore(db: Kysely<Database>, ids: IdSource): MediatorStore {
  const setConversationStatus = (trx: Transaction<Database>, id: string, status: string, now: number) =>
    trx
      .updateTable('conversations')
      .set((eb) => ({ status, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();

  return {
    async createMediator(m, now) {
      const id = ids.next();
      await db
        .insertInto('mediators')
        .values({
          id,
          name: m.name,
          email: m.email.toLowerCase(),
          password_hash: m.passwordHash,
          role: m.role,
          languages: JSON.stringify(m.languages),
          offices: JSON.stringify(m.offices),
          topics: JSON.stringify(m.topics),
          capacity: m.capacity,
          hours: m.hours ? JSON.stringify(m.hours) : null,
          active: 1,
          created_at: now,
          failed_sign_ins: 0,
          locked_until: null,
        })
        .execute();
      return toMediator(
        await db.selectFrom('mediators').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    },

    async mediatorByEmail(email) {
      const row = await db
        .selectFrom('mediators')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      if (!row) return undefined;
      const account: MediatorAccount = {
        ...toMediator(row),
        passwordHash: row.password_hash,
        failedSignIns: Number(row.failed_sign_ins),
        lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
      };
      return account;
    },

    async mediator(id) {
      const row = await db.selectFrom('mediators').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toMediator(row) : undefined;
    },

    async listMediators() {
      return (await db.selectFrom('mediators').selectAll().orderBy('name').execute()).map(toMediator);
    },

    async countMediators() {
      const row = await db
        .selectFrom('mediators')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async recordSignIn(id, ok, lockedUntil) {
      await db
        .updateTable('mediators')
        .set((eb) =>
          ok
            ? { failed_sign_ins: 0, locked_until: null }
            : { failed_sign_ins: eb('failed_sign_ins', '+', 1), locked_until: lockedUntil },
        )
        .where('id', '=', id)
        .execute();
      const row = await db
        .selectFrom('mediators')
        .select('failed_sign_ins')
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(row?.failed_sign_ins ?? 0);
    },

    async createMediatorSession(tokenHash, mediatorId, csrf, now, expiresAt) {
      await db
        .insertInto('mediator_sessions')
        .values({
          token_hash: tokenHash,
          mediator_id: mediatorId,
          csrf,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
        })
        .execute();
    },

    async touchMediatorSession(tokenHash, now, idleMs) {
      const row = await db
        .selectFrom('mediator_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return undefined;
      if (Number(row.expires_at) <= now || Number(row.last_seen_at) + idleMs <= now) {
        await db.deleteFrom('mediator_sessions').where('token_hash', '=', tokenHash).execute();
        return undefined;
      }
      await db
        .updateTable('mediator_sessions')
        .set({ last_seen_at: now })
        .where('token_hash', '=', tokenHash)
        .execute();
      return { mediatorId: row.mediator_id, csrf: row.csrf };
    },

    async deleteMediatorSession(tokenHash) {
      await db.deleteFrom('mediator_sessions').where('token_hash', '=', tokenHash).execute();
    },

    async openHandoffs() {
      const rows = await db
        .selectFrom('handoffs')
        .selectAll()
        .where('status', 'in', ['waiting', 'claimed'])
        .orderBy('requested_at')
        .execute();
      return rows.map(toHandoff);
    },

    async handoff(id) {
      const row = await db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toHandoff(row) : undefined;
    },

    async openHandoffOf(conversationId) {
      const row = await db
        .selectFrom('handoffs')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('status', 'in', ['waiting', 'claimed'])
        .orderBy('requested_at', 'desc')
        .executeTakeFirst();
      return row ? toHandoff(row) : undefined;
    },

    async claim(handoffId, mediatorId, now) {
      return db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('handoffs')
          .set({ status: 'claimed', mediator_id: mediatorId, claimed_at: now })
          .where('id', '=', handoffId)
          .where('status', '=', 'waiting')
          .returning('conversation_id')
          .executeTakeFirst();
        if (!done) return false;
        await setConversationStatus(trx, done.conversation_id, 'with_mediator', now);
        return true;
      });
    },

    async transfer(handoffId, to, now) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('handoffs')
          .set(
            'mediatorId' in to
              ? { status: 'claimed', mediator_id: to.mediatorId, claimed_at: now }
              : { status: 'waiting', mediator_id: null, claimed_at: null, office: to.office },
          )
          .where('id', '=', handoffId)
          .returning('conversation_id')
          .executeTakeFirstOrThrow();
        await setConversationStatus(
          trx,
          row.conversation_id,
          'mediatorId' in to ? 'with_mediator' : 'waiting',
          now,
        );
      });
    },

    async finish(handoffId, status, now, outcome) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('handoffs')
          .set({
            status,
            closed_at: now,
            ...(outcome ? { outcome: outcome.outcome, tags: JSON.stringify(outcome.tags) } : {}),
          })
          .where('id', '=', handoffId)
          .returning('conversation_id')
          .executeTakeFirstOrThrow();
        await setConversationStatus(trx, row.conversation_id, status === 'returned' ? 'bot' : 'closed', now);
        if (status === 'closed') {
          await trx
            .updateTable('conversations')
            .set({ closed_at: now })
            .where('id', '=', row.conversation_id)
            .execute();
        }
      });
    },

    async conversation(id) {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toConversation(row) : undefined;
    },

    async recipientOf(conversationId) {
      const row = await db
        .selectFrom('conversations')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select('contacts.address')
        .where('conversations.id', '=', conversationId)
        .executeTakeFirst();
      return row?.address;
    },

    async addOutsideReply(r: OutsideReply) {
      return db.transaction().execute(async (trx) => {
        const conversation = await trx
          .selectFrom('conversations')
          .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .select(['conversations.channel', 'contacts.address'])
          .where('conversations.id', '=', r.conversationId)
          .executeTakeFirstOrThrow();
        return insertOutgoing(trx, ids, {
          conversationId: r.conversationId,
          channel: conversation.channel as ChannelName,
          recipient: conversation.address,
          outgoing: r.outgoing,
          author: r.author,
          mediatorId: r.mediatorId,
          lang: r.lang,
          now: r.now,
        });
      });
    },

    async addNote(conversationId, mediatorId, text, now) {
      const note = { id: ids.next(), conversationId, mediatorId, text, createdAt: now };
      await db
        .insertInto('notes')
        .values({
          id: note.id,
          conversation_id: conversationId,
          mediator_id: mediatorId,
          text,
          created_at: now,
        })
        .execute();
      return note;
    },

    async notes(conversationId) {
      const rows = await db
        .selectFrom('notes')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        conversationId: r.conversation_id,
        mediatorId: r.mediator_id,
        text: r.text,
        createdAt: Number(r.created_at),
      }));
    },

    async audit(entry, now) {
      await db
        .insertInto('audit_log')
        .values({
          id: ids.next(),
          at: now,
          actor_type: entry.actorType,
          actor_id: entry.actorId,
          action: entry.action,
          subject_type: entry.subjectType ?? null,
          subject_id: entry.subjectId ?? null,
          detail: entry.detail ? JSON.stringify(entry.detail) : null,
        })
        .execute();
    },
  };
}
