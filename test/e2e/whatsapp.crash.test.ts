import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageObject, postWebhook, webhookBody } from '../../scripts/whatsapp/payloads.js';
import { startGraphStandIn, type GraphStandIn } from '../../scripts/whatsapp/stand-in.js';
import { TEST_INDEX_DIR } from '../helpers/content.js';
import { tempDir } from '../helpers/service.js';

/**
 * Crash safety of the WhatsApp webhook, against the real service in a child process: a 200 means the
 * message is on disk, so whatever moment the process is killed at, every acknowledged message is
 * answered exactly once (by its turn or by the recovery pass of a later instance). The negative control
 * runs the same burst against the test-only fault that acknowledges before storing, and must see a loss.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const KILLS = 20;
const CONTROL_KILLS = 6;
const SENDERS = 16;
/** Each instance is killed this long after it answered /readyz (uniformly at random). */
const KILL_AFTER_MS: [number, number] = [150, 700];
/** Attempts at most per message, as Meta redelivers what was not acknowledged. */
const MAX_ATTEMPTS = 3;
const SETTLE_MS = 30_000;

const SECRET = 'crash-app-secret-0123';
const TOKEN = 'crash-access-token-0123';
const VERIFY_TOKEN = 'crash-verify-token';
const PHONE_NUMBER_ID = '106540352242922';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Every child started by this file, so afterAll can kill what a failing test left running. */
const children = new Set<ChildProcess>();

/** `node --import tsx src/server.ts` on a fixed port and data directory, killed and restarted at will. */
class ServiceProcess {
  readonly url: string;
  private child: ChildProcess | undefined;
  private stderr = '';
  starts = 0;
  /** Spawn to /readyz 200, per start (ms). */
  readyMs: number[] = [];

  constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('already running');
    this.stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4_000);
    });
    const spawnedAt = Date.now();
    const until = spawnedAt + 90_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = undefined;
        throw new Error(`the service exited before it was ready (${child.exitCode}):\n${this.stderr}`);
      }
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.status === 200) {
          this.readyMs.push(Date.now() - spawnedAt);
          return;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > until) throw new Error(`the service was not ready in 90 s:\n${this.stderr}`);
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown hook runs, exactly as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGKILL');
    await exited;
  }
}

/** Closed while the service is down, so senders wait for the restart instead of spinning on refusals. */
class Gate {
  private waiting: { promise: Promise<void>; open: () => void } | undefined;
  close() {
    if (this.waiting) return;
    let open!: () => void;
    const promise = new Promise<void>((done) => (open = done));
    this.waiting = { promise, open };
  }
  open() {
    this.waiting?.open();
    this.waiting = undefined;
  }
  wait(): Promise<void> {
    return this.waiting?.promise ?? Promise.resolve();
  }
}

interface Outgoing {
  from: string;
  wamid: string;
  attempts: number;
}

interface InboundRow {
  wamid: string;
  address: string;
  processed: number;
  /** The service's clock (ms) when the message was stored and when its turn committed. */
  storedAt: number;
  processedAt: number | null;
  conversationId: string;
  /** Inbound and outbound messages of the row's conversation. */
  inbound: number;
  outbound: number;
}

/** Reads the service's database without taking part in it (read-only, opened anew every time). */
function readInbound(dbPath: string): InboundRow[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select m.external_id as wamid, c.address as address, m.processed_at is not null as processed,
                m.created_at as storedAt, m.processed_at as processedAt, m.conversation_id as conversationId,
                (select count(*) from messages i
                  where i.conversation_id = m.conversation_id and i.direction = 'in') as inbound,
                (select count(*) from messages o
                  where o.conversation_id = m.conversation_id and o.direction = 'out') as outbound
           from messages m
           join conversations v on v.id = m.conversation_id
           join contacts c on c.id = v.contact_id
          where m.direction = 'in'`,
      )
      .all() as InboundRow[];
  } finally {
    db.close();
  }
}

interface Tally {
  acknowledged: number;
  /** Acknowledged, stored once, processed, and answered with exactly one turn's replies. */
  answered: number;
  /** Acknowledged but not stored. */
  missing: number;
  /** Acknowledged and stored, but not processed or without replies. */
  unanswered: number;
  /** Acknowledged messages stored twice or answered with more than one turn's replies. */
  duplicates: number;
  /** Acknowledged messages answered with some other number of replies. */
  odd: number;
  /** Acknowledged messages stored by an instance that was killed and answered by a later one. */
  recovered: number;
  stored: number;
  /** Stored (acknowledged or not) and not processed yet. */
  storedPending: number;
  /** Stored (acknowledged or not) and answered other than once. */
  storedWrong: number;
  problems: string[];
}

function tally(
  rows: InboundRow[],
  acknowledged: Map<string, string>,
  perTurn: number,
  /** When each killed instance had exited (ms since the epoch, the same clock as the service's). */
  exitedAt: number[] = [],
): Tally {
  const byWamid = new Map<string, InboundRow[]>();
  for (const row of rows) byWamid.set(row.wamid, [...(byWamid.get(row.wamid) ?? []), row]);
  const t: Tally = {
    acknowledged: acknowledged.size,
    answered: 0,
    missing: 0,
    unanswered: 0,
    duplicates: 0,
    odd: 0,
    recovered: 0,
    stored: rows.length,
    storedPending: 0,
    storedWrong: 0,
    problems: [],
  };
  for (const [wamid, from] of acknowledged) {
    const found = byWamid.get(wamid) ?? [];
    const row = found[0];
    if (!row) {
      t.missing += 1;
      t.problems.push(`${wamid}: acknowledged, not stored`);
    } else if (row.address !== from) {
      t.odd += 1;
      t.problems.push(`${wamid}: stored for ${row.address}, sent by ${from}`);
    } else if (found.length > 1 || row.inbound !== 1) {
      t.duplicates += 1;
      t.problems.push(`${wamid}: ${found.length} rows, ${row.inbound} inbound in its conversation`);
    } else if (!row.processed || row.outbound === 0) {
      t.unanswered += 1;
      t.problems.push(`${wamid}: stored, processed=${row.processed}, ${row.outbound} replies`);
    } else if (row.outbound > perTurn) {
      t.duplicates += 1;
      t.problems.push(`${wamid}: ${row.outbound} replies, one turn makes ${perTurn}`);
    } else if (row.outbound !== perTurn) {
      t.odd += 1;
      t.problems.push(`${wamid}: ${row.outbound} replies, one turn makes ${perTurn}`);
    } else {
      t.answered += 1;
      if (exitedAt.some((at) => row.storedAt < at && at <= row.processedAt!)) t.recovered += 1;
    }
  }
  for (const row of rows) {
    if (!row.processed) t.storedPending += 1;
    else if (row.inbound !== 1 || row.outbound !== perTurn) t.storedWrong += 1;
  }
  return t;
}

interface BurstOptions {
  kills: number;
  /** The test-only fault: acknowledge before the message is stored. */
  ackBeforeStore: boolean;
  standIn: GraphStandIn;
}

interface BurstResult {
  acknowledged: Map<string, string>;
  posted: number;
  redelivered: number;
  kills: number;
  /** When each killed instance had exited (ms since the epoch). */
  exitedAt: number[];
  /** Mean time from spawn to ready (ms). */
  meanReadyMs: number;
  /** Outbound messages of one turn answering a first "olá", measured before any kill. */
  perTurn: number;
  /** Polls the database until `settled` holds or SETTLE_MS pass; returns the last tally. */
  settle(settled: (t: Tally) => boolean): Promise<Tally>;
}

/**
 * Starts the service on a fresh data directory, answers one warm-up message, then keeps SENDERS
 * senders posting first messages from new numbers while the service is SIGKILLed `kills` times at
 * random moments and restarted on the same port and data. `use` runs with the last instance still up;
 * the instance and the directory are removed afterwards whatever happens.
 */
async function withCrashBurst<T>(
  { kills, ackBeforeStore, standIn }: BurstOptions,
  use: (burst: BurstResult) => Promise<T>,
): Promise<T> {
  const { dir, cleanup } = tempDir('cnaim-crash-');
  cpSync(join(TEST_INDEX_DIR, 'index'), join(dir, 'index'), { recursive: true });
  const dbPath = join(dir, 'assistant.sqlite');
  const port = await freePort();
  const service = new ServiceProcess(port, {
    ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    // A few senders write a burst far past a person's budget: every message must get its full turn here.
    RATE_LIMIT_PER_SENDER: '0',
    RATE_LIMIT_PER_IP: '0',
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_API_URL: `${standIn.url}/v23.0`,
    ...(ackBeforeStore ? { WHATSAPP_TEST_ACK_BEFORE_STORE: '1' } : {}),
  });
  const post = (m: Outgoing) =>
    postWebhook(
      service.url,
      webhookBody({
        messages: [messageObject({ type: 'text', body: 'olá' }, { from: m.from, id: m.wamid })],
      }),
      SECRET,
      { signal: AbortSignal.timeout(10_000) },
    ).catch(() => 0);

  const exitedAt: number[] = [];
  const settle = async (
    settled: (t: Tally) => boolean,
    acknowledged: Map<string, string>,
    perTurn: number,
  ) => {
    const until = Date.now() + SETTLE_MS;
    for (;;) {
      const t = tally(readInbound(dbPath), acknowledged, perTurn, exitedAt);
      if (settled(t) || Date.now() > until) return t;
      await sleep(250);
    }
  };

  try {
    await service.start();

    // A conversation answered without any crash: how many outbound messages one turn makes.
    const warmUp = { from: '351800000000', wamid: 'wamid.CRASH-WARMUP', attempts: 0 };
    expect(await post(warmUp)).toBe(200);
    const warm = new Map([[warmUp.wamid, warmUp.from]]);
    const first = await settle((t) => t.stored === 1 && t.storedPending === 0, warm, 0);
    const perTurn = readInbound(dbPath).find((r) => r.wamid === warmUp.wamid)?.outbound ?? 0;
    expect(first.stored).toBe(1);
    expect(first.storedPending).toBe(0);
    expect(perTurn).toBeGreaterThan(0);

    const acknowledged = new Map<string, string>();
    const retry: Outgoing[] = [];
    const gate = new Gate();
    let counter = 0;
    let posted = 0;
    let redelivered = 0;
    let stopped = false;

    const sender = async () => {
      while (!stopped) {
        await gate.wait();
        if (stopped) break;
        const again = retry.length > 0 && Math.random() < 0.3 ? retry.shift() : undefined;
        let m: Outgoing;
        if (again) {
          m = again;
          redelivered += 1;
        } else {
          const n = counter++;
          m = { from: `3519${String(n).padStart(8, '0')}`, wamid: `wamid.CRASH-${n}`, attempts: 0 };
        }
        m.attempts += 1;
        posted += 1;
        if ((await post(m)) === 200) acknowledged.set(m.wamid, m.from);
        else if (m.attempts < MAX_ATTEMPTS) retry.push(m);
      }
    };

    const senders = Array.from({ length: SENDERS }, () => sender());
    let done = 0;
    try {
      for (; done < kills; done++) {
        await sleep(between(KILL_AFTER_MS));
        gate.close();
        await service.kill();
        exitedAt.push(Date.now());
        await service.start();
        gate.open();
      }
      await sleep(between(KILL_AFTER_MS));
    } finally {
      stopped = true;
      gate.open();
      await Promise.all(senders);
    }

    return await use({
      acknowledged,
      posted,
      redelivered,
      kills: done,
      exitedAt,
      meanReadyMs: service.readyMs.reduce((a, b) => a + b, 0) / service.readyMs.length,
      perTurn,
      settle: (settled) => settle(settled, acknowledged, perTurn),
    });
  } finally {
    await service.kill();
    cleanup();
  }
}

describe('the WhatsApp webhook under SIGKILL', () => {
  let standIn: GraphStandIn;

  beforeAll(async () => {
    standIn = await startGraphStandIn({ port: 0, accessToken: TOKEN });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await standIn?.close();
  });

  it('answers every acknowledged message exactly once, whenever the process is killed', async () => {
    const started = Date.now();
    const t = await withCrashBurst({ kills: KILLS, ackBeforeStore: false, standIn }, async (burst) => {
      const t = await burst.settle(
        (t) => t.answered + t.missing + t.duplicates + t.odd === t.acknowledged && t.storedPending === 0,
      );
      console.log(
        `whatsapp crash: acknowledged=${t.acknowledged} kills=${burst.kills} answered=${t.answered} ` +
          `duplicates=${t.duplicates} missing=${t.missing} unanswered=${t.unanswered} ` +
          `recovered-after-a-kill=${t.recovered} ` +
          `(posted=${burst.posted} redelivered=${burst.redelivered} stored=${t.stored} ` +
          `replies/turn=${burst.perTurn} start-to-ready≈${Math.round(burst.meanReadyMs)} ms ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      expect(burst.kills).toBe(KILLS);
      return t;
    });
    expect(t.problems.slice(0, 20)).toEqual([]);
    expect(t.acknowledged).toBeGreaterThan(KILLS * 5);
    expect(t.answered).toBe(t.acknowledged);
    expect(t.missing + t.unanswered + t.duplicates + t.odd).toBe(0);
    // The kills did hit messages between their acknowledgement and their turn.
    expect(t.recovered).toBeGreaterThan(0);
    // What was stored without an acknowledgement is answered too, and once.
    expect(t.storedPending).toBe(0);
    expect(t.storedWrong).toBe(0);
  }, 300_000);

  it('negative control: acknowledging before storing loses acknowledged messages, and the test sees it', async () => {
    const started = Date.now();
    const t = await withCrashBurst({ kills: CONTROL_KILLS, ackBeforeStore: true, standIn }, async (burst) => {
      // Wait until whatever was stored has been answered, so a loss is not just a turn still running.
      const t = await burst.settle((t) => t.storedPending === 0);
      console.log(
        `whatsapp crash control (ack before store): acknowledged=${t.acknowledged} ` +
          `kills=${burst.kills} answered=${t.answered} lost=${t.missing + t.unanswered} ` +
          `(missing=${t.missing} unanswered=${t.unanswered} duplicates=${t.duplicates}; ` +
          `posted=${burst.posted} start-to-ready≈${Math.round(burst.meanReadyMs)} ms ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      return t;
    });
    expect(t.acknowledged).toBeGreaterThan(0);
    expect(t.missing + t.unanswered).toBeGreaterThan(0);
  }, 150_000);
});
