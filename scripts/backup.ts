import { resolve } from 'node:path';
import { parseConfig } from '../src/config.js';
import { backupSqlite } from '../src/store/backup.js';
import { openSqlite } from '../src/store/sqlite.js';

/** `npm run backup [-- path]`: an online copy of the database, safe while the service runs. */
async function main() {
  const config = parseConfig(process.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const destination = resolve(process.argv[2] ?? `${config.dataDir}/backups/assistant-${stamp}.sqlite`);
  const { db, raw } = openSqlite({ path: config.databasePath });
  try {
    const { pages } = await backupSqlite(raw, destination);
    console.log(`Backed up ${pages} pages to ${destination}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
