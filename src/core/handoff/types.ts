import type { ChannelName, Citation } from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';

export type Role = 'mediator' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['mediator', 'supervisor', 'admin'];

/** The four national centres and remote work: a mediator's teams. */
export const OFFICES = ['lisboa', 'porto', 'faro', 'beja', 'remote'] as const;
export type Office = (typeof OFFICES)[number];

/** Working hours in Lisbon time: one or more intervals per weekday (0 = Sunday). */
export type WeeklyHours = Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, [number, number][]>>;

export interface MediatorProfile {
  id: string;
  name: string;
  email: string;
  role: Role;
  languages: Lang[];
  offices: Office[];
  /** Catalogue topics handled; empty means any. */
  topics: string[];
  capacity: number;
  /** Absent: the office hours. */
  hours: WeeklyHours | null;
  active: boolean;
}

export type HandoffStatus = 'waiting' | 'claimed' | 'returned' | 'closed';

export interface CaseCard {
  language: Lang | null;
  channel: ChannelName;
  topic: string | null;
  reason: string;
  urgent: boolean;
  /** What the person wrote, oldest first (the last few messages). */
  asked: string[];
  /** What the assistant answered, with the sources it cited. */
  answers: { text: string; citations: Citation[] }[];
  /** Values collected in flows (a place, yes/no answers). */
  collected: Record<string, string>;
  /** Danger, violence, trafficking, unreadable media... */
  flags: string[];
}

export interface Handoff {
  id: string;
  conversationId: string;
  reason: string;
  urgent: boolean;
  status: HandoffStatus;
  language: Lang | null;
  topic: string | null;
  office: Office | null;
  mediatorId: string | null;
  requestedAt: number;
  claimedAt: number | null;
  closedAt: number | null;
  card: CaseCard | null;
}
