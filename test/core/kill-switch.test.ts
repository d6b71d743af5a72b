import { describe, expect, it } from 'vitest';
import { makeService } from '../helpers/service.js';

describe('kill switches', () => {
  it('pauses a channel’s automatic answers (a mediator answers) and free-text answers (menus only)', async () => {
    const made = await makeService({ PAUSED_CHANNELS: 'whatsapp', FREE_TEXT_ANSWERS: 'off' });
    try {
      const { engine } = made.service;
      const wa = await engine.handle({
        channel: 'whatsapp',
        address: '351910000777',
        externalId: 'k1',
        text: 'Como tiro o NIF?',
        sentAt: 0,
        langHint: 'pt',
      });
      expect(wa.trace!.escalated).toBe(true);
      expect(wa.trace!.handoff).toMatchObject({ reason: 'paused' });
      expect(wa.trace!.replies.at(-1)!.text).toMatch(/respostas automáticas estão suspensas/);
      // Danger still comes first, with the emergency numbers.
      const danger = await engine.handle({
        channel: 'whatsapp',
        address: '351910000778',
        externalId: 'k2',
        text: 'o meu marido bate-me, tenho medo',
        sentAt: 0,
        langHint: 'pt',
      });
      expect(danger.trace!.handoff).toMatchObject({ urgent: true });
      const web = await engine.handle({
        channel: 'webchat',
        address: 'k-web',
        externalId: 'k3',
        text: 'Como tiro o NIF?',
        sentAt: 0,
        langHint: 'pt',
      });
      const last = web.trace!.replies.at(-1)!;
      expect(last.text).toMatch(/só consigo orientá-lo pelo menu/);
      expect(last.choices!.length).toBeGreaterThanOrEqual(10);
      expect(web.trace!.citations).toEqual([]);
      // The menus still lead to the answer.
      const menu = await engine.handle({
        channel: 'webchat',
        address: 'k-web',
        externalId: 'k4',
        text: '2',
        sentAt: 0,
      });
      expect(menu.trace!.flowPosition).toBe('documents/menu');
    } finally {
      await made.close();
    }
  });
});
