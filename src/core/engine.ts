import type { InboundMessage, Reply, Citation, ChannelName } from '../domain/types.js';
import type { Lang } from '../domain/language.js';
import { isAppError } from '../lib/errors.js';
import { createKeyedMutex } from '../lib/keyed-mutex.js';
import type { Accepted, Clock, ConversationStore, Logger, Renderers } from './ports.js';
import type { Decide, TurnInput } from './turn/decide.js';
import { buildCaseCard } from './handoff/case-card.js';
import { negotiateLanguage, type LanguageDetector } from './turn/negotiate-language.js';

/** What one turn did, for tests, evals and metrics. */
export interface TurnTrace {
  messageId: string;
  conversationId: string;
  channel: ChannelName;
  replies: Reply[];
  language: Lang;
  topic: string | null;
  citations: Citation[];
  escalated: boolean;
  /** Retrieval score of the best article, for a typed question. */
  confidence: number | null;
  /** Why a person is needed, when this turn escalated. */
  handoff: { reason: string; urgent: boolean } | null;
  flowPosition: string | null;
  tookMs: number;
}

export interface EngineDeps {
  store: ConversationStore;
  clock: Clock;
  decide: Decide;
  renderers: Renderers;
  log: Logger;
  detector?: LanguageDetector;
  /** Called after replies were committed to the outbox (the relay sends them). */
  onQueued?: () => void;
  /** Called with the trace of every committed turn (metrics, evals). */
  onTurn?: (trace: TurnTrace) => void;
  /** Called after a turn asked for a mediator (the console's live queue). */
  onHandoff?: (conversationId: string) => void;
  /** Called after a message was stored and answered, replies or not (the console's live view). */
  onActivity?: (conversationId: string) => void;
  /** Kill switch: channels whose automatic answers are off. */
  pausedChannels?: readonly ChannelName[];
  /** Turns queued at most before the rest is left to the recovery pass. */
  maxQueuedTurns?: number;
  /** Channels that send one message per turn (e-mail): a turn's replies are joined before rendering. */
  oneMessagePerTurn?: readonly ChannelName[];
  /** Monotonic time for measuring turns. */
  elapsed?: () => number;
}

export interface Engine {
  /** Stores the message durably; after this resolves it will be answered even if the process dies. */
  receive(message: InboundMessage): Promise<Accepted>;
  /** Runs the turn for a stored message, once; turns of one conversation run one at a time. */
  runTurn(accepted: Pick<Accepted, 'messageId' | 'conversationId'>): Promise<TurnTrace | undefined>;
  /** receive then runTurn. */
  handle(message: InboundMessage): Promise<{ accepted: Accepted; trace?: TurnTrace }>;
  /**
   * Queues the turn of a stored message, to run after the acknowledgement, one at a time and yielding to
   * incoming requests between turns, so a burst of webhooks is acknowledged at its own pace. Past the
   * bound the turn is left to the recovery pass (the message is on disk).
   */
  schedule(accepted: Pick<Accepted, 'messageId' | 'conversationId'>): void;
  /** Answers messages that were stored but not answered (after a crash or a failed turn). */
  recover(olderThanMs?: number): Promise<number>;
}

const MAX_CONFLICT_RETRIES = 3;
/** How long a queued turn may wait for acknowledgements in flight before it runs anyway. */
const MAX_TURN_DEFERRAL_MS = 50;

/** A turn's replies as one: texts in order, the last options, every source once. */
function joinReplies(replies: Reply[]): Reply[] {
  if (replies.length < 2) return replies;
  const choices = [...replies].reverse().find((r) => r.choices?.length)?.choices;
  const citations = [...new Map(replies.flatMap((r) => r.citations ?? []).map((c) => [c.url, c])).values()];
  const links = replies.flatMap((r) => r.links ?? []);
  return [
    {
      text: replies.map((r) => r.text).join('\n\n'),
      ...(choices ? { choices } : {}),
      ...(citations.length ? { citations } : {}),
      ...(links.length ? { links } : {}),
    },
  ];
}

export function createEngine(deps: EngineDeps): Engine {
  const { store, clock, decide, renderers, log, detector, onQueued, onTurn, onHandoff, onActivity } = deps;
  const elapsed = deps.elapsed ?? (() => performance.now());
  const mutex = createKeyedMutex();

  async function turnOnce(messageId: string): Promise<TurnTrace | undefined> {
    const started = elapsed();
    const ctx = await store.loadTurn(messageId);
    if (!ctx || ctx.message.deliveryStatus !== 'received') return undefined;
    const { message, conversation, contact } = ctx;
    const payload = (message.payload ?? {}) as { choice?: string; langHint?: Lang; meta?: TurnInput['meta'] };
    const detected = message.text ? detector?.detect(message.text) : undefined;
    const current = conversation.language ?? contact.preferredLang;
    const negotiated = negotiateLanguage({ current, hint: payload.langHint, detected });
    const decision = await decide({
      ...(message.text ? { text: message.text } : {}),
      ...(payload.choice ? { choice: payload.choice } : {}),
      ...(payload.meta ? { meta: payload.meta } : {}),
      ...(deps.pausedChannels?.includes(conversation.channel) ? { channelPaused: true } : {}),
      channel: conversation.channel,
      lang: negotiated,
      ...(current && detected ? { detected } : {}),
      state: conversation.state,
      status: conversation.status,
      topic: conversation.topic,
    });
    // The person may have chosen another language in this turn: its replies are already in it.
    const language = decision.language ?? negotiated;
    const render = renderers[conversation.channel];
    const handoff = decision.handoff
      ? {
          reason: decision.handoff.reason,
          urgent: decision.handoff.urgent,
          language,
          topic: decision.topic,
          office: decision.handoff.office,
          card: buildCaseCard({
            conversation,
            language,
            topic: decision.topic,
            reason: decision.handoff.reason,
            urgent: decision.handoff.urgent,
            history: (await store.listMessages(conversation.id)).filter((m) => m.id !== messageId).slice(-20),
            asked: message.text,
            replies: decision.replies,
            collected: (decision.state.slots as Record<string, string> | undefined) ?? {},
          }),
        }
      : undefined;
    await store.commitTurn({
      messageId,
      conversationId: conversation.id,
      contactId: contact.id,
      expectedVersion: conversation.version,
      channel: conversation.channel,
      recipient: contact.address,
      replies: (deps.oneMessagePerTurn?.includes(conversation.channel)
        ? joinReplies(decision.replies)
        : decision.replies
      ).map((reply) => ({ reply, payloads: render(reply, language) })),
      conversation: { status: decision.status, language, topic: decision.topic, state: decision.state },
      contactLang: contact.preferredLang === language ? null : language,
      ...(handoff ? { handoff } : {}),
      ...(decision.erase ? { erase: true } : {}),
      now: clock.now(),
    });
    if (decision.replies.length > 0) onQueued?.();
    if (handoff) onHandoff?.(conversation.id);
    onActivity?.(conversation.id);
    const trace: TurnTrace = {
      messageId,
      conversationId: conversation.id,
      channel: conversation.channel,
      replies: decision.replies,
      language,
      topic: decision.topic,
      citations: decision.citations,
      escalated: decision.escalated,
      confidence: decision.confidence ?? null,
      handoff: decision.handoff ?? null,
      flowPosition: typeof decision.state.at === 'string' ? decision.state.at : null,
      tookMs: elapsed() - started,
    };
    onTurn?.(trace);
    return trace;
  }

  async function runTurn({ messageId, conversationId }: Pick<Accepted, 'messageId' | 'conversationId'>) {
    return mutex.run(conversationId, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await turnOnce(messageId);
        } catch (error) {
          // Another process (or a recovery pass) moved the conversation: read it again and redo the turn.
          if (isAppError(error, 'conflict:turn') && attempt < MAX_CONFLICT_RETRIES) continue;
          throw error;
        }
      }
    });
  }

  const queued: Pick<Accepted, 'messageId' | 'conversationId'>[] = [];
  /** Messages being stored right now (their channel waits for the acknowledgement). */
  let receiving = 0;
  const receive = async (message: InboundMessage) => {
    receiving += 1;
    try {
      return await store.acceptInbound(message, clock.now());
    } finally {
      receiving -= 1;
    }
  };
  let draining = false;
  const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function drain() {
    try {
      while (queued.length) {
        const next = queued.shift()!;
        try {
          await runTurn(next);
        } catch (error) {
          log.error('turn.failed', {
            messageId: next.messageId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        // Requests that arrived during the turn are read, and acknowledged, before the next one starts:
        // acknowledgements come first, within a bound so that turns are never starved.
        const since = performance.now();
        do await yieldToIo();
        while (receiving > 0 && performance.now() - since < MAX_TURN_DEFERRAL_MS);
      }
    } finally {
      draining = false;
    }
  }

  return {
    receive,
    runTurn,
    schedule(accepted) {
      if (queued.length >= (deps.maxQueuedTurns ?? 2_000)) {
        log.warn('turn.deferred', { messageId: accepted.messageId });
        return;
      }
      queued.push(accepted);
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    },
    async handle(message) {
      const accepted = await store.acceptInbound(message, clock.now());
      if (accepted.processed) return { accepted };
      const trace = await runTurn(accepted);
      return trace ? { accepted, trace } : { accepted };
    },
    async recover(olderThanMs = 0) {
      const pending = await store.pendingTurns(clock.now() - olderThanMs, 500);
      let answered = 0;
      for (const turn of pending) {
        try {
          if (await runTurn(turn)) answered += 1;
        } catch (error) {
          log.error('turn.recovery-failed', {
            messageId: turn.messageId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return answered;
    },
  };
}
