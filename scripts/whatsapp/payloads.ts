import { createHmac } from 'node:crypto';

/**
 * Webhook bodies as Meta's WhatsApp Cloud API delivers them, and their signature: used by the tests,
 * the eval runner, the benchmark and the terminal simulator, so all of them go through the real
 * webhook parsing.
 */

export const TEST_PHONE_NUMBER_ID = '106540352242922';
export const TEST_DISPLAY_NUMBER = '15550783881';
export const TEST_WABA_ID = '102290129340398';

export type InboundSpec =
  | { type: 'text'; body: string }
  | { type: 'button_reply'; id: string; title: string }
  | { type: 'list_reply'; id: string; title: string; description?: string }
  | { type: 'button'; payload: string; text: string }
  | {
      type: 'image' | 'video' | 'document' | 'sticker';
      mimeType?: string;
      caption?: string;
      filename?: string;
    }
  | { type: 'audio'; voice?: boolean }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'reaction'; messageId: string; emoji: string };

export interface MessageOptions {
  from: string;
  /** The wamid; unique per message. */
  id: string;
  /** Seconds since the epoch, as a string, as Meta sends it. */
  timestamp?: number;
  name?: string;
}

/** One message object of `value.messages[]`. */
export function messageObject(
  spec: InboundSpec,
  { from, id, timestamp }: MessageOptions,
): Record<string, unknown> {
  const base = { from, id, timestamp: String(timestamp ?? Math.floor(Date.now() / 1000)) };
  switch (spec.type) {
    case 'text':
      return { ...base, type: 'text', text: { body: spec.body } };
    case 'button_reply':
      return {
        ...base,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: spec.id, title: spec.title } },
      };
    case 'list_reply':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: {
            id: spec.id,
            title: spec.title,
            ...(spec.description ? { description: spec.description } : {}),
          },
        },
      };
    case 'button':
      return { ...base, type: 'button', button: { payload: spec.payload, text: spec.text } };
    case 'audio':
      return {
        ...base,
        type: 'audio',
        audio: {
          id: `media-${id}`,
          mime_type: 'audio/ogg; codecs=opus',
          sha256: 'c2hh',
          voice: spec.voice ?? true,
        },
      };
    case 'location':
      return {
        ...base,
        type: 'location',
        location: {
          latitude: spec.latitude,
          longitude: spec.longitude,
          ...(spec.name ? { name: spec.name } : {}),
          ...(spec.address ? { address: spec.address } : {}),
        },
      };
    case 'reaction':
      return { ...base, type: 'reaction', reaction: { message_id: spec.messageId, emoji: spec.emoji } };
    default: {
      const mime =
        spec.mimeType ??
        { image: 'image/jpeg', video: 'video/mp4', document: 'application/pdf', sticker: 'image/webp' }[
          spec.type
        ];
      return {
        ...base,
        type: spec.type,
        [spec.type]: {
          id: `media-${id}`,
          mime_type: mime,
          sha256: 'c2hh',
          ...(spec.caption ? { caption: spec.caption } : {}),
          ...(spec.filename ? { filename: spec.filename } : {}),
        },
      };
    }
  }
}

/** A status object of `value.statuses[]` for a message the business sent. */
export function statusObject(
  wamid: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  recipient: string,
  options: { timestamp?: number; error?: { code: number; title: string } } = {},
): Record<string, unknown> {
  return {
    id: wamid,
    status,
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: recipient,
    ...(status === 'failed' && options.error
      ? { errors: [{ ...options.error, message: options.error.title }] }
      : {}),
  };
}

/** The envelope: one entry, one change of field `messages`, with contacts for the senders. */
export function webhookBody(
  value: { messages?: Record<string, unknown>[]; statuses?: Record<string, unknown>[] },
  names: Record<string, string> = {},
): Record<string, unknown> {
  const senders = [...new Set((value.messages ?? []).map((m) => m.from as string))];
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: TEST_WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: TEST_DISPLAY_NUMBER, phone_number_id: TEST_PHONE_NUMBER_ID },
              ...(senders.length
                ? {
                    contacts: senders.map((wa_id) => ({
                      profile: { name: names[wa_id] ?? 'Test User' },
                      wa_id,
                    })),
                  }
                : {}),
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** `X-Hub-Signature-256` for a raw body: HMAC-SHA256 with the app secret, lowercase hex. */
export function signature(rawBody: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Posts a signed webhook to a running service; returns the HTTP status. */
export async function postWebhook(
  serviceUrl: string,
  body: unknown,
  appSecret: string,
  init: { signal?: AbortSignal } = {},
): Promise<number> {
  const raw = JSON.stringify(body);
  const response = await fetch(`${serviceUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, appSecret) },
    body: raw,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}
