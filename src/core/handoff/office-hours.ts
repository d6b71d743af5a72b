import type { WeeklyHours } from './types.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const TIME_ZONE = 'Europe/Lisbon';

/**
 * "mon-fri 09:00-17:00; sat 10:00-13:00" → intervals in minutes per weekday. Throws with the part it
 * could not read, so a wrong configuration stops the service at start.
 */
export function parseHours(text: string): WeeklyHours {
  const hours: WeeklyHours = {};
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(
      part.toLowerCase(),
    );
    if (!match) throw new Error(`hours: cannot read "${part}" (expected e.g. "mon-fri 09:00-17:00")`);
    const from = DAYS.indexOf(match[1] as (typeof DAYS)[number]);
    const to = DAYS.indexOf((match[2] ?? match[1]) as (typeof DAYS)[number]);
    const start = Number(match[3]) * 60 + Number(match[4]);
    const end = Number(match[5]) * 60 + Number(match[6]);
    if (from < 0 || to < 0 || to < from || end <= start || end > 24 * 60)
      throw new Error(`hours: "${part}" is not a valid range`);
    for (let day = from; day <= to; day++) (hours[day as 0] ??= []).push([start, end]);
  }
  return hours;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Weekday and minute of the day in Lisbon. */
function lisbon(at: number): { day: number; minute: number } {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  const day = DAYS.indexOf((parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isOpen(hours: WeeklyHours, at: number): boolean {
  const { day, minute } = lisbon(at);
  return (hours[day as 0] ?? []).some(([start, end]) => minute >= start && minute < end);
}

const STEP = 5 * 60_000;

/** The next moment the hours open (hours start on a multiple of 5 minutes), within a week. */
export function nextOpening(hours: WeeklyHours, at: number): number | undefined {
  const start = Math.ceil(at / STEP) * STEP;
  for (let t = start; t < start + 8 * 24 * 60 * 60_000; t += STEP) {
    if (isOpen(hours, t)) return t;
  }
  return undefined;
}

/** "09:00–17:00" for the person: the hours of a typical weekday. */
export function describeDay(hours: WeeklyHours): string {
  const day = hours[1] ?? Object.values(hours)[0] ?? [];
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return day.map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`).join(', ');
}
