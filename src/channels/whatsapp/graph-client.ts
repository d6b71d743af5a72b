import { redactContactDetails } from '../../lib/redact.js';

/**
 * A thin typed client of the WhatsApp Cloud API send endpoint (`POST /{phone-number-id}/messages`):
 * messages, templates, mark-as-read with a typing indicator. It classifies every outcome so the
 * outbox knows whether to retry, wait, or give up.
 */

export interface GraphClientOptions {
  /** Including the pinned version, e.g. https://graph.facebook.com/v23.0 */
  apiUrl: string;
  accessToken: string;
  phoneNumberId: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type GraphOutcome =
  | { kind: 'ok'; messageId?: string }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'failed'; error: string; code?: number };

/** Throughput, pair-rate and temporary errors: wait and try again (Meta's documented codes). */
const RETRY_CODES: Record<number, number> = {
  1: 5_000, // API unknown
  2: 5_000, // API service temporarily unavailable
  4: 60_000, // API too many calls (app level)
  80007: 60_000, // WhatsApp Business Account rate limit
  130429: 2_000, // throughput (messages per second) reached
  131000: 5_000, // something went wrong
  131016: 30_000, // service unavailable
  131048: 60_000, // spam rate limit
  131056: 6_000, // pair rate limit: about one message per 6 s to the same person
  131057: 60_000, // account in maintenance mode
  133004: 30_000, // server temporarily unavailable
};

export interface GraphError {
  code: number;
  message: string;
}

function graphError(body: unknown): GraphError | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!error || typeof error.code !== 'number') return undefined;
  // Meta may word the error with the number it refused; the outcome ends up in the outbox and the logs.
  const message = typeof error.message === 'string' ? redactContactDetails(error.message).slice(0, 200) : '';
  return { code: error.code, message };
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3600) * 1000 : undefined;
}

export function createGraphClient(options: GraphClientOptions) {
  const { apiUrl, accessToken, phoneNumberId, timeoutMs = 10_000 } = options;
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(phoneNumberId)}/messages`;

  async function post(body: Record<string, unknown>): Promise<GraphOutcome> {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      return { kind: 'retry', error: name === 'TimeoutError' ? 'timeout' : `network: ${name || 'error'}` };
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    const wait = retryAfter(response.headers.get('retry-after'));
    if (response.ok) {
      const id = (parsed as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
      return { kind: 'ok', ...(typeof id === 'string' ? { messageId: id } : {}) };
    }
    const error = graphError(parsed);
    const described = error ? `${error.code} ${error.message}`.trim() : `http ${response.status}`;
    if (error && RETRY_CODES[error.code] !== undefined) {
      return { kind: 'retry', error: described, retryAfterMs: wait ?? RETRY_CODES[error.code]! };
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return { kind: 'retry', error: described, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    }
    return { kind: 'failed', error: described, ...(error ? { code: error.code } : {}) };
  }

  return {
    /** A message object as rendered (text, interactive, template...), to one person. */
    send: (to: string, message: Record<string, unknown>) =>
      post({ recipient_type: 'individual', to, ...message }),
    template: (to: string, name: string, language: string) =>
      post({
        recipient_type: 'individual',
        to,
        type: 'template',
        template: { name, language: { code: language } },
      }),
    /** Blue ticks on the person's message, and "typing…" while the answer is prepared. */
    markRead: (messageId: string, typing = true) =>
      post({
        status: 'read',
        message_id: messageId,
        ...(typing ? { typing_indicator: { type: 'text' } } : {}),
      }),
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
