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

const PLURAL = /_(zero|one|two|few|many|other)$/;
const localeOf = (lang: string) => (lang === 'pt' ? 'pt-PT' : lang);

/** English keys with plural forms collapsed to their base: each language has its own forms. */
const reference = new Map<string, string | string[]>();
const pluralBases = new Set<string>();
for (const [key, value] of flatten(MESSAGES.en as Tree)) {
  const base = key.replace(PLURAL, '');
  if (base !== key) pluralBases.add(base);
  if (base === key || key.endsWith('_other')) reference.set(base, value);
}

describe('translations', () => {
  it.each(LANGUAGES)('%s has every key of English with the same placeholders, none empty', (lang) => {
    const strings = flatten(MESSAGES[lang] as Tree);
    const categories = new Intl.PluralRules(localeOf(lang)).resolvedOptions().pluralCategories;
    for (const base of pluralBases) {
      const forms = [...strings.keys()].filter((k) => k.replace(PLURAL, '') === base && k !== base).sort();
      expect(forms, `${lang}: plural forms of ${base}`).toEqual(categories.map((c) => `${base}_${c}`).sort());
      for (const form of forms)
        expect(placeholders(strings.get(form)!), `${lang}: ${form}`).toEqual(
          placeholders(reference.get(base)!),
        );
    }
    for (const [key, value] of reference) {
      if (pluralBases.has(key)) continue;
      const translated = strings.get(key);
      expect(translated, `${lang}: ${key} is missing`).toBeDefined();
      expect(placeholders(translated!), `${lang}: ${key} placeholders`).toEqual(placeholders(value));
      if (typeof translated === 'string') expect(translated.trim(), `${lang}: ${key} is empty`).not.toBe('');
      else expect(translated!.length, `${lang}: ${key} has no words`).toBeGreaterThan(0);
    }
    for (const key of strings.keys())
      expect(reference.has(key.replace(PLURAL, '')), `${lang}: ${key} is not in English`).toBe(true);
  });

  it.each(LANGUAGES)('%s keeps button and list labels within WhatsApp limits', (lang) => {
    const strings = flatten(MESSAGES[lang] as Tree);
    for (const [key, value] of strings) {
      // Options become reply buttons (20 characters) or list rows (24).
      if (/^choice\./.test(key) || key === 'menu.button')
        expect([...(value as string)].length, `${lang}: ${key}`).toBeLessThanOrEqual(20);
      if (/^area\./.test(key))
        expect([...(value as string)].length, `${lang}: ${key}`).toBeLessThanOrEqual(24);
    }
  });
});
