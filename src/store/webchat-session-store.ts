import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { WebchatSessionStore } from '../core/ports.js';
import { isLang } from '../domain/language.js';

export function createWebchatSessionStore(db: Kysely<Database>): WebchatSessionStore {
  return {
    async createSession(tokenHash, session, now) {
      await db
        .insertInto('webchat_sessions')
        .values({
          token_hash: tokenHash,
          address: session.address,
          lang_hint: session.langHint,
          created_at: now,
          last_seen_at: now,
          expires_at: session.expiresAt,
        })
        .execute();
    },

    async touchSession(tokenHash, now, idleMs) {
      const row = await db
        .selectFrom('webchat_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row || Number(row.expires_at) <= now) return undefined;
      const expiresAt = now + idleMs;
      // Sliding expiry, written at most once a minute so reading history does not write every time.
      if (now - Number(row.last_seen_at) > 60_000) {
        await db
          .updateTable('webchat_sessions')
          .set({ last_seen_at: now, expires_at: expiresAt })
          .where('token_hash', '=', tokenHash)
          .execute();
      }
      return { address: row.address, langHint: isLang(row.lang_hint) ? row.lang_hint : null, expiresAt };
    },
  };
}
