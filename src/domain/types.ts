import type { Lang } from './language.js';

export type ChannelName = 'webchat' | 'whatsapp' | 'email';
export const CHANNELS: readonly ChannelName[] = ['webchat', 'whatsapp', 'email'];

export type ConversationStatus = 'bot' | 'waiting' | 'with_mediator' | 'closed';
export type MessageDirection = 'in' | 'out';
export type MessageAuthor = 'contact' | 'bot' | 'mediator' | 'system';
export type DeliveryStatus = 'received' | 'processed' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** What a person sent, as every channel adapter hands it to the engine. */
export interface InboundMessage {
  channel: ChannelName;
  /** The person's identity on that channel: a phone number, an e-mail address, a web-chat visitor id. */
  address: string;
  /** The channel's own id for this message (wamid, Message-ID, the widget's client id). */
  externalId: string;
  text?: string;
  /** A button or list choice, by the id the assistant gave it. */
  choice?: string;
  /** When the person sent it, epoch milliseconds. */
  sentAt: number;
  /** A language hint from the channel (browser language, e-mail Content-Language). */
  langHint?: Lang;
  /** The channel's thread (an e-mail thread's first Message-ID): a new thread opens a new conversation. */
  thread?: string;
  /** Channel facts the engine keeps with the message but does not interpret (media kind, subject...). */
  meta?: Record<string, unknown>;
}

export interface Choice {
  id: string;
  label: string;
}

export interface Citation {
  title: string;
  url: string;
  /** ISO date, e.g. 2026-11-29. */
  lastVerified: string;
}

export interface Link {
  label: string;
  url: string;
}

/** The channel-neutral reply every channel renders in its own way. */
export interface Reply {
  text: string;
  choices?: Choice[];
  citations?: Citation[];
  links?: Link[];
}

export interface Contact {
  id: string;
  channel: ChannelName;
  address: string;
  preferredLang: Lang | null;
  createdAt: number;
  lastInboundAt: number | null;
}

export interface Conversation {
  id: string;
  contactId: string;
  channel: ChannelName;
  status: ConversationStatus;
  language: Lang | null;
  topic: string | null;
  office: string | null;
  state: ConversationState;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** Where the person is in the conversation; persisted so a restart resumes at the same point. */
export interface ConversationState {
  /** Set once the welcome and privacy notice have been shown. */
  welcomed?: boolean;
  /** The flow step the person is at (`flow/step` or `flow/step@part`). */
  at?: string;
  /** Previous positions, for "back". */
  trail?: string[];
  /** Free-form slots later steps (flows, handoff) keep. */
  [key: string]: unknown;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  text: string;
  payload: Reply | Record<string, unknown> | null;
  channel: ChannelName;
  externalId: string | null;
  deliveryStatus: DeliveryStatus;
  createdAt: number;
}
