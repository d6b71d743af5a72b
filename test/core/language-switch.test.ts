import { describe, expect, it } from 'vitest';
import { inbound, makeEngine } from '../helpers/engine.js';

describe('changing the language', () => {
  it('lists the 14 languages on request and switches when the person picks one', async () => {
    const made = await makeEngine();
    try {
      await made.engine.handle(inbound({ address: 'sw', text: 'Olá', langHint: 'pt' }));
      const { trace: list } = await made.engine.handle(inbound({ address: 'sw', text: 'idioma' }));
      expect(list?.replies[0]?.choices).toHaveLength(14);
      expect(list?.replies[0]?.choices?.map((c) => c.label)).toContain('Українська');
      const { trace: picked } = await made.engine.handle(inbound({ address: 'sw', choice: 'lang:uk' }));
      expect(picked?.language).toBe('uk');
      expect(picked?.replies[0]?.text).toMatch(/українською/);
      const { trace: next } = await made.engine.handle(inbound({ address: 'sw', text: 'menu' }));
      expect(next?.language).toBe('uk');
      const contact = await made.db
        .selectFrom('contacts')
        .select('preferred_lang')
        .where('address', '=', 'sw')
        .executeTakeFirst();
      expect(contact?.preferred_lang).toBe('uk');
    } finally {
      await made.close();
    }
  });

  it('asks before switching when a message is clearly in another language, and does not ask again after "no"', async () => {
    const made = await makeEngine();
    try {
      await made.engine.handle(inbound({ address: 'ds', text: 'Olá', langHint: 'pt' }));
      const english = 'Good morning, I would like to know how I can renew my residence permit online please';
      const { trace } = await made.engine.handle(inbound({ address: 'ds', text: english }));
      expect(trace?.language).toBe('pt');
      const offer = trace!.replies[0]!;
      expect(offer.text).toMatch(/continue in English/);
      expect(offer.choices?.map((c) => c.id)).toEqual(['lang:en', 'keep:en']);
      await made.engine.handle(inbound({ address: 'ds', choice: 'keep:en' }));
      const { trace: again } = await made.engine.handle(inbound({ address: 'ds', text: english }));
      expect(again?.language).toBe('pt');
      expect(again?.replies.some((r) => /continue in English/.test(r.text))).toBe(false);
    } finally {
      await made.close();
    }
  });
});
