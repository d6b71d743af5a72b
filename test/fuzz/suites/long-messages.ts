import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expanded, FILES, readCorpus, type MarkupCase } from '../../../scripts/bad-input/cases.js';
import { messageObject, signature, webhookBody } from '../../../scripts/whatsapp/payloads.js';
import type { TurnTrace } from '../../../src/core/engine.js';
import { makeFuzzService, SECRETS, turnsDone, type FuzzService } from '../fuzz-service.js';

/** The longest lines of the corpus that WhatsApp takes (up to 65,536 characters). */
const long = readCorpus<MarkupCase>(FILES.markup)
  .filter((c) => c.family === 'long-line' && c.expect.whatsapp === 200)
  .map((c) => ({ ...c, full: expanded(c.text, c.expand) }))
  .filter((c) => c.full.length > 20_000);

/**
 * A turn runs on the one event loop that also acknowledges every webhook: one message that takes
 * seconds to read stalls everyone's. Before the fixes one of these took over a minute.
 */
const TURN_LIMIT_MS = 5_000;

describe('very long WhatsApp messages', { timeout: 120_000 }, () => {
  let made: FuzzService;
  const traces: TurnTrace[] = [];
  beforeAll(async () => {
    made = await makeFuzzService({}, { onTurn: (trace) => traces.push(trace) });
  });
  afterAll(async () => made?.close());

  it('are each answered in a few seconds at most, whatever their script or shape', async () => {
    expect(long.length).toBeGreaterThanOrEqual(8);
    for (const [i, c] of long.entries()) {
      const message = messageObject(
        { type: 'text', body: c.full },
        { from: `35194000${String(i).padStart(4, '0')}`, id: `wamid.LONG.${c.id}` },
      );
      const raw = JSON.stringify(webhookBody({ messages: [message] }));
      const response = await made.service.app.request('/webhooks/whatsapp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signature(raw, SECRETS.WHATSAPP_APP_SECRET),
        },
        body: raw,
      });
      expect(response.status, c.id).toBe(200);
    }
    await turnsDone(made, 100_000);
    expect(traces).toHaveLength(long.length);
    for (const trace of traces) expect(trace.tookMs).toBeLessThan(TURN_LIMIT_MS);
  });
});
