import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/lib/ids.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { migrateToLatest, openSqlite } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/service.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function dbFile() {
  const made = tempDir();
  cleanup = made.cleanup;
  return join(made.dir, 'nested', 'assistant.sqlite');
}

describe('SQLite store on a real file', () => {
  it('creates the file, runs the migrations once, and uses WAL', async () => {
    const path = dbFile();
    const first = openSqlite({ path });
    expect(await migrateToLatest(first.db)).toEqual([
      '0001_initial',
      '0002_delivery_reports',
      '0003_mediators',
      '0004_email',
      '0005_erasure_from_chat',
    ]);
    expect(first.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.raw.pragma('synchronous', { simple: true })).toBe(1);
    await first.db.destroy();
    const again = openSqlite({ path });
    expect(await migrateToLatest(again.db)).toEqual([]);
    const tables = again.raw
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'kysely%' and name not like 'sqlite%' order by name",
      )
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual([
      'audit_log',
      'contacts',
      'conversations',
      'handoffs',
      'mediator_sessions',
      'mediators',
      'messages',
      'notes',
      'outbox',
      'webchat_sessions',
    ]);
    await again.db.destroy();
  });

  it('flushes an accepted message to disk (synchronous=FULL) and goes back to NORMAL after', async () => {
    const { db, raw, durable } = openSqlite({ path: dbFile() });
    await migrateToLatest(db);
    const inside = await durable(
      async (trx) => (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(trx)).rows[0],
    );
    expect(inside?.synchronous).toBe(2);
    expect(raw.pragma('synchronous', { simple: true })).toBe(1);
    const store = createSqlStore(db, createIdSource(), durable);
    await store.acceptInbound(
      { channel: 'webchat', address: 'w', externalId: 'x', text: 'hi', sentAt: 1 },
      1,
    );
    expect(raw.pragma('synchronous', { simple: true })).toBe(1);
    await db.destroy();
  });

  it('keeps what was accepted across a reopen, and dedupes on (channel, external id)', async () => {
    const path = dbFile();
    const ids = createIdSource();
    const one = openSqlite({ path });
    await migrateToLatest(one.db);
    const store = createSqlStore(one.db, ids, one.durable);
    const message = {
      channel: 'whatsapp' as const,
      address: '351910000000',
      externalId: 'wamid.1',
      text: 'Olá',
      sentAt: 1,
    };
    const accepted = await store.acceptInbound(message, 1000);
    await one.db.destroy();

    const two = openSqlite({ path });
    const reopened = createSqlStore(two.db, ids, two.durable);
    const again = await reopened.acceptInbound(message, 2000);
    expect(again).toEqual({ ...accepted, duplicate: true, processed: false });
    // The same external id on another channel is another message.
    const other = await reopened.acceptInbound({ ...message, channel: 'email' }, 2000);
    expect(other.duplicate).toBe(false);
    const pending = await reopened.pendingTurns(3000, 10);
    expect(pending.map((p) => p.messageId)).toEqual([accepted.messageId, other.messageId]);
    await two.db.destroy();
  });

  it('continues the open conversation of a contact and opens a new one after it is closed', async () => {
    const path = dbFile();
    const { db } = openSqlite({ path });
    await migrateToLatest(db);
    const store = createSqlStore(db, createIdSource());
    const base = { channel: 'webchat' as const, address: 'web-1', text: 'hi', sentAt: 1 };
    const a = await store.acceptInbound({ ...base, externalId: 'a' }, 1);
    const b = await store.acceptInbound({ ...base, externalId: 'b' }, 2);
    expect(b.conversationId).toBe(a.conversationId);
    await db
      .updateTable('conversations')
      .set({ status: 'closed' })
      .where('id', '=', a.conversationId)
      .execute();
    const c = await store.acceptInbound({ ...base, externalId: 'c' }, 3);
    expect(c.conversationId).not.toBe(a.conversationId);
    await db.destroy();
  });
});
