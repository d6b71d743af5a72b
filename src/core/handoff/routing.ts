import { isOpen } from './office-hours.js';
import type { Handoff, MediatorProfile, WeeklyHours } from './types.js';

export interface RoutingContext {
  mediators: MediatorProfile[];
  /** Conversations each mediator holds now, for capacity. */
  load: ReadonlyMap<string, number>;
  officeHours: WeeklyHours;
  now: number;
}

export interface Routed {
  handoff: Handoff;
  /** The mediator speaks the person's language. */
  languageMatch: boolean;
  topicMatch: boolean;
  /** Nobody on duty speaks the language: any mediator, with the telephone translation service. */
  interpretation: boolean;
}

const onDuty = (m: MediatorProfile, ctx: RoutingContext) =>
  m.active && isOpen(m.hours ?? ctx.officeHours, ctx.now);

export const isSupervisor = (m: MediatorProfile) => m.role === 'supervisor' || m.role === 'admin';

/** Whether a waiting conversation is routed to this mediator, and how well they match it. */
export function route(m: MediatorProfile, h: Handoff, ctx: RoutingContext): Routed | undefined {
  const inTeam = !h.office || m.offices.includes(h.office) || m.offices.includes('remote');
  if (!inTeam) return undefined;
  const languageMatch = h.language !== null && m.languages.includes(h.language);
  const someoneSpeaksIt =
    h.language !== null &&
    ctx.mediators.some((other) => other.languages.includes(h.language!) && onDuty(other, ctx));
  const interpretation = !languageMatch && !someoneSpeaksIt;
  if (!languageMatch && !interpretation && h.language !== null) return undefined;
  const topicMatch = m.topics.length === 0 || (h.topic !== null && m.topics.includes(h.topic));
  return { handoff: h, languageMatch, topicMatch, interpretation };
}

/**
 * A mediator's queue: the waiting conversations routed to them, urgent first, then those in a
 * language they speak, then their topics, then the oldest.
 */
export function queueFor(m: MediatorProfile, waiting: Handoff[], ctx: RoutingContext): Routed[] {
  return waiting
    .filter((h) => h.status === 'waiting')
    .map((h) => route(m, h, ctx))
    .filter((r): r is Routed => r !== undefined)
    .sort(
      (a, b) =>
        Number(b.handoff.urgent) - Number(a.handoff.urgent) ||
        Number(b.languageMatch) - Number(a.languageMatch) ||
        Number(b.topicMatch) - Number(a.topicMatch) ||
        a.handoff.requestedAt - b.handoff.requestedAt,
    );
}

/** Whether the mediator may take one more conversation. */
export function hasCapacity(m: MediatorProfile, ctx: RoutingContext): boolean {
  return (ctx.load.get(m.id) ?? 0) < m.capacity;
}

/** What a mediator may open: their own, what is routed to them, everything for a supervisor. */
export function mayOpen(m: MediatorProfile, h: Handoff, ctx: RoutingContext): boolean {
  if (isSupervisor(m)) return true;
  if (h.mediatorId === m.id) return true;
  return h.status === 'waiting' && route(m, h, ctx) !== undefined;
}

/** How long a person in this language will probably wait, in minutes (rounded to 5, at least 5). */
export function estimateWaitMinutes(
  h: Pick<Handoff, 'language'>,
  waiting: Handoff[],
  ctx: RoutingContext,
): number {
  const speakers = ctx.mediators.filter(
    (m) => onDuty(m, ctx) && (h.language ? m.languages.includes(h.language) : true),
  );
  const ahead = waiting.filter((w) => w.status === 'waiting' && w.language === h.language).length;
  const minutes = ((ahead + 1) * 10) / Math.max(1, speakers.length);
  return Math.max(5, Math.round(minutes / 5) * 5);
}
