import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupSqlite } from '../../src/store/backup.js';
import { migrateToLatest, openSqlite } from '../../src/store/sqlite.js';
import { makeService } from '../helpers/service.js';

describe('backup and restore', () => {
  it('copies the live database to a file that opens as a working database', async () => {
    const made = await makeService();
    try {
      await made.service.engine.handle({
        channel: 'webchat',
        address: 'b1',
        externalId: 'b1',
        text: 'Olá',
        sentAt: 0,
        langHint: 'pt',
      });
      const source = new Sqlite(join(made.dir, 'assistant.sqlite'));
      const destination = join(made.dir, 'backups', 'copy.sqlite');
      const { pages } = await backupSqlite(source, destination);
      source.close();
      expect(pages).toBeGreaterThan(0);
      // Restoring is starting the service on the copy: it opens, migrates (nothing to do) and has the data.
      const restored = openSqlite({ path: destination });
      expect(await migrateToLatest(restored.db)).toEqual([]);
      const messages = await restored.db.selectFrom('messages').select('text').execute();
      expect(messages.map((m) => m.text)).toContain('Olá');
      await restored.db.destroy();
    } finally {
      await made.close();
    }
  });
});
