import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createEngine, type EngineDeps } from '../../src/core/engine.js';
import { createDecide } from '../../src/core/turn/decide.js';
import { decideDeps } from '../../src/server.js';
import type { Renderers, Store } from '../../src/core/ports.js';
import type { InboundMessage } from '../../src/domain/types.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { sharedContent, silentLog } from './content.js';
import { createIdSource } from '../../src/lib/ids.js';
import type { Database } from '../../src/store/schema.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { migrateToLatest, openSqlite } from '../../src/store/sqlite.js';
import { tempDir } from './service.js';

export { silentLog };
export const translator = createTranslator(MESSAGES);

export const passThrough: Renderers = {
  webchat: (reply) => [reply],
  whatsapp: (reply) => [reply],
  email: (reply) => [reply],
};

/** The engine over a real SQLite file; `wrap` may put a faulty layer around the store. */
export async function makeEngine(
  options: { wrap?: (store: Store) => Store; engine?: Partial<EngineDeps> } = {},
) {
  const { dir, cleanup } = tempDir();
  const { db, raw, durable } = openSqlite({ path: join(dir, 'test.sqlite') });
  await migrateToLatest(db);
  const ids = createIdSource();
  const realStore = createSqlStore(db, ids, durable);
  const content = await sharedContent();
  const store = options.wrap ? options.wrap(realStore) : realStore;
  const engine = createEngine({
    store,
    clock: { now: () => Date.now() },
    log: silentLog,
    renderers: passThrough,
    decide: createDecide(decideDeps(content)),
    detector: content.detector,
    ...options.engine,
  });
  return {
    engine,
    store: realStore,
    db: db as Kysely<Database>,
    raw,
    async close() {
      await db.destroy();
      cleanup();
    },
  };
}

let counter = 0;
export function inbound(overrides: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return {
    channel: 'webchat',
    address: 'visitor-1',
    externalId: `ext-${process.pid}-${counter}`,
    text: 'Olá',
    sentAt: Date.now(),
    ...overrides,
  };
}
