import type { Selectable } from 'kysely';
import type { ContactsTable, ConversationsTable, MessagesTable } from './schema.js';
import type {
  ChannelName,
  Contact,
  Conversation,
  ConversationStatus,
  DeliveryStatus,
  MessageAuthor,
  MessageDirection,
  StoredMessage,
} from '../domain/types.js';
import { isLang } from '../domain/language.js';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toContact(row: Selectable<ContactsTable>): Contact {
  return {
    id: row.id,
    channel: row.channel as ChannelName,
    address: row.address,
    preferredLang: isLang(row.preferred_lang) ? row.preferred_lang : null,
    createdAt: Number(row.created_at),
    lastInboundAt: row.last_inbound_at === null ? null : Number(row.last_inbound_at),
  };
}

export function toConversation(row: Selectable<ConversationsTable>): Conversation {
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel as ChannelName,
    status: row.status as ConversationStatus,
    language: isLang(row.language) ? row.language : null,
    topic: row.topic,
    office: row.office,
    state: parseJson(row.state, {}),
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toMessage(row: Selectable<MessagesTable>): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as MessageDirection,
    author: row.author as MessageAuthor,
    text: row.text,
    payload: parseJson(row.payload, null),
    channel: row.channel as ChannelName,
    externalId: row.external_id,
    deliveryStatus: row.delivery_status as DeliveryStatus,
    createdAt: Number(row.created_at),
  };
}
