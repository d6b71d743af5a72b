import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain/language.js';
import { MESSAGES } from '../../src/i18n/messages.js';

type Tree = { [key: string]: string | string[] | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || Array.isArray(value)) out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (value: string | string[]) =>
  [...(Array.isArray(value) ? value.join(' ') : value).matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort();

const reference = flatten(MESSAGES.en as Tree);

describe('translations', () => {
  it.each(LANGUAGES)('%s has every key of English with the same placeholders, none empty', (lang) => {
    const strings = flatten(MESSAGES[lang] as Tree);
    for (const [key, value] of reference) {
      const translated = strings.get(key);
      expect(translated, `${lang}: ${key} is missing`).toBeDefined();
      expect(placeholders(translated!), `${lang}: ${key} placeholders`).toEqual(placeholders(value));
      if (typeof translated === 'string') expect(translated.trim(), `${lang}: ${key} is empty`).not.toBe('');
      else expect(translated!.length, `${lang}: ${key} has no words`).toBeGreaterThan(0);
    }
    for (const key of strings.keys())
      expect(reference.has(key), `${lang}: ${key} is not in English`).toBe(true);
  });

  it.each(LANGUAGES)('%s keeps button and list labels within WhatsApp limits', (lang) => {
    const strings = flatten(MESSAGES[lang] as Tree);
    for (const [key, value] of strings) {
      if (/^(choice|area)\./.test(key) || key === 'menu.button')
        expect([...(value as string)].length, `${lang}: ${key}`).toBeLessThanOrEqual(24);
    }
  });
});
