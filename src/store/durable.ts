import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs work in a transaction that is durable (flushed to stable storage) when it resolves. Each
 * dialect supplies its own: SQLite raises its sync level for it; a server database commits as usual.
 */
export type Durable = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

export function plainTransaction(db: Kysely<Database>): Durable {
  return (work) => db.transaction().execute(work);
}
