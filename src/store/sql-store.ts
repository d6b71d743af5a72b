import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { IdSource, Store } from '../core/ports.js';
import { createConversationStore } from './conversation-store.js';
import { plainTransaction, type Durable } from './durable.js';
import { createOutboxStore } from './outbox-store.js';
import { createMediatorStore } from './mediator-store.js';
import { createEmailStore } from './email-store.js';
import { createWebchatSessionStore } from './webchat-session-store.js';

/** The store over any Kysely dialect (SQLite now; Postgres and D1 share the same queries). */
export function createSqlStore(
  db: Kysely<Database>,
  ids: IdSource,
  durable: Durable = plainTransaction(db),
): Store {
  return {
    ...createConversationStore(db, ids, durable),
    ...createOutboxStore(db, ids),
    ...createWebchatSessionStore(db),
    ...createMediatorStore(db, ids),
    ...createEmailStore(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}
