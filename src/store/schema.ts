import type { Generated } from 'kysely';

/** Table shapes as stored. Times are epoch milliseconds; JSON columns are text. */
export interface ContactsTable {
  id: string;
  channel: string;
  address: string;
  preferred_lang: string | null;
  display_name: string | null;
  created_at: number;
  updated_at: number;
  last_inbound_at: number | null;
  failing_since: number | null;
}

export interface ConversationsTable {
  id: string;
  contact_id: string;
  channel: string;
  status: string;
  language: string | null;
  topic: string | null;
  office: string | null;
  state: string;
  version: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  thread_key: string | null;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  direction: string;
  author: string;
  text: string;
  payload: string | null;
  channel: string;
  external_id: string | null;
  delivery_status: string;
  mediator_id: string | null;
  created_at: number;
  processed_at: number | null;
  status_at: number | null;
}

export interface HandoffsTable {
  id: string;
  conversation_id: string;
  reason: string;
  urgent: number;
  status: string;
  case_card: string | null;
  mediator_id: string | null;
  requested_at: number;
  claimed_at: number | null;
  closed_at: number | null;
  outcome: string | null;
  tags: string | null;
  language: string | null;
  topic: string | null;
  office: string | null;
}

export interface MediatorsTable {
  id: string;
  name: string;
  email: string;
  password_hash: string | null;
  role: string;
  languages: string;
  offices: string;
  topics: string;
  capacity: number;
  hours: string | null;
  active: number;
  created_at: number;
  failed_sign_ins: number;
  locked_until: number | null;
}

export interface MediatorSessionsTable {
  token_hash: string;
  mediator_id: string;
  csrf: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface NotesTable {
  id: string;
  conversation_id: string;
  mediator_id: string;
  text: string;
  created_at: number;
}

export interface OutboxTable {
  id: string;
  message_id: string;
  conversation_id: string;
  channel: string;
  recipient: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  provider_id: string | null;
  created_at: number;
  sent_at: number | null;
  /** 1 on the confirmation of an erasure asked from the chat: the person is erased once it is out. */
  erase_after: Generated<number>;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: string | null;
}

export interface WebchatSessionsTable {
  token_hash: string;
  address: string;
  lang_hint: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface Database {
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  handoffs: HandoffsTable;
  mediators: MediatorsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  webchat_sessions: WebchatSessionsTable;
  mediator_sessions: MediatorSessionsTable;
  notes: NotesTable;
}
