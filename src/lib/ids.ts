import { randomBytes } from 'node:crypto';
import type { IdSource } from '../core/ports.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * ULID-style ids (time then randomness, Crockford base 32): they sort by creation time,
 * which the stores rely on for "messages after this one". Monotonic within one millisecond.
 */
export function createIdSource(now: () => number = Date.now): IdSource {
  let lastTime = -1;
  let lastRandom: Uint8Array = new Uint8Array(10);
  return {
    next() {
      const time = now();
      if (time === lastTime) {
        lastRandom = increment(lastRandom);
      } else {
        lastTime = time;
        lastRandom = new Uint8Array(randomBytes(10));
      }
      return encodeTime(time) + encodeRandom(lastRandom);
    },
  };
}

function encodeTime(time: number): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] === 255) {
      next[i] = 0;
    } else {
      next[i] = (next[i] ?? 0) + 1;
      break;
    }
  }
  return next;
}
