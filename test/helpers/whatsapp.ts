import { expect } from 'vitest';
import {
  messageObject,
  postWebhook,
  webhookBody,
  type InboundSpec,
} from '../../scripts/whatsapp/payloads.js';
import { startGraphStandIn, type GraphStandIn, type RecordedSend } from '../../scripts/whatsapp/stand-in.js';
import type { ServiceOptions } from '../../src/server.js';
import { runServer, waitFor } from './service.js';

export const PHONE_NUMBER_ID = '106540352242922';

/**
 * The real service on 127.0.0.1 with its WhatsApp channel pointed at a Graph API stand-in, and what a
 * test needs to talk as a person: send a signed webhook, read what the service sent back.
 */
export async function startWhatsAppService(
  name: string,
  env: Record<string, string> = {},
  options: ServiceOptions = {},
) {
  const secret = `${name}-app-secret`;
  const token = `${name}-access-token`;
  const graph: GraphStandIn = await startGraphStandIn({ port: 0, accessToken: token });
  const server = await runServer(
    {
      WHATSAPP_VERIFY_TOKEN: `${name}-verify`,
      WHATSAPP_APP_SECRET: secret,
      WHATSAPP_ACCESS_TOKEN: token,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_API_URL: `${graph.url}/v23.0`,
      ...env,
    },
    { relay: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 }, ...options },
  );
  let counter = 0;
  const sentTo = (to: string) => graph.messages().filter((s) => s.body.to === to);
  return {
    graph,
    server,
    secret,
    /** A message from this person, signed as Meta signs it; expects the 200. */
    async say(from: string, spec: InboundSpec, id = `wamid.${name}${++counter}`) {
      const body = webhookBody({ messages: [messageObject(spec, { from, id })] });
      expect(await postWebhook(server.url, body, secret)).toBe(200);
    },
    sentTo,
    /** Everything sent to the person once there are at least `count` sends, from the `count`-th on. */
    next: (to: string, count: number) =>
      waitFor(() => (sentTo(to).length >= count ? sentTo(to).slice(count - 1) : undefined), 10_000),
    async close() {
      await server.close();
      await graph.close();
    },
  };
}

export type WhatsAppService = Awaited<ReturnType<typeof startWhatsAppService>>;

/** The reply buttons of a send, as the person sees them. */
export const buttonsOf = (send: RecordedSend) =>
  (
    send.body.interactive as { action?: { buttons?: { reply: { id: string; title: string } }[] } } | undefined
  )?.action?.buttons?.map((b) => b.reply) ?? [];
