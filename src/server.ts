import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { markdownPage } from './pages/markdown-page.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createEngine, type Engine, type TurnTrace } from './core/engine.js';
import { createOutboxRelay, type RelayOptions } from './core/outbox-relay.js';
import { createDecide, type DecideDeps } from './core/turn/decide.js';
import type { Clock, Logger, Renderers, Senders } from './core/ports.js';
import { createWebchatHub, type WebchatEvent, type WebchatHub } from './channels/webchat/hub.js';
import { renderWebchat } from './channels/webchat/render.js';
import { renderWhatsApp } from './channels/whatsapp/render.js';
import { createGraphClient } from './channels/whatsapp/graph-client.js';
import { createWhatsAppRoutes } from './channels/whatsapp/routes.js';
import { createWhatsAppSender, type WhatsAppOutbound } from './channels/whatsapp/sender.js';
import { withGroupCommit } from './store/group-commit.js';
import nodemailer from 'nodemailer';
import { createEmailRoutes } from './channels/email/routes.js';
import { createEmailSender } from './channels/email/sender.js';
import { createMailIntake } from './channels/email/email-intake.js';
import { startSmtpListener } from './channels/email/smtp-listener.js';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createRateLimiter } from './http/rate-limit.js';
import { createConsoleHub } from './console/console-hub.js';
import { createAssistantMetrics } from './observability.js';
import { createPrivacyStore } from './store/privacy-store.js';
import { createConsoleRoutes } from './console/routes.js';
import { createHandoffDesk } from './core/handoff/desk.js';
import { createMediation } from './core/handoff/mediation.js';
import { renderEmail } from './channels/email/render.js';
import { createWebchatSender } from './channels/webchat/sender.js';
import { createTranslator } from './i18n/translator.js';
import { MESSAGES } from './i18n/messages.js';
import { loadKnowledge } from './adapters/knowledge-files.js';
import { loadCentres, loadFlows } from './adapters/flow-files.js';
import { AREAS } from './knowledge/catalogue.js';
import { openRetrievalIndex } from './adapters/retrieval-index.js';
import { loadFastTextIdentifier } from './adapters/fasttext-lid.js';
import { createLanguageDetector } from './core/language/detect.js';
import { trainLanguageProfile } from './core/language/profile.js';
import { parseLexicon, parseSafetyLexicon } from './core/safety/lexicon.js';
import { LANGUAGES, type Lang } from './domain/language.js';
import type { Embedder } from './retrieval/embedder.js';
import { systemClock } from './lib/clock.js';
import { createIdSource } from './lib/ids.js';
import { createLogger } from './lib/logger.js';
import { createSqlStore } from './store/sql-store.js';
import { migrateToLatest, openSqlite } from './store/sqlite.js';

/** The Node entry: the one place that picks adapters (SQLite, the file system, node:http). */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KNOWLEDGE_DIR = resolve(ROOT, 'knowledge');
export const FLOWS_DIR = resolve(ROOT, 'src/flows/definitions');
const WIDGET_PATH = resolve(ROOT, 'src/channels/webchat/widget/widget.js');
const CONSOLE_UI = resolve(ROOT, 'src/console/ui');
const PRIVACY_NOTICE = resolve(ROOT, 'docs/privacy.md');

export interface ContentOptions {
  dataDir: string;
  log: Logger;
  knowledgeDir?: string;
  embedder?: Embedder;
  rebuildIndex?: boolean;
}

/**
 * Loads what the assistant knows: the validated knowledge base, its retrieval index (built when
 * knowledge/ changed), the safety lexicon and the language identifier trained on the same corpus.
 */
export async function loadContent({
  dataDir,
  log,
  knowledgeDir = KNOWLEDGE_DIR,
  embedder,
  rebuildIndex,
}: ContentOptions) {
  const { knowledge, errors, fingerprint } = loadKnowledge(knowledgeDir);
  for (const error of errors) log.warn('knowledge.invalid', { problem: error });
  const index = await openRetrievalIndex({
    knowledge,
    fingerprint,
    dataDir,
    log,
    ...(embedder ? { embedder } : {}),
    ...(rebuildIndex ? { rebuild: true } : {}),
  });
  const safety = parseSafetyLexicon(readFileSync(resolve(knowledgeDir, 'safety.yaml'), 'utf8'));
  const guardrails = parseLexicon(
    readFileSync(resolve(knowledgeDir, 'guardrails.yaml'), 'utf8'),
    ['prompt-injection'],
    'guardrails.yaml',
  );
  const privacyRequests = parseLexicon(
    readFileSync(resolve(knowledgeDir, 'privacy-requests.yaml'), 'utf8'),
    ['erase-request'],
    'privacy-requests.yaml',
  );
  const samples = knowledge.articles.flatMap((article) =>
    LANGUAGES.flatMap((lang) => {
      const tr = article.translations[lang];
      return [...tr.asks, tr.title, tr.summary].map((text) => ({ lang, text }));
    }),
  );
  const detector = createLanguageDetector({
    profile: trainLanguageProfile(samples),
    general: await loadFastTextIdentifier(),
  });
  const t = createTranslator(MESSAGES);
  const flows = loadFlows(FLOWS_DIR, {
    hasTopic: (id) => Boolean(knowledge.catalogue.topic(id)),
    hasArea: (id) => (AREAS as readonly string[]).includes(id),
    hasArticle: (id) => Boolean(knowledge.article(id)),
    hasKey: (key) => t.has('en', key),
  });
  const centres = loadCentres(knowledgeDir);
  return { t, knowledge, index, safety, guardrails, privacyRequests, detector, flows, centres, errors };
}

export type Content = Awaited<ReturnType<typeof loadContent>>;

/** What a turn needs from the loaded content. */
export function decideDeps(content: Content): DecideDeps {
  const { t, knowledge, index, safety, guardrails, privacyRequests, flows, centres } = content;
  return { t, knowledge, retriever: index.retriever, safety, guardrails, privacyRequests, flows, centres };
}

/** The OpenAI-compatible embedder when configured; otherwise the local one is fitted with the index. */
async function embedderFor(config: Config): Promise<{ embedder?: Embedder }> {
  const e = config.embeddings;
  if (e.provider === 'local') return {};
  const { createOpenAIEmbedder } = await import('./adapters/openai-embedder.js');
  return { embedder: await createOpenAIEmbedder(e) };
}

/**
 * The client's address: the socket's peer, or behind a trusted reverse proxy the last hop it added
 * to X-Forwarded-For (earlier hops are whatever the client claimed).
 */
function clientAddressReader(trustProxy: boolean) {
  return (c: Context): string => {
    if (trustProxy) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim());
      const last = hops.at(-1);
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // requests made in-process (tests) have no socket
    }
  };
}

/** What the turn thread tells the main thread (webchat pushes, console changes, metrics, lifecycle). */
type FromTurns =
  | { kind: 'recovered' }
  | { kind: 'webchat'; address: string; event: WebchatEvent }
  | { kind: 'changed'; conversationId: string }
  | { kind: 'turn'; trace: TurnTrace }
  | { kind: 'stopped' };
/** What the main thread asks of the turn thread. */
type ToTurns =
  | { kind: 'turn'; messageId: string; conversationId: string }
  | { kind: 'kick' }
  | { kind: 'markRead'; wamid: string }
  | { kind: 'stop' };

interface TurnThreadData {
  role: 'turns';
  config: Config;
  contentDir?: string;
  relay?: ServiceOptions['relay'];
  recoverEveryMs?: number;
}

export interface ServiceOptions {
  /**
   * `all` (default): one thread does everything. `front`: this thread acknowledges and serves, and a
   * turn thread (started by start()) runs the turns and the outbox. `turns`: that thread.
   */
  role?: 'all' | 'front' | 'turns';
  /** For the `turns` role: where to tell the main thread what happened. */
  toMain?: Pick<MessagePort, 'postMessage'>;
  clock?: Clock;
  log?: Logger;
  /** Milliseconds between recovery passes for stored-but-unanswered messages. */
  recoverEveryMs?: number;
  onTurn?: (trace: TurnTrace) => void;
  /** Content already loaded (tests and evals share one index instead of building one per service). */
  content?: Content;
  /** Where the retrieval index is kept when the content is loaded here (default: DATA_DIR). */
  contentDir?: string;
  /** Relay timings (tests shorten the backoff). */
  relay?: Partial<Pick<RelayOptions, 'pollMs' | 'baseDelayMs' | 'maxDelayMs' | 'leaseMs'>>;
}

export async function createNodeService(config: Config, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const ids = createIdSource(() => clock.now());
  const { db, durable } = openSqlite({ path: config.databasePath });
  await migrateToLatest(db);
  // Inbound messages of a burst share one durable transaction (group commit); past the backlog, 503.
  const store = withGroupCommit(createSqlStore(db, ids, durable), { maxBacklog: config.inboundMaxBacklog });

  const content =
    options.content ??
    (await loadContent({
      dataDir: options.contentDir ?? config.dataDir,
      log,
      ...(await embedderFor(config)),
    }));
  const t = content.t;
  const role = options.role ?? 'all';
  const toMain = (message: FromTurns) => options.toMain?.postMessage(message);
  let thread: Worker | undefined;
  const toTurns = (message: ToTurns) => thread?.postMessage(message);
  const localHub = createWebchatHub();
  // On the turn thread, a reply "sent" to web chat is pushed to the streams the main thread holds.
  const hub: WebchatHub =
    role === 'turns'
      ? {
          subscribe: () => () => undefined,
          publish: (address, event) => (toMain({ kind: 'webchat', address, event }), 1),
        }
      : localHub;
  const whatsapp = config.whatsapp ? createGraphClient(config.whatsapp) : undefined;
  const senders: Senders = { webchat: createWebchatSender(hub, () => clock.now()) };
  if (whatsapp && config.whatsapp) {
    senders.whatsapp = createWhatsAppSender({
      client: whatsapp,
      clock,
      templates: config.whatsapp.templates,
      lastInboundAt: async (address) => (await store.findContact('whatsapp', address))?.lastInboundAt ?? null,
    });
  }
  if (config.email?.smtpUrl) {
    senders.email = createEmailSender({
      transport: nodemailer.createTransport(config.email.smtpUrl),
      from: config.email.from,
      store,
      clock,
    });
  }
  const relay = createOutboxRelay({ store, senders, clock, log, ...options.relay });
  const words = (lang: Lang) => ({
    source: t.t(lang, 'render.source'),
    verified: t.t(lang, 'render.verified'),
    replyWithNumber: t.t(lang, 'render.replyWithNumber'),
    listButton: t.t(lang, 'menu.button'),
  });
  const renderers: Renderers = {
    webchat: renderWebchat,
    whatsapp: (reply, lang): WhatsAppOutbound[] =>
      renderWhatsApp(reply, words(lang)).map((message) => ({ lang, message })),
    email: (reply, lang) => renderEmail(reply, words(lang)).map((payload) => ({ ...payload, lang })),
  };
  const consoleHub = createConsoleHub();
  const changed = (conversationId: string) =>
    role === 'turns' ? toMain({ kind: 'changed', conversationId }) : consoleHub.changed(conversationId);
  const kick = () => (role === 'front' ? toTurns({ kind: 'kick' }) : relay.kick());
  const metrics = createAssistantMetrics(store, () => clock.now());
  const desk = createHandoffDesk(store, config.officeHours, clock);
  const engine = createEngine({
    store,
    clock,
    log,
    renderers,
    decide: createDecide({
      ...decideDeps(content),
      desk,
      freeTextAnswers: config.freeTextAnswers,
      privacy: {
        noticeUrl: config.privacyNoticeUrl,
        keptDays: config.retention.inactiveDays,
        closedDays: config.retention.closedDays,
      },
    }),
    pausedChannels: config.pausedChannels,
    detector: content.detector,
    onQueued: () => relay.kick(),
    onActivity: changed,
    oneMessagePerTurn: ['email'],
    onTurn: (trace) => {
      if (role === 'turns') toMain({ kind: 'turn', trace });
      else metrics.onTurn(trace);
      options.onTurn?.(trace);
    },
  });
  // The channels store a message and hand its turn on: here, or to the turn thread.
  const front: Engine =
    role === 'front'
      ? {
          ...engine,
          schedule: ({ messageId, conversationId }) => toTurns({ kind: 'turn', messageId, conversationId }),
        }
      : engine;
  const markRead = (wamid: string) =>
    void whatsapp!.markRead(wamid).then((outcome) => {
      if (outcome.kind !== 'ok') log.warn('whatsapp.mark-read-failed', { error: outcome.error });
    });
  const mediation = createMediation({
    store,
    renderers,
    t,
    clock,
    officeHours: config.officeHours,
    onQueued: kick,
    onChange: (conversationId) => consoleHub.changed(conversationId),
  });
  const clientAddress = clientAddressReader(config.trustProxy);
  const limits = {
    perAddress: createRateLimiter({ perMinute: config.rateLimits.perAddress, now: () => clock.now() }),
    perSender: createRateLimiter({ perMinute: config.rateLimits.perSender, now: () => clock.now() }),
    clientAddress,
  };
  const intake = config.email
    ? createMailIntake({
        engine: front,
        bounces: store,
        log,
        serviceAddress: config.email.address,
        now: () => clock.now(),
        perSender: limits.perSender,
      })
    : undefined;
  let smtpListener: Awaited<ReturnType<typeof startSmtpListener>> | undefined;
  let recovered = false;
  const privacy = createPrivacyStore(db, ids);
  const app = createApp({
    limits,
    isReady: () => recovered,
    ...(config.metricsToken
      ? { metrics: { token: config.metricsToken, render: () => metrics.render() } }
      : {}),
    store,
    engine: front,
    hub,
    clock,
    ids,
    log,
    widgetScript: readFileSync(WIDGET_PATH, 'utf8'),
    privacyPage: markdownPage(readFileSync(PRIVACY_NOTICE, 'utf8')),
    webchat: config.webchat,
    maxBodyBytes: config.maxBodyBytes,
    console: {
      api: createConsoleRoutes({
        store,
        mediation,
        hub: consoleHub,
        privacy,
        catalogue: content.knowledge.catalogue,
        clock,
        log,
        ...config.console,
        clientAddress,
      }),
      page: readFileSync(resolve(CONSOLE_UI, 'index.html'), 'utf8'),
      script: readFileSync(resolve(CONSOLE_UI, 'app.js'), 'utf8'),
      styles: readFileSync(resolve(CONSOLE_UI, 'app.css'), 'utf8'),
    },
    webhooks: {
      ...(config.email?.inboundSecret && intake
        ? {
            '/webhooks/email': createEmailRoutes({
              intake,
              secret: config.email.inboundSecret,
              maxBytes: config.email.maxBytes,
            }),
          }
        : {}),
      ...(config.whatsapp
        ? {
            '/webhooks/whatsapp': createWhatsAppRoutes({
              engine: front,
              deliveries: store,
              log,
              verifyToken: config.whatsapp.verifyToken,
              appSecret: config.whatsapp.appSecret,
              maxBodyBytes: Math.max(config.maxBodyBytes, 1024 * 1024),
              unsafeAckBeforeStore: config.whatsapp.unsafeAckBeforeStore,
              limits,
              onRefused: (reason) => metrics.refused('whatsapp', reason),
              markRead: (wamid) =>
                role === 'front' ? toTurns({ kind: 'markRead', wamid }) : markRead(wamid),
            }),
          }
        : {}),
    },
  });

  const recoverEveryMs = options.recoverEveryMs ?? 5_000;
  let recoveryTimer: NodeJS.Timeout | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  let closing = false;
  return {
    app,
    content,
    engine,
    mediation,
    /** The SMTP listener's port once started (0 in the configuration picks a free one). */
    smtpPort: () => smtpListener?.port,
    consoleHub,
    privacy,
    relay,
    store,
    hub: localHub,
    db,
    log,
    /** Read receipt and typing indicator for an inbound WhatsApp message (best effort). */
    markRead: (wamid: string) => whatsapp && markRead(wamid),
    /** Starts background work: answers what a crash left unanswered, then keeps the outbox moving. */
    async start() {
      if (role === 'turns') {
        relay.start();
        await engine.recover();
        toMain({ kind: 'recovered' });
        relay.kick();
        recoveryTimer = setInterval(() => {
          void engine.recover(recoverEveryMs).then((n) => n > 0 && relay.kick());
        }, recoverEveryMs);
        recoveryTimer.unref();
        return;
      }
      if (role === 'front') {
        const spawn = () => {
          const started = startTurnThread(config, options, (message) => {
            if (message.kind === 'webchat') localHub.publish(message.address, message.event);
            else if (message.kind === 'changed') consoleHub.changed(message.conversationId);
            else if (message.kind === 'turn') {
              metrics.onTurn(message.trace);
              options.onTurn?.(message.trace);
            }
          });
          thread = started.worker;
          // A turn thread that dies is started again; what it held is answered by the new one's recovery.
          started.worker.once('exit', (code) => {
            if (closing) return;
            log.error('turns.thread-exited', { code });
            setTimeout(() => !closing && void spawn().ready.catch(() => undefined), 1_000).unref();
          });
          return started;
        };
        await spawn().ready;
      } else relay.start();
      if (config.email?.listen && intake) {
        smtpListener = await startSmtpListener({
          ...config.email.listen,
          maxBytes: config.email.maxBytes,
          intake,
          log,
        });
      }
      if (role === 'all') {
        await engine.recover();
        relay.kick();
        recoveryTimer = setInterval(() => {
          void engine.recover(recoverEveryMs).then((n) => n > 0 && relay.kick());
        }, recoverEveryMs);
        recoveryTimer.unref();
      }
      recovered = true;
      // The retention policy, at start and then daily.
      const purge = () =>
        privacy.purge(config.retention, clock.now()).then(
          (gone) => log.info('privacy.purged', gone),
          (error: unknown) =>
            log.error('privacy.purge-failed', {
              error: error instanceof Error ? error.message : String(error),
            }),
        );
      await purge();
      purgeTimer = setInterval(() => void purge(), 24 * 3_600_000);
      purgeTimer.unref();
    },
    async close() {
      closing = true;
      if (recoveryTimer) clearInterval(recoveryTimer);
      if (purgeTimer) clearInterval(purgeTimer);
      await smtpListener?.close();
      if (thread) await stopTurnThread(thread);
      await relay.stop();
      await db.destroy();
    },
  };
}

export type NodeService = Awaited<ReturnType<typeof createNodeService>>;

/**
 * Starts the turn thread (this same file, as a worker) and resolves once it has answered what a
 * previous run left unanswered. Its own SQLite connection and its own copy of the content; it runs
 * at a lower priority, so acknowledgements on the main thread go first when the CPU is short.
 */
function startTurnThread(
  config: Config,
  options: ServiceOptions,
  onMessage: (message: FromTurns) => void,
): { worker: Worker; ready: Promise<void> } {
  const data: TurnThreadData = {
    role: 'turns',
    config,
    ...(options.relay ? { relay: options.relay } : {}),
    ...(options.recoverEveryMs ? { recoverEveryMs: options.recoverEveryMs } : {}),
    ...(options.contentDir ? { contentDir: options.contentDir } : {}),
  };
  // The worker loads this same TypeScript file, so tsx's loader is registered in it first (hooks
  // registered with --import stay on the main thread).
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
    import.meta.url,
  )}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  const log = options.log ?? createLogger(config.logLevel);
  // Turns handed over before the thread listens wait in its port's queue.
  const ready = new Promise<void>((done, fail) => {
    worker.once('error', fail);
    worker.on('message', (message: FromTurns) => {
      if (message.kind === 'recovered') done();
      else onMessage(message);
    });
  });
  worker.on('error', (error) => log.error('turns.thread-failed', { error: error.message }));
  return { worker, ready };
}

async function stopTurnThread(worker: Worker) {
  const stopped = new Promise<void>((done) => {
    worker.on('message', (message: FromTurns) => message.kind === 'stopped' && done());
    worker.once('exit', () => done());
  });
  worker.postMessage({ kind: 'stop' } satisfies ToTurns);
  await Promise.race([stopped, new Promise((done) => setTimeout(done, 10_000))]);
  await worker.terminate();
}

/** The turn thread: the engine's turns, the recovery pass and the outbox relay, fed by the main thread. */
async function runTurnThread(data: TurnThreadData, port: MessagePort) {
  try {
    setPriority(10); // on Linux this thread only: the acknowledging thread wins the CPU when short
  } catch {
    // Not allowed here (some containers): same priority, still off the main thread.
  }
  const service = await createNodeService(data.config, {
    role: 'turns',
    toMain: port,
    ...(data.relay ? { relay: data.relay } : {}),
    ...(data.recoverEveryMs ? { recoverEveryMs: data.recoverEveryMs } : {}),
    ...(data.contentDir ? { contentDir: data.contentDir } : {}),
  });
  port.on('message', (message: ToTurns) => {
    if (message.kind === 'turn') service.engine.schedule(message);
    else if (message.kind === 'kick') service.relay.kick();
    else if (message.kind === 'markRead') service.markRead(message.wamid);
    else if (message.kind === 'stop')
      void service.close().then(() => port.postMessage({ kind: 'stopped' } satisfies FromTurns));
  });
  await service.start();
}

export async function startServer(config: Config, options: ServiceOptions = {}) {
  const service = await createNodeService(config, options);
  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: service.app.fetch, port: config.port, hostname: config.host }, () =>
      resolveServer(s),
    );
  });
  await service.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    service,
    url,
    port,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        // Open SSE streams would keep the server alive forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await service.close();
    },
  };
}

async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const running = await startServer(config, { role: config.turnThread ? 'front' : 'all' });
  const shown = config.host === '127.0.0.1' ? `http://localhost:${running.port}` : running.url;
  console.log(`Migrant support assistant running.
  Demo page and web chat: ${shown}/
  Health:                 ${shown}/healthz
  Data:                   ${config.databasePath}
  E-mail:                 ${
    config.email
      ? [
          config.email.listen
            ? `SMTP listener on ${config.email.listen.host}:${running.service.smtpPort()}`
            : '',
          config.email.inboundSecret ? `${config.publicUrl}/webhooks/email` : '',
          config.email.smtpUrl ? 'replies over SMTP' : 'no outbound SMTP (EMAIL_SMTP_URL)',
        ]
          .filter(Boolean)
          .join('; ')
      : 'off (set EMAIL_FROM with EMAIL_SMTP_LISTEN_PORT, EMAIL_INBOUND_SECRET or EMAIL_SMTP_URL)'
  }
  WhatsApp:               ${
    config.whatsapp
      ? `on, webhook at ${config.publicUrl}/webhooks/whatsapp (Graph API ${config.whatsapp.apiUrl})`
      : 'off (set WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID)'
  }`);
  if ((await running.service.store.countMediators()) === 0) {
    console.log(`
  Mediator console:       ${shown}/console
  No mediator accounts yet. Create the first administrator (a password is generated and shown once):
    npm run mediator -- add --role admin --email you@example.org --name "Your Name" --languages pt,en`);
  } else console.log(`  Mediator console:       ${shown}/console`);
  const stop = (signal: string) => {
    running.service.log.info('server.stopping', { signal });
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (!isMainThread && (workerData as TurnThreadData | undefined)?.role === 'turns' && parentPort) {
  runTurnThread(workerData as TurnThreadData, parentPort).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else if (
  isMainThread &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
