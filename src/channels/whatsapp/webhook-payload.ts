import { z } from 'zod';
import type { InboundMessage } from '../../domain/types.js';
import type { DeliveryUpdate } from '../../core/ports.js';

/**
 * The WhatsApp Cloud API webhook body, validated. Fields Meta may add later are ignored (zod strips
 * unknown keys); what the assistant relies on is required, so junk is refused before anything is stored.
 */

const id = z.string().min(1).max(256);
const phone = z.string().regex(/^\d{4,20}$/, 'a WhatsApp id (digits)');
const timestamp = z.string().regex(/^\d{1,12}$/, 'epoch seconds');
const media = z.object({
  id: id.optional(),
  mime_type: z.string().max(200).optional(),
  caption: z.string().max(4096).optional(),
  filename: z.string().max(1000).optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

/** A user with a WhatsApp username may come with an empty `from` and a business-scoped user id instead. */
const base = {
  from: z.union([phone, z.literal('')]),
  from_user_id: z
    .string()
    .regex(/^[\w.-]{1,128}$/)
    .optional(),
  id,
  timestamp,
  context: z.object({ id: id.optional() }).optional(),
};

const KNOWN = new Set([
  'text',
  'interactive',
  'button',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'reaction',
]);

const known = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), text: z.object({ body: z.string().max(65_536) }) }),
  z.object({
    ...base,
    type: z.literal('interactive'),
    interactive: z.union([
      z.object({
        type: z.literal('button_reply'),
        button_reply: z.object({ id, title: z.string().max(256) }),
      }),
      z.object({
        type: z.literal('list_reply'),
        list_reply: z.object({
          id,
          title: z.string().max(256),
          description: z.string().max(1024).optional(),
        }),
      }),
      // Flows, address and other interactive replies the assistant does not send.
      z.object({
        type: z
          .string()
          .min(1)
          .max(64)
          .refine((t) => t !== 'button_reply' && t !== 'list_reply', 'a reply without its content'),
      }),
    ]),
  }),
  z.object({
    ...base,
    type: z.literal('button'),
    button: z.object({ payload: z.string().max(4096).optional(), text: z.string().max(4096) }),
  }),
  z.object({ ...base, type: z.literal('image'), image: media }),
  z.object({ ...base, type: z.literal('audio'), audio: media }),
  z.object({ ...base, type: z.literal('video'), video: media }),
  z.object({ ...base, type: z.literal('document'), document: media }),
  z.object({ ...base, type: z.literal('sticker'), sticker: media }),
  z.object({
    ...base,
    type: z.literal('location'),
    location: z.object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().max(1000).optional(),
      address: z.string().max(1000).optional(),
    }),
  }),
  z.object({
    ...base,
    type: z.literal('reaction'),
    reaction: z.object({ message_id: id, emoji: z.string().max(32).optional() }),
  }),
]);

/** contacts, order, system, unsupported, request_welcome and types to come: kept as "unsupported". */
const other = z.object({
  ...base,
  type: z
    .string()
    .min(1)
    .max(64)
    .refine((t) => !KNOWN.has(t), 'a message without its content'),
});

const message = z.union([known, other]);

const status = z.object({
  id,
  status: z.enum(['sent', 'delivered', 'read', 'failed', 'played', 'deleted', 'warning']),
  timestamp,
  recipient_id: z.string().max(64).optional(),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().max(1000).optional() })).optional(),
});

const change = z.object({
  field: z.string().max(64),
  value: z
    .object({
      messaging_product: z.literal('whatsapp').optional(),
      metadata: z.object({ phone_number_id: z.string().max(64) }).optional(),
      messages: z.array(message).max(1000).optional(),
      statuses: z.array(status).max(1000).optional(),
    })
    .optional(),
});

const webhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(z.object({ id: z.string().max(64).optional(), changes: z.array(change).max(100) }))
    .max(1000),
});

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: DeliveryUpdate[];
  /** Reactions and other events that need no answer. */
  ignored: number;
}

export type ParseResult = { ok: true; value: ParsedWebhook } | { ok: false; problem: string };

type Message = z.infer<typeof message>;

const MEDIA_KINDS = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** One message as the engine receives it: text, a choice, media it cannot read, a place, or another kind. */
function toInbound(m: Message): InboundMessage | undefined {
  const common = {
    channel: 'whatsapp' as const,
    address: m.from,
    externalId: m.id,
    sentAt: Number(m.timestamp) * 1000,
  };
  if (m.type === 'reaction') return undefined;
  if ('text' in m && m.type === 'text') return { ...common, text: m.text.body };
  if (m.type === 'interactive' && 'interactive' in m) {
    const i = m.interactive;
    if ('button_reply' in i) return { ...common, choice: i.button_reply.id, text: i.button_reply.title };
    if ('list_reply' in i) return { ...common, choice: i.list_reply.id, text: i.list_reply.title };
    return { ...common, meta: { unsupported: `interactive:${i.type}` } };
  }
  if (m.type === 'button' && 'button' in m) {
    return { ...common, text: m.button.text, ...(m.button.payload ? { choice: m.button.payload } : {}) };
  }
  if (m.type === 'location' && 'location' in m) {
    return { ...common, meta: { location: { lat: m.location.latitude, lon: m.location.longitude } } };
  }
  if (MEDIA_KINDS.has(m.type)) {
    const item = (m as Record<string, unknown>)[m.type] as z.infer<typeof media> | undefined;
    const kind = m.type === 'audio' && item?.voice ? 'voice' : m.type;
    // Only the kind and type are kept: nothing is downloaded, and a caption is read as text.
    return {
      ...common,
      ...(item?.caption ? { text: item.caption } : {}),
      meta: { media: { kind, ...(item?.mime_type ? { mimeType: item.mime_type } : {}) } },
    };
  }
  return { ...common, meta: { unsupported: m.type } };
}

/** Validates a webhook body and turns it into inbound messages and delivery updates. */
export function parseWebhook(body: unknown): ParseResult {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
  }
  const out: ParsedWebhook = { messages: [], statuses: [], ignored: 0 };
  for (const entry of parsed.data.entry) {
    for (const { field, value } of entry.changes) {
      if (field !== 'messages' || !value) {
        out.ignored += 1;
        continue;
      }
      for (const m of value.messages ?? []) {
        const inbound = toInbound(m);
        if (inbound) out.messages.push(inbound);
        else out.ignored += 1;
      }
      for (const s of value.statuses ?? []) {
        if (s.status !== 'sent' && s.status !== 'delivered' && s.status !== 'read' && s.status !== 'failed') {
          out.ignored += 1;
          continue;
        }
        const error = s.errors?.[0];
        out.statuses.push({
          providerId: s.id,
          status: s.status,
          at: Number(s.timestamp) * 1000,
          ...(error ? { error: `${error.code}${error.title ? ` ${error.title}` : ''}` } : {}),
        });
      }
    }
  }
  return { ok: true, value: out };
}
