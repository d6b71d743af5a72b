import type { OutgoingReply } from '../ports.js';
import type { Conversation } from '../../domain/types.js';
import type { Handoff, MediatorProfile, Office, Role, WeeklyHours } from './types.js';
import type { Lang } from '../../domain/language.js';

export interface NewMediator {
  name: string;
  email: string;
  role: Role;
  languages: Lang[];
  offices: Office[];
  topics: string[];
  capacity: number;
  hours: WeeklyHours | null;
  passwordHash: string;
}

export interface MediatorAccount extends MediatorProfile {
  passwordHash: string | null;
  failedSignIns: number;
  lockedUntil: number | null;
}

export interface Note {
  id: string;
  conversationId: string;
  mediatorId: string;
  text: string;
  createdAt: number;
}

export interface AuditEntry {
  actorType: 'mediator' | 'system' | 'contact';
  actorId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Ids and outcomes only: never message text or personal data. */
  detail?: Record<string, unknown>;
}

/** A reply written outside a turn (a mediator's message, the bot's notice on hand-back). */
export interface OutsideReply {
  conversationId: string;
  author: 'mediator' | 'bot';
  mediatorId: string | null;
  outgoing: OutgoingReply;
  lang: Lang | null;
  now: number;
}

export interface MediatorStore {
  createMediator(m: NewMediator, now: number): Promise<MediatorProfile>;
  mediatorByEmail(email: string): Promise<MediatorAccount | undefined>;
  mediator(id: string): Promise<MediatorProfile | undefined>;
  listMediators(): Promise<MediatorProfile[]>;
  countMediators(): Promise<number>;
  /** A failed sign-in counts towards a lock-out; a good one clears the count. */
  recordSignIn(id: string, ok: boolean, lockedUntil: number | null): Promise<number>;

  createMediatorSession(
    tokenHash: string,
    mediatorId: string,
    csrf: string,
    now: number,
    expiresAt: number,
  ): Promise<void>;
  /** The live session, its idle expiry slid forward up to its absolute limit. */
  touchMediatorSession(
    tokenHash: string,
    now: number,
    idleMs: number,
  ): Promise<{ mediatorId: string; csrf: string } | undefined>;
  deleteMediatorSession(tokenHash: string): Promise<void>;

  openHandoffs(): Promise<Handoff[]>;
  handoff(id: string): Promise<Handoff | undefined>;
  /** The open (waiting or claimed) handoff of a conversation. */
  openHandoffOf(conversationId: string): Promise<Handoff | undefined>;
  /** waiting → claimed by this mediator; false if someone was faster. */
  claim(handoffId: string, mediatorId: string, now: number): Promise<boolean>;
  /** To another mediator (claimed by them) or back to a team's queue. */
  transfer(
    handoffId: string,
    to: { mediatorId: string } | { office: Office | null },
    now: number,
  ): Promise<void>;
  /** Ends the handoff: `returned` gives the conversation back to the bot, `closed` closes it. */
  finish(
    handoffId: string,
    status: 'returned' | 'closed',
    now: number,
    outcome?: { outcome: string; tags: string[] },
  ): Promise<void>;

  conversation(id: string): Promise<Conversation | undefined>;
  recipientOf(conversationId: string): Promise<string | undefined>;
  addOutsideReply(reply: OutsideReply): Promise<string>;
  addNote(conversationId: string, mediatorId: string, text: string, now: number): Promise<Note>;
  notes(conversationId: string): Promise<Note[]>;
  audit(entry: AuditEntry, now: number): Promise<void>;
}
