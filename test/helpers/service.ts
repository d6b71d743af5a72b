import { mkdtempSync, rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../src/config.js';
import { createNodeService, startServer, type ServiceOptions } from '../../src/server.js';
import { sharedContent } from './content.js';

/** A fresh data directory under the system temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'cnaim-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...env });
}

/** The real service (SQLite on a temp file) without a listening socket: drive it with app.request(). */
export async function makeService(env: Record<string, string> = {}, options: ServiceOptions = {}) {
  const { dir, cleanup } = tempDir();
  const service = await createNodeService(testConfig(dir, env), {
    content: await sharedContent(),
    ...options,
  });
  return {
    service,
    dir,
    async close() {
      await service.close();
      cleanup();
    },
  };
}

/** The real service listening on 127.0.0.1 with a random port. */
export async function runServer(env: Record<string, string> = {}, options: ServiceOptions = {}) {
  const { dir, cleanup } = tempDir();
  const running = await startServer(testConfig(dir, env), { content: await sharedContent(), ...options });
  return {
    ...running,
    dir,
    async close() {
      await running.close();
      cleanup();
    },
  };
}

export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The audit entries of one action, as stored. */
export function auditEntries(db: Kysely<Database>, action: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
}
