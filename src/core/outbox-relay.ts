import type { Clock, Logger, OutboxItem, OutboxStore, SendResult, Senders } from './ports.js';

export interface RelayOptions {
  store: OutboxStore;
  senders: Senders;
  clock: Clock;
  log: Logger;
  /** How long a claimed row is held before another relay may send it again. */
  leaseMs?: number;
  batchSize?: number;
  pollMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** A row older than this is dead-lettered instead of retried. */
  maxAgeMs?: number;
  random?: () => number;
}

export interface OutboxRelay {
  /** Sends what is due now; resolves when this pass is done. */
  runOnce(): Promise<number>;
  /** Asks for a pass as soon as possible (after a turn queued replies). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Delivers queued replies at least once, in order within a conversation: retries with exponential
 * backoff and full jitter, honours the channel's retry-after, and dead-letters permanent failures.
 */
export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const {
    store,
    senders,
    clock,
    log,
    leaseMs = 30_000,
    batchSize = 100,
    pollMs = 1_000,
    baseDelayMs = 1_000,
    maxDelayMs = 15 * 60_000,
    maxAttempts = 25,
    maxAgeMs = 24 * 3_600_000,
    random = Math.random,
  } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  function backoff(attempts: number): number {
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** attempts);
    return Math.floor(random() * cap);
  }

  async function settle(item: OutboxItem, result: SendResult): Promise<boolean> {
    const now = clock.now();
    if (result.kind === 'sent') {
      await store.markSent(item.id, now, result.providerId);
      return true;
    }
    const tooOld = now - item.createdAt > maxAgeMs;
    if (result.kind === 'failed' || item.attempts + 1 >= maxAttempts || tooOld) {
      await store.markDead(item.id, now, result.error);
      log.warn('outbox.dead-lettered', { outboxId: item.id, channel: item.channel, error: result.error });
      return true;
    }
    // The provider's own wait wins over the backoff, within the relay's ceiling.
    const delay = Math.min(maxDelayMs, Math.max(result.retryAfterMs ?? 0, backoff(item.attempts)));
    await store.markRetry(item.id, now + delay, result.error);
    log.info('outbox.retry-scheduled', { outboxId: item.id, channel: item.channel, delayMs: delay });
    return false;
  }

  async function sendOne(item: OutboxItem): Promise<SendResult> {
    const sender = senders[item.channel];
    if (!sender) return { kind: 'retry', error: `channel ${item.channel} is not configured` };
    try {
      return await sender.send(item);
    } catch (error) {
      return { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function deliverConversation(items: OutboxItem[]): Promise<number> {
    let delivered = 0;
    for (const [index, item] of items.entries()) {
      const done = await settle(item, await sendOne(item));
      if (!done) {
        // Keep the order: later replies of this conversation wait behind the one that failed.
        const at = clock.now();
        for (const later of items.slice(index + 1)) await store.release(later.id, at);
        break;
      }
      delivered += 1;
    }
    return delivered;
  }

  async function pass(): Promise<number> {
    const due = await store.claimDue(clock.now(), batchSize, leaseMs);
    const byConversation = new Map<string, OutboxItem[]>();
    for (const item of due) {
      const list = byConversation.get(item.conversationId) ?? [];
      list.push(item);
      byConversation.set(item.conversationId, list);
    }
    const counts = await Promise.all([...byConversation.values()].map(deliverConversation));
    return counts.reduce((a, b) => a + b, 0);
  }

  async function loop(): Promise<number> {
    let total = 0;
    do {
      again = false;
      total += await pass();
    } while (again);
    return total;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = loop()
      .catch((error: unknown) => {
        log.error('outbox.pass-failed', { error: error instanceof Error ? error.message : String(error) });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    runOnce,
    kick() {
      if (!stopped) void runOnce();
    },
    start() {
      stopped = false;
      timer = setInterval(() => void runOnce(), pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
