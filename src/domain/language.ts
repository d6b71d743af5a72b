/** The languages the assistant speaks, as ISO 639-1 codes. Portuguese is the default. */
export const LANGUAGES = [
  'pt',
  'en',
  'es',
  'fr',
  'ar',
  'uk',
  'ru',
  'hi',
  'ne',
  'bn',
  'ur',
  'pa',
  'zh',
  'ro',
] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'pt';

/** Each language's name in itself, as people look for it in a list. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  pt: 'Português',
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
  uk: 'Українська',
  ru: 'Русский',
  hi: 'हिन्दी',
  ne: 'नेपाली',
  bn: 'বাংলা',
  ur: 'اردو',
  pa: 'ਪੰਜਾਬੀ',
  zh: '中文',
  ro: 'Română',
};

const RTL: ReadonlySet<Lang> = new Set<Lang>(['ar', 'ur']);

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function textDirection(lang: Lang): 'rtl' | 'ltr' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

/** Maps a BCP 47 tag such as `pt-BR` or `zh-Hans-CN` to a supported language, if any. */
export function toLang(tag: string | undefined | null): Lang | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : undefined;
}
