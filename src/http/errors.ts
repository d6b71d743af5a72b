import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAppError } from '../lib/errors.js';
import type { Logger } from '../core/ports.js';

/** The one place errors become responses: `{ error: { code, message } }`, never a stack, never a 500 for bad input. */
export function createErrorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (isAppError(error)) {
      return c.json(
        { error: { code: error.code, message: error.message } },
        error.status as ContentfulStatusCode,
      );
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 413 ? 'payload_too_large:body' : `http:${status}`;
      const message = status === 413 ? 'The request body is too large.' : error.message || 'Request refused.';
      return c.json({ error: { code, message } }, status as ContentfulStatusCode);
    }
    log.error('http.unhandled', { path: c.req.path, method: c.req.method, error: error.message });
    return c.json(
      { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } },
      500,
    );
  };
}
