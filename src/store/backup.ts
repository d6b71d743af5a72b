import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Sqlite from 'better-sqlite3';

/**
 * An online backup of the SQLite database (SQLite's backup API, page by page): the service keeps
 * running and writing; the copy is a consistent snapshot.
 */
export async function backupSqlite(raw: Sqlite.Database, destination: string): Promise<{ pages: number }> {
  mkdirSync(dirname(destination), { recursive: true });
  const result = await raw.backup(destination);
  return { pages: result.totalPages };
}
