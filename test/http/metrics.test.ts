import { describe, expect, it } from 'vitest';
import { makeService } from '../helpers/service.js';

const TOKEN = 'metrics-token-0123456789';

describe('Prometheus metrics', () => {
  it('counts messages, turn time, confidence, escalations, the queue and refused webhooks, behind a token', async () => {
    const made = await makeService({
      METRICS_TOKEN: TOKEN,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-01',
      WHATSAPP_APP_SECRET: 'app-secret-0123',
      WHATSAPP_ACCESS_TOKEN: 'access-token-01',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_API_URL: 'http://127.0.0.1:9/v23.0',
    });
    try {
      const say = (externalId: string, text: string) =>
        made.service.engine.handle({
          channel: 'webchat',
          address: 'metrics-person',
          externalId,
          text,
          sentAt: 0,
          langHint: 'pt',
        });
      await say('m1', 'Como tiro o NIF nas Finanças?');
      await say('m2', 'quero falar com uma pessoa');
      await made.service.app.request('/webhooks/whatsapp', {
        method: 'POST',
        body: '{}',
        headers: { 'x-hub-signature-256': 'sha256=00' },
      });

      expect((await made.service.app.request('/metrics')).status).toBe(401);
      expect(
        (await made.service.app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
      const res = await made.service.app.request('/metrics', {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain; version=0.0.4/);
      const text = await res.text();
      expect(text).toContain('assistant_messages_in_total{channel="webchat",language="pt"} 2');
      expect(text).toMatch(/assistant_turn_duration_ms_count\{channel="webchat"\} 2/);
      expect(text).toMatch(/assistant_retrieval_confidence_count 1/);
      expect(text).toContain('assistant_escalations_total{reason="asked",urgent="false"} 1');
      expect(text).toContain('assistant_handoffs_waiting{language="pt"} 1');
      expect(text).toContain('assistant_webhook_refused_total{channel="whatsapp",reason="signature"} 1');
      expect(text).toMatch(/assistant_outbox_messages\{state="pending"\} \d+/);
      // Counts only: nothing a person wrote.
      expect(text).not.toMatch(/NIF|pessoa|metrics-person/);
    } finally {
      await made.close();
    }
  });

  it('is off without a token', async () => {
    const made = await makeService();
    try {
      expect((await made.service.app.request('/metrics')).status).toBe(404);
    } finally {
      await made.close();
    }
  });
});
