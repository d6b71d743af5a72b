import type { Accepted, ConversationStore } from '../core/ports.js';
import type { InboundMessage } from '../domain/types.js';
import { AppError } from '../lib/errors.js';

export interface GroupCommitOptions {
  /** Messages written in one transaction at most. */
  maxBatch?: number;
  /** Messages waiting to be written at most; beyond, new ones are refused (503) instead of growing memory. */
  maxBacklog?: number;
}

interface Waiting {
  message: InboundMessage;
  now: number;
  resolve: (accepted: Accepted) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for inbound messages: everything that arrives while a transaction is being flushed is
 * written together in the next one, so a burst costs one fsync per batch, not per message. Each caller
 * still gets its answer only after its own message is on disk.
 */
export function withGroupCommit<S extends ConversationStore>(store: S, options: GroupCommitOptions = {}): S {
  const { maxBatch = 500, maxBacklog = 5_000 } = options;
  const queue: Waiting[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    try {
      while (queue.length) {
        const batch = queue.splice(0, maxBatch);
        try {
          const accepted = await store.acceptInboundMany(batch);
          batch.forEach((w, i) => w.resolve(accepted[i]!));
        } catch {
          // One bad message must not fail the others: write them one by one, in order.
          for (const w of batch) {
            await store.acceptInbound(w.message, w.now).then(w.resolve, w.reject);
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    ...store,
    acceptInbound(message: InboundMessage, now: number): Promise<Accepted> {
      if (queue.length >= maxBacklog) {
        return Promise.reject(
          new AppError('unavailable:backlog', 'Too many messages waiting; try again later.'),
        );
      }
      return new Promise<Accepted>((resolve, reject) => {
        queue.push({ message, now, resolve, reject });
        // Let every request of this event-loop turn join the batch before writing it.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
