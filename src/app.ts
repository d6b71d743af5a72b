import { Hono, type Context } from 'hono';
import { limitPerAddress, type RateLimiter } from './http/rate-limit.js';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Clock, IdSource, Logger, Store } from './core/ports.js';
import type { Engine } from './core/engine.js';
import { AppError } from './lib/errors.js';
import { sameSecret } from './lib/secrets.js';
import { createErrorHandler } from './http/errors.js';
import { createWebchatRoutes } from './channels/webchat/routes.js';
import type { WebchatHub } from './channels/webchat/hub.js';
import { demoPage } from './channels/webchat/demo-page.js';

export interface AppDeps {
  store: Store;
  engine: Engine;
  hub: WebchatHub;
  clock: Clock;
  ids: IdSource;
  log: Logger;
  /** The widget script as served at /widget.js. */
  widgetScript: string;
  /** Readiness beyond the store: migrations done, index loaded... */
  isReady?: () => boolean;
  webchat: { allowedOrigins: string[]; sessionIdleMs: number };
  maxBodyBytes?: number;
  /** Channels mounted beside web chat (the WhatsApp webhook when configured), by path. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- routers carry their own variables
  webhooks?: Record<string, Hono<any>>;
  /** Prometheus metrics at /metrics behind a bearer token (off without one). */
  metrics?: { token: string; render: () => Promise<string> };
  /** Rate limits on the inbound paths, and how to tell the client's address (the runtime knows). */
  limits?: { perAddress: RateLimiter; perSender: RateLimiter; clientAddress: (c: Context) => string };
  /** The full privacy notice at /privacy, as HTML. */
  privacyPage?: string;
  /** The mediator console: its API and its page, script and styles. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- its router types its own variables
  console?: { api: Hono<any>; page: string; script: string; styles: string };
}

/** Builds the whole HTTP surface from its ports; the runtime entries decide which adapters those are. */
export function createApp(deps: AppDeps) {
  const { store, log, webchat, maxBodyBytes = 64 * 1024 } = deps;
  const app = new Hono();
  app.onError(createErrorHandler(log));
  app.notFound((c) => c.json({ error: { code: 'not_found:route', message: 'No such endpoint.' } }, 404));

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'self'"],
      },
      crossOriginResourcePolicy: false,
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (deps.metrics) {
    const { token, render } = deps.metrics;
    app.get('/metrics', async (c) => {
      const given = c.req.header('authorization') ?? '';
      if (!sameSecret(given, `Bearer ${token}`)) {
        throw new AppError('unauthorized:metrics', 'Missing or wrong metrics token.');
      }
      c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
      return c.body(await render());
    });
  }
  app.get('/readyz', async (c) => {
    try {
      await store.ping();
    } catch {
      return c.json({ status: 'unavailable', reason: 'store' }, 503);
    }
    if (deps.isReady && !deps.isReady()) return c.json({ status: 'starting' }, 503);
    return c.json({ status: 'ready' });
  });

  app.use(
    '/api/webchat/*',
    cors({
      origin: webchat.allowedOrigins.includes('*') ? '*' : webchat.allowedOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  // Per client address on the paths anyone can call; the WhatsApp webhook counts only what it refuses
  // (Meta's few addresses carry every person's messages).
  if (deps.limits) {
    const perAddress = limitPerAddress(deps.limits.perAddress, deps.limits.clientAddress);
    for (const path of ['/api/webchat/*', '/webhooks/email', '/webhooks/email/*', '/console/api/*'])
      app.use(path, perAddress);
  }
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new AppError(
          'payload_too_large:body',
          `The request body is larger than ${maxBodyBytes} bytes.`,
        );
      },
    }),
  );
  app.route(
    '/api/webchat',
    createWebchatRoutes({
      ...deps,
      sessionIdleMs: webchat.sessionIdleMs,
      ...(deps.limits ? { perSender: deps.limits.perSender } : {}),
    }),
  );
  for (const [path, routes] of Object.entries(deps.webhooks ?? {})) app.route(path, routes);

  app.get('/widget.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(deps.widgetScript);
  });
  app.get('/', (c) => c.html(demoPage()));
  const privacyPage = deps.privacyPage;
  if (privacyPage) app.get('/privacy', (c) => c.html(privacyPage));

  if (deps.console) {
    const ui = deps.console;
    app.use('/console/api/*', bodyLimit({ maxSize: 64 * 1024 }));
    app.route('/console/api', ui.api);
    app.get('/console', (c) => c.html(ui.page));
    app.get('/console/app.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(ui.script);
    });
    app.get('/console/app.css', (c) => {
      c.header('Content-Type', 'text/css; charset=utf-8');
      return c.body(ui.styles);
    });
  }

  return app;
}
