import {
  messageObject,
  statusObject,
  TEST_DISPLAY_NUMBER,
  TEST_PHONE_NUMBER_ID,
  TEST_WABA_ID,
  webhookBody,
} from '../whatsapp/payloads.js';
import type { WhatsAppType } from './cases.js';

/**
 * A valid webhook body for each WhatsApp type, as Meta sends it, plus where in it the message (or
 * status) object and its content sit, so a defect can be applied to exactly one field.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Base {
  body: JsonObject;
  /** The message or status object the defects change. */
  target: JsonObject;
  /** The key of the typed content in `target` (`text`, `image`...), if any. */
  content?: string;
  /** Inbound rows a valid delivery of it stores. */
  stores: number;
  kind: 'message' | 'status' | 'entries';
}

const TIMESTAMP = 1764400000;

type Spec = Parameters<typeof messageObject>[0];
const SPECS: Partial<Record<WhatsAppType, Spec>> = {
  text: { type: 'text', body: 'Olá, preciso de ajuda com o NIF' },
  'interactive-button_reply': { type: 'button_reply', id: 'go:documents/menu', title: 'Documentos' },
  'interactive-list_reply': {
    type: 'list_reply',
    id: 'go:documents/nif-how-to-get',
    title: 'Pedir o NIF',
    description: 'Número de identificação fiscal',
  },
  button: { type: 'button', payload: 'cmd:menu', text: 'Menu' },
  image: { type: 'image', caption: 'o meu título de residência' },
  audio: { type: 'audio', voice: false },
  voice: { type: 'audio', voice: true },
  video: { type: 'video', caption: 'vídeo' },
  document: { type: 'document', caption: 'contrato', filename: 'contrato.pdf' },
  sticker: { type: 'sticker' },
  location: {
    type: 'location',
    latitude: 38.7223,
    longitude: -9.1393,
    name: 'Lisboa',
    address: 'Praça do Comércio',
  },
  reaction: { type: 'reaction', messageId: 'wamid.BUSINESS.SENT.1', emoji: '👍' },
};

const CONTACT_CARD: JsonObject = {
  name: { formatted_name: 'Mariana Lopes', first_name: 'Mariana' },
  phones: [{ phone: '+351 934 567 890', wa_id: '351934567890', type: 'MOBILE' }],
};

function message(type: WhatsAppType, from: string, id: string): JsonObject {
  const spec = SPECS[type];
  const options = { from, id, timestamp: TIMESTAMP };
  if (spec) return messageObject(spec, options) as JsonObject;
  const base = { from, id, timestamp: String(TIMESTAMP) };
  if (type === 'contacts') return { ...base, type: 'contacts', contacts: [CONTACT_CARD] };
  return {
    ...base,
    type: 'unsupported',
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
    unsupported: { type: 'poll' },
  };
}

function withMessages(messages: JsonObject[]): JsonObject {
  return webhookBody({ messages }) as JsonObject;
}

function withStatuses(statuses: JsonObject[]): JsonObject {
  return webhookBody({ statuses }) as JsonObject;
}

/** The change value of the body's first entry. */
export function valueOf(body: JsonObject): JsonObject {
  const entry = (body.entry as JsonObject[])[0]!;
  return (entry.changes as JsonObject[])[0]!.value as JsonObject;
}

export function entry(value: JsonObject): JsonObject {
  return { id: TEST_WABA_ID, changes: [{ field: 'messages', value }] };
}

export const metadata = (): JsonObject => ({
  display_phone_number: TEST_DISPLAY_NUMBER,
  phone_number_id: TEST_PHONE_NUMBER_ID,
});

/** A fresh valid body of the type; `from` and `wamid` make it unique to one case. */
export function baseFor(type: WhatsAppType, from: string, wamid: string): Base {
  if (type.startsWith('status-')) {
    const status = type.slice('status-'.length) as 'sent' | 'delivered' | 'read' | 'failed';
    const target = statusObject(`${wamid}.OUT`, status, from, {
      timestamp: TIMESTAMP,
      error: { code: 131047, title: 'Re-engagement message' },
    }) as JsonObject;
    return { body: withStatuses([target]), target, stores: 0, kind: 'status' };
  }
  if (type === 'several-entries') {
    const text = message('text', from, `${wamid}.1`);
    const image = message('image', from, `${wamid}.2`);
    const read = statusObject(`${wamid}.OUT`, 'read', from, { timestamp: TIMESTAMP }) as JsonObject;
    const body: JsonObject = {
      object: 'whatsapp_business_account',
      entry: [
        entry({ messaging_product: 'whatsapp', metadata: metadata(), messages: [text] }),
        entry({ messaging_product: 'whatsapp', metadata: metadata(), messages: [image] }),
        entry({ messaging_product: 'whatsapp', metadata: metadata(), statuses: [read] }),
      ],
    };
    return { body, target: image, content: 'image', stores: 2, kind: 'entries' };
  }
  const target = message(type, from, wamid);
  const content = typeof target.type === 'string' ? target.type : undefined;
  return {
    body: withMessages([target]),
    target,
    ...(content ? { content } : {}),
    stores: type === 'reaction' ? 0 : 1,
    kind: 'message',
  };
}
