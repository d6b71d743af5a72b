import type {
  ChannelName,
  Contact,
  Conversation,
  ConversationState,
  ConversationStatus,
  InboundMessage,
  Reply,
  StoredMessage,
} from '../domain/types.js';
import type { Lang } from '../domain/language.js';
import type { CaseCard, Office } from './handoff/types.js';
import type { MediatorStore } from './handoff/ports.js';

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** A new unique id that sorts by creation time. */
  next(): string;
}

export interface Accepted {
  messageId: string;
  conversationId: string;
  /** The same (channel, external id) was stored before. */
  duplicate: boolean;
  /** Its turn has already been run. */
  processed: boolean;
}

export interface TurnContext {
  message: StoredMessage;
  contact: Contact;
  conversation: Conversation;
}

/** A reply ready to be recorded: the neutral reply and what the channel will send for it. */
export interface OutgoingReply {
  reply: Reply;
  /** Rendered channel payloads, one outbox row each (a long text may become several). */
  payloads: unknown[];
}

export interface TurnCommit {
  messageId: string;
  conversationId: string;
  contactId: string;
  /** The conversation version read at the start of the turn; the commit fails if it moved. */
  expectedVersion: number;
  channel: ChannelName;
  recipient: string;
  replies: OutgoingReply[];
  conversation: {
    status: ConversationStatus;
    language: Lang | null;
    topic: string | null;
    state: ConversationState;
  };
  contactLang: Lang | null;
  /** A person is needed: open a handoff (or make the open one more urgent) with its case card. */
  handoff?: {
    reason: string;
    urgent: boolean;
    language: Lang | null;
    topic: string | null;
    office: Office | null;
    card: CaseCard;
  };
  /** The person confirmed erasure: they are erased once these replies are out. */
  erase?: boolean;
  now: number;
}

export interface OutboxItem {
  id: string;
  messageId: string;
  conversationId: string;
  channel: ChannelName;
  recipient: string;
  payload: unknown;
  /** Failed attempts so far. */
  attempts: number;
  createdAt: number;
}

export interface PendingTurn {
  messageId: string;
  conversationId: string;
}

export interface ConversationStore {
  /** Stores an inbound message durably (creating contact and conversation as needed); dedupes on (channel, external id). */
  acceptInbound(message: InboundMessage, now: number): Promise<Accepted>;
  /** The same for several messages in one durable transaction (group commit), in order. */
  acceptInboundMany(batch: { message: InboundMessage; now: number }[]): Promise<Accepted[]>;
  loadTurn(messageId: string): Promise<TurnContext | undefined>;
  /** Records replies, queues them and advances the conversation in one transaction. Throws `conflict:turn` if the conversation moved. */
  commitTurn(commit: TurnCommit): Promise<void>;
  /** Inbound messages stored but not yet answered, oldest first. */
  pendingTurns(storedBefore: number, limit: number): Promise<PendingTurn[]>;
  listMessages(conversationId: string, afterId?: string, limit?: number): Promise<StoredMessage[]>;
  findContact(channel: ChannelName, address: string): Promise<Contact | undefined>;
  latestConversation(contactId: string): Promise<Conversation | undefined>;
}

export interface OutboxStore {
  /** Leases due rows so that one relay sends each at a time; a crashed relay's lease expires. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markSent(id: string, now: number, providerId?: string): Promise<void>;
  /** Records a failed attempt and when to try again. */
  markRetry(id: string, nextAttemptAt: number, error: string): Promise<void>;
  /** Gives a leased row back untried (it waits behind an earlier message of its conversation). */
  release(id: string, at: number): Promise<void>;
  markDead(id: string, now: number, error: string): Promise<void>;
  depth(): Promise<{ pending: number; dead: number }>;
}

/** What a channel reports about a message the service sent (WhatsApp status webhooks). */
export interface DeliveryUpdate {
  /** The id the provider gave the sent message (a wamid). */
  providerId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: number;
  error?: string;
}

export interface DeliveryStore {
  /** Applies delivery reports; a report never moves a message back (read stays read). */
  recordDeliveries(updates: DeliveryUpdate[]): Promise<void>;
}

/** What an e-mail reply needs to be threaded and sent politely. */
export interface EmailContext {
  /** The person's last mail in this conversation: its subject, Message-ID and References. */
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Who wrote the reply being sent. */
  author: 'bot' | 'mediator';
  /** Since when the address bounces, if it does. */
  failingSince: number | null;
  /** Automatic replies sent to this address in the last hour. */
  autoRepliesLastHour: number;
}

export interface EmailStore {
  emailContext(
    item: { conversationId: string; messageId: string; recipient: string },
    now: number,
  ): Promise<EmailContext>;
  markFailing(channel: 'email', addresses: string[], now: number): Promise<void>;
}

export interface WebchatSession {
  address: string;
  langHint: Lang | null;
  expiresAt: number;
}

export interface WebchatSessionStore {
  createSession(tokenHash: string, session: WebchatSession, now: number): Promise<void>;
  /** The live session for a token hash, its expiry slid forward; undefined when unknown or expired. */
  touchSession(tokenHash: string, now: number, idleMs: number): Promise<WebchatSession | undefined>;
}

export interface HealthCheck {
  ping(): Promise<void>;
}

export type Store = ConversationStore &
  OutboxStore &
  DeliveryStore &
  EmailStore &
  WebchatSessionStore &
  MediatorStore &
  HealthCheck;

/** Result of sending one outbox row through a channel. */
export type SendResult =
  | { kind: 'sent'; providerId?: string }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'failed'; error: string };

export interface Sender {
  send(item: OutboxItem): Promise<SendResult>;
}

export type Senders = Partial<Record<ChannelName, Sender>>;

/** Turns a neutral reply into the payloads a channel sends. */
export type Renderer = (reply: Reply, lang: Lang) => unknown[];
export type Renderers = Record<ChannelName, Renderer>;

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}
