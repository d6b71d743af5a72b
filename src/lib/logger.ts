import type { Logger } from '../core/ports.js';
import { redactContactDetails } from './redact.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * Structured JSON lines. Callers pass ids and counts, never message text, names, phone numbers or
 * e-mail addresses: what people write here is special-category data.
 */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  const min = LEVELS[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return;
    // Error text comes from outside (a driver, a provider, a parser) and may quote an address or a
    // number it was given: it is redacted here, once, whatever logged it.
    const error = fields?.error;
    const safe = typeof error === 'string' ? { ...fields, error: redactContactDetails(error) } : fields;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...safe })}\n`);
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
