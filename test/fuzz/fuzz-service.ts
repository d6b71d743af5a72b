import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  CORPUS_APP_SECRET,
  CORPUS_MAIL_SECRET,
  CORPUS_SERVICE_ADDRESS,
} from '../../scripts/bad-input/cases.js';
import type { Logger } from '../../src/core/ports.js';
import { createNodeService, startServer, type NodeService, type ServiceOptions } from '../../src/server.js';
import { sharedContent } from '../helpers/content.js';
import { testConfig } from '../helpers/service.js';

/** Secrets the service under fuzzing holds: no reply, log line or error body may ever show them. */
export const SECRETS = {
  WHATSAPP_APP_SECRET: CORPUS_APP_SECRET,
  WHATSAPP_VERIFY_TOKEN: 'bad-input-verify-token',
  WHATSAPP_ACCESS_TOKEN: 'bad-input-access-token-SECRET-7f3a',
  EMAIL_INBOUND_SECRET: CORPUS_MAIL_SECRET,
  METRICS_TOKEN: 'bad-input-metrics-token-SECRET-91c2',
} as const;

export const MAIL_MAX_BYTES = 1024 * 1024;

/**
 * Every channel on, rate limits off (so the parsers, not the limiter, see every request), and nothing
 * listening where replies go: these tests look at answers and stored rows, not at deliveries.
 */
export const FUZZ_ENV: Record<string, string> = {
  ...SECRETS,
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_API_URL: 'http://127.0.0.1:9/v23.0',
  EMAIL_FROM: `Assistente CNAIM <${CORPUS_SERVICE_ADDRESS}>`,
  EMAIL_MAX_BYTES: String(MAIL_MAX_BYTES),
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_SENDER: '0',
};

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  event: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line, so a test can look for errors or for what must never be logged. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (event: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, event, ...(fields ? { fields } : {}) });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The database in memory-backed storage where there is some: every accepted message is an fsync, and
 * tens of thousands of them on a shared disk would time the disk, not the parsers.
 */
function dataDir() {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cnaim-fuzz-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real service without a socket, driven with app.request(). */
export async function makeFuzzService(env: Record<string, string> = {}, options: ServiceOptions = {}) {
  const log = recordingLogger();
  const { dir, cleanup } = dataDir();
  const config = testConfig(dir, { ...FUZZ_ENV, ...env });
  const service = await createNodeService(config, { content: await sharedContent(), log, ...options });
  return {
    service,
    log,
    async close() {
      await service.close();
      cleanup();
    },
  };
}

/** The real service listening on 127.0.0.1 with a random port. */
export async function runFuzzServer(env: Record<string, string> = {}, options: ServiceOptions = {}) {
  const log = recordingLogger();
  const { dir, cleanup } = dataDir();
  const config = testConfig(dir, { ...FUZZ_ENV, ...env });
  const running = await startServer(config, { content: await sharedContent(), log, ...options });
  return {
    ...running,
    log,
    async close() {
      await running.close();
      cleanup();
    },
  };
}

export type FuzzService = Awaited<ReturnType<typeof makeFuzzService>>;
/** The service under test, whether driven in-process or over a socket. */
type Served = { service: NodeService };

/** A refusal must say what was wrong the one way the API always does: `{error: {code, message}}`. */
export async function expectClearRefusal(response: Response, context: string) {
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, context).toBe('string');
  expect(typeof body.error?.message, context).toBe('string');
  return body.error as { code: string; message: string };
}

/** Inbound rows in the store, in all or for one channel address. */
export async function inboundRows(made: Served, address?: string) {
  let query = made.service.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('messages.direction', '=', 'in');
  if (address) query = query.where('contacts.address', '=', address);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Rows of every table a delivery can write to: one number that must not move after a refusal. */
export async function allRows(made: Served) {
  const tables = ['contacts', 'conversations', 'messages', 'handoffs', 'outbox'] as const;
  let total = 0;
  for (const table of tables) {
    const row = await made.service.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

/** Waits until every stored message has had its turn. */
export async function turnsDone(made: Served, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await made.service.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('direction', '=', 'in')
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return;
    if (Date.now() > until) throw new Error(`${row.n} messages still wait for their turn`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The row count once turns of earlier requests stopped writing (unchanged for 300 ms). */
export async function quietRows(made: Served, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last = await allRows(made);
  let stable = 0;
  while (stable < 3 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await allRows(made);
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/** Fails the test on any promise rejected with nobody listening, however deep in the service. */
export function watchUnhandledRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    seen,
    stop: () => process.off('unhandledRejection', listener),
  };
}

/** Log lines at error level: a turn or a request that failed where it should have refused. */
export const errorLines = (log: { lines: LogLine[] }) => log.lines.filter((l) => l.level === 'error');
