import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxRelay } from '../../src/core/outbox-relay.js';
import type { OutboxItem, SendResult } from '../../src/core/ports.js';
import { inbound, makeEngine, silentLog } from '../helpers/engine.js';

type Made = Awaited<ReturnType<typeof makeEngine>>;
let made: Made | undefined;
afterEach(async () => {
  await made?.close();
  made = undefined;
});

function relayWith(
  m: Made,
  send: (item: OutboxItem) => SendResult | Promise<SendResult>,
  clock = { now: () => Date.now() },
) {
  return createOutboxRelay({
    store: m.store,
    senders: { webchat: { send: async (item) => send(item) } },
    clock,
    log: silentLog,
    random: () => 1,
    baseDelayMs: 1_000,
  });
}

const statuses = (m: Made) =>
  m.db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).orderBy('id').execute();

describe('outbox relay', () => {
  it('sends every queued reply once and marks the messages sent', async () => {
    made = await makeEngine();
    await made.engine.handle(inbound());
    const sent: string[] = [];
    const relay = relayWith(made, (item) => {
      sent.push(item.id);
      return { kind: 'sent', providerId: `p-${item.id}` };
    });
    expect(await relay.runOnce()).toBe(2);
    expect(await relay.runOnce()).toBe(0);
    expect(sent).toHaveLength(2);
    const out = await made.db
      .selectFrom('messages')
      .select('delivery_status')
      .where('direction', '=', 'out')
      .execute();
    expect(out.every((m) => m.delivery_status === 'sent')).toBe(true);
  });

  it('retries a temporary failure later, keeping the order within the conversation', async () => {
    made = await makeEngine();
    await made.engine.handle(inbound());
    let now = Date.now();
    const clock = { now: () => now };
    let fail = true;
    const order: string[] = [];
    const relay = relayWith(
      made,
      (item) => {
        if (fail) {
          fail = false;
          return { kind: 'retry', error: 'HTTP 503' };
        }
        order.push(item.messageId);
        return { kind: 'sent' };
      },
      clock,
    );
    expect(await relay.runOnce()).toBe(0);
    const after = await statuses(made);
    expect(after[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 503' });
    expect(after[1]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await relay.runOnce()).toBe(0); // not due yet: backoff
    now += 2_000;
    expect(await relay.runOnce()).toBe(2);
    expect(order).toEqual([...order].sort());
  });

  it('honours a retry-after and dead-letters a permanent failure', async () => {
    made = await makeEngine();
    await made.engine.handle(inbound());
    let now = Date.now();
    const relay = relayWith(
      made,
      (item) =>
        item.attempts === 0
          ? { kind: 'retry', error: 'throttled', retryAfterMs: 60_000 }
          : { kind: 'failed', error: 'recipient blocked' },
      { now: () => now },
    );
    await relay.runOnce();
    now += 30_000;
    expect(await relay.runOnce()).toBe(0);
    now += 31_000;
    await relay.runOnce();
    const rows = await statuses(made);
    expect(rows[0]).toMatchObject({ status: 'dead', last_error: 'recipient blocked' });
    const failed = await made.db
      .selectFrom('messages')
      .select('delivery_status')
      .where('delivery_status', '=', 'failed')
      .execute();
    expect(failed.length).toBeGreaterThanOrEqual(1);
  });

  it('sends again a row whose relay died mid-send once the lease runs out (at least once)', async () => {
    made = await makeEngine();
    await made.engine.handle(inbound());
    let now = Date.now();
    const claimed = await made.store.claimDue(now, 10, 30_000);
    expect(claimed).toHaveLength(2);
    // The relay process dies here without marking anything.
    expect(await made.store.claimDue(now, 10, 30_000)).toHaveLength(0);
    now += 31_000;
    expect(await made.store.claimDue(now, 10, 30_000)).toHaveLength(2);
  });
});
