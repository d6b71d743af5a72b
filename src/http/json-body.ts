import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../lib/errors.js';

/** Reads and validates a JSON body, turning every way it can be wrong into a clear 4xx. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('unsupported_media_type:json', 'Send the body as application/json.');
  }
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new AppError('bad_request:json', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new AppError('bad_request:invalid', `Invalid ${where}: ${issue?.message ?? 'invalid value'}.`);
  }
  return parsed.data;
}
