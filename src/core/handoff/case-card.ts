import type { Reply, StoredMessage } from '../../domain/types.js';
import type { Conversation } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { CaseCard } from './types.js';

const KEEP = 6;
const clip = (text: string, max = 600) =>
  [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;

/**
 * What the mediator needs at a glance, so nobody asks again what the bot already knows: the person's
 * last messages, the answers and sources they got, what flows collected, and the risk flags.
 */
export function buildCaseCard(input: {
  conversation: Conversation;
  language: Lang | null;
  topic: string | null;
  reason: string;
  urgent: boolean;
  history: StoredMessage[];
  /** This turn's message and replies, not stored yet. */
  asked?: string;
  replies: Reply[];
  collected: Record<string, string>;
}): CaseCard {
  const asked = input.history.filter((m) => m.direction === 'in' && m.text.trim()).map((m) => clip(m.text));
  if (input.asked?.trim()) asked.push(clip(input.asked));
  const answered = input.history
    .filter((m) => m.direction === 'out' && m.author === 'bot')
    .map((m) => m.payload as Reply | null)
    .filter((r): r is Reply => Boolean(r?.citations?.length));
  const answers = [...answered, ...input.replies.filter((r) => r.citations?.length)].map((r) => ({
    text: clip(r.text, 300),
    citations: r.citations ?? [],
  }));
  const flags = [
    ...(input.urgent ? [input.reason] : []),
    ...(input.history.some((m) => JSON.stringify(m.payload ?? {}).includes('"media"')) ? ['media'] : []),
  ];
  return {
    language: input.language,
    channel: input.conversation.channel,
    topic: input.topic,
    reason: input.reason,
    urgent: input.urgent,
    asked: asked.slice(-KEEP),
    answers: answers.slice(-3),
    collected: input.collected,
    flags: [...new Set(flags)],
  };
}
