import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '../../src/core/turn/negotiate-language.js';
import { sharedContent } from '../helpers/content.js';

const { detector } = await sharedContent();

describe('language identification of short messages', () => {
  it.each([
    ['pt', 'Bom dia, como faço para renovar o meu título de residência?'],
    ['pt', 'oi gente, vcs sabem como tirar o nif?'],
    ['en', 'Hello, how can I get my tax number?'],
    ['es', '¿Dónde puedo pedir el número de la seguridad social?'],
    ['fr', 'Bonjour, comment je peux inscrire mon fils à l’école ?'],
    ['ro', 'Bună ziua, cum pot să-mi schimb permisul de conducere?'],
    ['ar', 'مرحبا، كيف أجدد بطاقة الإقامة؟'],
    ['ur', 'السلام علیکم، میں NIF کیسے بنواؤں؟'],
    ['uk', 'Як мені отримати номер соціального страхування?'],
    ['ru', 'Здравствуйте, как мне получить номер налогоплательщика?'],
    ['hi', 'मुझे पुर्तगाल में NIF कैसे मिलेगा?'],
    ['ne', 'मलाई पोर्चुगलमा NIF कसरी पाउने?'],
    ['bn', 'আমি কিভাবে NIF পেতে পারি?'],
    ['pa', 'ਮੈਂ NIF ਕਿਵੇਂ ਬਣਵਾਵਾਂ?'],
    ['zh', '我想知道怎么办理税号'],
  ])('recognises %s', (lang, text) => {
    const guess = detector.detect(text);
    expect(guess?.lang).toBe(lang);
    expect(guess!.confidence).toBeGreaterThan(0.5);
  });

  it('reads romanised South Asian messages that general models cannot', () => {
    // Romanised Hindi and Urdu are the same letters for the same spoken language: Hindi or English.
    expect(['hi', 'en']).toContain(detector.detect('mujhe NIF number kaise milega bhai')?.lang);
    expect(['ne', 'hi', 'en']).toContain(detector.detect('malai NISS number kasari paune ho')?.lang);
    expect(detector.detect('mujhe NIF number kaise milega bhai')?.lang).not.toBe('pt');
  });

  it('is not confident about one word, so the conversation keeps its language', () => {
    const guess = detector.detect('ok');
    expect(guess === undefined || guess.confidence < 0.6).toBe(true);
    expect(negotiateLanguage({ current: 'uk', detected: guess })).toBe('uk');
    expect(negotiateLanguage({ current: null, hint: 'fr', detected: guess })).toBe('fr');
    expect(negotiateLanguage({ current: null })).toBe('pt');
  });
});
