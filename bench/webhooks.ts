import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setMaxListeners } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { messageObject, signature, statusObject, webhookBody } from '../scripts/whatsapp/payloads.js';
import { startGraphStandIn, type GraphStandIn } from '../scripts/whatsapp/stand-in.js';
import { mib, percentile } from './stats.js';

/**
 * The WhatsApp webhook under load, each server in its own process so the load generator does not
 * share its event loop: acknowledgements per second against a bare parse-only Hono endpoint (closed
 * loop), latency at a steady offered rate (open loop, timed from the scheduled send so queueing
 * counts), and the bounded backlog answering 503 under a burst. Figures, not assertions.
 */

const HOST = '127.0.0.1';
const APP_SECRET = 'bench-app-secret';
const WEBHOOK = '/webhooks/whatsapp';
const CONNECTIONS = 50;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
const GRACE_MS = 3_000;
const STEADY_RATES = [400, 4_000];
const STEADY_TARGETS_MS = [10, 5];
const BURST = { backlog: 50, connections: 400, requests: 2_000 };

const TEXTS = [
  'Como renovo a minha autorização de residência?',
  'How do I get a NIF?',
  '¿Dónde puedo aprender portugués?',
  'Je voudrais inscrire mon enfant à l’école',
  'Preciso de marcar atendimento no CLAIM',
  'How can I register with the health service?',
];
const SENDERS = 500;

// --- The servers ------------------------------------------------------------------------------------

interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, HOST, done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** `node --import tsx <script>` on a free port; resolves once `readyPath` answers 200. */
async function spawnServer(
  children: ChildProcess[],
  name: string,
  script: string,
  env: Record<string, string>,
  readyPath: string,
): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), HOST },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://${HOST}:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(3_000).then(() => child.kill('SIGKILL'))]);
  };
  const started = performance.now();
  while (performance.now() - started < 180_000) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr.trim()}`);
    const status = await fetch(`${url}${readyPath}`).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status === 200) return { process: child, url, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`${name} not ready within 180 s: ${stderr.trim()}`);
}

/** The service's resident set in bytes: /proc on Linux, ps elsewhere. */
function rss(pid: number): number | undefined {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (line) return Number(line[1]) * 1024;
  } catch {
    // not Linux
  }
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) * 1024
    );
  } catch {
    return undefined;
  }
}

// --- The traffic ------------------------------------------------------------------------------------

interface Webhook {
  body: string;
  signature: string;
}

/**
 * Signed webhook bodies, each with a new wamid: with `statuses`, three status reports (sent, delivered,
 * read of a reply the stand-in accepted) for each inbound text, as Meta sends them; without, texts only.
 */
function traffic(outbound: string[], statuses: boolean) {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let n = 0;
  return (): Webhook => {
    const i = n++;
    const from = `3519${String(10_000_000 + (i % SENDERS))}`;
    const kind = statuses ? i % 4 : 0;
    const body =
      kind === 0
        ? webhookBody({
            messages: [
              messageObject(
                { type: 'text', body: TEXTS[i % TEXTS.length]! },
                { from, id: `wamid.b${run}${i}` },
              ),
            ],
          })
        : webhookBody({
            statuses: [
              statusObject(
                outbound[Math.floor(i / 4) % Math.max(outbound.length, 1)] ?? `wamid.o${run}${i >> 2}`,
                (['sent', 'delivered', 'read'] as const)[kind - 1]!,
                from,
              ),
            ],
          });
    const raw = JSON.stringify(body);
    return { body: raw, signature: signature(raw, APP_SECRET) };
  };
}

/** The status, or UNANSWERED when the request was abandoned (aborted at the end of a phase) or failed. */
const UNANSWERED = -1;

function post(agent: Agent, url: URL, webhook: Webhook, signal: AbortSignal): Promise<number> {
  return new Promise((done) => {
    const req = request(
      {
        agent,
        signal,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(webhook.body),
          'x-hub-signature-256': webhook.signature,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => done(res.statusCode ?? UNANSWERED));
        res.once('error', () => done(UNANSWERED));
      },
    );
    req.once('error', () => done(UNANSWERED));
    req.end(webhook.body);
  });
}

interface Outcome {
  /** Milliseconds; an abandoned request counts with the time it had waited, a lower bound. */
  latencies: number[];
  statuses: Map<number, number>;
  /** Acknowledgements (200) per second. */
  rate: number;
}

const count = (statuses: Map<number, number>, status: number) =>
  statuses.set(status, (statuses.get(status) ?? 0) + 1);

/** Aborts whatever is still in flight `ms` from now: a stalled server cannot hold the benchmark. */
function deadline(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every request in flight listens to it
  const timer = setTimeout(() => controller.abort(), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** `connections` clients, each sending its next request as soon as the last one is answered. */
async function closedLoop(url: URL, next: () => Webhook, connections: number): Promise<Outcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const from = performance.now() + WARMUP_MS;
  const until = from + MEASURE_MS;
  const { signal, clear } = deadline(WARMUP_MS + MEASURE_MS + GRACE_MS);
  const client = async () => {
    while (performance.now() < until && !signal.aborted) {
      const webhook = next();
      const sent = performance.now();
      const status = await post(agent, url, webhook, signal);
      const answered = performance.now();
      if (sent >= from && answered <= until) {
        latencies.push(answered - sent);
        count(statuses, status);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  clear();
  agent.destroy();
  return { latencies, statuses, rate: (statuses.get(200) ?? 0) / (MEASURE_MS / 1000) };
}

/**
 * Open loop: request i is due at start + i/rate, whatever happened to the others, and its latency runs
 * from that due time, so a server (or a generator) that falls behind shows it (no coordinated omission).
 * The bodies are made beforehand so the generator only sends; what is still unsent or unanswered at the
 * deadline counts as unanswered, with the time it had waited.
 */
async function openLoop(url: URL, next: () => Webhook, rate: number): Promise<Outcome & { lag: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 500 });
  const bodies = Array.from({ length: Math.round((rate * MEASURE_MS) / 1000) }, next);
  const latencies: number[] = [];
  const lag: number[] = [];
  const statuses = new Map<number, number>();
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 10;
  const { signal, clear } = deadline(MEASURE_MS + GRACE_MS);
  let last = start;
  const due = (i: number) => start + (i * 1000) / rate;
  let i = 0;
  while (i < bodies.length && !signal.aborted) {
    const now = performance.now();
    for (; i < bodies.length && due(i) <= now; i++) {
      const scheduled = due(i);
      lag.push(now - scheduled);
      inFlight.push(
        post(agent, url, bodies[i]!, signal).then((status) => {
          const answered = performance.now();
          latencies.push(answered - scheduled);
          count(statuses, status);
          if (status === 200) last = answered;
        }),
      );
    }
    if (i >= bodies.length) break;
    // Timers are only good to about a millisecond: sleep until just before the next one is due, then spin.
    const wait = due(i) - performance.now();
    if (wait > 2) await sleep(wait - 1.5);
    else await new Promise((done) => setImmediate(done));
  }
  const now = performance.now();
  for (; i < bodies.length; i++) {
    latencies.push(now - due(i));
    count(statuses, UNANSWERED);
  }
  await Promise.all(inFlight);
  clear();
  agent.destroy();
  return { latencies, statuses, lag, rate: (statuses.get(200) ?? 0) / ((last - start) / 1000) };
}

/** Waits until the stand-in has had no send for `quietMs`: the turns queued behind the acks are done. */
async function drained(standIn: GraphStandIn, quietMs = 500, limitMs = 5_000): Promise<number> {
  const started = performance.now();
  let seen = -1;
  let since = started;
  while (performance.now() - started < limitMs) {
    if (standIn.sends.length !== seen) {
      seen = standIn.sends.length;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) break;
    await sleep(50);
  }
  return since - started;
}

// --- Output -----------------------------------------------------------------------------------------

const num = (x: number) => Math.round(x).toLocaleString('en-US');
const perSecond = (x: number) => `${num(x >= 1000 ? Math.round(x / 100) * 100 : x)}/s`;
const lat = (x: number) => `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`;

/** A percentile; marked ≥ when abandoned requests (lower bounds) may be what it falls on. */
function pct(outcome: Outcome, q: number): string {
  const abandoned = outcome.statuses.get(UNANSWERED) ?? 0;
  const bound = abandoned > ((100 - q) / 100) * outcome.latencies.length ? '≥ ' : '';
  return `${bound}${lat(percentile(outcome.latencies, q))}`;
}

/** Answers other than 200, e.g. ` (also 503 ×12, unanswered ×3)`. */
function others(statuses: Map<number, number>, except = [200]): string {
  const rest = [...statuses].filter(([s]) => !except.includes(s));
  if (!rest.length) return '';
  return ` (also ${rest.map(([s, n]) => `${s === UNANSWERED ? 'unanswered' : s} ×${num(n)}`).join(', ')})`;
}

// --- The section ------------------------------------------------------------------------------------

export async function run(): Promise<void> {
  const dirs: string[] = [];
  const processes: ChildProcess[] = [];
  const outbound: string[] = [];
  const standIn = await startGraphStandIn({
    port: 0,
    host: HOST,
    onSend: (s) => {
      if (!s.messageId) return;
      outbound.push(s.messageId);
      if (outbound.length > 1_000) outbound.splice(0, 500);
    },
  });
  const killAll = () => processes.forEach((p) => p.kill('SIGKILL'));
  process.once('exit', killAll);
  const children: Child[] = [];
  try {
    const prebuilt = resolve('data/index');
    const dataDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'cnaim-bench-webhook-'));
      dirs.push(dir);
      if (existsSync(join(prebuilt, 'meta.json'))) cpSync(prebuilt, join(dir, 'index'), { recursive: true });
      return dir;
    };
    const serviceEnv = (backlog?: number): Record<string, string> => ({
      DATA_DIR: dataDir(),
      LOG_LEVEL: 'silent',
      WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: 'bench-access-token',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_API_URL: `${standIn.url}/v23.0`,
      ...(backlog ? { INBOUND_MAX_BACKLOG: String(backlog) } : {}),
      // A few simulated senders write thousands of messages: every one gets a full turn (the worst case).
      RATE_LIMIT_PER_SENDER: '0',
    });
    const start = (name: string, script: string, env: Record<string, string>, readyPath: string) =>
      spawnServer(processes, name, resolve(script), env, readyPath).then((c) => (children.push(c), c));
    const load = loadavg()[0]!;
    const starting = performance.now();
    // All three start together: each service loads the index and the language models (seconds).
    const [parseOnly, service, small] = await Promise.all([
      start('parse-only', 'bench/parse-only-server.ts', {}, '/'),
      start('service', 'src/server.ts', serviceEnv(), '/readyz'),
      start('service (small backlog)', 'src/server.ts', serviceEnv(BURST.backlog), '/readyz'),
    ]);
    console.log(
      `webhooks (each server its own process, ready in ${((performance.now() - starting) / 1000).toFixed(1)} s; ${availableParallelism()} CPUs, load average ${load.toFixed(1)} before):`,
    );

    // 1. Closed loop: acknowledgements per second, parse-only against the real webhook, same bodies.
    const bare = await closedLoop(new URL(WEBHOOK, parseOnly.url), traffic(outbound, true), CONNECTIONS);
    await parseOnly.stop();
    const real = await closedLoop(new URL(WEBHOOK, service.url), traffic(outbound, true), CONNECTIONS);
    const drainMs = await drained(standIn);
    console.log(
      `  closed loop, ${CONNECTIONS} connections, 3 status reports per inbound text: parse-only ${perSecond(bare.rate)} p50 ${pct(bare, 50)} p99 ${pct(bare, 99)}${others(bare.statuses)}; WhatsApp webhook ${perSecond(real.rate)} p50 ${pct(real, 50)} p99 ${pct(real, 99)}${others(real.statuses)}; ratio ${(real.rate / bare.rate).toFixed(2)} (target ≥ 0.5); its turns done ${(drainMs / 1000).toFixed(1)} s after`,
    );

    // 2. Open loop at steady offered rates.
    const steady: string[] = [];
    for (const [i, rate] of STEADY_RATES.entries()) {
      const r = await openLoop(new URL(WEBHOOK, service.url), traffic(outbound, true), rate);
      await drained(standIn);
      steady.push(
        `${perSecond(rate)}: p50 ${pct(r, 50)}, p99 ${pct(r, 99)} (target < ${STEADY_TARGETS_MS[i]} ms), achieved ${perSecond(r.rate)}${others(r.statuses)}, send lag p99 ${lat(percentile(r.lag, 99))}`,
      );
    }
    console.log(`  steady (open loop, latency from the scheduled send) ${steady.join('; ')}`);
    await service.stop(); // its leftover turns would otherwise compete with the burst

    // 3. A burst past the bounded backlog: 503s, not memory.
    const before = rss(small.process.pid!);
    const burst = traffic(outbound, false);
    const agent = new Agent({ keepAlive: true, maxSockets: BURST.connections });
    const statuses = new Map<number, number>();
    const url = new URL(WEBHOOK, small.url);
    const { signal, clear } = deadline(MEASURE_MS + GRACE_MS);
    await Promise.all(
      Array.from({ length: BURST.requests }, () =>
        post(agent, url, burst(), signal).then((s) => count(statuses, s)),
      ),
    );
    clear();
    agent.destroy();
    const after = rss(small.process.pid!);
    await drained(standIn);
    const settled = rss(small.process.pid!);
    const show = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : mib(bytes));
    console.log(
      `  backlog ${BURST.backlog}, ${BURST.connections} concurrent, ${num(BURST.requests)} inbound texts at once: 200 ×${num(statuses.get(200) ?? 0)}, 503 ×${num(statuses.get(503) ?? 0)}${others(statuses, [200, 503])}; service RSS before ${show(before)}, after ${show(after)}, after its turns ${show(settled)}`,
    );
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    killAll();
    process.off('exit', killAll);
    await standIn.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
