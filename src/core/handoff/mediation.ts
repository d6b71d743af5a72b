import type { Clock, ConversationStore, Renderers } from '../ports.js';
import type { Conversation, StoredMessage } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { Translator } from '../../i18n/translator.js';
import { AppError } from '../../lib/errors.js';
import type { MediatorStore, Note } from './ports.js';
import { hasCapacity, isSupervisor, mayOpen, queueFor, type Routed, type RoutingContext } from './routing.js';
import type { Handoff, MediatorProfile, Office, WeeklyHours } from './types.js';

export interface MediationDeps {
  store: MediatorStore & Pick<ConversationStore, 'listMessages'>;
  renderers: Renderers;
  t: Translator;
  clock: Clock;
  officeHours: WeeklyHours;
  /** Replies were queued: the relay sends them. */
  onQueued?: () => void;
  /** The queue or a conversation changed: live views refresh. */
  onChange?: (conversationId: string) => void;
}

export interface ConversationView {
  conversation: Conversation;
  handoff: Handoff | undefined;
  messages: StoredMessage[];
  notes: Note[];
}

export const CANNED = ['greeting', 'moment', 'documents', 'appointment', 'interpreter', 'closing'] as const;

/**
 * What a mediator can do with a conversation handed over by the bot: see their queue, open, claim,
 * reply through the person's own channel, keep notes, hand back, transfer, close. Every opening and
 * action is audited (ids and outcomes, never message text).
 */
export function createMediation(deps: MediationDeps) {
  const { store, renderers, t, clock, officeHours } = deps;

  async function context(): Promise<{ ctx: RoutingContext; open: Handoff[] }> {
    const [mediators, open] = await Promise.all([store.listMediators(), store.openHandoffs()]);
    const load = new Map<string, number>();
    for (const h of open)
      if (h.status === 'claimed' && h.mediatorId) load.set(h.mediatorId, (load.get(h.mediatorId) ?? 0) + 1);
    return { ctx: { mediators, load, officeHours, now: clock.now() }, open };
  }

  async function allowed(m: MediatorProfile, conversationId: string) {
    const conversation = await store.conversation(conversationId);
    if (!conversation) throw new AppError('not_found:conversation', 'No such conversation.');
    const handoff = await store.openHandoffOf(conversationId);
    const { ctx } = await context();
    // Without an open handoff only supervisors see a conversation; a mediator sees what is routed to them.
    if (!isSupervisor(m) && (!handoff || !mayOpen(m, handoff, ctx))) {
      throw new AppError('forbidden:conversation', 'This conversation is not routed to you.');
    }
    return { conversation, handoff, ctx };
  }

  async function holding(m: MediatorProfile, conversationId: string) {
    const found = await allowed(m, conversationId);
    if (!found.handoff || found.handoff.status !== 'claimed') {
      throw new AppError('conflict:not-claimed', 'Claim the conversation first.');
    }
    if (found.handoff.mediatorId !== m.id && !isSupervisor(m)) {
      throw new AppError('forbidden:held', 'Another mediator holds this conversation.');
    }
    return { ...found, handoff: found.handoff };
  }

  async function sendToPerson(
    conversation: Conversation,
    text: string,
    author: 'mediator' | 'bot',
    mediatorId: string | null,
  ) {
    const lang: Lang = conversation.language ?? 'pt';
    const reply = { text };
    await store.addOutsideReply({
      conversationId: conversation.id,
      author,
      mediatorId,
      outgoing: { reply, payloads: renderers[conversation.channel](reply, lang) },
      lang,
      now: clock.now(),
    });
    deps.onQueued?.();
  }

  const audit = (m: MediatorProfile, action: string, subjectId: string, detail?: Record<string, unknown>) =>
    store.audit(
      {
        actorType: 'mediator',
        actorId: m.id,
        action,
        subjectType: 'conversation',
        subjectId,
        ...(detail ? { detail } : {}),
      },
      clock.now(),
    );

  return {
    /** The waiting conversations routed to a mediator, theirs, and for a supervisor every open one. */
    async queue(m: MediatorProfile): Promise<{ waiting: Routed[]; mine: Handoff[]; all: Handoff[] }> {
      const { ctx, open } = await context();
      return {
        waiting: queueFor(m, open, ctx),
        mine: open.filter((h) => h.status === 'claimed' && h.mediatorId === m.id),
        all: isSupervisor(m) ? open : [],
      };
    },

    /** Opens a conversation: checked and audited. */
    async open(m: MediatorProfile, conversationId: string): Promise<ConversationView> {
      const view = await this.view(m, conversationId);
      await audit(m, 'conversation.opened', conversationId);
      return view;
    },

    /** The same, for the live refresh of a conversation already opened (checked, not audited again). */
    async view(m: MediatorProfile, conversationId: string): Promise<ConversationView> {
      const { conversation, handoff } = await allowed(m, conversationId);
      const [messages, notes] = await Promise.all([
        store.listMessages(conversationId, undefined, 500),
        store.notes(conversationId),
      ]);
      return { conversation, handoff, messages, notes };
    },

    async claim(m: MediatorProfile, conversationId: string) {
      const { handoff, ctx } = await allowed(m, conversationId);
      if (!handoff || handoff.status !== 'waiting')
        throw new AppError('conflict:claimed', 'Someone else has claimed it.');
      if (!hasCapacity(m, ctx))
        throw new AppError(
          'conflict:capacity',
          'You are at your capacity: hand one back or close one first.',
        );
      if (!(await store.claim(handoff.id, m.id, clock.now()))) {
        throw new AppError('conflict:claimed', 'Someone else has claimed it.');
      }
      await audit(m, 'handoff.claimed', conversationId, { handoffId: handoff.id });
      deps.onChange?.(conversationId);
    },

    async reply(m: MediatorProfile, conversationId: string, text: string) {
      const { conversation } = await holding(m, conversationId);
      await sendToPerson(conversation, text, 'mediator', m.id);
      await audit(m, 'message.sent', conversationId);
      deps.onChange?.(conversationId);
    },

    async note(m: MediatorProfile, conversationId: string, text: string) {
      await allowed(m, conversationId);
      const note = await store.addNote(conversationId, m.id, text, clock.now());
      await audit(m, 'note.added', conversationId, { noteId: note.id });
      deps.onChange?.(conversationId);
      return note;
    },

    async handBack(m: MediatorProfile, conversationId: string) {
      const { conversation, handoff } = await holding(m, conversationId);
      await store.finish(handoff.id, 'returned', clock.now());
      await sendToPerson(conversation, t.t(conversation.language ?? 'pt', 'handoff.returned'), 'bot', null);
      await audit(m, 'handoff.returned', conversationId, { handoffId: handoff.id });
      deps.onChange?.(conversationId);
    },

    async transfer(
      m: MediatorProfile,
      conversationId: string,
      to: { mediatorId: string } | { office: Office | null },
    ) {
      // A supervisor reassigns any open conversation, waiting or held; a mediator passes on what they hold.
      const { handoff } = isSupervisor(m)
        ? await allowed(m, conversationId)
        : await holding(m, conversationId);
      if (!handoff)
        throw new AppError('conflict:no-handoff', 'This conversation is not waiting for or with a mediator.');
      if ('mediatorId' in to && !(await store.mediator(to.mediatorId))?.active) {
        throw new AppError('bad_request:mediator', 'No such active mediator.');
      }
      await store.transfer(handoff.id, to, clock.now());
      await audit(m, 'handoff.transferred', conversationId, { handoffId: handoff.id, ...to });
      deps.onChange?.(conversationId);
    },

    async close(m: MediatorProfile, conversationId: string, outcome: string, tags: string[]) {
      const { conversation, handoff } = await holding(m, conversationId);
      await store.finish(handoff.id, 'closed', clock.now(), { outcome, tags });
      await sendToPerson(conversation, t.t(conversation.language ?? 'pt', 'handoff.closed'), 'bot', null);
      await audit(m, 'handoff.closed', conversationId, { handoffId: handoff.id, outcome, tags });
      deps.onChange?.(conversationId);
    },

    /** Ready-made replies in the person's language, signed with the mediator's name. */
    canned(m: MediatorProfile, lang: Lang) {
      return CANNED.map((id) => ({ id, text: t.t(lang, `canned.${id}`, { name: m.name }) }));
    },
  };
}

export type Mediation = ReturnType<typeof createMediation>;
