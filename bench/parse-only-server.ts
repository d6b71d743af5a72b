import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The baseline for the webhook benchmark: a bare Hono endpoint that reads the body, parses it as JSON
 * and answers 200, with nothing else (no signature, no validation, no store). Spawned by
 * bench/webhooks.ts as its own process, like the service, on PORT and HOST.
 */
const app = new Hono();
app.get('/', (c) => c.text('OK', 200));
app.post('*', async (c) => {
  JSON.parse(await c.req.text());
  return c.text('OK', 200);
});

serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 3001),
  hostname: process.env.HOST ?? '127.0.0.1',
});
