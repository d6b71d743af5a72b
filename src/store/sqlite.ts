import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { Durable } from './durable.js';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations.js';

export interface SqliteOptions {
  /** A file path, or ':memory:'. */
  path: string;
}

/**
 * Opens the embedded SQLite database: WAL so readers never block the writer. Two levels of
 * durability: accepting an inbound message (what a channel is told is safe) commits with
 * synchronous=FULL, an fsync before the acknowledgement, so it survives a power cut; everything
 * else (turn results, delivery marks) commits with NORMAL, which survives a process crash and, after
 * a power cut, is redone from the durable inbound messages (a reply may then be sent twice, never lost).
 */
export function openSqlite({ path }: SqliteOptions): {
  db: Kysely<Database>;
  raw: Sqlite.Database;
  durable: Durable;
} {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new Sqlite(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return { db, raw, durable: sqliteDurable(db) };
}

/**
 * Kysely prepares every query anew; the same few dozen statements run on every message, so they are
 * prepared once and reused (better-sqlite3 statements are reusable). Bounded, oldest out first.
 */
function withStatementCache(raw: Sqlite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = raw.prepare(sql);
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/** Runs a transaction that is on disk (fsync) when it returns; see openSqlite. */
export function sqliteDurable(db: Kysely<Database>): Durable {
  return (work) =>
    db.connection().execute(async (conn) => {
      await sql`PRAGMA synchronous = FULL`.execute(conn);
      try {
        return await conn.transaction().execute(work);
      } finally {
        await sql`PRAGMA synchronous = NORMAL`.execute(conn);
      }
    });
}

/** Brings the schema up to the latest migration; fails loudly if any step fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
