import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.js';

export interface RateLimiter {
  /** Counts one event for the key; refused when the key is over its budget for the last minute. */
  take(key: string): { ok: true } | { ok: false; retryAfterS: number };
}

const WINDOW_MS = 60_000;

/**
 * Events per key per minute, as a sliding window estimated from the current and the previous fixed
 * window (two counters per key instead of a timestamp per event). `perMinute` 0 switches it off. Keys
 * are bounded: past `maxKeys` the least recently seen are forgotten, so a flood of new addresses
 * cannot grow memory.
 */
export function createRateLimiter(options: {
  perMinute: number;
  now: () => number;
  maxKeys?: number;
}): RateLimiter {
  const { perMinute, now, maxKeys = 50_000 } = options;
  const counters = new Map<string, { window: number; current: number; previous: number }>();
  return {
    take(key) {
      if (perMinute <= 0) return { ok: true };
      const at = now();
      const window = Math.floor(at / WINDOW_MS);
      let entry = counters.get(key);
      if (!entry || entry.window < window - 1) entry = { window, current: 0, previous: 0 };
      else if (entry.window === window - 1) entry = { window, current: 0, previous: entry.current };
      const elapsed = (at % WINDOW_MS) / WINDOW_MS;
      const estimate = entry.previous * (1 - elapsed) + entry.current;
      counters.delete(key);
      counters.set(key, entry);
      if (counters.size > maxKeys) counters.delete(counters.keys().next().value!);
      if (estimate >= perMinute) {
        return { ok: false, retryAfterS: Math.max(1, Math.ceil(((1 - elapsed) * WINDOW_MS) / 1000)) };
      }
      entry.current += 1;
      return { ok: true };
    },
  };
}

/** Refuses with 429 and Retry-After when the key is over its budget. */
export function refuseIfLimited(c: Context, limiter: RateLimiter, key: string, what: string) {
  const verdict = limiter.take(key);
  if (verdict.ok) return;
  c.header('Retry-After', String(verdict.retryAfterS));
  throw new AppError(
    `rate_limited:${what}`,
    `Too many requests from this ${what}: try again in ${verdict.retryAfterS} s.`,
  );
}

/** Per client address, on every request of the paths it is mounted on. */
export function limitPerAddress(
  limiter: RateLimiter,
  clientAddress: (c: Context) => string,
): MiddlewareHandler {
  return async (c, next) => {
    refuseIfLimited(c, limiter, clientAddress(c), 'address');
    await next();
  };
}
