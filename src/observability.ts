import type { TurnTrace } from './core/engine.js';
import type { Store } from './core/ports.js';
import { createMetrics } from './lib/metrics.js';

const MS_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 1000];
const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * What the agency watches: messages in and out per channel and language, turn latency, retrieval
 * confidence, escalations, the mediators' queue, the outbox, refused webhooks. Counts only.
 */
export function createAssistantMetrics(store: Pick<Store, 'depth' | 'openHandoffs'>, now: () => number) {
  const m = createMetrics();
  const messagesIn = m.counter('assistant_messages_in_total', 'Messages answered, by channel and language.');
  const messagesOut = m.counter('assistant_messages_out_total', 'Replies queued by the assistant.');
  const turnMs = m.histogram('assistant_turn_duration_ms', 'Time to decide and commit one turn.', MS_BUCKETS);
  const confidence = m.histogram(
    'assistant_retrieval_confidence',
    'Score of the best article for typed questions.',
    SCORE_BUCKETS,
  );
  const escalations = m.counter('assistant_escalations_total', 'Handoffs to a mediator, by reason.');
  const refused = m.counter(
    'assistant_webhook_refused_total',
    'Inbound deliveries refused, by channel and reason.',
  );
  m.gauge('assistant_outbox_messages', 'Outbox rows waiting to be sent, and dead letters.', async () => {
    const depth = await store.depth();
    return [
      { labels: { state: 'pending' }, value: depth.pending },
      { labels: { state: 'dead' }, value: depth.dead },
    ];
  });
  m.gauge('assistant_handoffs_waiting', 'Conversations waiting for a mediator, by language.', async () => {
    const waiting = (await store.openHandoffs()).filter((h) => h.status === 'waiting');
    const byLang = new Map<string, number>();
    for (const h of waiting)
      byLang.set(h.language ?? 'unknown', (byLang.get(h.language ?? 'unknown') ?? 0) + 1);
    return [...byLang].map(([language, value]) => ({ labels: { language }, value }));
  });
  m.gauge(
    'assistant_handoff_oldest_wait_seconds',
    'How long the oldest waiting conversation has waited.',
    async () => {
      const waiting = (await store.openHandoffs()).filter((h) => h.status === 'waiting');
      const oldest = Math.min(...waiting.map((h) => h.requestedAt));
      return [{ labels: {}, value: waiting.length ? Math.round((now() - oldest) / 1000) : 0 }];
    },
  );

  return {
    onTurn(trace: TurnTrace) {
      const labels = { channel: trace.channel, language: trace.language };
      messagesIn.inc(labels);
      if (trace.replies.length) messagesOut.inc(labels, trace.replies.length);
      turnMs.observe(trace.tookMs, { channel: trace.channel });
      if (trace.confidence !== null) confidence.observe(trace.confidence);
      if (trace.handoff)
        escalations.inc({ reason: trace.handoff.reason, urgent: String(trace.handoff.urgent) });
    },
    refused(channel: string, reason: string) {
      refused.inc({ channel, reason });
    },
    render: () => m.render(),
  };
}

export type AssistantMetrics = ReturnType<typeof createAssistantMetrics>;
