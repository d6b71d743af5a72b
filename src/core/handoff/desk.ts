import type { Clock } from '../ports.js';
import type { Lang } from '../../domain/language.js';
import type { MediatorStore } from './ports.js';
import { describeDay, isOpen, nextOpening } from './office-hours.js';
import { estimateWaitMinutes } from './routing.js';
import type { WeeklyHours } from './types.js';

export interface DeskStatus {
  open: boolean;
  waitMinutes: number;
  /** When the office opens next, when closed. */
  opensAt?: number;
  /** The hours of a working day, e.g. "09:00–17:00". */
  hours: string;
}

export interface HandoffDesk {
  status(language: Lang | null): Promise<DeskStatus>;
}

/** What the bot can promise a person being handed over: the office hours and the expected wait. */
export function createHandoffDesk(store: MediatorStore, officeHours: WeeklyHours, clock: Clock): HandoffDesk {
  return {
    async status(language) {
      const now = clock.now();
      const [mediators, open] = await Promise.all([store.listMediators(), store.openHandoffs()]);
      const ctx = { mediators, load: new Map<string, number>(), officeHours, now };
      const opensAt = isOpen(officeHours, now) ? undefined : nextOpening(officeHours, now);
      return {
        open: opensAt === undefined,
        waitMinutes: estimateWaitMinutes({ language }, open, ctx),
        ...(opensAt !== undefined ? { opensAt } : {}),
        hours: describeDay(officeHours),
      };
    },
  };
}
