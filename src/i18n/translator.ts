import i18next, { type i18n, type Resource } from 'i18next';
import { DEFAULT_LANG, type Lang } from '../domain/language.js';

export type Vars = Record<string, string | number>;

export interface Translator {
  t(lang: Lang, key: string, vars?: Vars): string;
  /** A list stored under a key (command words), empty when the key is missing. */
  list(lang: Lang, key: string): string[];
  has(lang: Lang, key: string): boolean;
}

/** i18next locale codes: European Portuguese plural rules need `pt-PT` (plain `pt` follows Brazil). */
const LOCALE: Partial<Record<Lang, string>> = { pt: 'pt-PT', zh: 'zh-Hans' };
const localeOf = (lang: Lang) => LOCALE[lang] ?? lang;

export function createTranslator(messages: Partial<Record<Lang, object>>): Translator {
  const resources: Resource = {};
  for (const [lang, tree] of Object.entries(messages)) {
    resources[localeOf(lang as Lang)] = { translation: tree as Record<string, unknown> };
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: localeOf(DEFAULT_LANG),
    fallbackLng: localeOf(DEFAULT_LANG),
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t(lang, key, vars) {
      return instance.t(key, { lng: localeOf(lang), ...vars });
    },
    list(lang, key) {
      const value: unknown = instance.t(key, {
        lng: localeOf(lang),
        returnObjects: true,
        fallbackLng: false,
      });
      return Array.isArray(value) ? value.map(String) : [];
    },
    has(lang, key) {
      return instance.exists(key, { lng: localeOf(lang), fallbackLng: false });
    },
  };
}
